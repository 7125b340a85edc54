#include "ui/MainWindow.h"

#include <QCloseEvent>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QPointer>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QStatusBar>
#include <QTreeView>
#include <QUndoStack>
#include <QUrl>
#include <QVBoxLayout>

#include "ai/ModelRegistry.h"
#include "imaging/AnnotationStore.h"
#include "imaging/Database.h"
#include "imaging/DatasetExporter.h"
#include "ui/ActionTable.h"
#include "ui/AnnotationCommands.h"
#include "ui/AnnotationEditor.h"
#include "ui/AnnotationPanel.h"
#include "ui/BackgroundTask.h"
#include "ui/BackgroundTraining.h"
#include "ui/FindingsPanel.h"
#include "ui/MainWindowActions.h"
#include "ui/ModelManagerDialog.h"
#include "ui/PreferencesDialog.h"
#include "ui/QueryRetrieveDialog.h"
#include "ui/ReceivingNode.h"
#include "ui/RemoteTransfers.h"
#include "ui/StudyBrowserModel.h"
#include "ui/StudySession.h"
#include "ui/TrainingWizard.h"
#include "ui/ViewerToolBar.h"
#include "ui/WorklistModel.h"
#include "ui/WorklistPanel.h"
#include "viewer/CinePlayer.h"
#include "viewer/ViewerPanel.h"

namespace radlens::ui {

namespace {

viewer::ViewText viewTextOf(const imaging::Series& s) {
    return {s.patientName, s.studyDescription + " " + s.studyDate,
            s.description + " (" + s.modality + " #" + std::to_string(s.number) + ")"};
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Radlens"));
    resize(1280, 800);
    setAcceptDrops(true);  // drop DICOM files, folders or model bundles on the window
    session_ = new StudySession(QString(), this);
    transfers_ = new RemoteTransfers(QString(), session_->databasePath(), this);
    connect(transfers_, &RemoteTransfers::instanceStored, session_,
            [this](const QString& study, const QString& series) {
                session_->noteArrival(transfers_->studyFolder(study), series);
            });
    connect(transfers_, &RemoteTransfers::transferFinished, session_, [this] {
        if (!transfers_->isBusy()) session_->arrivalsFinished();
    });
    receiving_ = new ReceivingNode(QString(), session_->databasePath(), this);
    receiving_->setEngine([s = QPointer<StudySession>(session_)] {
        return s ? s->engine() : std::shared_ptr<ai::InferenceEngine>();
    });
    actions_ = new ActionTable(this);
    defineMainWindowActions(*actions_);
    viewer_ = new viewer::ViewerPanel(this);
    cine_ = new viewer::CinePlayer(this);

    auto* splitter = new QSplitter(this);
    browserModel_ = new StudyBrowserModel(this);
    browser_ = new QTreeView(splitter);
    browser_->setModel(browserModel_);
    browser_->setIconSize(QSize(StudySession::kThumbnailSide, StudySession::kThumbnailSide));
    browser_->setUniformRowHeights(false);
    browser_->setIndentation(10);  // three levels in a narrow panel
    browser_->header()->setStretchLastSection(false);
    browser_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < StudyBrowserModel::ColumnCount; ++c)
        browser_->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    connect(browser_, &QTreeView::activated, this, [this](const QModelIndex& index) {
        const int i = browserModel_->seriesIndex(index);
        if (i >= 0) session_->selectSeries(i);
    });
    auto* right = new QWidget(splitter);
    auto* layout = new QVBoxLayout(right);
    layout->setContentsMargins(0, 0, 0, 0);
    sliceSlider_ = new QSlider(Qt::Horizontal, right);
    sliceSlider_->setEnabled(false);
    sliceSlider_->setToolTip(tr("Slice (wheel, Up/Down, PageUp/PageDown)"));
    connect(sliceSlider_, &QSlider::valueChanged, this,
            [this](int s) { viewer_->activeView()->setSlice(s); });
    layout->addWidget(viewer_, 1);
    layout->addWidget(sliceSlider_);
    splitter->addWidget(browser_);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({340, 940});
    setCentralWidget(splitter);

    findings_ = new FindingsPanel;
    findings_->setObjectName(QStringLiteral("findingsPanel"));
    findings_->setSession(session_);
    worklist_ = new WorklistPanel(session_->databasePath());
    worklist_->setEngine([s = QPointer<StudySession>(session_)] {
        return s ? s->engine() : std::shared_ptr<ai::InferenceEngine>();
    });
    annotation_ = new AnnotationEditor(viewer_, this);
    annotationPanel_ = new AnnotationPanel(annotation_);
    annotationPanel_->setObjectName(QStringLiteral("annotationPanel"));
    annotationCommands_ = new AnnotationCommands(session_, annotation_, annotationPanel_, this);
    buildDocks();
    buildMenusAndToolBar();
    wireSession();
    session_->refreshWorklistModels();
    showMessage(tr("Open a DICOM file or folder (File > Open)"));
    // Files of annotation saves that a crash interrupted: removed in the
    // background (nothing lost if it fails: they are tried again next start).
    auto* cleanup = new BackgroundTask(tr("Cleaning up"), [](BackgroundTask::Control&) {
        imaging::Database db(imaging::Database::defaultPath());
        imaging::AnnotationStore(db, imaging::AnnotationStore::defaultRoot()).removeLeftovers();
        return std::any();
    });
    session_->track(cleanup);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildDocks() {
    // A dock at `area`, `size` pixels across, toggled from the View menu.
    auto addDock = [&](QWidget* widget, const QString& title, const char* name,
                       Qt::DockWidgetArea area, int size, Qt::Orientation o, const QString& key,
                       const QString& tip) -> QDockWidget* {
        auto* dock = new QDockWidget(title, this);
        dock->setObjectName(QLatin1String(name));
        dock->setWidget(widget);
        dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
        addDockWidget(area, dock);
        resizeDocks({dock}, {size}, o);
        QAction* toggle = dock->toggleViewAction();
        toggle->setShortcut(QKeySequence(key));
        actions_->adopt(QLatin1String(name), toggle, QStringLiteral("view"), tip);
        return dock;
    };
    findingsDock_ = addDock(findings_, tr("Findings"), "findingsDock", Qt::RightDockWidgetArea, 300,
                            Qt::Horizontal, tr("Ctrl+Shift+F"), tr("Show or hide the findings"));
    addDock(worklist_, tr("Worklist"), "worklistDock", Qt::BottomDockWidgetArea, 180, Qt::Vertical,
            tr("Ctrl+Shift+W"), tr("Show or hide the worklist"));
    auto* annotationScroll = new QScrollArea;
    annotationScroll->setWidget(annotationPanel_);
    annotationScroll->setWidgetResizable(true);
    annotationScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // As wide as the panel needs in this language (the dock follows).
    annotationScroll->setMinimumWidth(annotationPanel_->minimumSizeHint().width() +
                                      annotationScroll->verticalScrollBar()->sizeHint().width() +
                                      4);
    annotationDock_ =
        addDock(annotationScroll, tr("Annotation"), "annotationDock", Qt::RightDockWidgetArea, 300,
                Qt::Horizontal, tr("Ctrl+Shift+E"), tr("Show or hide the annotation tools"));
    tabifyDockWidget(findingsDock_, annotationDock_);
    findingsDock_->raise();
}

void MainWindow::buildMenusAndToolBar() {
    ActionTable& t = *actions_;
    auto on = [this, &t](const char* id, auto fn) {
        connect(t.action(QLatin1String(id)), &QAction::triggered, this, fn);
    };
    on("openFolder", [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open DICOM folder"));
        if (!dir.isEmpty()) openPaths({dir});
    });
    on("openFiles", [this] {
        const QStringList files = QFileDialog::getOpenFileNames(this, tr("Open DICOM files"));
        if (!files.isEmpty()) openPaths(files);
    });
    on("importSeg", [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Import a DICOM segmentation"), QString(), tr("DICOM (*.dcm);;All files (*)"));
        if (!file.isEmpty()) importSegmentation(file);
    });
    for (const bool sr : {false, true})
        on(sr ? "exportSr" : "exportSeg", [this, sr] {
            const QString file = QFileDialog::getSaveFileName(
                this, sr ? tr("Export Findings as DICOM SR") : tr("Export Findings as DICOM SEG"),
                QString(), tr("DICOM (*.dcm)"));
            if (!file.isEmpty()) exportFindings(file, sr);
        });
    on("preferences", [this] { showPreferences(false); });
    on("queryRetrieve", &MainWindow::showQueryRetrieve);
    on("quit", &QWidget::close);
    on("analyze", &MainWindow::analyzeCurrent);
    on("models", [this] {
        ModelManagerDialog dialog(QString(), this);
        dialog.exec();
        if (!dialog.activeChanged()) return;
        session_->refreshWorklistModels();
        if (options_.models.isEmpty() && session_->volume()) analyzeCurrent();
    });
    on("train", &MainWindow::openTrainingWizard);
    on("shortcuts", [this] { showShortcuts(*actions_, this); });

    // Edit: the annotation's undo stack. Annotate: the panel's tools.
    QAction* undo = annotation_->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = annotation_->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence(tr("Ctrl+Y"))});
    t.adopt(QStringLiteral("undo"), undo, QStringLiteral("edit"),
            tr("Undo the last annotation step"));
    t.adopt(QStringLiteral("redo"), redo, QStringLiteral("edit"), tr("Redo it"));
    for (QAction* a : annotationPanel_->actions()) {
        QString tip = a->toolTip().isEmpty() ? a->text() : a->toolTip();
        t.adopt(a->objectName(), a, QStringLiteral("annotate"), tip.remove(QLatin1Char('&')));
    }

    const std::pair<QString, QString> menus[] = {
        {QStringLiteral("file"), tr("&File")}, {QStringLiteral("edit"), tr("&Edit")},
        {QStringLiteral("view"), tr("&View")}, {QStringLiteral("annotate"), tr("A&nnotate")},
        {QStringLiteral("ai"), tr("&AI")},     {QStringLiteral("help"), tr("&Help")}};
    for (const auto& [group, title] : menus) {
        QMenu* menu = menuBar()->addMenu(title);
        t.fillMenu(menu, group);
        if (group == QLatin1String("file")) {
            recentMenu_ = new QMenu(tr("Open &Recent"), menu);
            recentMenu_->setObjectName(QStringLiteral("recentMenu"));
            menu->insertMenu(t.action(QStringLiteral("importSeg")), recentMenu_);
            updateRecentMenu();
        }
    }

    toolBar_ = new ViewerToolBar(t, viewer_, cine_, this);
    addToolBar(toolBar_);
}

void MainWindow::wireSession() {
    StudySession* s = session_;
    connect(s, &StudySession::busyChanged, this, [this](bool busy) {
        if (!busy) Q_EMIT idle();
    });
    connect(s, &StudySession::statusMessage, this, &MainWindow::showMessage);
    connect(s, &StudySession::seriesListChanged, this, [this] {
        browserModel_->setSeries(session_->seriesList());
        browser_->expandAll();
    });
    connect(s, &StudySession::thumbnailReady, browserModel_, &StudyBrowserModel::setThumbnail);
    connect(s, &StudySession::databaseChanged, worklist_, &WorklistPanel::reload);
    connect(s, &StudySession::seriesAnalysed, worklist_, &WorklistPanel::reload);
    connect(s, &StudySession::worklistModelsChanged, worklist_, &WorklistPanel::setModels);
    connect(s, &StudySession::worklistModelsChanged, receiving_, &ReceivingNode::setModels);
    // What the listening node receives and analyses shows in the worklist
    // as it happens (newly flagged series rise to the top).
    connect(receiving_, &ReceivingNode::seriesComplete, worklist_, &WorklistPanel::reload);
    connect(receiving_, &ReceivingNode::seriesAnalysed, worklist_, &WorklistPanel::reload);
    receivingStatus_ = new QLabel;
    receivingStatus_->setObjectName(QStringLiteral("receivingStatus"));
    statusBar()->addPermanentWidget(receivingStatus_);
    auto showReceiving = [this] {
        const bool on = receiving_->state() != ReceivingNode::State::Stopped;
        receivingStatus_->setVisible(on);
        receivingStatus_->setText(receiving_->state() == ReceivingNode::State::Listening
                                      ? tr("Receiving as %1 on port %2")
                                            .arg(receiving_->settings().aet)
                                            .arg(receiving_->settings().port)
                                      : tr("Not receiving"));
        receivingStatus_->setToolTip(receiving_->statusText());
    };
    connect(receiving_, &ReceivingNode::stateChanged, this, showReceiving);
    // Models trained behind the window (--train-model): progress in the
    // status bar and the findings panel; a ready model is run at once.
    training_ = new BackgroundTraining(cliPath(), this);
    trainingStatus_ = new QLabel;
    trainingStatus_->setObjectName(QStringLiteral("trainingStatus"));
    trainingStatus_->hide();
    statusBar()->addPermanentWidget(trainingStatus_);
    connect(training_, &BackgroundTraining::progressChanged, this, [this](const QString& text) {
        trainingStatus_->setText(text);
        trainingStatus_->setVisible(!text.isEmpty());
        findings_->setNote(text);
    });
    connect(training_, &BackgroundTraining::modelReady, this, [this](const QString& bundle) {
        showMessage(tr("Model ready: %1").arg(QFileInfo(bundle).fileName()));
        session_->addModel(bundle);
    });
    connect(training_, &BackgroundTraining::failed, this,
            [this](const QString& name, const QString& message) {
                const QString text = tr("Training %1 failed: %2").arg(name, message);
                showMessage(text);
                if (!training_->isRunning()) findings_->setNote(text);
            });
    receiving_->apply(ReceivingNode::Settings::load());
    showReceiving();
    connect(s, &StudySession::currentSeriesChanged, this, [this] {
        annotation_->end();  // saves the work on the series being left
        seriesChosenAt_ = QDateTime::currentMSecsSinceEpoch();
        cine_->stop();
    });
    connect(s, &StudySession::previewReady, this, &MainWindow::onPreview);
    connect(s, &StudySession::firstLook, this, &MainWindow::onFirstLook);
    connect(s, &StudySession::volumeLoaded, this, &MainWindow::onVolumeLoaded);
    connect(s, &StudySession::findingsChanged, this, &MainWindow::applyOverlays);
    connect(s, &StudySession::findingsCleared, this, &MainWindow::applyOverlays);
    connect(s, &StudySession::goToRequested, this, [this](std::array<double, 3> index) {
        viewer_->goTo(index);
        syncSlider();
    });
    connect(findings_, &FindingsPanel::labelStyleChanged, this, &MainWindow::applyOverlays);
    connect(findings_, &FindingsPanel::heatmapChanged, this, &MainWindow::applyOverlays);
    connect(findings_, &FindingsPanel::lesionActivated, this, [this](std::array<double, 3> world) {
        if (!session_->volume()) return;
        viewer_->goTo(session_->volume()->geometry().worldToIndex(world));
        syncSlider();
    });
    connect(worklist_, &WorklistPanel::openSeries, session_, &StudySession::openFromDatabase);
    // "Annotate Next Uncertain": annotation starts once the series is on screen.
    connect(worklist_, &WorklistPanel::annotateSeries, this, [this](const QString& uid) {
        if (annotation_->active()) setAnnotating(false);  // saves the current one
        annotateWhenLoaded_ = uid;
        session_->openFromDatabase(uid);
    });
    connect(annotation_, &AnnotationEditor::labelsChanged, this, &MainWindow::applyOverlays);
    connect(annotation_, &AnnotationEditor::message, this, &MainWindow::showMessage);
    connect(annotation_, &AnnotationEditor::saveFailed, this, [this](const QString& m) {
        showMessage(tr("Saving the annotation failed: %1").arg(m));
    });
    connect(annotationCommands_, &AnnotationCommands::message, this, &MainWindow::showMessage);
    connect(annotationCommands_, &AnnotationCommands::overlaysChanged, this,
            &MainWindow::applyOverlays);
    connect(annotationCommands_, &AnnotationCommands::started, this, [this] {
        annotationDock_->show();
        annotationDock_->raise();
    });
    connect(viewer_, &viewer::ViewerPanel::activeViewChanged, this, &MainWindow::syncSlider);
    for (viewer::Plane p :
         {viewer::Plane::Axial, viewer::Plane::Coronal, viewer::Plane::Sagittal}) {
        connect(viewer_->view(p), &viewer::SliceView::sliceChanged, this, &MainWindow::syncSlider);
        connect(viewer_->view(p), &viewer::SliceView::measured, this, [this](const QString& text) {
            showMessage(tr("Measured: %1")
                            .arg(QString(text).replace(QLatin1Char('\n'), QStringLiteral(", "))));
        });
    }
}

void MainWindow::showMessage(const QString& text) { statusBar()->showMessage(text); }

bool MainWindow::isIdle() const { return !session_->isBusy(); }

void MainWindow::setOptions(const Options& options) {
    options_ = options;
    toolBar_->setLayoutByName(options.layout);
    session_->setPreferredSeries(options.seriesUid);
    session_->setPreferredSlice(options.slice);
    if (!options.models.isEmpty()) session_->setModelOverride(options.models);
}

void MainWindow::openPaths(const QStringList& paths) {
    // Model bundles (*.radlens.zip, the desktop's application/x-radlens-model)
    // are installed; everything else is scanned for DICOM.
    QStringList bundles, dicom;
    for (const QString& p : paths)
        (p.endsWith(QLatin1String(".radlens.zip"), Qt::CaseInsensitive) ? bundles : dicom) << p;
    if (!bundles.isEmpty()) session_->installModels(bundles);
    if (dicom.isEmpty()) return;
    rememberRecent(dicom);
    openedAt_ = QDateTime::currentMSecsSinceEpoch();
    session_->open(dicom);
}

void MainWindow::analyzeCurrent() { session_->analyze(); }

void MainWindow::showPreferences(bool network) {
    PreferencesDialog dialog(this, receiving_);
    if (network) dialog.showNetwork();
    dialog.exec();
    if (queryRetrieve_) queryRetrieve_->reloadNodes();
}

QueryRetrieveDialog* MainWindow::queryRetrieveDialog() {
    if (!queryRetrieve_) {
        queryRetrieve_ = new QueryRetrieveDialog(session_, transfers_, this);
        connect(queryRetrieve_, &QueryRetrieveDialog::configureNodes, this,
                [this] { showPreferences(true); });
        connect(queryRetrieve_, &QueryRetrieveDialog::openRequested, this,
                [this](const QString& folder, const QString& series) {
                    session_->setPreferredSeries(series);
                    openPaths({folder});
                });
    }
    return queryRetrieve_;
}

void MainWindow::showQueryRetrieve() {
    QueryRetrieveDialog* d = queryRetrieveDialog();
    d->show();
    d->raise();
    d->activateWindow();
}

void MainWindow::syncSlider() {
    viewer::SliceView* v = viewer_->activeView();
    sliceSlider_->blockSignals(true);
    sliceSlider_->setRange(0, std::max(0, v->sliceCount() - 1));
    sliceSlider_->setValue(v->slice());
    sliceSlider_->setEnabled(v->sliceCount() > 1);
    sliceSlider_->blockSignals(false);
}

void MainWindow::onPreview(int index, std::shared_ptr<const imaging::Volume> slice, int k,
                           int count, std::pair<double, double> window) {
    const imaging::Series& s = session_->seriesList()[std::size_t(index)];
    if (showsWhole(s.uid)) return;  // more of the series on screen: no flash of one slice
    showPreview(s, std::move(slice), k, count, window);
    Q_EMIT previewShown(index, QDateTime::currentMSecsSinceEpoch() - seriesChosenAt_);
}

void MainWindow::showPreview(const imaging::Series& series,
                             std::shared_ptr<const imaging::Volume> slice, int k, int count,
                             std::pair<double, double> window) {
    viewer_->setPreview(std::move(slice), viewTextOf(series), "preview:" + series.uid, k, count,
                        window);
    viewer_->view(viewer::Plane::Axial)->repaint();  // now, before the decoders start
    sliceSlider_->setEnabled(false);
}

void MainWindow::onFirstLook(const imaging::Series& series,
                             std::shared_ptr<const imaging::Volume> slice, int k, int count,
                             std::pair<double, double> window) {
    showPreview(series, std::move(slice), k, count, window);
    Q_EMIT previewShown(-1, QDateTime::currentMSecsSinceEpoch() - openedAt_);
}

void MainWindow::onVolumeLoaded(int index) {
    const imaging::Series& s = session_->seriesList()[std::size_t(index)];
    const auto volume = session_->volume();
    if (showsWhole(s.uid))  // the series on screen grew (it is arriving): keep the place
        viewer_->growVolume(volume, viewTextOf(s));
    else
        viewer_->setVolume(volume, viewTextOf(s), s.uid, session_->window());
    toolBar_->showVolume(*volume);
    if (options_.windowCenter && options_.windowWidth)
        viewer_->setWindowAll(*options_.windowCenter, *options_.windowWidth);
    if (options_.slice) viewer_->activeView()->setSlice(*options_.slice);
    syncSlider();
    if (!annotateWhenLoaded_.isEmpty() && annotateWhenLoaded_ == QString::fromStdString(s.uid)) {
        annotateWhenLoaded_.clear();
        setAnnotating(true);
    }
}

bool MainWindow::showsWhole(const std::string& seriesUid) const {
    const viewer::SliceView* v = viewer_->view(viewer::Plane::Axial);
    return v->hasVolume() && !v->isPreview() && v->seriesKey() == seriesUid;
}

void MainWindow::applyOverlays() {
    if (!session_->volume()) return;
    try {
        if (annotation_->active())
            viewer_->setLabels(annotation_->labels(), annotation_->labelStyle());
        else
            viewer_->setLabels(findings_->labels(), findings_->labelStyle());
        viewer_->setHeatmap(findings_->heatmap(), findings_->heatmapStyle());
    } catch (const std::exception& e) {
        // A result of another size than the series: shown without overlay.
        showMessage(tr("Cannot show the overlay: %1").arg(QString::fromUtf8(e.what())));
    }
}

bool MainWindow::importSegmentation(const QString& path) {
    QString error;
    if (session_->showSegmentation(path, &error)) return true;
    findings_->setFailed(QFileInfo(path).fileName(), error);
    showMessage(tr("Cannot import: %1").arg(error));
    return false;
}

bool MainWindow::exportFindings(const QString& path, bool sr) {
    QString error;
    if (session_->exportFindings(path, sr, &error)) return true;
    showMessage(error);
    return false;
}

QStringList MainWindow::recentPaths() {
    return QSettings().value(QStringLiteral("recent/paths")).toStringList();
}

void MainWindow::rememberRecent(const QStringList& paths) {
    QStringList recent = recentPaths();
    for (const QString& p : paths) {
        const QString abs = QFileInfo(p).absoluteFilePath();
        recent.removeAll(abs);
        recent.prepend(abs);
    }
    while (recent.size() > 10) recent.removeLast();
    QSettings().setValue(QStringLiteral("recent/paths"), recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = recentPaths();
    for (const QString& p : recent) {
        QAction* a = recentMenu_->addAction(p);
        a->setEnabled(QFileInfo::exists(p));
        connect(a, &QAction::triggered, this, [this, p] { openPaths({p}); });
    }
    if (!recent.isEmpty()) {
        recentMenu_->addSeparator();
        connect(recentMenu_->addAction(tr("&Clear the List")), &QAction::triggered, this, [this] {
            QSettings().remove(QStringLiteral("recent/paths"));
            updateRecentMenu();
        });
    }
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    QStringList paths;
    for (const QUrl& url : e->mimeData()->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    if (paths.isEmpty()) return;
    e->acceptProposedAction();
    openPaths(paths);
}

QString MainWindow::cliPath() {
    return QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("radlens-cli"));
}

bool MainWindow::trainInBackground(const QString& configPath, QString* error) {
    return training_->add(configPath, error);
}

void MainWindow::openTrainingWizard() {
    const QString cli = cliPath();
    QString active;
    try {
        if (auto m = ai::ModelRegistry().active("classify"))
            active = QString::fromStdString(m->path);
    } catch (const std::exception&) {
        // A damaged registry: the wizard still runs, without a default base.
    }
    auto* wizard = new TrainingWizard(cli, QString(), active, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->show();
}

void MainWindow::closeEvent(QCloseEvent* e) {
    annotation_->end();  // autosave of the last strokes, waited for
    QMainWindow::closeEvent(e);
}

void MainWindow::setAnnotating(bool on) { annotationCommands_->setAnnotating(on); }
bool MainWindow::importMask(const QString& path) { return annotationCommands_->importMask(path); }
bool MainWindow::exportMask(const QString& path) { return annotationCommands_->exportMask(path); }
bool MainWindow::importImageLabels(const QString& path) {
    return annotationCommands_->importImageLabels(path);
}

bool MainWindow::offers3dPresets() const { return toolBar_->offers3dPresets(); }

}  // namespace radlens::ui
