#pragma once
// The main window: study browser (patients, studies, series) on the left, the
// image area (1x1, MPR, 2x2 with 3D) on the right, a toolbar for layouts,
// window presets, tools and the 3D preset, a slice slider for the active view
// and a status bar with background progress.
//
// Threads: GUI thread only. Scanning and decoding run on worker threads and
// come back through queued calls; the window never waits for them.
// Ownership: Qt parent/child; volumes are shared_ptr held by the views.

#include <QElapsedTimer>
#include <QMainWindow>
#include <atomic>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "ai/InferenceEngine.h"
#include "ai/ModelBundle.h"
#include "imaging/Series.h"
#include "imaging/Volume.h"

class QComboBox;
class QSlider;
class QSpinBox;
class QTreeView;
class QAction;
class QMenu;
class QDockWidget;

namespace radlens::viewer {
class CinePlayer;
class ViewerPanel;
class SliceView;
enum class Layout;
}  // namespace radlens::viewer

namespace radlens::ui {

class AnnotationEditor;
class AnnotationPanel;
class FindingsPanel;
class StudyBrowserModel;
class WorklistPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        QString seriesUid;  ///< series to show first (else the first found)
        std::optional<double> windowCenter, windowWidth;
        std::optional<int> slice;  ///< 0-based slice index
        QString layout = QStringLiteral("1x1");
        /// Model bundles to run on the series shown (`--model`); empty: the
        /// registry's active models, when the preference says so.
        QStringList models;
    };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void setOptions(const Options& options);
    /// Scans `paths` in the background, then shows the first (or the chosen)
    /// series. Model bundles among them (*.radlens.zip) are installed instead.
    void openPaths(const QStringList& paths);
    /// Copies each bundle into the data folder and registers it (not active),
    /// in the background; the status bar says what happened.
    void installModels(const QStringList& bundles);
    bool isIdle() const { return pending_ == 0; }
    viewer::ViewerPanel* viewer() const { return viewer_; }
    FindingsPanel* findingsPanel() const { return findings_; }
    /// Runs the models (--model, else the active ones) on the series shown,
    /// in the background; the findings panel and the overlays show the result.
    void analyzeCurrent();
    /// Shows a DICOM SEG of the series on screen as its segmentation overlay.
    /// False, with the reason in the findings panel, when it does not fit
    /// (another series, another grid, not a SEG).
    bool importSegmentation(const QString& path);
    /// Opens a series known to the local database (the worklist's double click).
    void openSeriesFromDatabase(const QString& seriesUid);
    WorklistPanel* worklistPanel() const { return worklist_; }
    AnnotationEditor* annotationEditor() const { return annotation_; }
    /// The study browser (patients, studies, series): for tests.
    QTreeView* studyBrowser() const { return browser_; }
    viewer::CinePlayer* cinePlayer() const { return cine_; }
    StudyBrowserModel* studyBrowserModel() const { return browserModel_; }
    /// Whether the 3D preset choice is offered (not for 2D images).
    bool offers3dPresets() const;
    AnnotationPanel* annotationPanel() const { return annotationPanel_; }
    /// Starts (or stops, saving) annotating the series on screen.
    void setAnnotating(bool on);
    /// Replaces the labels being edited by a mask file (NIfTI, DICOM SEG or
    /// COCO JSON of this series), as one undo step; false with the reason in
    /// the status bar when it does not fit.
    bool importMask(const QString& path);
    /// Writes the labels being edited as NIfTI, DICOM SEG or COCO JSON (by
    /// the extension); false with the reason in the status bar.
    bool exportMask(const QString& path);
    /// Sets the image labels from a ChestX-ray14-style CSV: the row whose
    /// Image Index is this series' (<uid>.png, <uid>.nii.gz, or one of its
    /// files' names), or the only row. False with the reason in the status bar.
    bool importImageLabels(const QString& path);
    /// Paths opened lately, newest first (at most 10; File > Open Recent).
    static QStringList recentPaths();

protected:
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;
    void closeEvent(QCloseEvent* e) override;

public:
Q_SIGNALS:
    /// Emitted whenever the window becomes idle after background work.
    void idle();
    /// Emitted when the first slice of a loading series is on screen, before
    /// the rest has decoded; `milliseconds` since the series was chosen.
    void previewShown(int seriesIndex, qint64 milliseconds);

private:
    void onScanned(std::shared_ptr<std::vector<imaging::Series>> series, int skipped);
    void showSeries(int index);
    /// Slice `k` of `count` of series `index`, decoded before the rest.
    void onPreview(int index, std::shared_ptr<imaging::Volume> slice, int k, int count,
                   std::pair<double, double> window);
    void onLoaded(int index, std::shared_ptr<imaging::Volume> volume,
                  std::pair<double, double> window, QString error);
    void setLayoutByName(const QString& name);
    void syncSlider();
    void applyPreset(int index);
    void showShortcuts();
    void openTrainingWizard();
    void openFolderDialog();
    void openFilesDialog();
    void finishWork();
    struct ModelToRun {
        QString folder;
        ai::Manifest manifest;
    };
    void startAnalysis(int generation, std::vector<ModelToRun> models, QStringList problems);
    void onJobUpdate(int generation, const ai::Manifest& manifest, const ai::JobUpdate& update);
    void cancelAnalysis();
    void applyOverlays();
    void rememberRecent(const QStringList& paths);
    void exportImageLabels();
    void exportDataset();
    void updateRecentMenu();
    /// Gives the worklist the active models (or --model's), read off the GUI thread.
    void refreshWorklistModels();
    /// --model's bundles, else the registry's active ones. Throws std::runtime_error
    /// for a damaged registry.
    QStringList modelsToRun() const;

    Options options_;
    QTreeView* browser_ = nullptr;
    StudyBrowserModel* browserModel_ = nullptr;
    viewer::CinePlayer* cine_ = nullptr;
    QAction* cineAction_ = nullptr;
    QSpinBox* cineRate_ = nullptr;
    /// The thumbnail worker of the current series list, and its stop flag.
    std::thread thumbnailWorker_;
    std::shared_ptr<std::atomic<bool>> thumbnailCancel_ =
        std::make_shared<std::atomic<bool>>(false);
    static constexpr int kThumbnailSide = 40;
    /// Thumbnails of series_, made on a worker, shown as they come.
    void makeThumbnails();
    /// Stops the worker and waits for it (at most one slice's decoding).
    void stopThumbnails();
    /// Starts makeThumbnails() once a new list's first series has loaded.
    void startPendingThumbnails();
    bool thumbnailsPending_ = false;
    QElapsedTimer sinceShowSeries_;
    viewer::ViewerPanel* viewer_ = nullptr;
    QSlider* sliceSlider_ = nullptr;
    QComboBox* presets_ = nullptr;
    QComboBox* preset3d_ = nullptr;
    QAction* preset3dAction_ = nullptr;
    QAction* measure_ = nullptr;
    FindingsPanel* findings_ = nullptr;
    WorklistPanel* worklist_ = nullptr;
    AnnotationEditor* annotation_ = nullptr;
    AnnotationPanel* annotationPanel_ = nullptr;
    QDockWidget* annotationDock_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    std::unique_ptr<ai::InferenceEngine> engine_;  ///< created on first use
    std::vector<ai::JobId> jobs_;                  ///< running for the series shown
    int analysisGeneration_ = 0;  ///< bumped when the series changes: late results are dropped
    std::shared_ptr<imaging::Volume> currentVolume_;
    std::vector<imaging::Series> series_;
    int currentSeries_ = -1;
    int pending_ = 0;
};

}  // namespace radlens::ui
