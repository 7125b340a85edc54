#include "ui/QueryRetrieveDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTreeView>
#include <QUuid>
#include <QVBoxLayout>
#include <memory>

#include "net/NodeList.h"
#include "net/RemoteClient.h"
#include "ui/BackgroundTask.h"
#include "ui/RemoteTransfers.h"
#include "ui/StudySession.h"
#include "ui/TransferListModel.h"

namespace radlens::ui {

namespace {

enum Role { LevelRole = Qt::UserRole + 1, StudyRole, SeriesRole, LoadedRole };
enum Column { PatientCol, IdCol, DateCol, DescriptionCol, NumberCol, ImagesCol, ColumnCount };

QString q(const std::string& s) { return QString::fromStdString(s); }

std::vector<net::RemoteMatch> runFind(const net::RemoteNode& node, const net::RemoteQuery& query,
                                      BackgroundTask::Control& c) {
    std::unique_ptr<net::RemoteClient> client = net::RemoteClient::create(node);
    client->setCancelFlag(c.cancelFlag());
    return client->find(query);
}

}  // namespace

QueryRetrieveDialog::QueryRetrieveDialog(StudySession* session, RemoteTransfers* transfers,
                                         QWidget* parent)
    : QDialog(parent), session_(session), transfers_(transfers) {
    setWindowTitle(tr("Query/Retrieve"));
    setObjectName(QStringLiteral("queryRetrieve"));
    node_ = new QComboBox;
    node_->setObjectName(QStringLiteral("node"));
    auto* nodes = new QPushButton(tr("&Nodes..."));
    connect(nodes, &QPushButton::clicked, this, &QueryRetrieveDialog::configureNodes);
    auto line = [](const char* name, const QString& placeholder) {
        auto* e = new QLineEdit;
        e->setObjectName(QLatin1String(name));
        e->setPlaceholderText(placeholder);
        e->setClearButtonEnabled(true);
        return e;
    };
    patientId_ = line("patientId", tr("any; * and ? match"));
    patientName_ = line("patientName", tr("any; * and ? match, e.g. DOE^J*"));
    accession_ = line("accession", tr("any"));
    studyDate_ = line("studyDate", tr("YYYYMMDD or YYYYMMDD-YYYYMMDD"));
    modality_ = line("modality", tr("CT, MR, CR, DX..."));
    search_ = new QPushButton(tr("&Search"));
    search_->setObjectName(QStringLiteral("search"));
    connect(search_, &QPushButton::clicked, this, &QueryRetrieveDialog::search);

    auto* form = new QFormLayout;
    auto* nodeRow = new QHBoxLayout;
    nodeRow->addWidget(node_, 1);
    nodeRow->addWidget(nodes);
    form->addRow(tr("N&ode:"), nodeRow);
    form->addRow(tr("Patient &ID:"), patientId_);
    form->addRow(tr("Patient na&me:"), patientName_);
    form->addRow(tr("&Accession:"), accession_);
    form->addRow(tr("Study &date:"), studyDate_);
    form->addRow(tr("Mo&dality:"), modality_);

    results_ = new QStandardItemModel(0, ColumnCount, this);
    results_->setHorizontalHeaderLabels({tr("Patient"), tr("Patient ID"), tr("Date"),
                                         tr("Description"), tr("Accession / number"),
                                         tr("Images")});
    tree_ = new QTreeView;
    tree_->setObjectName(QStringLiteral("results"));
    tree_->setModel(results_);
    tree_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    tree_->setSelectionBehavior(QAbstractItemView::SelectRows);
    tree_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    tree_->setAllColumnsShowFocus(true);
    tree_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(tree_, &QTreeView::expanded, this, [this](const QModelIndex& i) {
        loadSeries(results_->itemFromIndex(i.siblingAtColumn(0)));
    });
    connect(tree_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &QueryRetrieveDialog::updateButtons);
    connect(tree_, &QTreeView::doubleClicked, this, [this] { retrieveSelected(true); });

    retrieve_ = new QPushButton(tr("&Retrieve"));
    retrieve_->setObjectName(QStringLiteral("retrieve"));
    retrieve_->setToolTip(
        tr("Retrieve the selected studies or series into the local store (Ctrl+R)"));
    connect(retrieve_, &QPushButton::clicked, this, [this] { retrieveSelected(false); });
    retrieveOpen_ = new QPushButton(tr("Retrieve and &Open"));
    retrieveOpen_->setObjectName(QStringLiteral("retrieveOpen"));
    retrieveOpen_->setToolTip(
        tr("Retrieve and show the first series as soon as its first image arrives (Ctrl+Shift+R)"));
    connect(retrieveOpen_, &QPushButton::clicked, this, [this] { retrieveSelected(true); });
    send_ = new QPushButton(tr("S&end"));
    send_->setObjectName(QStringLiteral("send"));
    auto* sendMenu = new QMenu(send_);
    sendMenu->addAction(tr("The Series on Screen"), this, &QueryRetrieveDialog::sendCurrentSeries);
    sendMenu->addAction(tr("Its Segmentation as DICOM SEG"), this, [this] { sendFindings(false); });
    sendMenu->addAction(tr("Its Findings as DICOM SR"), this, [this] { sendFindings(true); });
    send_->setMenu(sendMenu);
    new QShortcut(QKeySequence(tr("Ctrl+R")), this, [this] { retrieveSelected(false); });
    new QShortcut(QKeySequence(tr("Ctrl+Shift+R")), this, [this] { retrieveSelected(true); });

    auto* actions = new QHBoxLayout;
    actions->addWidget(search_);
    actions->addStretch(1);
    actions->addWidget(retrieve_);
    actions->addWidget(retrieveOpen_);
    actions->addWidget(send_);

    transferModel_ = new TransferListModel(transfers_, this);
    transfersView_ = new QTableView;
    transfersView_->setObjectName(QStringLiteral("transfers"));
    transfersView_->setModel(transferModel_);
    transfersView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    transfersView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    transfersView_->horizontalHeader()->setSectionResizeMode(TransferListModel::What,
                                                             QHeaderView::Stretch);
    transfersView_->setWordWrap(false);
    transfersView_->verticalHeader()->hide();
    auto* cancel = new QPushButton(tr("&Cancel Transfer"));
    cancel->setObjectName(QStringLiteral("cancelTransfer"));
    auto* retry = new QPushButton(tr("Re&try"));
    retry->setObjectName(QStringLiteral("retryTransfer"));
    retry->setToolTip(tr("Run a failed or cancelled transfer again; a retrieval resumes"));
    auto* clear = new QPushButton(tr("C&lear Finished"));
    auto selectedTransfer = [this] {
        const QModelIndex i = transfersView_->currentIndex();
        return i.isValid() ? i.row() : -1;
    };
    connect(cancel, &QPushButton::clicked, this,
            [this, selectedTransfer] { transfers_->cancel(selectedTransfer()); });
    connect(retry, &QPushButton::clicked, this,
            [this, selectedTransfer] { transfers_->retry(selectedTransfer()); });
    connect(clear, &QPushButton::clicked, transfers_, &RemoteTransfers::clearFinished);
    auto* del = new QShortcut(QKeySequence::Delete, transfersView_);
    del->setContext(Qt::WidgetShortcut);
    connect(del, &QShortcut::activated, this,
            [this, selectedTransfer] { transfers_->cancel(selectedTransfer()); });
    auto* transferButtons = new QHBoxLayout;
    transferButtons->addWidget(cancel);
    transferButtons->addWidget(retry);
    transferButtons->addWidget(clear);
    transferButtons->addStretch(1);

    status_ = new QLabel;
    status_->setObjectName(QStringLiteral("status"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(form);
    topLayout->addLayout(actions);
    topLayout->addWidget(tree_, 1);
    auto* bottom = new QWidget;
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(new QLabel(tr("Transfers")));
    bottomLayout->addWidget(transfersView_, 1);
    bottomLayout->addLayout(transferButtons);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* v = new QVBoxLayout(this);
    v->addWidget(split, 1);
    v->addWidget(status_);
    v->addWidget(close);
    resize(900, 640);
    // Enter searches (the default button); no other button takes Enter.
    for (QPushButton* b : findChildren<QPushButton*>()) b->setAutoDefault(false);
    search_->setDefault(true);

    connect(transfers_, &RemoteTransfers::instanceStored, this,
            [this](const QString& study, const QString& series, const QString&) {
                if (pendingOpen_.isEmpty()) return;
                if (pendingOpen_ != series && pendingOpen_ != QStringLiteral("study:") + study)
                    return;
                pendingOpen_.clear();
                Q_EMIT openRequested(transfers_->studyFolder(study), series);
            });
    connect(transfers_, &RemoteTransfers::transferFinished, this, [this](int row) {
        const auto& t = transfers_->at(row);
        if (t.state == ai::JobState::Failed) setStatus(t.error);
    });
    reloadNodes();
    updateButtons();
}

void QueryRetrieveDialog::setStatus(const QString& text) { status_->setText(text); }

void QueryRetrieveDialog::reloadNodes() {
    const QString current = node_->currentData().toString();
    node_->clear();
    try {
        const net::NodeList list = net::NodeList::load();
        for (const net::RemoteNode& n : list.nodes())
            node_->addItem(QStringLiteral("%1  (%2)").arg(q(n.name), q(n.address())), q(n.name));
    } catch (const std::exception& e) {
        setStatus(tr("Cannot read the node list: %1").arg(q(e.what())));
    }
    if (node_->count() == 0) setStatus(tr("No node is configured: press Nodes... to add one."));
    if (!current.isEmpty()) selectNode(current);
    updateButtons();
}

bool QueryRetrieveDialog::selectNode(const QString& name) {
    const int i = node_->findData(name);
    if (i < 0) return false;
    node_->setCurrentIndex(i);
    return true;
}

bool QueryRetrieveDialog::currentNode(net::RemoteNode& node) {
    const QString name = node_->currentData().toString();
    try {
        if (auto n = net::NodeList::load().find(name.toStdString())) {
            node = *n;
            return true;
        }
    } catch (const std::exception& e) {
        setStatus(tr("Cannot read the node list: %1").arg(q(e.what())));
        return false;
    }
    setStatus(tr("Choose a node first (Nodes... adds one)."));
    return false;
}

void QueryRetrieveDialog::search() {
    net::RemoteNode node;
    if (!currentNode(node)) return;
    net::RemoteQuery query;
    query.level = net::QueryLevel::Study;
    query.patientId = patientId_->text().trimmed().toStdString();
    query.patientName = patientName_->text().trimmed().toStdString();
    query.accession = accession_->text().trimmed().toStdString();
    query.studyDate = studyDate_->text().trimmed().toStdString();
    query.modality = modality_->text().trimmed().toUpper().toStdString();
    if (!query.studyDate.empty() && !net::checkDateRange(query.studyDate).empty()) {
        setStatus(tr("The study date must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD."));
        studyDate_->setFocus();
        return;
    }
    setStatus(tr("Searching %1...").arg(q(node.name)));
    ++searching_;
    updateButtons();
    auto* task = new BackgroundTask(
        tr("Searching"),
        [node, query](BackgroundTask::Control& c) { return std::any(runFind(node, query, c)); },
        this);
    connect(task, &BackgroundTask::finished, this, [this, task] {
        --searching_;
        if (task->state() == BackgroundTask::State::Done) {
            const auto matches = task->result<std::vector<net::RemoteMatch>>();
            showStudies(matches);
            setStatus(tr("%n study(ies) found.", nullptr, int(matches.size())));
        } else if (task->state() == BackgroundTask::State::Failed) {
            setStatus(tr("Search failed: %1").arg(task->error()));
        }
        updateButtons();
    });
    session_->track(task);
}

void QueryRetrieveDialog::showStudies(const std::vector<net::RemoteMatch>& matches) {
    results_->removeRows(0, results_->rowCount());
    for (const net::RemoteMatch& m : matches) {
        QList<QStandardItem*> row;
        QStringList modalities;
        for (const std::string& s : m.modalities) modalities << q(s);
        for (const QString& text :
             {q(m.patientName), q(m.patientId), q(m.studyDate),
              modalities.join(QLatin1Char('/')) +
                  (m.description.empty() ? QString() : QStringLiteral("  ") + q(m.description)),
              q(m.accession), m.studyInstances > 0 ? QString::number(m.studyInstances) : QString()})
            row << new QStandardItem(text);
        row[0]->setData(QStringLiteral("study"), LevelRole);
        row[0]->setData(q(m.studyUid), StudyRole);
        row[0]->setData(false, LoadedRole);
        row[0]->setToolTip(q(m.studyUid));
        row[0]->appendRow(new QStandardItem(tr("Loading series...")));  // expandable
        results_->appendRow(row);
    }
    if (results_->rowCount() > 0) {
        tree_->setCurrentIndex(results_->index(0, 0));
        tree_->setFocus();
    }
}

void QueryRetrieveDialog::loadSeries(QStandardItem* study) {
    if (!study || study->data(LevelRole).toString() != QLatin1String("study") ||
        study->data(LoadedRole).toBool())
        return;
    net::RemoteNode node;
    if (!currentNode(node)) return;
    study->setData(true, LoadedRole);
    net::RemoteQuery query;
    query.level = net::QueryLevel::Series;
    query.studyUid = study->data(StudyRole).toString().toStdString();
    ++searching_;
    const QPersistentModelIndex where(study->index());
    auto* task = new BackgroundTask(
        tr("Listing series"),
        [node, query](BackgroundTask::Control& c) { return std::any(runFind(node, query, c)); },
        this);
    connect(task, &BackgroundTask::finished, this, [this, task, where] {
        --searching_;
        QStandardItem* item = where.isValid() ? results_->itemFromIndex(where) : nullptr;
        if (!item) return;
        item->removeRows(0, item->rowCount());
        if (task->state() != BackgroundTask::State::Done) {
            item->setData(false, LoadedRole);
            item->appendRow(new QStandardItem(tr("Cannot list the series: %1").arg(task->error())));
            return;
        }
        for (const net::RemoteMatch& m : task->result<std::vector<net::RemoteMatch>>()) {
            QList<QStandardItem*> row;
            for (const QString& text :
                 {QString(), QString(), QString(),
                  q(m.modality) + (m.seriesDescription.empty()
                                       ? QString()
                                       : QStringLiteral("  ") + q(m.seriesDescription)),
                  m.number ? QString::number(m.number) : QString(),
                  m.instances > 0 ? QString::number(m.instances) : QString()})
                row << new QStandardItem(text);
            row[0]->setText(tr("Series %1").arg(m.number));
            row[0]->setData(QStringLiteral("series"), LevelRole);
            row[0]->setData(q(m.studyUid), StudyRole);
            row[0]->setData(q(m.seriesUid), SeriesRole);
            row[0]->setToolTip(q(m.seriesUid));
            item->appendRow(row);
        }
        updateButtons();
    });
    session_->track(task);
}

void QueryRetrieveDialog::retrieveSelected(bool open) {
    net::RemoteNode node;
    if (!currentNode(node)) return;
    const QModelIndexList rows = tree_->selectionModel()->selectedRows(0);
    if (rows.isEmpty()) {
        setStatus(tr("Select a study or series to retrieve."));
        return;
    }
    int queued = 0;
    bool openSet = false;
    for (const QModelIndex& i : rows) {
        QStandardItem* item = results_->itemFromIndex(i);
        const QString level = item->data(LevelRole).toString();
        if (level.isEmpty()) continue;
        const net::RetrieveRequest request =
            net::RetrieveRequest::forNode(node, item->data(StudyRole).toString().toStdString(),
                                          item->data(SeriesRole).toString().toStdString());
        QString what;
        if (level == QLatin1String("series")) {
            QStandardItem* parent = item->parent();
            what = (parent ? parent->text() + QStringLiteral(", ") : QString()) +
                   item->index().siblingAtColumn(DescriptionCol).data().toString();
        } else {
            what = item->text() + QStringLiteral(", ") +
                   item->index().siblingAtColumn(DescriptionCol).data().toString();
        }
        transfers_->retrieve(node, request, what.trimmed());
        if (open && !openSet) {
            pendingOpen_ = request.seriesUid.empty()
                               ? QStringLiteral("study:") + q(request.studyUid)
                               : q(request.seriesUid);
            openSet = true;
        }
        ++queued;
    }
    setStatus(tr("%n retrieval(s) queued.", nullptr, queued));
}

void QueryRetrieveDialog::sendCurrentSeries() {
    net::RemoteNode node;
    if (!currentNode(node)) return;
    const imaging::Series* s = session_->currentSeries();
    if (!s) {
        setStatus(tr("No series is on screen."));
        return;
    }
    std::vector<std::string> files;
    for (const imaging::InstanceInfo& i : s->instances) files.push_back(i.path);
    transfers_->send(node, files,
                     tr("%1, %2 (%n image(s))", nullptr, int(files.size()))
                         .arg(q(s->patientName), q(s->description)));
}

void QueryRetrieveDialog::sendFindings(bool sr) {
    net::RemoteNode node;
    if (!currentNode(node)) return;
    const QString path =
        QDir::temp().filePath(QStringLiteral("radlens-send-%1.dcm")
                                  .arg(QUuid::createUuid().toString(QUuid::WithoutBraces)));
    QString error;
    if (!session_->exportFindings(path, sr, &error)) {
        setStatus(error);
        return;
    }
    // Sent when written; the temporary file goes when the transfer ends.
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(session_, &StudySession::exported, this,
                    [this, node, path, sr, conn](const QString& written, const QString& err) {
                        if (written != path) return;
                        disconnect(*conn);
                        if (!err.isEmpty()) {
                            setStatus(err);
                            return;
                        }
                        const int row = transfers_->send(
                            node, {path.toStdString()},
                            sr ? tr("findings as DICOM SR") : tr("segmentation as DICOM SEG"));
                        auto done = std::make_shared<QMetaObject::Connection>();
                        *done = connect(transfers_, &RemoteTransfers::transferFinished, this,
                                        [this, row, path, done](int r) {
                                            if (r != row) return;
                                            if (transfers_->at(r).state != ai::JobState::Done)
                                                return;  // kept for Retry
                                            QObject::disconnect(*done);
                                            QFile::remove(path);
                                        });
                    });
}

void QueryRetrieveDialog::updateButtons() {
    const bool haveNode = node_->count() > 0;
    search_->setEnabled(haveNode);
    const bool selected = tree_->selectionModel() && tree_->selectionModel()->hasSelection();
    retrieve_->setEnabled(haveNode && selected);
    retrieveOpen_->setEnabled(haveNode && selected);
    send_->setEnabled(haveNode);
}

}  // namespace radlens::ui
