#pragma once
// File > Preferences > Network: the remote nodes (the same list as
// `radlens-cli node`), added, edited and removed here and saved at once, each
// tested with C-ECHO or a QIDO-RS probe in the background. Secrets are named
// by file, never typed into or shown by this page.
//
// Threads: GUI thread only; Test runs as a BackgroundTask. Ownership: Qt
// parent/child.

#include <QWidget>
#include <functional>

namespace radlens::net {
class NodeList;
}

class QLabel;
class QTableWidget;

namespace radlens::ui {

class NetworkPreferences : public QWidget {
    Q_OBJECT
public:
    explicit NetworkPreferences(QWidget* parent = nullptr);

    void reload();
    /// The test result shown for the selected node ("" while none).
    QString testResult() const;
    bool isTesting() const { return testing_ > 0; }

    void addNode();
    void editNode();
    void removeNode();
    void testNode();

Q_SIGNALS:
    /// The node list file was written.
    void nodesChanged();

private:
    /// Loads the list, lets `edit` change it (false: nothing to save), saves,
    /// shows it again; an error is shown, nothing half-saved.
    void change(const std::function<bool(net::NodeList&)>& edit);

    QTableWidget* table_;
    QLabel* result_;
    int testing_ = 0;
};

}  // namespace radlens::ui
