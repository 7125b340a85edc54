#pragma once
// Adds or edits one remote node: its name, the protocol (DIMSE: called AE
// title, host, port, TLS, C-GET or C-MOVE to our listening port; DICOMweb:
// the service root URL), our AE title, TLS CA
// file, HTTP user with password file, or bearer token file, and a timeout.
// node() throws std::invalid_argument with the reason when a field is wrong;
// accept() shows that reason and stays open.
//
// Threads: GUI thread only. Ownership: Qt parent/child.

#include <QDialog>

#include "net/RemoteNode.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QStackedWidget;

namespace radlens::ui {

class NodeEditDialog : public QDialog {
    Q_OBJECT
public:
    explicit NodeEditDialog(const net::RemoteNode& node, QWidget* parent = nullptr);

    /// The node as the fields say. Throws std::invalid_argument.
    net::RemoteNode node() const;
    void accept() override;

private:
    QLineEdit* fileField(const char* name, const QString& value, const QString& title);

    QLineEdit* name_;
    QComboBox* protocol_;
    QStackedWidget* pages_;
    QLineEdit *calledAet_, *host_, *url_, *ourAet_, *user_, *passwordFile_, *tokenFile_, *caFile_;
    QSpinBox *port_, *timeout_, *movePort_;
    QComboBox *tls_, *via_;
    QLabel* error_;
};

}  // namespace radlens::ui
