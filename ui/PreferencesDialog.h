#pragma once
// Preferences (File > Preferences, Ctrl+,). General: the interface language, the
// annotator's name and whether the active models run on every opened series, saved with QSettings
// when the dialog is accepted; the language takes effect at the next start (as in 3D Slicer).
// Network: the remote nodes (NetworkPreferences), saved as they are edited.
//
// Threads: GUI thread only. Ownership: Qt parent/child.

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QTabWidget;

namespace radlens::ui {

class NetworkPreferences;

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(QWidget* parent = nullptr);

    /// The annotator's name for annotations and reviews (default: the login name).
    static QString annotatorName();
    /// Whether the active models run on every series opened (default: yes).
    static bool analyzeAutomatically();

    void accept() override;
    /// Shows the Network page.
    void showNetwork();
    NetworkPreferences* network() const { return network_; }

private:
    QTabWidget* tabs_;
    NetworkPreferences* network_;
    QComboBox* language_;
    QLineEdit* annotator_;
    QCheckBox* autoAnalyze_;
};

}  // namespace radlens::ui
