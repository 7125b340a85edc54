#pragma once
// The open study, without widgets (the Logic of 3D Slicer's Logic/Widgets
// split): the series found by the last open, the series on screen, its first
// decoded slice and then its whole volume, the models' findings on it per
// task ("classify", "segment"), the reviews of those findings, and the one
// ai::InferenceEngine of the process. Panels and views observe its signals
// and forward what the user asks to its slots; the main window only
// assembles them. Tests drive it headless.
//
// The walk of a series: open(paths) -> a scan task (first a look at one file,
// firstLook, then imaging::Scanner into the database, then SeriesAssembler)
// -> seriesListChanged -> selectSeries() -> a
// load task that decodes the opening slice first (previewReady), then the
// whole series (volumeLoaded) -> analyze() when asked or preferred.
// The walk of a result: analyze() -> a manifest task -> engine.submit ->
// engine callback (worker) -> queued to this object -> findingsChanged(task)
// -> the findings panel and the overlays read findings(task). Nothing flows
// back up: the panel and the views only read.
//
// Every long step is a BackgroundTask: cancellable, with progress, and no
// database access on the GUI thread. A result that arrives for a series no
// longer on screen is dropped (the analysis generation).
//
// Threads: GUI thread only; signals are emitted on it. Ownership: owns its
// tasks (children) and the engine (shared with the worklist analyser, which
// submits at a lower priority: the series on screen comes first).

#include <QImage>
#include <QObject>
#include <QStringList>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ai/Findings.h"
#include "ai/InferenceEngine.h"
#include "ai/ModelBundle.h"
#include "imaging/Database.h"
#include "imaging/Series.h"
#include "imaging/Volume.h"
#include "ui/WorklistAnalyzer.h"

namespace radlens::ui {

class BackgroundTask;

class StudySession : public QObject {
    Q_OBJECT
public:
    /// What a model found, with the manifest that says how to show it.
    struct ModelResult {
        ai::Manifest manifest;  ///< empty for an imported segmentation
        /// A segmentation's labels (value, name, colour): the model's classes,
        /// or an imported SEG's segments.
        std::vector<imaging::Label> labels;
        std::shared_ptr<const ai::Findings> findings;
    };

    /// `databasePath`: the local database (empty: imaging::Database::defaultPath()).
    explicit StudySession(QString databasePath = {}, QObject* parent = nullptr);
    ~StudySession() override;

    const QString& databasePath() const { return databasePath_; }
    /// The study browser's thumbnails: the longer side, in pixels.
    static constexpr int kThumbnailSide = 40;

    // ---------------------------------------------------------------- series
    /// The series to show after the next open (else the first found), and the
    /// slice to open at (else the middle; then no jump to the largest lesion).
    void setPreferredSeries(const QString& seriesUid) { preferredSeries_ = seriesUid; }
    void setPreferredSlice(std::optional<int> slice) { preferredSlice_ = slice; }
    std::optional<int> preferredSlice() const { return preferredSlice_; }
    /// Scans `paths` (files, folders, DICOMDIRs) into the database, then lists
    /// their series and shows the preferred one. Cancels a scan under way.
    void open(const QStringList& paths);
    /// Opens a series known to the database by its files (the worklist).
    void openFromDatabase(const QString& seriesUid);
    void cancelScan();
    /// The paths of the last open().
    const QStringList& openedPaths() const { return openedPaths_; }
    /// Instances of `seriesUid` have arrived in `folder` (a retrieval, a
    /// listener): the worklist re-reads the database, and when the folder is
    /// (inside) what is open, the series list is scanned again and the series
    /// on screen is reloaded with what has come. Coalesced: at most once every
    /// `kArrivalRefreshMs`, and never while a scan or load runs. A series still
    /// arriving is not analysed (a result on part of it would be cached).
    void noteArrival(const QString& folder, const QString& seriesUid);
    /// The transfers have ended: one last refresh, and analysis is allowed.
    void arrivalsFinished();
    bool isArriving(const QString& seriesUid) const { return arriving_.count(seriesUid) > 0; }
    static constexpr int kArrivalRefreshMs = 1500;
    /// Shows series `index` of seriesList(): preview, then the volume.
    void selectSeries(int index);
    const std::vector<imaging::Series>& seriesList() const { return series_; }
    int currentIndex() const { return current_; }
    /// The series on screen; nullptr when none.
    const imaging::Series* currentSeries() const;
    /// The whole volume of the series on screen; null while it loads.
    std::shared_ptr<imaging::Volume> volume() const { return volume_; }
    /// Its opening window (centre, width).
    std::pair<double, double> window() const { return window_; }

    // ---------------------------------------------------------------- models
    /// `--model`'s bundles; empty: the registry's active models.
    /// An interactive bundle among them goes to the AI click tool instead.
    void setModelOverride(const QStringList& bundles);
    /// The AI click tool's bundle: `--model`'s interactive one, else the
    /// registry's active "interactive" model; "" for none. Reads the registry.
    QString interactiveModel() const;
    const QStringList& modelOverride() const { return modelOverride_; }
    /// Adds a bundle to the override (a model trained in the background has
    /// become ready) and runs the models on the series on screen, if any.
    void addModel(const QString& bundle);
    /// Runs the models on the series on screen (cancels a run under way).
    void analyze();
    void cancelAnalysis();
    /// Copies each bundle into the registry (not active), in the background.
    void installModels(const QStringList& bundles);
    /// Reads the models the worklist uses (override, else active) off the GUI
    /// thread; worklistModelsChanged follows.
    void refreshWorklistModels();
    /// Shows a DICOM SEG of the series on screen as its segmentation. False,
    /// with the reason in `error`, when it does not fit.
    bool showSegmentation(const QString& path, QString* error);
    /// The findings of `task` ("classify", "segment") on the series on screen;
    /// nullptr when there are none.
    const ModelResult* findings(const std::string& task) const;
    const std::vector<imaging::FindingReview>& reviews() const { return reviews_; }
    /// Records a radiologist's decision ("accepted" / "rejected") on a finding.
    void review(const QString& finding, const QString& decision, const QString& reviewer);
    /// Writes the findings on screen in the background: a DICOM SEG of the
    /// model's segmentation (`sr` false) or an SR of the classifier's findings
    /// (else the segmenter's). exported() follows; false at once, with the
    /// reason, when there is nothing of a model to write.
    bool exportFindings(const QString& path, bool sr, QString* error);
    /// The engine (created on first use, shared). Throws std::runtime_error.
    std::shared_ptr<ai::InferenceEngine> engine();

    // ------------------------------------------------------------------ work
    /// True while any task of the session runs (scan, load, analysis, install...).
    bool isBusy() const { return pending_ > 0; }
    /// Runs `task` as one of the session's (counted in isBusy()) and starts it.
    void track(BackgroundTask* task);

Q_SIGNALS:
    void busyChanged(bool busy);
    /// A line for the status bar (progress, counts, errors).
    void statusMessage(QString text);
    void seriesListChanged();
    /// The database has new series or results (the worklist re-reads it).
    void databaseChanged();
    void currentSeriesChanged(int index);
    /// While nothing is on screen and a folder is being scanned: the image of
    /// a first look (imaging::FirstLookFinder), its guessed place `k` of
    /// `count` and its window; the scanned series' preview replaces it.
    void firstLook(radlens::imaging::Series series, std::shared_ptr<const imaging::Volume> slice,
                   int k, int count, std::pair<double, double> window);
    /// The opening slice `k` of `count` of series `index`, decoded before the rest.
    void previewReady(int index, std::shared_ptr<const imaging::Volume> slice, int k, int count,
                      std::pair<double, double> window);
    void volumeLoaded(int index);
    void loadFailed(int index, QString error);
    void thumbnailReady(int index, QImage thumbnail);
    /// Every finding was dropped (another series, a new run); `why` says so.
    void findingsCleared(QString why);
    void modelProgress(QString model, double progress);
    void modelFailed(QString model, QString message);
    void findingsChanged(QString task);
    /// Every model of the run has finished.
    void analysisFinished();
    void reviewsChanged();
    /// A place worth showing (index coordinates): the largest lesion found.
    void goToRequested(std::array<double, 3> index);
    void seriesAnalysed(QString seriesUid);
    void worklistModelsChanged(std::vector<radlens::ui::WorklistAnalyzer::Model> models);
    /// An exportFindings() has finished: `error` is empty when it succeeded.
    void exported(QString path, QString error);

private:
    QStringList modelsToRun() const;
    void onScanned(std::vector<imaging::Series> series, int skipped);
    void startAnalysis(int generation, const std::vector<WorklistAnalyzer::Model>& models,
                       const QStringList& problems);
    void onJobUpdate(int generation, const ai::Manifest& manifest, const ai::JobUpdate& update);
    void clearFindings(const QString& why);
    void loadReviews();
    void makeThumbnails();
    void finish();

    QString databasePath_;
    void refreshArrivals();

    QString preferredSeries_;
    QStringList openedPaths_;
    bool arrivalPending_ = false;
    bool arrivalInOpen_ = false;
    std::set<QString> arriving_;
    std::optional<int> preferredSlice_;
    QStringList modelOverride_;
    QString interactiveOverride_;
    std::vector<imaging::Series> series_;
    int current_ = -1;
    std::shared_ptr<imaging::Volume> volume_;
    std::pair<double, double> window_{40, 400};
    std::map<std::string, ModelResult> findings_;
    std::vector<imaging::FindingReview> reviews_;
    std::shared_ptr<ai::InferenceEngine> engine_;
    std::vector<ai::JobId> jobs_;
    /// Bumped when the series or the run changes: late results are dropped.
    int generation_ = 0;
    int listGeneration_ = 0;  ///< bumped per series list: late thumbnails are dropped
    bool thumbnailsPending_ = false;
    BackgroundTask* scan_ = nullptr;
    BackgroundTask* load_ = nullptr;
    BackgroundTask* thumbnails_ = nullptr;
    int pending_ = 0;
};

}  // namespace radlens::ui
