#include "ui/StudySession.h"

#include <QDir>
#include <QTimer>

#include <QCoreApplication>
#include <QFileInfo>
#include <QPointer>
#include <algorithm>
#include <chrono>
#include <future>

#include "ai/BundleArchive.h"
#include "ai/FindingsExport.h"
#include "ai/ModelBundle.h"
#include "ai/ModelRegistry.h"
#include "imaging/DefaultWindow.h"
#include "imaging/DicomSeg.h"
#include "imaging/FirstLook.h"
#include "imaging/InstanceSetKey.h"
#include "imaging/LesionStatistics.h"
#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SeriesLoader.h"
#include "ui/BackgroundTask.h"
#include "ui/PreferencesDialog.h"
#include "ui/SeriesThumbnail.h"

namespace radlens::ui {

namespace {

/// The manifests of `paths` that suit `modality` (all when it is empty),
/// unpacking zipped bundles; the reasons for those that cannot be read.
std::pair<std::vector<WorklistAnalyzer::Model>, QStringList> readModels(
    const std::vector<std::string>& paths, const std::string& modality) {
    std::vector<WorklistAnalyzer::Model> models;
    QStringList problems;
    for (const std::string& path : paths) {
        try {
            const std::string folder =
                ai::BundleArchive::resolve(path, ai::BundleArchive::defaultCacheRoot());
            ai::Manifest m = ai::ModelBundle::readManifest(folder);
            if (modality.empty() || ai::modelSuitsModality(m, modality))
                models.push_back({QString::fromStdString(folder), std::move(m)});
        } catch (const std::exception& e) {
            problems << QString::fromUtf8(e.what());
        }
    }
    return {std::move(models), problems};
}

}  // namespace

StudySession::StudySession(QString databasePath, QObject* parent)
    : QObject(parent),
      databasePath_(databasePath.isEmpty()
                        ? QString::fromStdString(imaging::Database::defaultPath())
                        : std::move(databasePath)) {}

StudySession::~StudySession() {
    for (BackgroundTask* t : findChildren<BackgroundTask*>()) t->cancel();
    // The engine's destructor cancels and joins; its late callbacks are
    // queued to this object and dropped with it.
    if (engine_)
        for (ai::JobId id : jobs_) engine_->cancel(id);
}

const imaging::Series* StudySession::currentSeries() const {
    return current_ >= 0 && current_ < int(series_.size()) ? &series_[std::size_t(current_)]
                                                           : nullptr;
}

void StudySession::track(BackgroundTask* task) {
    task->setParent(this);
    if (++pending_ == 1) Q_EMIT busyChanged(true);
    connect(task, &BackgroundTask::finished, this, &StudySession::finish);
    task->start();
}

void StudySession::finish() {
    if (--pending_ == 0) Q_EMIT busyChanged(false);
}

// ------------------------------------------------------------------- series

void StudySession::noteArrival(const QString& folder, const QString& seriesUid) {
    arriving_.insert(seriesUid);
    const QString f = QDir::cleanPath(folder);
    for (const QString& p : openedPaths_) {
        const QString open = QDir::cleanPath(p);
        if (f == open || f.startsWith(open + QLatin1Char('/')) ||
            open.startsWith(f + QLatin1Char('/')))
            arrivalInOpen_ = true;
    }
    if (arrivalPending_) return;
    arrivalPending_ = true;
    QTimer::singleShot(kArrivalRefreshMs, this, &StudySession::refreshArrivals);
}

void StudySession::arrivalsFinished() {
    if (arriving_.empty()) return;
    bool onScreen = false;
    if (const imaging::Series* s = currentSeries())
        onScreen = arriving_.count(QString::fromStdString(s->uid)) > 0;
    arriving_.clear();
    if (onScreen) arrivalInOpen_ = true;
    if (arrivalPending_) return;
    arrivalPending_ = true;
    QTimer::singleShot(0, this, &StudySession::refreshArrivals);
}

void StudySession::refreshArrivals() {
    if (scan_ || load_) {  // not over a scan or a load: later
        QTimer::singleShot(kArrivalRefreshMs, this, &StudySession::refreshArrivals);
        return;
    }
    arrivalPending_ = false;
    if (!arrivalInOpen_) {
        Q_EMIT databaseChanged();
        return;
    }
    arrivalInOpen_ = false;
    if (const imaging::Series* s = currentSeries())
        preferredSeries_ = QString::fromStdString(s->uid);
    open(openedPaths_);  // the scan emits databaseChanged
}

void StudySession::cancelScan() {
    if (scan_) scan_->cancel();
}

void StudySession::open(const QStringList& paths) {
    if (paths.isEmpty()) return;
    cancelScan();
    openedPaths_ = paths;
    std::vector<std::string> list;
    for (const QString& p : paths) list.push_back(p.toStdString());
    Q_EMIT statusMessage(tr("Scanning %n path(s)...", nullptr, int(paths.size())));
    const std::string db = databasePath_.toStdString();
    // A first look (imaging::FirstLookFinder) while nothing is on screen, unless
    // a slice or another series was asked for.
    const bool look = !preferredSlice_.has_value() && current_ < 0 && !volume_;
    const std::string wanted = preferredSeries_.toStdString();
    QPointer<StudySession> self(this);
    auto* task = new BackgroundTask(
        tr("Scanning"), [list, db, look, wanted, self](BackgroundTask::Control& c) {
            if (look) {
                if (auto first = imaging::FirstLookFinder::find(list);
                    first && (wanted.empty() || wanted == first->series.uid)) {
                    auto slice = std::make_shared<const imaging::Volume>(std::move(first->slice));
                    const auto window = imaging::defaultWindow(*slice);
                    c.post([self, series = std::move(first->series), slice, window,
                            k = first->index, count = first->count] {
                        if (self && !self->volume_ && self->current_ < 0)
                            Q_EMIT self->firstLook(series, slice, k, count, window);
                    });
                }
            }
            imaging::Database database(db);
            imaging::Scanner scanner(&database);
            scanner.setCancelFlag(c.cancelFlag());
            scanner.setProgress([&c](std::size_t done, std::size_t total) {
                c.setProgress(qint64(done), qint64(total));
            });
            imaging::ScanResult scan = scanner.scan(list);
            auto series = imaging::SeriesAssembler::assemble(scan.images);
            return std::any(std::make_pair(std::move(series), int(scan.skipped.size())));
        });
    connect(task, &BackgroundTask::progressChanged, this, [this](qint64 done, qint64 total) {
        Q_EMIT statusMessage(tr("Scanning: %1 of %2 files").arg(done).arg(total));
    });
    connect(task, &BackgroundTask::finished, this, [this, task] {
        if (scan_ == task) scan_ = nullptr;
        if (task->state() == BackgroundTask::State::Failed)
            Q_EMIT statusMessage(tr("Cannot scan: %1").arg(task->error()));
        else if (task->state() == BackgroundTask::State::Cancelled)
            Q_EMIT statusMessage(tr("Scan cancelled."));
        else {
            auto [series, skipped] = task->result<std::pair<std::vector<imaging::Series>, int>>();
            onScanned(std::move(series), skipped);
        }
    });
    scan_ = task;
    track(task);
}

void StudySession::openFromDatabase(const QString& seriesUid) {
    const std::string db = databasePath_.toStdString(), uid = seriesUid.toStdString();
    auto* task =
        new BackgroundTask(tr("Reading the database"), [db, uid](BackgroundTask::Control&) {
            QStringList paths;
            for (const auto& i : imaging::Database(db).seriesInstances(uid))
                paths << QString::fromStdString(i.path);
            return std::any(paths);
        });
    connect(task, &BackgroundTask::finished, this, [this, task, seriesUid] {
        const QStringList paths = task->state() == BackgroundTask::State::Done
                                      ? task->result<QStringList>()
                                      : QStringList();
        if (paths.isEmpty()) {
            Q_EMIT statusMessage(tr("The files of this series are gone."));
            return;
        }
        preferredSeries_ = seriesUid;
        open(paths);
    });
    track(task);
}

void StudySession::onScanned(std::vector<imaging::Series> series, int skipped) {
    if (thumbnails_) thumbnails_->cancel();
    series_ = std::move(series);
    ++listGeneration_;
    current_ = -1;
    Q_EMIT seriesListChanged();
    Q_EMIT databaseChanged();
    int chosen = series_.empty() ? -1 : 0;
    for (int i = 0; i < int(series_.size()); ++i)
        if (QString::fromStdString(series_[std::size_t(i)].uid) == preferredSeries_) chosen = i;
    Q_EMIT statusMessage(tr("%n series found", nullptr, int(series_.size())) +
                         (skipped ? tr(", %n file(s) skipped", nullptr, skipped) : QString()));
    // Thumbnails after the chosen series is on screen: on two cores a third
    // busy thread beside the decoders slows the GUI thread's first frames.
    thumbnailsPending_ = true;
    if (chosen >= 0)
        selectSeries(chosen);
    else
        makeThumbnails();
}

void StudySession::makeThumbnails() {
    if (!thumbnailsPending_) return;
    thumbnailsPending_ = false;
    if (thumbnails_) thumbnails_->cancel();
    const int generation = listGeneration_;
    QPointer<StudySession> self(this);
    auto* task = new BackgroundTask(
        tr("Thumbnails"), [series = series_, generation, self](BackgroundTask::Control& c) {
            for (std::size_t i = 0; i < series.size() && !c.cancelled(); ++i) {
                QImage thumbnail;
                try {
                    thumbnail = seriesThumbnail(series[i], kThumbnailSide);
                } catch (const std::exception&) {
                    continue;  // opening the series reports what is wrong
                }
                c.post([self, generation, i, thumbnail] {
                    if (self && self->listGeneration_ == generation)
                        Q_EMIT self->thumbnailReady(int(i), thumbnail);
                });
            }
            return std::any();
        });
    task->setLowPriority(true);
    connect(task, &BackgroundTask::finished, this, [this, task] {
        if (thumbnails_ == task) thumbnails_ = nullptr;
    });
    thumbnails_ = task;
    track(task);
}

void StudySession::selectSeries(int index) {
    if (index < 0 || index >= int(series_.size())) return;
    if (load_) load_->cancel();
    current_ = index;
    volume_.reset();
    cancelAnalysis();
    ++generation_;
    clearFindings(tr("Loading the series..."));
    reviews_.clear();
    Q_EMIT currentSeriesChanged(index);
    Q_EMIT statusMessage(tr("Loading series %1...").arg(series_[std::size_t(index)].number));
    const imaging::Series series = series_[std::size_t(index)];
    const int count = int(series.slices.size());
    const int first = std::clamp(preferredSlice_.value_or(count / 2), 0, std::max(0, count - 1));
    QPointer<StudySession> self(this);
    using Loaded = std::pair<std::shared_ptr<imaging::Volume>, std::pair<double, double>>;
    auto* task = new BackgroundTask(
        tr("Loading"), [self, index, series, count, first](BackgroundTask::Control& c) {
            // The slice the view opens at, alone first: it is on screen while the
            // rest decodes. A failure here is left to the full load to report.
            if (count > 1) {
                try {
                    auto slice = std::make_shared<imaging::Volume>(
                        imaging::SeriesLoader().loadSlice(series, first));
                    const auto window = imaging::defaultWindow(*slice);
                    // The rest decodes once that image is drawn (or after 200 ms):
                    // decoders on every core would slow its frame twofold.
                    auto drawn = std::make_shared<std::promise<void>>();
                    std::future<void> done = drawn->get_future();
                    c.post([self, index, slice, first, count, window, drawn] {
                        if (self && self->current_ == index && !self->volume_)
                            Q_EMIT self->previewReady(index, slice, first, count, window);
                        drawn->set_value();
                    });
                    done.wait_for(std::chrono::milliseconds(200));
                } catch (const std::exception&) {
                }
            }
            if (c.cancelled()) return std::any();
            imaging::SeriesLoader loader;
            loader.setProgress([&c](std::size_t done, std::size_t total) {
                c.setProgress(qint64(done), qint64(total));
            });
            auto volume = std::make_shared<imaging::Volume>(loader.load(series));
            return std::any(Loaded{volume, imaging::defaultWindow(*volume)});
        });
    task->setLowPriority(true);  // and so its decoders: the GUI thread first
    connect(task, &BackgroundTask::progressChanged, this, [this](qint64 done, qint64 total) {
        Q_EMIT statusMessage(tr("Loading: %1 of %2 images").arg(done).arg(total));
    });
    connect(task, &BackgroundTask::finished, this, [this, task, index] {
        if (load_ == task) load_ = nullptr;
        if (index == current_ && task->state() == BackgroundTask::State::Failed) {
            Q_EMIT statusMessage(tr("Cannot load this series: %1").arg(task->error()));
            Q_EMIT loadFailed(index, task->error());
        } else if (index == current_ && task->state() == BackgroundTask::State::Done) {
            auto [volume, window] = task->result<Loaded>();
            volume_ = volume;
            window_ = window;
            Q_EMIT statusMessage(tr("Series loaded: %1 x %2 x %3")
                                     .arg(volume->dims()[0])
                                     .arg(volume->dims()[1])
                                     .arg(volume->dims()[2]));
            Q_EMIT volumeLoaded(index);
            loadReviews();
            if (isArriving(QString::fromStdString(series_[std::size_t(index)].uid)))
                clearFindings(tr("The series is still arriving: it is analysed when complete."));
            else if (!modelOverride_.isEmpty() || PreferencesDialog::analyzeAutomatically())
                analyze();
            else
                clearFindings(tr("Analysis on demand: AI > Analyse This Series (Ctrl+Shift+A)."));
        }
        makeThumbnails();
    });
    load_ = task;
    track(task);
}

// ------------------------------------------------------------------- models

void StudySession::setModelOverride(const QStringList& bundles) {
    modelOverride_.clear();
    interactiveOverride_.clear();
    for (const QString& b : bundles) {
        bool interactive = false;
        try {
            interactive = ai::ModelBundle::readManifest(b.toStdString()).interactive;
        } catch (const std::exception&) {
            // Analysis reports what is wrong with the bundle.
        }
        if (interactive && interactiveOverride_.isEmpty())
            interactiveOverride_ = b;
        else if (!interactive)
            modelOverride_ << b;
    }
    refreshWorklistModels();
}

QString StudySession::interactiveModel() const {
    if (!interactiveOverride_.isEmpty()) return interactiveOverride_;
    if (auto m = ai::ModelRegistry().active("interactive")) return QString::fromStdString(m->path);
    return {};
}

void StudySession::addModel(const QString& bundle) {
    if (!modelOverride_.contains(bundle)) modelOverride_ << bundle;
    refreshWorklistModels();
    if (volume_) analyze();
}

QStringList StudySession::modelsToRun() const {
    if (!modelOverride_.isEmpty()) return modelOverride_;
    QStringList bundles;
    const ai::ModelRegistry registry;
    for (const char* task : {"classify", "segment"})
        if (auto m = registry.active(task)) bundles << QString::fromStdString(m->path);
    return bundles;
}

void StudySession::refreshWorklistModels() {
    QStringList bundles;
    try {
        bundles = modelsToRun();
    } catch (const std::exception&) {
        // The registry's problem is shown when a series is analysed.
    }
    std::vector<std::string> paths;
    for (const QString& b : bundles) paths.push_back(b.toStdString());
    auto* task = new BackgroundTask(tr("Reading the models"), [paths](BackgroundTask::Control&) {
        return std::any(readModels(paths, {}).first);  // unusable ones: analysing says why
    });
    connect(task, &BackgroundTask::finished, this, [this, task] {
        if (task->state() == BackgroundTask::State::Done)
            Q_EMIT worklistModelsChanged(task->result<std::vector<WorklistAnalyzer::Model>>());
    });
    track(task);
}

void StudySession::installModels(const QStringList& bundles) {
    Q_EMIT statusMessage(tr("Installing %n model(s)...", nullptr, int(bundles.size())));
    std::vector<std::string> list;
    for (const QString& b : bundles) list.push_back(b.toStdString());
    auto* task = new BackgroundTask(tr("Installing models"), [list](BackgroundTask::Control&) {
        QStringList lines;
        for (const std::string& source : list) {
            try {
                ai::ModelRegistry registry;
                const ai::RegisteredModel m = registry.install(source);
                lines << tr("Installed model %1 version %2 (%3); it is not active yet.")
                             .arg(QString::fromStdString(m.name), QString::fromStdString(m.version),
                                  QString::fromStdString(m.task));
            } catch (const std::exception& e) {
                lines << tr("Cannot install %1: %2")
                             .arg(QString::fromStdString(source), QString::fromUtf8(e.what()));
            }
        }
        return std::any(lines.join(QLatin1Char(' ')));
    });
    connect(task, &BackgroundTask::finished, this, [this, task] {
        if (task->state() == BackgroundTask::State::Done)
            Q_EMIT statusMessage(task->result<QString>());
    });
    track(task);
}

std::shared_ptr<ai::InferenceEngine> StudySession::engine() {
    if (!engine_)
        engine_ = std::make_shared<ai::InferenceEngine>("auto", databasePath_.toStdString());
    return engine_;
}

const StudySession::ModelResult* StudySession::findings(const std::string& task) const {
    const auto it = findings_.find(task);
    return it == findings_.end() ? nullptr : &it->second;
}

void StudySession::clearFindings(const QString& why) {
    findings_.clear();
    Q_EMIT findingsCleared(why);
}

void StudySession::analyze() {
    const imaging::Series* series = currentSeries();
    if (!volume_ || !series) {
        clearFindings(tr("Open a series to see the models' findings."));
        return;
    }
    cancelAnalysis();
    const int generation = ++generation_;
    QStringList bundles;
    try {
        bundles = modelsToRun();
    } catch (const std::exception& e) {
        clearFindings(tr("The model registry cannot be read: %1").arg(QString::fromUtf8(e.what())));
        return;
    }
    if (bundles.isEmpty()) {
        clearFindings(
            tr("No active model. Train one (AI > Train a Model) or open a model bundle "
               "(*.radlens.zip)."));
        return;
    }
    clearFindings(tr("Reading the models..."));
    std::vector<std::string> paths;
    for (const QString& b : bundles) paths.push_back(b.toStdString());
    // Manifests off the GUI thread: a zipped bundle is unpacked on first use.
    auto* task = new BackgroundTask(tr("Reading the models"),
                                    [paths, modality = series->modality](BackgroundTask::Control&) {
                                        return std::any(readModels(paths, modality));
                                    });
    connect(task, &BackgroundTask::finished, this, [this, task, generation] {
        if (task->state() != BackgroundTask::State::Done) return;
        const auto [models, problems] =
            task->result<std::pair<std::vector<WorklistAnalyzer::Model>, QStringList>>();
        startAnalysis(generation, models, problems);
    });
    track(task);
}

void StudySession::startAnalysis(int generation, const std::vector<WorklistAnalyzer::Model>& models,
                                 const QStringList& problems) {
    const imaging::Series* series = currentSeries();
    if (generation != generation_ || !volume_ || !series) return;
    if (models.empty()) {
        clearFindings(
            problems.isEmpty()
                ? tr("No model for %1 series.").arg(QString::fromStdString(series->modality))
                : problems.join(QLatin1Char('\n')));
        return;
    }
    clearFindings(problems.join(QLatin1Char('\n')));
    std::shared_ptr<ai::InferenceEngine> e;
    try {
        e = engine();
    } catch (const std::exception& ex) {
        clearFindings(tr("The models cannot run: %1").arg(QString::fromUtf8(ex.what())));
        return;
    }
    QPointer<StudySession> self(this);
    for (const WorklistAnalyzer::Model& model : models) {
        ai::InferenceRequest request;
        request.seriesUid = series->uid;
        request.instancesKey = imaging::instanceSetKeyOf(*series);
        request.volume = volume_;
        request.bundle = model.folder.toStdString();
        request.priority = 10;     // the series on screen comes first
        request.useCache = false;  // the overlays need the label volume and heatmaps
        const ai::Manifest manifest = model.manifest;
        if (++pending_ == 1) Q_EMIT busyChanged(true);
        Q_EMIT modelProgress(QString::fromStdString(manifest.name), 0);
        jobs_.push_back(e->submit(request, [self, generation, manifest](const ai::JobUpdate& u) {
            // The engine's worker thread: queued to the GUI thread, dropped
            // when the session is gone.
            QMetaObject::invokeMethod(
                qApp,
                [self, generation, manifest, u] {
                    if (self) self->onJobUpdate(generation, manifest, u);
                },
                Qt::QueuedConnection);
        }));
    }
}

void StudySession::onJobUpdate(int generation, const ai::Manifest& manifest,
                               const ai::JobUpdate& update) {
    const bool terminal = update.state == ai::JobState::Done ||
                          update.state == ai::JobState::Failed ||
                          update.state == ai::JobState::Cancelled;
    if (terminal) jobs_.erase(std::remove(jobs_.begin(), jobs_.end(), update.id), jobs_.end());
    if (generation == generation_) {
        const QString name = QString::fromStdString(manifest.name);
        switch (update.state) {
            case ai::JobState::Queued:
            case ai::JobState::Running:
                Q_EMIT modelProgress(name, update.progress);
                break;
            case ai::JobState::Cancelling:
                break;
            case ai::JobState::Done: {
                const std::string task = manifest.task();
                findings_[task] = {manifest, manifest.labels(), update.findings};
                Q_EMIT findingsChanged(QString::fromStdString(task));
                // Open at the largest lesion unless a slice was asked for.
                const auto& lesions = update.findings->lesions;
                if (task == "segment" && !preferredSlice_ && !lesions.empty() && volume_) {
                    const auto largest = std::max_element(
                        lesions.begin(), lesions.end(),
                        [](const auto& a, const auto& b) { return a.voxels < b.voxels; });
                    Q_EMIT goToRequested(volume_->geometry().worldToIndex(largest->centroid));
                }
                break;
            }
            case ai::JobState::Failed:
                Q_EMIT modelFailed(name, QString::fromStdString(update.message));
                break;
            case ai::JobState::Cancelled:
                Q_EMIT modelFailed(name, tr("cancelled"));
                break;
        }
        if (terminal && jobs_.empty()) {
            Q_EMIT analysisFinished();
            if (const imaging::Series* s = currentSeries())
                Q_EMIT seriesAnalysed(QString::fromStdString(s->uid));
            loadReviews();
        }
    }
    if (terminal) finish();
}

void StudySession::cancelAnalysis() {
    if (!engine_) return;
    for (ai::JobId id : jobs_) engine_->cancel(id);
}

bool StudySession::showSegmentation(const QString& path, QString* error) {
    const imaging::Series* series = currentSeries();
    if (!volume_ || !series) {
        if (error) *error = tr("open the series it was made on first, then import it");
        return false;
    }
    std::vector<imaging::Label> segments;
    std::shared_ptr<imaging::Volume> labels;
    try {
        labels = std::make_shared<imaging::Volume>(
            imaging::DicomSeg::read(path.toStdString(), *series, volume_->geometry(), &segments));
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
    cancelAnalysis();
    ++generation_;
    const QString name = QFileInfo(path).fileName();
    clearFindings(tr("Imported %1").arg(name));
    auto findings = std::make_shared<ai::Findings>();
    findings->seriesUid = series->uid;
    findings->labels = labels;
    findings->lesions = imaging::LesionStatistics::lesions(*labels);
    ai::Manifest source;  // no model: the file's name stands for it
    source.name = name.toStdString();
    source.version = "DICOM SEG";
    findings_["segment"] = {source, segments, findings};
    Q_EMIT findingsChanged(QStringLiteral("segment"));
    return true;
}

bool StudySession::exportFindings(const QString& path, bool sr, QString* error) {
    const imaging::Series* series = currentSeries();
    const ModelResult* segment = findings("segment");
    const ModelResult* classify = findings("classify");
    const ModelResult* chosen = sr && classify ? classify : segment;
    // An imported SEG has no model: its manifest names no architecture's task.
    if (!series || !chosen || chosen->manifest.classes.empty() ||
        (!sr && chosen->manifest.task() != "segment")) {
        if (error)
            *error = sr ? tr("No findings of a model to export: analyse the series first.")
                        : tr("No segmentation of a model to export: analyse the series first.");
        return false;
    }
    auto* task = new BackgroundTask(
        tr("Exporting the findings"), [result = *chosen, series = *series, out = path.toStdString(),
                                       sr](BackgroundTask::Control&) {
            if (sr)
                ai::FindingsExport::writeSr(*result.findings, result.manifest, series, out,
                                            RADLENS_VERSION);
            else
                ai::FindingsExport::writeSeg(*result.findings, result.manifest, series, out,
                                             RADLENS_VERSION);
            return std::any();
        });
    connect(task, &BackgroundTask::finished, this, [this, task, path] {
        const bool ok = task->state() == BackgroundTask::State::Done;
        Q_EMIT statusMessage(ok ? tr("Exported %1.").arg(QFileInfo(path).fileName())
                                : tr("Cannot export: %1").arg(task->error()));
        Q_EMIT exported(path, ok ? QString() : task->error());
    });
    track(task);
    return true;
}

// ------------------------------------------------------------------ reviews

void StudySession::loadReviews() {
    const imaging::Series* series = currentSeries();
    if (!series) return;
    const std::string db = databasePath_.toStdString(), uid = series->uid;
    auto* task = new BackgroundTask(tr("Reading the reviews"), [db, uid](BackgroundTask::Control&) {
        return std::any(imaging::Database(db).findingReviews(uid));
    });
    connect(task, &BackgroundTask::finished, this, [this, task, uid] {
        const imaging::Series* s = currentSeries();
        if (task->state() != BackgroundTask::State::Done || !s || s->uid != uid) return;
        reviews_ = task->result<std::vector<imaging::FindingReview>>();
        Q_EMIT reviewsChanged();
    });
    track(task);
}

void StudySession::review(const QString& finding, const QString& decision,
                          const QString& reviewer) {
    const imaging::Series* series = currentSeries();
    if (!series) return;
    const std::string db = databasePath_.toStdString(), uid = series->uid;
    auto* task = new BackgroundTask(tr("Recording the review"),
                                    [db, uid, f = finding.toStdString(), d = decision.toStdString(),
                                     r = reviewer.toStdString()](BackgroundTask::Control&) {
                                        imaging::Database(db).setFindingReview(uid, f, d, r);
                                        return std::any();
                                    });
    connect(task, &BackgroundTask::finished, this, [this, task] {
        if (task->state() == BackgroundTask::State::Failed)
            Q_EMIT statusMessage(tr("Cannot record the review: %1").arg(task->error()));
        loadReviews();
    });
    track(task);
}

}  // namespace radlens::ui
