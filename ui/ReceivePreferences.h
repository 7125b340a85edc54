#pragma once
// File > Preferences > Network > Receive studies: whether the viewer is a
// listening AI node (ReceivingNode), our AE title, the port, the calling AE
// titles allowed and the quiet time that makes a series complete; a status
// line (listening, stopped, why not) and the node's log, both live. Apply
// saves the settings and restarts the listener.
//
// Threads: GUI thread only. Ownership: Qt parent/child; the node is not
// owned (the main window's) and may be null (then the group is disabled).

#include <QGroupBox>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace radlens::ui {

class ReceivingNode;

class ReceivePreferences : public QGroupBox {
    Q_OBJECT
public:
    explicit ReceivePreferences(ReceivingNode* node, QWidget* parent = nullptr);

    /// Saves the fields and applies them; false (the status says why) when
    /// they are wrong or the port cannot be opened.
    bool apply();
    QString statusText() const;

private:
    void showState();

    ReceivingNode* node_;
    QCheckBox* enabled_;
    QLineEdit* aet_;
    QSpinBox* port_;
    QLineEdit* allowed_;
    QDoubleSpinBox* quiet_;
    QLabel* status_;
    QPlainTextEdit* log_;
};

}  // namespace radlens::ui
