#pragma once
// Preferences (File > Preferences, Ctrl+,): the interface language and the
// annotator's name. Saved with QSettings when the dialog is accepted; the
// language takes effect at the next start (as in 3D Slicer).
//
// Threads: GUI thread only. Ownership: Qt parent/child.

#include <QDialog>

class QComboBox;
class QLineEdit;

namespace radlens::ui {

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(QWidget* parent = nullptr);

    /// The annotator's name for annotations and reviews (default: the login name).
    static QString annotatorName();

    void accept() override;

private:
    QComboBox* language_;
    QLineEdit* annotator_;
};

}  // namespace radlens::ui
