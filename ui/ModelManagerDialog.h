#pragma once
// The model manager (AI > Models..., Ctrl+Shift+M): every installed model
// version with its task, name, version, date, where it lives, whether it was
// trained on synthetic data and whether it is the active one for its task;
// install from a folder or a .zip, activate (rolling back is activating an
// older version), remove (the files stay), compare a version with the active
// one (ModelCompareDialog). Activating a version while another of its task is
// active shows that comparison first; its "Activate B" confirms. Works on
// ai::ModelRegistry.
//
// Threads: GUI thread. Installing loads the bundle once to check it (a
// second or two for the largest networks), with a busy cursor.
// Ownership: Qt parent/child.

#include <QDialog>

class QLabel;
class QPushButton;
class QTableWidget;

namespace radlens::ui {

class ModelCompareDialog;

class ModelManagerDialog : public QDialog {
    Q_OBJECT
public:
    /// `registryFolder` empty: the default registry in the data folder.
    explicit ModelManagerDialog(QString registryFolder = {}, QWidget* parent = nullptr);

    /// Installs a bundle folder or .zip; false with the reason shown on failure.
    bool install(const QString& bundle);
    /// Activates / removes the model in `row` of the table.
    bool activateRow(int row);
    bool removeRow(int row);
    /// Opens the comparison of `row` with the active model of its task (null
    /// when there is none, or `row` is the active one). The dialog deletes
    /// itself when closed.
    ModelCompareDialog* compareRow(int row, bool offerActivation);
    QTableWidget* table() const { return table_; }
    /// Whether the active models changed while the dialog was open.
    bool activeChanged() const { return activeChanged_; }

private:
    void reload();
    QString activeOfRow(int row) const;  ///< the active bundle of row's task if not row's
    void showError(const QString& text);

    QString folder_;
    QTableWidget* table_;
    QLabel* message_;
    QPushButton *activate_, *remove_, *compare_;
    bool activeChanged_ = false;
};

}  // namespace radlens::ui
