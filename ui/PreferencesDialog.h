#pragma once
// Preferences (File > Preferences, Ctrl+,). General: the interface language, the
// annotator's name and whether the active models run on every opened series, saved with QSettings
// when the dialog is accepted; the language takes effect at the next start (as in 3D Slicer).
// Network: the remote nodes (NetworkPreferences), saved as they are edited, and
// Receive studies (ReceivePreferences), applied with its own button.
//
// Threads: GUI thread only. Ownership: Qt parent/child.

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QTabWidget;

namespace radlens::ui {

class NetworkPreferences;
class ReceivePreferences;
class ReceivingNode;

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    /// `receiving`: the main window's listening node, shown under Network
    /// (null: that group is disabled).
    explicit PreferencesDialog(QWidget* parent = nullptr, ReceivingNode* receiving = nullptr);

    /// The annotator's name for annotations and reviews (default: the login name).
    static QString annotatorName();
    /// Whether the active models run on every series opened (default: yes).
    static bool analyzeAutomatically();

    void accept() override;
    /// Shows the Network page.
    void showNetwork();
    NetworkPreferences* network() const { return network_; }
    ReceivePreferences* receiving() const { return receive_; }

private:
    QTabWidget* tabs_;
    NetworkPreferences* network_;
    ReceivePreferences* receive_;
    QComboBox* language_;
    QLineEdit* annotator_;
    QCheckBox* autoAnalyze_;
};

}  // namespace radlens::ui
