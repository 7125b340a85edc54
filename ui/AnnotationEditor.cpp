#include "ui/AnnotationEditor.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFileInfo>
#include <cmath>
#include <cstring>

#include "ai/Device.h"
#include "ai/LoadedModel.h"
#include "imaging/Database.h"
#include "imaging/DatasetExporter.h"
#include "imaging/DicomSeg.h"
#include "imaging/LabelMaps.h"
#include "ui/AiClickSession.h"
#include "ui/LabelUndoCommand.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerPanel.h"

namespace radlens::ui {

namespace {

imaging::Volume copyOf(const imaging::Volume& v) {
    imaging::Volume out(v.pixelType(), v.geometry());
    std::memcpy(out.data(), v.data(), v.byteSize());
    return out;
}

}  // namespace

AnnotationEditor::AnnotationEditor(viewer::ViewerPanel* viewer, QObject* parent)
    : QObject(parent), viewer_(viewer) {
    qRegisterMetaType<imaging::AnnotationRecord>();
    autosaveTimer_.setSingleShot(true);
    autosaveTimer_.setInterval(1000);
    connect(&autosaveTimer_, &QTimer::timeout, this, [this] {
        if (active() && dirty()) startSave(QStringLiteral("draft"), true);
    });
    savePool_.setMaxThreadCount(1);  // saves in order, one at a time
    brush_.radiusMm = 5;
    brush_.low = -1000;
    brush_.high = -300;
    for (viewer::Plane p : {viewer::Plane::Axial, viewer::Plane::Coronal, viewer::Plane::Sagittal})
        connectView(viewer_->view(p));
}

AnnotationEditor::~AnnotationEditor() { savePool_.waitForDone(); }

void AnnotationEditor::connectView(viewer::SliceView* v) {
    connect(v, &viewer::SliceView::editAltPressed, this, [this, v](std::array<double, 3> i) {
        if (tool_ == AnnotationTool::AiClick) aiClick(v, i, false);
    });
    connect(v, &viewer::SliceView::editPressed, this,
            [this, v](std::array<double, 3> i) { press(v, i); });
    connect(v, &viewer::SliceView::editDragged, this,
            [this, v](std::array<double, 3> i) { drag(v, i); });
    connect(v, &viewer::SliceView::editReleased, this,
            [this, v](std::array<double, 3> i) { release(v, i); });
    connect(v, &viewer::SliceView::editHovered, this,
            [this, v](std::array<double, 3> i) { hover(v, i); });
    connect(v, &viewer::SliceView::editDoubleClicked, this, [this](std::array<double, 3>) {
        if (tool_ == AnnotationTool::Polygon) finishPolygon();
    });
    connect(v, &viewer::SliceView::editFinished, this, [this] {
        if (tool_ == AnnotationTool::Polygon) finishPolygon();
    });
    connect(v, &viewer::SliceView::editCancelled, this, &AnnotationEditor::cancelPolygon);
}

void AnnotationEditor::readSaved(AnnotationSession& session) {
    session.savedRead = true;
    try {
        const std::string db =
            session.databasePath.empty() ? imaging::Database::defaultPath() : session.databasePath;
        const std::string root =
            session.storeRoot.empty() ? imaging::AnnotationStore::defaultRoot() : session.storeRoot;
        imaging::Database database(db);
        const imaging::AnnotationStore store(database, root);
        session.saved = store.latest(session.seriesUid, session.annotator.toStdString());
        session.versions = store.versions(session.seriesUid);
    } catch (const std::exception& e) {
        session.databaseError = e.what();
        return;
    }
    if (session.saved.version == 0) return;
    try {
        session.savedMask =
            std::make_shared<imaging::Volume>(imaging::AnnotationStore::load(session.saved));
    } catch (const std::exception& e) {
        session.savedError = e.what();
    }
}

void AnnotationEditor::begin(const AnnotationSession& session) {
    end();
    if (!session.image) return;
    if (session.aiLabels && session.aiLabels->dims() != session.image->dims())
        throw std::invalid_argument("the AI's label map is not the series' size");
    session_ = session;
    if (session_.databasePath.empty()) session_.databasePath = imaging::Database::defaultPath();
    if (session_.storeRoot.empty()) session_.storeRoot = imaging::AnnotationStore::defaultRoot();
    labelList_ = session.labels;
    if (labelList_.empty())
        labelList_.push_back(
            {1, tr("Lesion").toStdString(), imaging::defaultLabelColor(0), {}, {}});
    imageLabels_ = session.acceptedFindings;

    if (!session_.savedRead) readSaved(session_);
    if (!session_.databaseError.empty()) {
        const std::string why = session_.databaseError;
        session_ = AnnotationSession();
        throw std::runtime_error(why);
    }
    versions_ = session_.versions;
    imaging::Geometry g = session.image->geometry();
    labels_ = std::make_shared<imaging::Volume>(imaging::PixelType::UInt8, g);
    QString from = tr("empty");
    const imaging::AnnotationRecord& saved = session_.saved;
    bool loaded = false;
    if (!session_.savedError.empty()) {
        Q_EMIT message(tr("Version %1 could not be loaded: %2")
                           .arg(saved.version)
                           .arg(QString::fromStdString(session_.savedError)));
    } else if (saved.version > 0 && session_.savedMask && session_.savedMask->dims() == g.dims) {
        const imaging::Volume& v = *session_.savedMask;
        std::memcpy(labels_->data(), v.data(), labels_->byteSize());
        imageLabels_.clear();
        for (const std::string& l : saved.labels) imageLabels_ << QString::fromStdString(l);
        for (const auto& [value, name] : saved.maskLabels) {
            const bool known =
                std::any_of(labelList_.begin(), labelList_.end(),
                            [&](const imaging::Label& l) { return l.value == value; });
            if (!known)
                labelList_.push_back(
                    {value, name, imaging::defaultLabelColor(std::size_t(value - 1)), {}, {}});
        }
        from = tr("version %1 (%2)").arg(saved.version).arg(QString::fromStdString(saved.status));
        loaded = true;
    }
    synthetic_ = loaded && saved.synthetic;
    if (!loaded && session.aiLabels) {
        std::memcpy(labels_->data(), session.aiLabels->data(), labels_->byteSize());
        from = tr("the AI's mask");
        synthetic_ = session.aiLabelsSynthetic;
    }
    visible_.assign(256, true);
    brush_.label = std::uint8_t(labelList_.front().value);
    undo_.clear();
    dropped_ = 0;
    revision_ = savedRevision_ = 0;
    viewer_->setEditing(tool_ != AnnotationTool::Navigate);
    Q_EMIT activeChanged(true);
    Q_EMIT labelListChanged();
    Q_EMIT imageLabelsChanged();
    Q_EMIT labelsChanged();
    Q_EMIT dirtyChanged(false);
    Q_EMIT message(tr("Annotating; started from %1.").arg(from));
}

void AnnotationEditor::end() {
    if (!labels_) return;
    cancelPolygon();
    if (edit_) commitEdit(tr("Brush stroke"));
    autosaveTimer_.stop();
    if (dirty()) startSave(QStringLiteral("draft"), true);
    waitForSaves();
    viewer_->setEditing(false);
    if (ai_) ai_->reset();
    undo_.clear();
    labels_.reset();
    Q_EMIT activeChanged(false);
    Q_EMIT labelsChanged();
}

viewer::LabelStyle AnnotationEditor::labelStyle() const {
    viewer::LabelStyle s;
    s.opacity = opacity_;
    s.colors = viewer::labelColors(labelList_);
    s.visible.assign(s.colors.size(), true);
    for (std::size_t v = 0; v < s.visible.size() && v < visible_.size(); ++v)
        s.visible[v] = visible_[v];
    return s;
}

void AnnotationEditor::setTool(AnnotationTool tool) {
    cancelPolygon();
    tool_ = tool;
    viewer_->setEditing(active() && tool != AnnotationTool::Navigate);
    viewer_->setEditAlternate(tool == AnnotationTool::AiClick);
    if (ai_) ai_->reset();
    Q_EMIT toolChanged(tool);
}

void AnnotationEditor::setBrushRadius(double mm) { brush_.radiusMm = std::clamp(mm, 0.1, 100.0); }

void AnnotationEditor::setHuRange(double low, double high) {
    brush_.low = std::min(low, high);
    brush_.high = std::max(low, high);
}

void AnnotationEditor::setActiveLabel(int value) {
    for (const imaging::Label& l : labelList_)
        if (l.value == value) {
            brush_.label = std::uint8_t(value);
            Q_EMIT labelListChanged();
            return;
        }
}

int AnnotationEditor::addLabel(const QString& name) {
    int value = 1;
    for (const imaging::Label& l : labelList_) value = std::max(value, l.value + 1);
    if (value > 255) return 0;
    labelList_.push_back(
        {value, name.toStdString(), imaging::defaultLabelColor(std::size_t(value - 1)), {}, {}});
    ++revision_;
    Q_EMIT labelListChanged();
    Q_EMIT labelsChanged();
    return value;
}

void AnnotationEditor::setLabelVisible(int value, bool visible) {
    if (value >= 0 && value < int(visible_.size())) visible_[std::size_t(value)] = visible;
    Q_EMIT labelsChanged();
}

void AnnotationEditor::setOpacity(double opacity) {
    opacity_ = std::clamp(opacity, 0.0, 1.0);
    Q_EMIT labelsChanged();
}

imaging::BrushOptions AnnotationEditor::optionsFor(AnnotationTool tool) const {
    imaging::BrushOptions o = brush_;
    o.erase = tool == AnnotationTool::Eraser;
    const bool ranged =
        tool == AnnotationTool::Threshold || (tool == AnnotationTool::Flood && floodUsesRange_);
    o.image = ranged ? session_.image.get() : nullptr;
    return o;
}

void AnnotationEditor::press(viewer::SliceView* view, const std::array<double, 3>& index) {
    if (!labels_) return;
    const int axis = int(view->plane());
    switch (tool_) {
        case AnnotationTool::Brush:
        case AnnotationTool::Eraser:
        case AnnotationTool::Threshold:
            edit_.emplace(*labels_);
            editView_ = view;
            last_ = index;
            imaging::LabelTools::dab(*edit_, axis, index, optionsFor(tool_));
            Q_EMIT labelsChanged();
            break;
        case AnnotationTool::Polygon:
            if (!polygon_.empty() && view != editView_) cancelPolygon();
            editView_ = view;
            lasso_ = false;
            polygon_.push_back(index);
            view->setEditOutline(polygon_, false);
            break;
        case AnnotationTool::Flood: {
            const auto [ua, va] = imaging::LabelTools::inPlaneAxes(axis);
            edit_.emplace(*labels_);
            imaging::LabelTools::floodFill(
                *edit_, axis, view->slice(), int(std::lround(index[std::size_t(ua)])),
                int(std::lround(index[std::size_t(va)])), optionsFor(tool_));
            commitEdit(tr("Flood fill"));
            break;
        }
        case AnnotationTool::AiClick:
            aiClick(view, index, true);
            break;
        case AnnotationTool::Navigate:
            break;
    }
}

void AnnotationEditor::drag(viewer::SliceView* view, const std::array<double, 3>& index) {
    if (!labels_) return;
    if (edit_ && view == editView_ &&
        (tool_ == AnnotationTool::Brush || tool_ == AnnotationTool::Eraser ||
         tool_ == AnnotationTool::Threshold)) {
        imaging::LabelTools::stroke(*edit_, int(view->plane()), last_, index, optionsFor(tool_));
        last_ = index;
        showBrushOutline(view, index);
        Q_EMIT labelsChanged();
    } else if (tool_ == AnnotationTool::Polygon && view == editView_ && !polygon_.empty()) {
        polygon_.push_back(index);
        lasso_ = true;
        view->setEditOutline(polygon_, false);
    }
}

void AnnotationEditor::release(viewer::SliceView* view, const std::array<double, 3>& index) {
    (void)index;
    if (edit_ && view == editView_) {
        const QString name = tool_ == AnnotationTool::Eraser      ? tr("Erase")
                             : tool_ == AnnotationTool::Threshold ? tr("Threshold paint")
                                                                  : tr("Brush stroke");
        commitEdit(name);
    } else if (tool_ == AnnotationTool::Polygon && lasso_ && polygon_.size() >= 3) {
        finishPolygon();
    }
}

void AnnotationEditor::hover(viewer::SliceView* view, const std::array<double, 3>& index) {
    if (tool_ == AnnotationTool::Polygon && view == editView_ && !polygon_.empty()) {
        auto pts = polygon_;
        pts.push_back(index);
        view->setEditOutline(pts, true);
    } else if (tool_ == AnnotationTool::Brush || tool_ == AnnotationTool::Eraser ||
               tool_ == AnnotationTool::Threshold) {
        showBrushOutline(view, index);
    }
}

void AnnotationEditor::showBrushOutline(viewer::SliceView* view, const std::array<double, 3>& c) {
    if (!labels_) return;
    const auto [ua, va] = imaging::LabelTools::inPlaneAxes(int(view->plane()));
    const auto& sp = labels_->geometry().spacing;
    std::vector<std::array<double, 3>> pts;
    for (int k = 0; k < 48; ++k) {
        const double a = 2 * M_PI * k / 48;
        std::array<double, 3> p = c;
        p[std::size_t(ua)] += brush_.radiusMm * std::cos(a) / sp[std::size_t(ua)];
        p[std::size_t(va)] += brush_.radiusMm * std::sin(a) / sp[std::size_t(va)];
        pts.push_back(p);
    }
    view->setEditOutline(pts, true);
}

void AnnotationEditor::finishPolygon() {
    if (!labels_ || !editView_ || polygon_.size() < 3) {
        cancelPolygon();
        return;
    }
    const int axis = int(editView_->plane());
    const auto [ua, va] = imaging::LabelTools::inPlaneAxes(axis);
    std::vector<std::array<double, 2>> uv;
    for (const auto& p : polygon_) uv.push_back({p[std::size_t(ua)], p[std::size_t(va)]});
    edit_.emplace(*labels_);
    imaging::LabelTools::polygon(*edit_, axis, editView_->slice(), uv,
                                 optionsFor(AnnotationTool::Polygon));
    cancelPolygon();
    commitEdit(lasso_ ? tr("Lasso") : tr("Polygon"));
}

void AnnotationEditor::cancelPolygon() {
    if (editView_) editView_->setEditOutline({}, false);
    polygon_.clear();
    lasso_ = false;
}

void AnnotationEditor::commitEdit(const QString& name) {
    if (!edit_) return;
    imaging::LabelPatch patch = edit_->finish();
    edit_.reset();
    if (patch.empty()) return;
    undo_.push(
        new LabelUndoCommand(name, std::move(patch), labels_.get(), [this] { afterChange(); }));
    afterChange();
    trimUndo();
}

void AnnotationEditor::afterChange() {
    ++revision_;
    Q_EMIT labelsChanged();
    Q_EMIT dirtyChanged(true);
    autosaveTimer_.start();
}

std::size_t AnnotationEditor::undoBytes() const {
    std::size_t total = 0;
    for (int i = 0; i < undo_.count(); ++i)
        if (auto* c = dynamic_cast<const LabelUndoCommand*>(undo_.command(i))) total += c->bytes();
    return total;
}

void AnnotationEditor::setUndoLimitBytes(std::size_t bytes) {
    undoLimit_ = bytes;
    trimUndo();
}

void AnnotationEditor::trimUndo() {
    if (undoBytes() <= undoLimit_) return;
    // QUndoStack cannot drop its oldest commands: rebuild it from the newest
    // steps that fit (trimming happens right after a push, so there is no
    // redo tail to lose).
    std::vector<std::pair<QString, imaging::LabelPatch>> keep;
    std::size_t sum = 0;
    const int top = undo_.index();
    for (int i = top - 1; i >= 0; --i) {
        const auto* c = dynamic_cast<const LabelUndoCommand*>(undo_.command(i));
        if (!c || sum + c->bytes() > undoLimit_) break;
        sum += c->bytes();
        keep.emplace_back(c->text(), c->patch());
    }
    dropped_ += undo_.count() - int(keep.size());
    undo_.clear();
    for (auto it = keep.rbegin(); it != keep.rend(); ++it)
        undo_.push(
            new LabelUndoCommand(it->first, it->second, labels_.get(), [this] { afterChange(); }));
}

void AnnotationEditor::replaceLabels(const imaging::Volume& labels, const QString& stepName) {
    if (!labels_) return;
    if (labels.dims() != labels_->dims() || labels.pixelType() != imaging::PixelType::UInt8)
        throw std::invalid_argument("the label map is not the series' size");
    imaging::LabelPatch patch = imaging::LabelPatch::between(*labels_, labels);
    if (patch.empty()) return;
    patch.apply(*labels_, false);
    undo_.push(
        new LabelUndoCommand(stepName, std::move(patch), labels_.get(), [this] { afterChange(); }));
    afterChange();
    trimUndo();
}

void AnnotationEditor::setInteractiveModel(const QString& bundle) {
    if (bundle == aiBundle_) return;
    aiBundle_ = bundle;
    ai_.reset();
}

bool AnnotationEditor::ensureAiModel() {
    if (ai_) return true;
    if (aiBundle_.isEmpty()) {
        Q_EMIT message(
            tr("No interactive model: train one with \"task\": \"interactive\" and "
               "activate it in the model manager, or open the viewer with --model "
               "BUNDLE."));
        return false;
    }
    try {
        ai_ = std::make_unique<AiClickSession>(
            ai::LoadedModel::load(aiBundle_.toStdString(), ai::chooseDevice("auto")));
    } catch (const std::exception& e) {
        Q_EMIT message(tr("Cannot use the interactive model: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    return true;
}

bool AnnotationEditor::aiClick(viewer::SliceView* view, const std::array<double, 3>& index,
                               bool positive) {
    if (!labels_ || !session_.image || !view || !ensureAiModel()) return false;
    if (undo_.index() != aiUndoIndex_) ai_->reset();  // undone, redone or edited since
    const int axis = int(view->plane());
    const auto [ua, va] = imaging::LabelTools::inPlaneAxes(axis);
    edit_.emplace(*labels_);
    try {
        ai_->click(*edit_, *session_.image, axis, view->slice(), index[std::size_t(ua)],
                   index[std::size_t(va)], positive, brush_.label, aiOverwrite_);
    } catch (const std::exception& e) {
        edit_.reset();
        ai_->reset();
        Q_EMIT message(tr("AI click failed: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    aiMs_ = ai_->lastMilliseconds();
    synthetic_ = synthetic_ || ai_->model().manifest.trainedOnSyntheticData();
    commitEdit(positive ? tr("AI click") : tr("AI click (negative)"));
    aiUndoIndex_ = undo_.index();
    Q_EMIT message(tr("AI click %1: %2 ms").arg(ai_->clicks()).arg(aiMs_, 0, 'f', 0));
    return true;
}

int AnnotationEditor::propagate(const std::function<bool(int, int)>& progress) {
    if (!labels_ || !session_.image) return 0;
    viewer::SliceView* v = viewer_->activeView();
    if (!v || !ensureAiModel()) return -1;
    if (undo_.index() != aiUndoIndex_) ai_->reset();
    edit_.emplace(*labels_);
    int n = 0;
    try {
        n = ai_->propagate(*edit_, *session_.image, int(v->plane()), v->slice(), brush_.label,
                           aiOverwrite_, progress);
    } catch (const std::exception& e) {
        Q_EMIT message(tr("Propagation failed: %1").arg(QString::fromUtf8(e.what())));
    }
    synthetic_ = synthetic_ || (n > 0 && ai_->model().manifest.trainedOnSyntheticData());
    commitEdit(tr("Propagate"));
    aiUndoIndex_ = undo_.index();
    Q_EMIT message(n ? tr("Propagated to %n slice(s).", "", n)
                     : tr("Nothing to propagate: mark the object on this slice first (AI click "
                          "or brush), then propagate."));
    return n;
}

void AnnotationEditor::fillBetweenSlices() {
    if (!labels_) return;
    viewer::SliceView* v = viewer_->activeView();
    const int axis = v ? int(v->plane()) : 2;
    edit_.emplace(*labels_);
    const std::size_t n = imaging::LabelTools::interpolate(*edit_, axis, brush_.label);
    commitEdit(tr("Fill between slices"));
    Q_EMIT message(
        n ? tr("Filled %n voxel(s) between the key slices.", "", int(n))
          : tr("Nothing to fill: draw the label on two slices with empty slices between."));
}

void AnnotationEditor::startFromAi() {
    if (!labels_ || !session_.aiLabels) return;
    synthetic_ = synthetic_ || session_.aiLabelsSynthetic;
    replaceLabels(*session_.aiLabels, tr("Start from the AI mask"));
}

void AnnotationEditor::clearAll() {
    if (!labels_) return;
    replaceLabels(imaging::Volume(imaging::PixelType::UInt8, labels_->geometry()), tr("Clear all"));
}

void AnnotationEditor::setImageLabel(const QString& name, bool checked) {
    const bool has = imageLabels_.contains(name);
    if (has == checked) return;
    if (checked)
        imageLabels_ << name;
    else
        imageLabels_.removeAll(name);
    ++revision_;
    Q_EMIT dirtyChanged(true);
    Q_EMIT imageLabelsChanged();
    autosaveTimer_.start();
}

imaging::AnnotationLabels AnnotationEditor::currentLabelsForStore() const {
    imaging::AnnotationLabels out;
    for (const QString& l : imageLabels_) out.image.push_back(l.toStdString());
    for (const imaging::Label& l : labelList_) out.mask[l.value] = l.name;
    out.synthetic = synthetic_;
    return out;
}

void AnnotationEditor::save(const QString& status) {
    if (!labels_) return;
    if (edit_) commitEdit(tr("Brush stroke"));
    autosaveTimer_.stop();
    startSave(status, false);
}

void AnnotationEditor::startSave(const QString& status, bool autosave) {
    auto copy = std::make_shared<imaging::Volume>(copyOf(*labels_));
    const imaging::AnnotationLabels labels = currentLabelsForStore();
    const std::uint64_t revision = revision_;
    const AnnotationSession s = session_;
    const std::string st = status.toStdString();
    ++savesInFlight_;
    savePool_.start([this, copy, labels, revision, s, st, autosave] {
        imaging::AnnotationRecord record;
        std::vector<imaging::AnnotationRecord> versions;
        QString error;
        try {
            imaging::Database db(s.databasePath);
            imaging::AnnotationStore store(db, s.storeRoot);
            record = autosave
                         ? store.autosave(s.seriesUid, s.annotator.toStdString(), *copy, labels)
                         : store.save(s.seriesUid, s.annotator.toStdString(), *copy, labels, st);
            versions = store.versions(s.seriesUid);  // for the history, read here
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        // Queued to the GUI thread; the destructor waits for this worker.
        QMetaObject::invokeMethod(
            this,
            [this, record, versions, error, revision] {
                --savesInFlight_;
                if (!error.isEmpty()) {
                    Q_EMIT saveFailed(error);
                    return;
                }
                if (labels_ && record.seriesUid == session_.seriesUid) versions_ = versions;
                savedRevision_ = std::max(savedRevision_, revision);
                Q_EMIT saved(record);
                Q_EMIT dirtyChanged(dirty());
            },
            Qt::QueuedConnection);
    });
}

void AnnotationEditor::waitForSaves() {
    savePool_.waitForDone();
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

std::vector<imaging::AnnotationRecord> AnnotationEditor::versions() const {
    return labels_ ? versions_ : std::vector<imaging::AnnotationRecord>();
}

void AnnotationEditor::loadVersion(const imaging::AnnotationRecord& record) {
    const imaging::Volume v = imaging::AnnotationStore::load(record);
    synthetic_ = synthetic_ || record.synthetic;
    replaceLabels(v, tr("Load version %1 of %2")
                         .arg(record.version)
                         .arg(QString::fromStdString(record.annotator)));
    imageLabels_.clear();
    for (const std::string& l : record.labels) imageLabels_ << QString::fromStdString(l);
    Q_EMIT imageLabelsChanged();
}

void AnnotationEditor::importMask(const QString& path, const imaging::Series& series) {
    if (!active()) throw std::runtime_error(tr("start annotating a series first").toStdString());
    const imaging::Volume labels = imaging::LabelMaps::read(path.toStdString(), series);
    replaceLabels(labels, tr("Import %1").arg(QFileInfo(path).fileName()));
}

int AnnotationEditor::exportMask(const QString& path, const imaging::Series& series) const {
    if (!active()) throw std::runtime_error(tr("start annotating a series first").toStdString());
    imaging::SegCreator creator;
    creator.manual = true;
    creator.annotator = session_.annotator.toStdString();
    creator.softwareVersion = RADLENS_VERSION;
    creator.seriesDescription = "Annotation by " + creator.annotator;
    return imaging::LabelMaps::write(*labels(), series, labelList_, path.toStdString(), creator);
}

void AnnotationEditor::importImageLabels(const QString& path, const imaging::Series& series) {
    if (!active()) throw std::runtime_error(tr("start annotating a series first").toStdString());
    const auto rows = imaging::ImageLabelsCsv::read(path.toStdString());
    const imaging::ImageLabelRow* match = imaging::DatasetExporter::rowForSeries(rows, series);
    if (!match)
        throw std::runtime_error(
            tr("no row of %1 names this series").arg(QFileInfo(path).fileName()).toStdString());
    for (const QString& l : imageLabels()) setImageLabel(l, false);
    for (const std::string& l : match->labels) setImageLabel(QString::fromStdString(l), true);
}

void AnnotationEditor::exportImageLabels(const QString& path, const imaging::Series& series) const {
    if (!active()) throw std::runtime_error(tr("start annotating a series first").toStdString());
    imaging::ImageLabelRow row;
    row.image = imaging::DatasetExporter::imageFileName(series.uid, labels()->dims()[2] == 1);
    row.patientId = series.patientId;
    for (const QString& l : imageLabels()) row.labels.push_back(l.toStdString());
    imaging::ImageLabelsCsv::write(path.toStdString(), {row});
}

}  // namespace radlens::ui
