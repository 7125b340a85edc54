#pragma once
// The model manager (AI > Models..., Ctrl+Shift+M): every installed model
// version with its task, name, version, date, where it lives, whether it was
// trained on synthetic data and whether it is the active one for its task;
// install from a folder or a .zip, activate (rolling back is activating an
// older version), remove (the files stay). Works on ai::ModelRegistry.
//
// Threads: GUI thread. Installing loads the bundle once to check it (a
// second or two for the largest networks), with a busy cursor.
// Ownership: Qt parent/child.

#include <QDialog>

class QLabel;
class QPushButton;
class QTableWidget;

namespace radlens::ui {

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
    QTableWidget* table() const { return table_; }
    /// Whether the active models changed while the dialog was open.
    bool activeChanged() const { return activeChanged_; }

private:
    void reload();
    void showError(const QString& text);

    QString folder_;
    QTableWidget* table_;
    QLabel* message_;
    QPushButton *activate_, *remove_;
    bool activeChanged_ = false;
};

}  // namespace radlens::ui
