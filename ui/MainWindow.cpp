#include "ui/MainWindow.h"

#include "ai/BundleArchive.h"
#include "ai/ModelBundle.h"
#include "ai/ModelRegistry.h"
#include "ui/AnnotationEditor.h"
#include "ui/AnnotationPanel.h"
#include "ui/FindingsPanel.h"
#include "ui/ModelManagerDialog.h"
#include "ui/PreferencesDialog.h"
#include "ui/TrainingWizard.h"
#include "ui/WorklistModel.h"
#include "ui/WorklistPanel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMetaObject>
#include <QMimeData>
#include <QPointer>
#include <QProgressDialog>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTableWidget>
#include <QThreadPool>
#include <QToolBar>
#include <QTreeView>
#include <QUndoStack>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>
#include <filesystem>
#include <future>
#include <map>
#include <set>
#include <thread>

#include "imaging/AnnotationFormats.h"
#include "imaging/AnnotationStore.h"
#include "imaging/Database.h"
#include "imaging/DatasetExporter.h"
#include "imaging/DicomSeg.h"
#include "imaging/LabelMaps.h"
#include "imaging/LesionStatistics.h"
#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SeriesLoader.h"
#include "imaging/VolumeIO.h"
#include "ui/BackgroundPriority.h"
#include "ui/DefaultWindow.h"
#include "ui/SeriesThumbnail.h"
#include "ui/StudyBrowserModel.h"
#include "viewer/CinePlayer.h"
#include "viewer/ViewerPanel.h"

namespace radlens::ui {

namespace {

viewer::ViewText viewTextOf(const imaging::Series& s) {
    return {s.patientName, s.studyDescription + " " + s.studyDate,
            s.description + " (" + s.modality + " #" + std::to_string(s.number) + ")"};
}

struct WindowPreset {
    const char* name;
    double center, width;
};
// CT presets (HU) as radiology viewers ship them.
const WindowPreset kCtPresets[] = {
    {QT_TRANSLATE_NOOP("radlens::ui::MainWindow", "CT lung"), -600, 1500},
    {QT_TRANSLATE_NOOP("radlens::ui::MainWindow", "CT mediastinum"), 50, 350},
    {QT_TRANSLATE_NOOP("radlens::ui::MainWindow", "CT bone"), 400, 1800},
    {QT_TRANSLATE_NOOP("radlens::ui::MainWindow", "CT brain"), 40, 80},
    {QT_TRANSLATE_NOOP("radlens::ui::MainWindow", "CT abdomen"), 60, 400}};

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Radlens"));
    resize(1280, 800);
    setAcceptDrops(true);  // drop DICOM files, folders or model bundles on the window

    auto* fileMenu = menuBar()->addMenu(tr("&File"));
    QAction* openFolder = fileMenu->addAction(tr("Open &Folder..."));
    openFolder->setShortcut(QKeySequence(tr("Ctrl+O")));
    connect(openFolder, &QAction::triggered, this, &MainWindow::openFolderDialog);
    QAction* openFiles = fileMenu->addAction(tr("Open F&iles..."));
    openFiles->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    connect(openFiles, &QAction::triggered, this, &MainWindow::openFilesDialog);
    recentMenu_ = fileMenu->addMenu(tr("Open &Recent"));
    recentMenu_->setObjectName(QStringLiteral("recentMenu"));
    updateRecentMenu();
    QAction* importSeg = fileMenu->addAction(tr("&Import Segmentation (DICOM SEG)..."));
    connect(importSeg, &QAction::triggered, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Import a DICOM segmentation"), QString(), tr("DICOM (*.dcm);;All files (*)"));
        if (!file.isEmpty()) importSegmentation(file);
    });
    fileMenu->addSeparator();
    QAction* prefs = fileMenu->addAction(tr("&Preferences..."));
    prefs->setShortcut(QKeySequence(tr("Ctrl+,")));
    prefs->setMenuRole(QAction::PreferencesRole);
    connect(prefs, &QAction::triggered, this, [this] {
        PreferencesDialog dialog(this);
        dialog.exec();
    });
    fileMenu->addSeparator();
    QAction* quit = fileMenu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    viewer_ = new viewer::ViewerPanel(this);

    auto* viewMenu = menuBar()->addMenu(tr("&View"));
    QToolBar* tools = addToolBar(tr("Tools"));
    tools->setObjectName(QStringLiteral("tools"));
    struct LayoutAction {
        QString text, shortcut, name;
    };
    for (const LayoutAction& l : {LayoutAction{tr("1x1"), tr("Ctrl+1"), QStringLiteral("1x1")},
                                  LayoutAction{tr("MPR"), tr("Ctrl+2"), QStringLiteral("mpr")},
                                  LayoutAction{tr("2x2"), tr("Ctrl+3"), QStringLiteral("2x2")}}) {
        QAction* a = viewMenu->addAction(l.text);
        a->setShortcut(QKeySequence(l.shortcut));
        const QString name = l.name;
        connect(a, &QAction::triggered, this, [this, name] { setLayoutByName(name); });
        tools->addAction(a);
    }
    tools->addSeparator();
    presets_ = new QComboBox(tools);
    presets_->setToolTip(tr("Window/level preset"));
    presets_->setPlaceholderText(tr("Window preset"));
    presets_->setMinimumContentsLength(16);
    connect(presets_, &QComboBox::activated, this, &MainWindow::applyPreset);
    tools->addWidget(presets_);
    auto addViewAction = [&](const QString& text, const QString& key, auto fn) {
        QAction* a = viewMenu->addAction(text);
        a->setShortcut(QKeySequence(key));
        connect(a, &QAction::triggered, this, fn);
        tools->addAction(a);
        return a;
    };
    addViewAction(tr("Invert"), tr("I"), [this] {
        auto* v = viewer_->activeView();
        v->setInverted(!v->inverted());
    });
    addViewAction(tr("Fit"), tr("F"), [this] { viewer_->activeView()->fit(); });
    // Cine: plays the active view's slices (frames) in a loop.
    cine_ = new viewer::CinePlayer(this);
    cineAction_ = addViewAction(tr("Cine"), tr("C"), [this] {
        cine_->setView(viewer_->activeView());
        cine_->toggle();
        cineAction_->setChecked(cine_->isPlaying());
    });
    cineAction_->setCheckable(true);
    cineAction_->setToolTip(tr("Play the slices or frames in a loop (C)"));
    connect(cine_, &viewer::CinePlayer::playingChanged, cineAction_, &QAction::setChecked);
    cineRate_ = new QSpinBox(tools);
    cineRate_->setRange(1, 60);
    cineRate_->setSuffix(tr(" fps"));
    cineRate_->setToolTip(tr("Cine rate, frames per second"));
    cineRate_->setValue(QSettings().value(QStringLiteral("viewer/cineRate"), 15).toInt());
    cine_->setRate(cineRate_->value());
    connect(cineRate_, &QSpinBox::valueChanged, this, [this](int fps) {
        cine_->setRate(fps);
        QSettings().setValue(QStringLiteral("viewer/cineRate"), fps);
    });
    tools->addWidget(cineRate_);
    addViewAction(tr("Reset"), tr("R"), [this] { viewer_->activeView()->reset(); });
    // Measuring tools, one at a time (or none: a second press turns it off).
    auto* measureGroup = new QActionGroup(this);
    measureGroup->setExclusionPolicy(QActionGroup::ExclusionPolicy::ExclusiveOptional);
    struct MeasureDef {
        QString text, key;
        viewer::MeasureTool tool;
    };
    for (const MeasureDef& m :
         {MeasureDef{tr("Distance"), tr("M"), viewer::MeasureTool::Distance},
          MeasureDef{tr("Rectangle ROI"), tr("Q"), viewer::MeasureTool::Rectangle},
          MeasureDef{tr("Ellipse ROI"), tr("O"), viewer::MeasureTool::Ellipse},
          MeasureDef{tr("Angle"), tr("A"), viewer::MeasureTool::Angle}}) {
        QAction* a = addViewAction(m.text, m.key, [] {});
        a->setCheckable(true);
        a->setData(int(m.tool));
        measureGroup->addAction(a);
        if (m.tool == viewer::MeasureTool::Distance) measure_ = a;
    }
    connect(measureGroup, &QActionGroup::triggered, this, [this, measureGroup] {
        QAction* on = measureGroup->checkedAction();
        viewer_->setMeasureTool(on ? viewer::MeasureTool(on->data().toInt())
                                   : viewer::MeasureTool::None);
    });
    tools->addSeparator();
    preset3d_ = new QComboBox(tools);
    preset3d_->setToolTip(tr("3D rendering preset"));
    preset3d_->addItem(tr("CT bone"), QStringLiteral("CT bone"));
    preset3d_->addItem(tr("CT soft tissue"), QStringLiteral("CT soft tissue"));
    preset3d_->addItem(tr("MIP"), QStringLiteral("MIP"));
    connect(preset3d_, &QComboBox::activated, this, [this](int i) {
        viewer_->volumeView()->setPreset(preset3d_->itemData(i).toString().toStdString());
    });
    preset3dAction_ = tools->addWidget(preset3d_);
    auto* aiMenu = menuBar()->addMenu(tr("&AI"));
    QAction* analyze = aiMenu->addAction(tr("&Analyse This Series"));
    analyze->setShortcut(QKeySequence(tr("Ctrl+Shift+A")));
    connect(analyze, &QAction::triggered, this, &MainWindow::analyzeCurrent);
    QAction* models = aiMenu->addAction(tr("&Models..."));
    models->setShortcut(QKeySequence(tr("Ctrl+Shift+M")));
    connect(models, &QAction::triggered, this, [this] {
        ModelManagerDialog dialog(QString(), this);
        dialog.exec();
        if (dialog.activeChanged()) refreshWorklistModels();
        if (dialog.activeChanged() && options_.models.isEmpty() && currentVolume_) analyzeCurrent();
    });
    aiMenu->addSeparator();
    QAction* train = aiMenu->addAction(tr("&Train a Model..."));
    train->setShortcut(QKeySequence(tr("Ctrl+Shift+T")));
    connect(train, &QAction::triggered, this, &MainWindow::openTrainingWizard);
    auto* helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction* keys = helpMenu->addAction(tr("&Keyboard Shortcuts"));
    keys->setShortcut(QKeySequence::HelpContents);
    connect(keys, &QAction::triggered, this, &MainWindow::showShortcuts);

    auto* splitter = new QSplitter(this);
    browserModel_ = new StudyBrowserModel(this);
    browser_ = new QTreeView(splitter);
    browser_->setModel(browserModel_);
    browser_->setIconSize(QSize(kThumbnailSide, kThumbnailSide));
    browser_->setUniformRowHeights(false);
    browser_->setIndentation(10);  // three levels in a narrow panel
    browser_->header()->setStretchLastSection(false);
    browser_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < StudyBrowserModel::ColumnCount; ++c)
        browser_->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    connect(browser_, &QTreeView::activated, this, [this](const QModelIndex& index) {
        const int i = browserModel_->seriesIndex(index);
        if (i >= 0) showSeries(i);
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
    worklist_ = new WorklistPanel(QString::fromStdString(imaging::Database::defaultPath()));
    viewMenu->addSeparator();
    // A dock at `area`, `size` pixels across, toggled from the View menu.
    auto addDock = [&](QWidget* widget, const QString& title, const char* name,
                       Qt::DockWidgetArea area, int size, Qt::Orientation o,
                       const QString& key) -> QDockWidget* {
        auto* dock = new QDockWidget(title, this);
        dock->setObjectName(QLatin1String(name));
        dock->setWidget(widget);
        dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
        addDockWidget(area, dock);
        resizeDocks({dock}, {size}, o);
        QAction* toggle = dock->toggleViewAction();
        toggle->setShortcut(QKeySequence(key));
        viewMenu->addAction(toggle);
        return dock;
    };
    QDockWidget* findingsDock =
        addDock(findings_, tr("Findings"), "findingsDock", Qt::RightDockWidgetArea, 300,
                Qt::Horizontal, tr("Ctrl+Shift+F"));
    addDock(worklist_, tr("Worklist"), "worklistDock", Qt::BottomDockWidgetArea, 180, Qt::Vertical,
            tr("Ctrl+Shift+W"));
    connect(worklist_, &WorklistPanel::openSeries, this, &MainWindow::openSeriesFromDatabase);

    // Annotation: the editor, its dock (a tab beside the findings), the Edit
    // menu's undo/redo and the Annotate menu with every tool's shortcut.
    annotation_ = new AnnotationEditor(viewer_, this);
    annotationPanel_ = new AnnotationPanel(annotation_);
    annotationPanel_->setObjectName(QStringLiteral("annotationPanel"));
    auto* annotationScroll = new QScrollArea;
    annotationScroll->setWidget(annotationPanel_);
    annotationScroll->setWidgetResizable(true);
    annotationScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // As wide as the panel needs in this language (the dock follows).
    annotationScroll->setMinimumWidth(annotationPanel_->minimumSizeHint().width() +
                                      annotationScroll->verticalScrollBar()->sizeHint().width() +
                                      4);
    annotationDock_ = addDock(annotationScroll, tr("Annotation"), "annotationDock",
                              Qt::RightDockWidgetArea, 300, Qt::Horizontal, tr("Ctrl+Shift+E"));
    tabifyDockWidget(findingsDock, annotationDock_);
    findingsDock->raise();
    auto* editMenu = new QMenu(tr("&Edit"), this);
    menuBar()->insertMenu(viewMenu->menuAction(), editMenu);
    QAction* undo = annotation_->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = annotation_->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence(tr("Ctrl+Y"))});
    editMenu->addAction(undo);
    editMenu->addAction(redo);
    auto* annotateMenu = new QMenu(tr("A&nnotate"), this);
    menuBar()->insertMenu(aiMenu->menuAction(), annotateMenu);
    for (QAction* a : annotationPanel_->actions()) annotateMenu->addAction(a);
    connect(annotationPanel_, &AnnotationPanel::toggleRequested, this, &MainWindow::setAnnotating);
    connect(annotation_, &AnnotationEditor::labelsChanged, this, &MainWindow::applyOverlays);
    connect(annotation_, &AnnotationEditor::message, this,
            [this](const QString& m) { statusBar()->showMessage(m); });
    connect(annotation_, &AnnotationEditor::saveFailed, this, [this](const QString& m) {
        statusBar()->showMessage(tr("Saving the annotation failed: %1").arg(m));
    });
    connect(annotationPanel_, &AnnotationPanel::importMaskRequested, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Import Mask"), QString(),
            tr("Masks (*.nii *.nii.gz *.nrrd *.dcm *.json);;All files (*)"));
        if (!path.isEmpty()) importMask(path);
    });
    connect(annotationPanel_, &AnnotationPanel::exportMaskRequested, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export Mask"), QString(),
            tr("NIfTI (*.nii.gz);;DICOM SEG (*.dcm);;COCO JSON (*.json)"));
        if (!path.isEmpty()) exportMask(path);
    });
    connect(annotationPanel_, &AnnotationPanel::exportLabelsRequested, this,
            &MainWindow::exportImageLabels);
    connect(annotationPanel_, &AnnotationPanel::importLabelsRequested, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import Image Labels"),
                                                          QString(), tr("CSV (*.csv)"));
        if (!path.isEmpty()) importImageLabels(path);
    });
    connect(annotationPanel_, &AnnotationPanel::exportDatasetRequested, this,
            &MainWindow::exportDataset);
    connect(findings_, &FindingsPanel::reviewRequested, this,
            [this](const QString& finding, const QString& decision) {
                if (currentSeries_ < 0) return;
                const std::string uid = series_[std::size_t(currentSeries_)].uid;
                imaging::Database db(imaging::Database::defaultPath());
                db.setFindingReview(uid, finding.toStdString(), decision.toStdString(),
                                    PreferencesDialog::annotatorName().toStdString());
                findings_->setReviews(db.findingReviews(uid));
            });
    refreshWorklistModels();
    connect(findings_, &FindingsPanel::labelStyleChanged, this, &MainWindow::applyOverlays);
    connect(findings_, &FindingsPanel::heatmapChanged, this, &MainWindow::applyOverlays);
    connect(findings_, &FindingsPanel::cancelRequested, this, &MainWindow::cancelAnalysis);
    connect(findings_, &FindingsPanel::lesionActivated, this, [this](std::array<double, 3> world) {
        if (!currentVolume_) return;
        viewer_->goTo(currentVolume_->geometry().worldToIndex(world));
        syncSlider();
    });

    connect(viewer_, &viewer::ViewerPanel::activeViewChanged, this, &MainWindow::syncSlider);
    connect(viewer_, &viewer::ViewerPanel::activeViewChanged, cine_,
            [this](viewer::SliceView* v) { cine_->setView(v); });
    for (viewer::Plane p : {viewer::Plane::Axial, viewer::Plane::Coronal, viewer::Plane::Sagittal})
        connect(viewer_->view(p), &viewer::SliceView::sliceChanged, this, &MainWindow::syncSlider);
    for (viewer::Plane p : {viewer::Plane::Axial, viewer::Plane::Coronal, viewer::Plane::Sagittal})
        connect(viewer_->view(p), &viewer::SliceView::measured, this, [this](const QString& text) {
            statusBar()->showMessage(
                tr("Measured: %1")
                    .arg(QString(text).replace(QLatin1Char('\n'), QStringLiteral(", "))));
        });
    statusBar()->showMessage(tr("Open a DICOM file or folder (File > Open)"));
    // Files of annotation saves that a crash interrupted: removed in the
    // background (the application waits for its thread pool on exit).
    QThreadPool::globalInstance()->start([] {
        try {
            imaging::Database db(imaging::Database::defaultPath());
            imaging::AnnotationStore(db, imaging::AnnotationStore::defaultRoot()).removeLeftovers();
        } catch (const std::exception&) {
            // Nothing lost: they are tried again at the next start.
        }
    });
}

MainWindow::~MainWindow() {
    stopThumbnails();
    // The engine's destructor cancels and joins; its late callbacks find no window.
    engine_.reset();
}

void MainWindow::setOptions(const Options& options) {
    options_ = options;
    setLayoutByName(options.layout);
    if (!options.models.isEmpty()) refreshWorklistModels();
}

void MainWindow::setLayoutByName(const QString& name) {
    if (name == QLatin1String("mpr"))
        viewer_->setLayout(viewer::Layout::Mpr);
    else if (name == QLatin1String("2x2"))
        viewer_->setLayout(viewer::Layout::Quad);
    else
        viewer_->setLayout(viewer::Layout::Single);
}

void MainWindow::syncSlider() {
    viewer::SliceView* v = viewer_->activeView();
    sliceSlider_->blockSignals(true);
    sliceSlider_->setRange(0, std::max(0, v->sliceCount() - 1));
    sliceSlider_->setValue(v->slice());
    sliceSlider_->setEnabled(v->sliceCount() > 1);
    sliceSlider_->blockSignals(false);
}

void MainWindow::applyPreset(int index) {
    const QVariant d = presets_->itemData(index);
    if (!d.isValid()) return;
    const QPointF cw = d.toPointF();
    viewer_->setWindowAll(cw.x(), cw.y());
    viewer_->activeView()->setWindow(cw.x(), cw.y());
}

void MainWindow::showShortcuts() {
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Keyboard Shortcuts"));
    auto* table = new QTableWidget(&dialog);
    const std::pair<QString, QString> rows[] = {
        {tr("Ctrl+O"), tr("Open a folder")},
        {tr("Ctrl+Shift+O"), tr("Open files")},
        {tr("Ctrl+1 / Ctrl+2 / Ctrl+3"), tr("Layout 1x1 / MPR / 2x2")},
        {tr("Wheel, Up, Down"), tr("Next / previous slice")},
        {tr("PageUp, PageDown"), tr("Ten slices at a time")},
        {tr("Home, End"), tr("First / last slice")},
        {tr("Right-drag"), tr("Window/level")},
        {tr("Middle-drag, Shift+left-drag"), tr("Pan")},
        {tr("Ctrl+wheel"), tr("Zoom")},
        {tr("Left click (MPR)"), tr("Move the crosshair")},
        {tr("M"), tr("Distance tool on/off")},
        {tr("Q / O"), tr("Rectangle / ellipse ROI: mean, SD, min, max, area")},
        {tr("A"), tr("Angle: drag the first arm to the vertex, click the second's end")},
        {tr("Click a measurement"), tr("Select it")},
        {tr("Delete"), tr("Remove the selected measurement, else the last")},
        {tr("Ctrl+Z (in a view)"), tr("Undo the last measurement added or removed")},
        {tr("I"), tr("Invert grey levels")},
        {tr("F"), tr("Fit to window")},
        {tr("C"), tr("Cine: play the slices or frames in a loop; again to stop")},
        {tr("R"), tr("Reset the view")},
        {tr("Ctrl+Shift+A"), tr("Analyse this series with the models")},
        {tr("Ctrl+Shift+F"), tr("Show or hide the findings")},
        {tr("Ctrl+Shift+M"), tr("Models: install, activate, roll back, remove")},
        {tr("Ctrl+Shift+W"), tr("Show or hide the worklist")},
        {tr("Ctrl+Shift+T"), tr("Train a model (wizard)")},
        {tr("Ctrl+,"), tr("Preferences")},
        {tr("F1"), tr("This list")}};
    table->setColumnCount(2);
    table->setRowCount(int(std::size(rows)));
    table->setHorizontalHeaderLabels({tr("Keys"), tr("Action")});
    for (int r = 0; r < int(std::size(rows)); ++r) {
        table->setItem(r, 0, new QTableWidgetItem(rows[r].first));
        table->setItem(r, 1, new QTableWidgetItem(rows[r].second));
    }
    table->horizontalHeader()->setStretchLastSection(true);
    table->resizeColumnsToContents();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* l = new QVBoxLayout(&dialog);
    l->addWidget(table);
    l->addWidget(buttons);
    dialog.resize(520, 520);
    dialog.exec();
}

void MainWindow::openFolderDialog() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open DICOM folder"));
    if (!dir.isEmpty()) openPaths({dir});
}

void MainWindow::openFilesDialog() {
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Open DICOM files"));
    if (!files.isEmpty()) openPaths(files);
}

bool MainWindow::importSegmentation(const QString& path) {
    if (!currentVolume_ || currentSeries_ < 0) {
        findings_->setFailed(QFileInfo(path).fileName(),
                             tr("open the series it was made on first, then import it"));
        return false;
    }
    std::vector<imaging::SegSegment> segments;
    std::shared_ptr<imaging::Volume> labels;
    try {
        labels = std::make_shared<imaging::Volume>(
            imaging::DicomSeg::read(path.toStdString(), series_[std::size_t(currentSeries_)],
                                    currentVolume_->geometry(), &segments));
    } catch (const std::exception& e) {
        findings_->setFailed(QFileInfo(path).fileName(), QString::fromUtf8(e.what()));
        statusBar()->showMessage(tr("Cannot import: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    // Shown as a segmenter's result: label v is segment v.
    cancelAnalysis();
    ++analysisGeneration_;
    ai::Manifest manifest;
    manifest.name = QFileInfo(path).fileName().toStdString();
    manifest.version = "DICOM SEG";
    manifest.architecture = ai::Architecture::UNetEfficientNetB0;  // a segmenter's task
    manifest.mode = "multilabel";
    for (std::size_t i = 0; i < segments.size(); ++i)
        manifest.classes.push_back({segments[i].name, ai::defaultClassColor(i), 0.5, {}});
    auto findings = std::make_shared<ai::Findings>();
    findings->seriesUid = series_[std::size_t(currentSeries_)].uid;
    findings->labels = labels;
    findings->lesions = imaging::LesionStatistics::lesions(*labels);
    findings_->clear(tr("Imported %1").arg(QFileInfo(path).fileName()));
    findings_->setSegmentation(manifest, findings);
    return true;
}

void MainWindow::openSeriesFromDatabase(const QString& seriesUid) {
    QStringList paths;
    for (const auto& i : imaging::Database(imaging::Database::defaultPath())
                             .seriesInstances(seriesUid.toStdString()))
        paths << QString::fromStdString(i.path);
    if (paths.isEmpty()) {
        statusBar()->showMessage(tr("The files of this series are gone."));
        return;
    }
    options_.seriesUid = seriesUid;
    openPaths(paths);
}

QStringList MainWindow::modelsToRun() const {
    if (!options_.models.isEmpty()) return options_.models;
    QStringList bundles;
    const ai::ModelRegistry registry;
    for (const char* task : {"classify", "segment"})
        if (auto m = registry.active(task)) bundles << QString::fromStdString(m->path);
    return bundles;
}

void MainWindow::refreshWorklistModels() {
    QStringList bundles;
    try {
        bundles = modelsToRun();
    } catch (const std::exception&) {
        // The registry's problem is shown when a series is analysed.
    }
    std::vector<std::string> paths;
    for (const QString& b : bundles) paths.push_back(b.toStdString());
    QPointer<MainWindow> self(this);
    std::thread([self, paths] {
        std::vector<WorklistAnalyzer::Model> models;
        for (const std::string& path : paths) {
            try {
                const std::string folder =
                    ai::BundleArchive::resolve(path, ai::BundleArchive::defaultCacheRoot());
                models.push_back(
                    {QString::fromStdString(folder), ai::ModelBundle::readManifest(folder)});
            } catch (const std::exception&) {
                // Unusable bundles are left out; analysing the series says why.
            }
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, models] {
                if (self) self->worklist_->setModels(models);
            },
            Qt::QueuedConnection);
    }).detach();
}

void MainWindow::finishWork() {
    if (--pending_ == 0) Q_EMIT idle();
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

void MainWindow::openPaths(const QStringList& paths) {
    // Model bundles (*.radlens.zip, the desktop's application/x-radlens-model)
    // are installed; everything else is scanned for DICOM.
    QStringList bundles, dicom;
    for (const QString& p : paths)
        (p.endsWith(QLatin1String(".radlens.zip"), Qt::CaseInsensitive) ? bundles : dicom) << p;
    if (!bundles.isEmpty()) installModels(bundles);
    if (dicom.isEmpty()) return;
    rememberRecent(dicom);
    std::vector<std::string> list;
    for (const QString& p : dicom) list.push_back(p.toStdString());
    ++pending_;
    statusBar()->showMessage(tr("Scanning %n path(s)...", nullptr, int(dicom.size())));
    QPointer<MainWindow> self(this);
    std::thread([self, list] {
        imaging::Database db(imaging::Database::defaultPath());
        imaging::Scanner scanner(&db);
        // Called at most ~10 times a second by the scanner's workers.
        scanner.setProgress([self](std::size_t done, std::size_t total) {
            QMetaObject::invokeMethod(
                qApp,
                [self, done, total] {
                    if (self)
                        self->statusBar()->showMessage(
                            MainWindow::tr("Scanning: %1 of %2 files").arg(done).arg(total));
                },
                Qt::QueuedConnection);
        });
        imaging::ScanResult scan = scanner.scan(list);
        auto series = std::make_shared<std::vector<imaging::Series>>(
            imaging::SeriesAssembler::assemble(scan.images));
        const int skipped = int(scan.skipped.size());
        QMetaObject::invokeMethod(
            qApp,
            [self, series, skipped] {
                if (self) self->onScanned(series, skipped);
            },
            Qt::QueuedConnection);
    }).detach();
}

void MainWindow::installModels(const QStringList& bundles) {
    ++pending_;
    statusBar()->showMessage(tr("Installing %n model(s)...", nullptr, int(bundles.size())));
    std::vector<std::string> list;
    for (const QString& b : bundles) list.push_back(b.toStdString());
    QPointer<MainWindow> self(this);
    std::thread([self, list] {
        QStringList lines;
        for (const std::string& source : list) {
            try {
                ai::ModelRegistry registry;
                const ai::RegisteredModel m = registry.install(source);
                lines << MainWindow::tr("Installed model %1 version %2 (%3); it is not active yet.")
                             .arg(QString::fromStdString(m.name), QString::fromStdString(m.version),
                                  QString::fromStdString(m.task));
            } catch (const std::exception& e) {
                lines << MainWindow::tr("Cannot install %1: %2")
                             .arg(QString::fromStdString(source), QString::fromUtf8(e.what()));
            }
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, lines] {
                if (!self) return;
                self->statusBar()->showMessage(lines.join(QLatin1Char(' ')));
                self->finishWork();
            },
            Qt::QueuedConnection);
    }).detach();
}

void MainWindow::onScanned(std::shared_ptr<std::vector<imaging::Series>> series, int skipped) {
    series_ = std::move(*series);
    browserModel_->setSeries(series_);
    browser_->expandAll();
    int chosen = series_.empty() ? -1 : 0;
    for (int i = 0; i < int(series_.size()); ++i)
        if (QString::fromStdString(series_[std::size_t(i)].uid) == options_.seriesUid) chosen = i;
    // Thumbnails after the chosen series is on screen: on two cores a third
    // busy thread beside the decoders slows the GUI thread's first frames.
    thumbnailsPending_ = true;
    if (chosen < 0) startPendingThumbnails();
    statusBar()->showMessage(tr("%n series found", nullptr, int(series_.size())) +
                             (skipped ? tr(", %n file(s) skipped", nullptr, skipped) : QString()));
    if (chosen >= 0) showSeries(chosen);
    finishWork();
}

void MainWindow::startPendingThumbnails() {
    if (!thumbnailsPending_) return;
    thumbnailsPending_ = false;
    makeThumbnails();
}

void MainWindow::stopThumbnails() {
    // The worker notices between two slices (milliseconds).
    thumbnailCancel_->store(true);
    if (thumbnailWorker_.joinable()) thumbnailWorker_.join();
}

void MainWindow::makeThumbnails() {
    stopThumbnails();  // the previous list's
    thumbnailCancel_ = std::make_shared<std::atomic<bool>>(false);
    QPointer<MainWindow> self(this);
    thumbnailWorker_ = std::thread([self, series = series_, cancel = thumbnailCancel_] {
        lowerCurrentThreadPriority();
        for (std::size_t i = 0; i < series.size() && !cancel->load(); ++i) {
            QImage thumbnail;
            try {
                thumbnail = seriesThumbnail(series[i], kThumbnailSide);
            } catch (const std::exception&) {
                continue;  // opening the series reports what is wrong
            }
            QMetaObject::invokeMethod(
                qApp,
                [self, cancel, i, thumbnail] {
                    if (self && !cancel->load())
                        self->browserModel_->setThumbnail(int(i), thumbnail);
                },
                Qt::QueuedConnection);
        }
    });
}

void MainWindow::showSeries(int index) {
    if (index < 0 || index >= int(series_.size())) return;
    annotation_->end();  // saves the work on the series being left
    sinceShowSeries_.start();
    cine_->stop();
    currentSeries_ = index;
    cancelAnalysis();
    ++analysisGeneration_;
    currentVolume_.reset();
    findings_->clear(tr("Loading the series..."));
    ++pending_;
    statusBar()->showMessage(tr("Loading series %1...").arg(series_[index].number));
    QPointer<MainWindow> self(this);
    imaging::Series series = series_[index];
    const int count = int(series.slices.size());
    const int first = std::clamp(options_.slice.value_or(count / 2), 0, std::max(0, count - 1));
    std::thread([self, index, series, count, first] {
        lowerCurrentThreadPriority();  // and so its decoders: the GUI thread first
        // The slice the view opens at, alone first: it is on screen while the
        // rest decodes. A failure here is left to the full load to report.
        if (count > 1) {
            try {
                auto slice = std::make_shared<imaging::Volume>(
                    imaging::SeriesLoader().loadSlice(series, first));
                const auto window = defaultWindow(*slice);
                // The rest decodes once that image is drawn (or after 200 ms):
                // decoders on every core would slow its frame twofold.
                auto drawn = std::make_shared<std::promise<void>>();
                std::future<void> done = drawn->get_future();
                QMetaObject::invokeMethod(
                    qApp,
                    [self, index, slice, first, count, window, drawn] {
                        if (self) self->onPreview(index, slice, first, count, window);
                        drawn->set_value();
                    },
                    Qt::QueuedConnection);
                done.wait_for(std::chrono::milliseconds(200));
            } catch (const std::exception&) {
            }
        }
        std::shared_ptr<imaging::Volume> volume;
        std::pair<double, double> window{40, 400};
        QString error;
        try {
            imaging::SeriesLoader loader;
            loader.setProgress([self](std::size_t done, std::size_t total) {
                QMetaObject::invokeMethod(
                    qApp,
                    [self, done, total] {
                        if (self)
                            self->statusBar()->showMessage(
                                MainWindow::tr("Loading: %1 of %2 images").arg(done).arg(total));
                    },
                    Qt::QueuedConnection);
            });
            volume = std::make_shared<imaging::Volume>(loader.load(series));
            window = defaultWindow(*volume);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, index, volume, window, error] {
                if (self) self->onLoaded(index, volume, window, error);
            },
            Qt::QueuedConnection);
    }).detach();
}

void MainWindow::onPreview(int index, std::shared_ptr<imaging::Volume> slice, int k, int count,
                           std::pair<double, double> window) {
    if (index != currentSeries_ || currentVolume_) return;  // another series, or loaded
    viewer_->setPreview(slice, viewTextOf(series_[std::size_t(index)]),
                        "preview:" + series_[std::size_t(index)].uid, k, count, window);
    viewer_->view(viewer::Plane::Axial)->repaint();  // now, before the decoders start
    sliceSlider_->setEnabled(false);
    Q_EMIT previewShown(index, sinceShowSeries_.elapsed());
}

void MainWindow::onLoaded(int index, std::shared_ptr<imaging::Volume> volume,
                          std::pair<double, double> window, QString error) {
    if (index == currentSeries_) {
        if (!volume) {
            statusBar()->showMessage(tr("Cannot load this series: %1").arg(error));
        } else {
            const imaging::Series& s = series_[index];
            viewer_->setVolume(volume, viewTextOf(s), s.uid, window);
            preset3dAction_->setVisible(volume->dims()[2] > 1);  // no 3D for a single image
            const int preset3d =
                preset3d_->findData(QString::fromStdString(viewer_->volumeView()->preset()));
            if (preset3d >= 0) preset3d_->setCurrentIndex(preset3d);
            presets_->clear();
            for (const auto& p : volume->windowPresets)
                presets_->addItem(p.name.empty()
                                      ? tr("Header: W %1 L %2").arg(p.width).arg(p.center)
                                      : QString::fromStdString(p.name),
                                  QPointF(p.center, p.width));
            if (volume->units == "HU")
                for (const auto& p : kCtPresets)
                    presets_->addItem(tr(p.name), QPointF(p.center, p.width));
            presets_->setCurrentIndex(-1);
            if (options_.windowCenter && options_.windowWidth)
                viewer_->setWindowAll(*options_.windowCenter, *options_.windowWidth);
            if (options_.slice) viewer_->activeView()->setSlice(*options_.slice);
            syncSlider();
            statusBar()->showMessage(tr("Series loaded: %1 x %2 x %3")
                                         .arg(volume->dims()[0])
                                         .arg(volume->dims()[1])
                                         .arg(volume->dims()[2]));
            currentVolume_ = volume;
            if (!options_.models.isEmpty() || PreferencesDialog::analyzeAutomatically())
                analyzeCurrent();
            else
                findings_->clear(
                    tr("Analysis on demand: AI > Analyse This Series (Ctrl+Shift+A)."));
        }
    }
    startPendingThumbnails();
    finishWork();
}

void MainWindow::analyzeCurrent() {
    if (!currentVolume_ || currentSeries_ < 0) {
        findings_->clear(tr("Open a series to see the models' findings."));
        return;
    }
    cancelAnalysis();
    const int generation = ++analysisGeneration_;
    QStringList bundles;
    try {
        bundles = modelsToRun();
    } catch (const std::exception& e) {
        findings_->clear(
            tr("The model registry cannot be read: %1").arg(QString::fromUtf8(e.what())));
        return;
    }
    if (bundles.isEmpty()) {
        findings_->clear(
            tr("No active model. Train one (AI > Train a Model) or open a model bundle "
               "(*.radlens.zip)."));
        return;
    }
    findings_->clear(tr("Reading the models..."));
    ++pending_;
    const std::string modality = series_[std::size_t(currentSeries_)].modality;
    std::vector<std::string> paths;
    for (const QString& b : bundles) paths.push_back(b.toStdString());
    QPointer<MainWindow> self(this);
    // Manifests off the GUI thread: a zipped bundle is unpacked on first use.
    std::thread([self, generation, paths, modality] {
        std::vector<ModelToRun> models;
        QStringList problems;
        for (const std::string& path : paths) {
            try {
                const std::string folder =
                    ai::BundleArchive::resolve(path, ai::BundleArchive::defaultCacheRoot());
                ai::Manifest m = ai::ModelBundle::readManifest(folder);
                if (ai::modelSuitsModality(m, modality))
                    models.push_back({QString::fromStdString(folder), std::move(m)});
            } catch (const std::exception& e) {
                problems << QString::fromUtf8(e.what());
            }
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, generation, models, problems] {
                if (self) self->startAnalysis(generation, models, problems);
            },
            Qt::QueuedConnection);
    }).detach();
}

void MainWindow::startAnalysis(int generation, std::vector<ModelToRun> models,
                               QStringList problems) {
    if (generation != analysisGeneration_ || !currentVolume_) {
        finishWork();
        return;
    }
    if (models.empty()) {
        findings_->clear(
            problems.isEmpty()
                ? tr("No model for %1 series.")
                      .arg(QString::fromStdString(series_[std::size_t(currentSeries_)].modality))
                : problems.join(QLatin1Char('\n')));
        finishWork();
        return;
    }
    findings_->clear(problems.join(QLatin1Char('\n')));
    try {
        if (!engine_)
            engine_ =
                std::make_unique<ai::InferenceEngine>("auto", imaging::Database::defaultPath());
    } catch (const std::exception& e) {
        findings_->clear(tr("The models cannot run: %1").arg(QString::fromUtf8(e.what())));
        finishWork();
        return;
    }
    QPointer<MainWindow> self(this);
    for (const ModelToRun& model : models) {
        ai::InferenceRequest request;
        request.seriesUid = series_[std::size_t(currentSeries_)].uid;
        request.volume = currentVolume_;
        request.bundle = model.folder.toStdString();
        request.priority = 10;     // the series on screen comes first
        request.useCache = false;  // the overlays need the label volume and heatmaps
        const ai::Manifest manifest = model.manifest;
        ++pending_;
        findings_->setRunning(QString::fromStdString(manifest.name), 0);
        jobs_.push_back(
            engine_->submit(request, [self, generation, manifest](const ai::JobUpdate& u) {
                QMetaObject::invokeMethod(
                    qApp,
                    [self, generation, manifest, u] {
                        if (self) self->onJobUpdate(generation, manifest, u);
                    },
                    Qt::QueuedConnection);
            }));
    }
    finishWork();
}

void MainWindow::onJobUpdate(int generation, const ai::Manifest& manifest,
                             const ai::JobUpdate& update) {
    const bool terminal = update.state == ai::JobState::Done ||
                          update.state == ai::JobState::Failed ||
                          update.state == ai::JobState::Cancelled;
    if (terminal) jobs_.erase(std::remove(jobs_.begin(), jobs_.end(), update.id), jobs_.end());
    if (generation == analysisGeneration_) {
        const QString name = QString::fromStdString(manifest.name);
        switch (update.state) {
            case ai::JobState::Queued:
            case ai::JobState::Running:
                findings_->setRunning(name, update.progress);
                break;
            case ai::JobState::Cancelling:
                break;
            case ai::JobState::Done:
                if (manifest.task() == "segment") {
                    findings_->setSegmentation(manifest, update.findings);
                    // Open at the largest lesion unless a slice was asked for.
                    const auto& lesions = update.findings->lesions;
                    if (!options_.slice && !lesions.empty() && currentVolume_) {
                        const auto largest = std::max_element(
                            lesions.begin(), lesions.end(),
                            [](const auto& a, const auto& b) { return a.voxels < b.voxels; });
                        viewer_->goTo(currentVolume_->geometry().worldToIndex(largest->centroid));
                        syncSlider();
                    }
                } else
                    findings_->setClassification(manifest, update.findings);
                break;
            case ai::JobState::Failed:
                findings_->setFailed(name, QString::fromStdString(update.message));
                break;
            case ai::JobState::Cancelled:
                findings_->setFailed(name, tr("cancelled"));
                break;
        }
        if (terminal && jobs_.empty()) {
            findings_->setIdle();
            if (currentSeries_ >= 0) {
                const std::string uid = series_[std::size_t(currentSeries_)].uid;
                if (!worklist_->model()->updateSeries(QString::fromStdString(uid)))
                    worklist_->reload();
                findings_->setReviews(
                    imaging::Database(imaging::Database::defaultPath()).findingReviews(uid));
            }
        }
    }
    if (terminal) finishWork();
}

void MainWindow::cancelAnalysis() {
    if (!engine_) return;
    for (ai::JobId id : jobs_) engine_->cancel(id);
}

void MainWindow::applyOverlays() {
    if (!currentVolume_) return;
    try {
        if (annotation_->active())
            viewer_->setLabels(annotation_->labels(), annotation_->labelStyle());
        else
            viewer_->setLabels(findings_->labels(), findings_->labelStyle());
        viewer_->setHeatmap(findings_->heatmap(), findings_->heatmapStyle());
    } catch (const std::exception& e) {
        // A result of another size than the series: shown without overlay.
        statusBar()->showMessage(
            tr("Cannot show the overlay: %1").arg(QString::fromUtf8(e.what())));
    }
}

void MainWindow::openTrainingWizard() {
    const QString cli =
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("radlens-cli"));
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

void MainWindow::setAnnotating(bool on) {
    if (!on) {
        annotation_->end();
        applyOverlays();
        return;
    }
    if (!currentVolume_ || currentSeries_ < 0) {
        statusBar()->showMessage(tr("Open a series to annotate first."));
        return;
    }
    const imaging::Series& series = series_[std::size_t(currentSeries_)];
    AnnotationSession s;
    s.seriesUid = series.uid;
    s.image = currentVolume_;
    s.annotator = PreferencesDialog::annotatorName();
    const ai::Manifest& seg = findings_->segmentManifest();
    if (findings_->labels() && findings_->labels()->dims() == currentVolume_->dims())
        s.aiLabels = findings_->labels();
    for (int v = 1; v <= seg.maxLabel() && v < 256; ++v) {
        const int c = seg.classOfLabel(v);
        if (c < 0) continue;
        const QColor q(QString::fromStdString(seg.classes[std::size_t(c)].color));
        s.labels.push_back(
            {v,
             QString::fromStdString(seg.classes[std::size_t(c)].name),
             {std::uint8_t(q.red()), std::uint8_t(q.green()), std::uint8_t(q.blue())}});
    }
    for (const ai::ClassInfo& c : findings_->classifyManifest().classes)
        s.imageClasses << QString::fromStdString(c.name);
    for (const imaging::FindingReview& r :
         imaging::Database(imaging::Database::defaultPath()).findingReviews(series.uid)) {
        const QString f = QString::fromStdString(r.finding);
        if (!s.imageClasses.contains(f) && !f.startsWith(QLatin1String("lesion")))
            s.imageClasses << f;
        if (r.decision == "accepted") s.acceptedFindings << f;
    }
    annotationDock_->show();
    annotationDock_->raise();
    try {
        annotation_->begin(s);
    } catch (const std::exception& e) {
        statusBar()->showMessage(tr("Cannot annotate: %1").arg(QString::fromUtf8(e.what())));
    }
    applyOverlays();
}

bool MainWindow::importMask(const QString& path) {
    if (!annotation_->active() || currentSeries_ < 0) {
        statusBar()->showMessage(tr("Start annotating a series first (Ctrl+E)."));
        return false;
    }
    const imaging::Series& series = series_[std::size_t(currentSeries_)];
    try {
        const imaging::Volume labels = imaging::LabelMaps::read(path.toStdString(), series);
        annotation_->replaceLabels(labels, tr("Import %1").arg(QFileInfo(path).fileName()));
        statusBar()->showMessage(
            tr("Imported %1 (Ctrl+Z undoes it).").arg(QFileInfo(path).fileName()));
        return true;
    } catch (const std::exception& e) {
        statusBar()->showMessage(tr("Cannot import the mask: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
}

bool MainWindow::exportMask(const QString& path) {
    if (!annotation_->active() || currentSeries_ < 0) return false;
    const imaging::Series& series = series_[std::size_t(currentSeries_)];
    const imaging::Volume& labels = *annotation_->labels();
    const std::string p = path.toStdString();
    std::map<int, std::string> names;
    for (const AnnotationLabel& l : annotation_->labelList()) names[l.value] = l.name.toStdString();
    try {
        const QString lower = path.toLower();
        if (lower.endsWith(QLatin1String(".dcm"))) {
            // Segments are numbered 1..N by label value: gaps get a plain name.
            int maxValue = 0;
            const std::uint8_t* px = labels.dataAs<std::uint8_t>();
            for (std::size_t i = 0; i < labels.geometry().voxelCount(); ++i)
                maxValue = std::max(maxValue, int(px[i]));
            for (const AnnotationLabel& l : annotation_->labelList())
                maxValue = std::max(maxValue, l.value);
            std::vector<imaging::SegSegment> segments;
            for (int v = 1; v <= maxValue; ++v) {
                imaging::SegSegment s{v, "Label " + std::to_string(v), {255, 255, 0}};
                for (const AnnotationLabel& l : annotation_->labelList())
                    if (l.value == v) s = {v, l.name.toStdString(), l.color};
                segments.push_back(s);
            }
            imaging::SegCreator creator;
            creator.manual = true;
            creator.annotator = annotation_->session().annotator.toStdString();
            creator.softwareVersion = RADLENS_VERSION;
            creator.seriesDescription = "Annotation by " + creator.annotator;
            imaging::DicomSeg::write(labels, series, segments, creator, p);
        } else if (lower.endsWith(QLatin1String(".json"))) {
            int holes = 0;
            imaging::CocoDocument::fromLabelMap(labels, series.uid, names, &holes).write(p);
            if (holes > 0)
                statusBar()->showMessage(
                    tr("Exported; %n hole(s) left out (COCO polygons cannot carry holes).", "",
                       holes));
            return true;
        } else {
            imaging::VolumeIO::write(labels, p);
        }
        statusBar()->showMessage(tr("Exported %1.").arg(QFileInfo(path).fileName()));
        return true;
    } catch (const std::exception& e) {
        statusBar()->showMessage(tr("Cannot export the mask: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
}

void MainWindow::exportImageLabels() {
    if (!annotation_->active() || currentSeries_ < 0) {
        statusBar()->showMessage(tr("Start annotating a series first (Ctrl+E)."));
        return;
    }
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export Image Labels"), QString(), tr("CSV (*.csv)"));
    if (path.isEmpty()) return;
    const imaging::Series& series = series_[std::size_t(currentSeries_)];
    imaging::ImageLabelRow row;
    row.image = imaging::DatasetExporter::imageFileName(series.uid, currentVolume_->dims()[2] == 1);
    row.patientId = series.patientId;
    for (const QString& l : annotation_->imageLabels()) row.labels.push_back(l.toStdString());
    try {
        imaging::ImageLabelsCsv::write(path.toStdString(), {row});
        statusBar()->showMessage(tr("Exported %1.").arg(QFileInfo(path).fileName()));
    } catch (const std::exception& e) {
        statusBar()->showMessage(tr("Cannot export: %1").arg(QString::fromUtf8(e.what())));
    }
}

void MainWindow::exportDataset() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export Annotated Dataset To"));
    if (dir.isEmpty()) return;
    if (annotation_->active()) annotation_->waitForSaves();
    auto* progress =
        new QProgressDialog(tr("Exporting the annotated dataset..."), tr("Cancel"), 0, 100, this);
    progress->setWindowModality(Qt::WindowModal);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->setMinimumDuration(0);
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    connect(progress, &QProgressDialog::canceled, this, [cancel] { *cancel = true; });
    ++pending_;
    QPointer<MainWindow> self(this);
    QPointer<QProgressDialog> bar(progress);
    const std::string out = dir.toStdString();
    std::thread([self, bar, cancel, out] {
        QString message;
        try {
            imaging::Database db(imaging::Database::defaultPath());
            imaging::AnnotationStore store(db, imaging::AnnotationStore::defaultRoot());
            imaging::DatasetExporter exporter(db, store);
            exporter.setCancelFlag(cancel.get());
            exporter.setProgress([bar](std::size_t done, std::size_t total) {
                QMetaObject::invokeMethod(qApp, [bar, done, total] {
                    if (bar) bar->setValue(int(100 * done / std::max<std::size_t>(total, 1)));
                });
            });
            const imaging::DatasetSummary s = exporter.write(out);
            message = tr("Exported %n annotated series to %1.", "", int(s.cases))
                          .arg(QString::fromStdString(out));
            if (!s.skipped.empty())
                message += QLatin1Char(' ') + tr("%n series skipped (see README.md there).", "",
                                                 int(s.skipped.size()));
        } catch (const std::exception& e) {
            message = tr("Cannot export the dataset: %1").arg(QString::fromUtf8(e.what()));
        }
        QMetaObject::invokeMethod(qApp, [self, bar, message] {
            if (bar) bar->close();
            if (!self) return;
            self->statusBar()->showMessage(message);
            self->finishWork();
        });
    }).detach();
}

bool MainWindow::importImageLabels(const QString& path) {
    if (!annotation_->active() || currentSeries_ < 0) {
        statusBar()->showMessage(tr("Start annotating a series first (Ctrl+E)."));
        return false;
    }
    const imaging::Series& series = series_[std::size_t(currentSeries_)];
    std::vector<imaging::ImageLabelRow> rows;
    try {
        rows = imaging::ImageLabelsCsv::read(path.toStdString());
    } catch (const std::exception& e) {
        statusBar()->showMessage(
            tr("Cannot import the labels: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    std::set<std::string> names{imaging::DatasetExporter::imageFileName(series.uid, true),
                                imaging::DatasetExporter::imageFileName(series.uid, false),
                                series.uid};
    for (const imaging::InstanceInfo& i : series.instances)
        names.insert(std::filesystem::path(i.path).filename().string());
    const imaging::ImageLabelRow* match = nullptr;
    for (const imaging::ImageLabelRow& r : rows)
        if (names.count(r.image)) match = &r;
    if (!match && rows.size() == 1) match = &rows.front();
    if (!match) {
        statusBar()->showMessage(
            tr("No row of %1 names this series.").arg(QFileInfo(path).fileName()));
        return false;
    }
    for (const QString& l : annotation_->imageLabels()) annotation_->setImageLabel(l, false);
    for (const std::string& l : match->labels)
        annotation_->setImageLabel(QString::fromStdString(l), true);
    statusBar()->showMessage(tr("Image labels from %1: %2")
                                 .arg(QFileInfo(path).fileName(),
                                      annotation_->imageLabels().isEmpty()
                                          ? tr("no finding")
                                          : annotation_->imageLabels().join(QStringLiteral(", "))));
    return true;
}

bool MainWindow::offers3dPresets() const { return preset3dAction_->isVisible(); }

}  // namespace radlens::ui
