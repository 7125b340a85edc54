#pragma once
// File > Query/Retrieve... (Ctrl+Shift+Q): search a configured node (DIMSE or
// DICOMweb, the same form), browse the studies and their series with counts,
// retrieve a study or the chosen series into the local store (Retrieve and
// Open shows the first series as soon as its first image is stored), send the
// series on screen or its findings (SEG, SR) to a node, and watch the
// transfers (progress, cancel, retry resumes).
//
// Keyboard: Enter searches, Ctrl+R retrieves, Ctrl+Shift+R retrieves and
// opens, Delete cancels the selected transfer, Escape closes (transfers go
// on: they belong to RemoteTransfers, not to the window).
//
// Threads: GUI thread only; searches run as BackgroundTasks. Ownership: Qt
// parent/child; the session and the transfers are not owned.

#include <QDialog>
#include <vector>

#include "net/RemoteNode.h"
#include "net/RemoteQuery.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStandardItem;
class QStandardItemModel;
class QTableView;
class QTreeView;

namespace radlens::ui {

class RemoteTransfers;
class StudySession;
class TransferListModel;

class QueryRetrieveDialog : public QDialog {
    Q_OBJECT
public:
    QueryRetrieveDialog(StudySession* session, RemoteTransfers* transfers,
                        QWidget* parent = nullptr);

    /// Reloads the node list (after Preferences changed it).
    void reloadNodes();
    /// Selects a node by name; false when there is none.
    bool selectNode(const QString& name);

    // For tests and the keyboard: what the buttons do.
    void search();
    void retrieveSelected(bool open);
    void sendCurrentSeries();
    /// True while a search runs.
    bool isSearching() const { return searching_ > 0; }
    QStandardItemModel* results() const { return results_; }
    QTreeView* resultView() const { return tree_; }
    QTableView* transferView() const { return transfersView_; }

Q_SIGNALS:
    /// Retrieve and Open: the first instance of `seriesUid` is in `folder`.
    void openRequested(QString folder, QString seriesUid);
    /// File > Preferences > Network asked for.
    void configureNodes();

private:
    void showStudies(const std::vector<net::RemoteMatch>& matches);
    void loadSeries(QStandardItem* study);
    void sendFindings(bool sr);
    void updateButtons();
    bool currentNode(net::RemoteNode& node);
    void setStatus(const QString& text);

    StudySession* session_;
    RemoteTransfers* transfers_;
    QComboBox* node_;
    QLineEdit *patientId_, *patientName_, *accession_, *studyDate_, *modality_;
    QPushButton *search_, *retrieve_, *retrieveOpen_, *send_;
    QTreeView* tree_;
    QStandardItemModel* results_;
    QTableView* transfersView_;
    TransferListModel* transferModel_;
    QLabel* status_;
    int searching_ = 0;
    QString pendingOpen_;  ///< series to open when its first instance arrives
};

}  // namespace radlens::ui
