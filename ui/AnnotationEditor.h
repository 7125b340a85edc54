#pragma once
// Editing the label map of the series on screen: the tools of
// imaging::LabelTools driven by the slice views' edit signals, an undo stack
// whose memory is capped, image labels, and saving to the annotation store
// (autosave shortly after each change and when editing ends; explicit draft
// and final versions).
//
// Tools: brush, eraser, threshold paint (brush limited to an HU range),
// polygon (click points, double click or Return closes; a drag draws a
// lasso), 2D flood fill, fill between slices along the active view, and the
// AI click tool (AiClickSession: an interactive model; a left click adds a
// positive point, a right or Shift+left click a negative one, each an undo
// step; propagate() carries the object through the neighbouring slices).
//
// Undo memory: each step keeps only its changed box, run-length encoded; when
// the steps together pass the cap (100 MB by default) the oldest are dropped.
//
// Threads: GUI thread. Saves run on a worker thread with their own database
// connection, on a copy of the labels. Ownership: a QObject child of the main
// window; the label map is shared with the views (read-only there).

#include <QObject>
#include <QStringList>
#include <QThreadPool>
#include <QTimer>
#include <QUndoStack>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "imaging/AnnotationStore.h"
#include "imaging/Label.h"
#include "imaging/LabelEdit.h"
#include "imaging/LabelTools.h"
#include "imaging/Series.h"
#include "imaging/Volume.h"
#include "viewer/SliceOverlay.h"

namespace radlens::viewer {
class ViewerPanel;
class SliceView;
}  // namespace radlens::viewer

namespace radlens::ui {

enum class AnnotationTool { Navigate, Brush, Eraser, Threshold, Polygon, Flood, AiClick };

class AiClickSession;

/// What editing a series starts with.
struct AnnotationSession {
    std::string seriesUid;
    std::shared_ptr<const imaging::Volume> image;
    /// The AI's label map (null when none) and what its values mean.
    std::shared_ptr<const imaging::Volume> aiLabels;
    /// The model that made aiLabels was trained on synthetic data: an
    /// annotation started from them is saved as synthetic.
    bool aiLabelsSynthetic = false;
    std::vector<imaging::Label> labels;  ///< at least one; value 1.. (255 at most)
    /// Classes offered as image labels, and those checked at the start
    /// (accepted AI findings).
    QStringList imageClasses, acceptedFindings;
    QString annotator;
    /// Database and mask folder (defaults: the data folder's).
    std::string databasePath, storeRoot;
    /// The annotator's newest saved version and its mask (AnnotationEditor::
    /// readSaved); with `savedRead` false, begin() reads them itself.
    bool savedRead = false;
    imaging::AnnotationRecord saved;                  ///< version 0: none
    std::vector<imaging::AnnotationRecord> versions;  ///< every annotator's, oldest first
    std::shared_ptr<const imaging::Volume> savedMask;
    std::string savedError;     ///< why the saved version's mask could not be loaded
    std::string databaseError;  ///< why the database could not be read (begin() throws)
};

class AnnotationEditor : public QObject {
    Q_OBJECT
public:
    /// Reads the annotator's newest saved version of the series and its mask
    /// into `session` (database and mask file: call it on a worker). Never
    /// throws: what failed is in databaseError or savedError.
    static void readSaved(AnnotationSession& session);

    explicit AnnotationEditor(viewer::ViewerPanel* viewer, QObject* parent = nullptr);
    ~AnnotationEditor() override;

    /// Starts editing: the annotator's newest saved version if there is one,
    /// else the AI's labels, else an empty map. Saves and ends an earlier
    /// session first. Throws std::invalid_argument for an AI map of another
    /// size than the image.
    void begin(const AnnotationSession& session);
    /// Saves unsaved work (waits for it) and stops editing.
    void end();
    bool active() const { return bool(labels_); }
    const AnnotationSession& session() const { return session_; }
    std::shared_ptr<const imaging::Volume> labels() const { return labels_; }
    viewer::LabelStyle labelStyle() const;
    QUndoStack* undoStack() { return &undo_; }

    void setTool(AnnotationTool tool);
    AnnotationTool tool() const { return tool_; }
    void setBrushRadius(double mm);
    double brushRadius() const { return brush_.radiusMm; }
    void setSphere(bool on) { brush_.sphere = on; }
    void setHuRange(double low, double high);
    /// Flood fill limited to the HU range too.
    void setFloodUsesRange(bool on) { floodUsesRange_ = on; }
    void setActiveLabel(int value);
    int activeLabel() const { return brush_.label; }
    /// Adds a label (next free value); returns its value, 0 when 255 are used.
    int addLabel(const QString& name);
    const std::vector<imaging::Label>& labelList() const { return labelList_; }
    void setLabelVisible(int value, bool visible);
    void setOpacity(double opacity);

    /// The AI click tool's interactive bundle ("" none); loaded at its first use.
    void setInteractiveModel(const QString& bundle);
    QString interactiveModel() const { return aiBundle_; }
    /// AI clicks and propagation may paint over other labels.
    void setAiOverwrite(bool on) { aiOverwrite_ = on; }
    bool aiOverwrite() const { return aiOverwrite_; }
    /// An AI click at a volume index on `view`'s slice (what a mouse click
    /// does with the AI click tool). False, with the reason in message(), when
    /// no interactive model can be used.
    bool aiClick(viewer::SliceView* view, const std::array<double, 3>& index, bool positive);
    /// Carries the active label's object on the active view's slice through
    /// the neighbouring slices, one undo step; `progress` as in
    /// AiClickSession::propagate. Returns the slices written (-1: no model).
    int propagate(const std::function<bool(int done, int total)>& progress = {});
    /// Milliseconds of the last AI click's inference (0 before any).
    double lastAiClickMs() const { return aiMs_; }

    /// Whole-map steps, each one undo step.
    void fillBetweenSlices();  ///< active label, along the active view
    void startFromAi();
    void clearAll();
    /// Replaces the map by `labels` (same size; from a version or a file).
    void replaceLabels(const imaging::Volume& labels, const QString& stepName);
    /// Image labels checked now.
    QStringList imageLabels() const { return imageLabels_; }
    void setImageLabel(const QString& name, bool checked);

    /// Undo memory cap in bytes (default 100 MB) and what the steps hold now.
    void setUndoLimitBytes(std::size_t bytes);
    std::size_t undoBytes() const;
    /// Steps dropped so far to stay under the cap.
    int droppedSteps() const { return dropped_; }

    /// Saves a new version ("draft" or "final") in the background; saved()
    /// or saveFailed() follows.
    void save(const QString& status);
    /// Blocks until the saves in flight are done (end() and close use it).
    void waitForSaves();

    // Files of the series being edited (`series`: its images). Each throws
    // std::runtime_error with a reason a person can act on.
    /// Replaces the labels by a mask file (NIfTI, DICOM SEG or COCO JSON of
    /// this series) as one undo step.
    void importMask(const QString& path, const imaging::Series& series);
    /// Writes the labels by the extension (imaging::LabelMaps::write, as
    /// radlens-cli convert-mask does); returns the holes COCO had to leave out.
    int exportMask(const QString& path, const imaging::Series& series) const;
    /// Sets the image labels from the CSV row that names this series.
    void importImageLabels(const QString& path, const imaging::Series& series);
    void exportImageLabels(const QString& path, const imaging::Series& series) const;
    bool dirty() const { return revision_ != savedRevision_; }
    /// Every annotator's saved versions of the series, oldest first, as read
    /// at begin() and after each save (off the GUI thread; no read here).
    std::vector<imaging::AnnotationRecord> versions() const;
    /// Loads a saved version (an undo step).
    void loadVersion(const imaging::AnnotationRecord& record);
    /// Milliseconds from a change to its autosave (default 1000).
    void setAutosaveDelay(int ms) { autosaveTimer_.setInterval(ms); }

Q_SIGNALS:
    void labelsChanged();
    void activeChanged(bool active);
    void toolChanged(AnnotationTool tool);
    void labelListChanged();
    void imageLabelsChanged();
    void saved(imaging::AnnotationRecord record);
    void saveFailed(QString message);
    void dirtyChanged(bool dirty);
    void message(QString text);

private:
    void connectView(viewer::SliceView* view);
    void press(viewer::SliceView* view, const std::array<double, 3>& index);
    void drag(viewer::SliceView* view, const std::array<double, 3>& index);
    void release(viewer::SliceView* view, const std::array<double, 3>& index);
    void hover(viewer::SliceView* view, const std::array<double, 3>& index);
    void finishPolygon();
    void cancelPolygon();
    void showBrushOutline(viewer::SliceView* view, const std::array<double, 3>& index);
    /// Loads the interactive model when needed; false (with a message) when it cannot.
    bool ensureAiModel();
    imaging::BrushOptions optionsFor(AnnotationTool tool) const;
    /// Pushes what the current edit changed as one undo step.
    void commitEdit(const QString& name);
    void afterChange();
    void trimUndo();
    void startSave(const QString& status, bool autosave);
    imaging::AnnotationLabels currentLabelsForStore() const;

    viewer::ViewerPanel* viewer_;
    AnnotationSession session_;
    std::shared_ptr<imaging::Volume> labels_;
    std::vector<imaging::Label> labelList_;
    std::vector<imaging::AnnotationRecord> versions_;
    std::vector<bool> visible_;
    double opacity_ = 0.5;
    QStringList imageLabels_;
    QUndoStack undo_;
    std::size_t undoLimit_ = 100u * 1024u * 1024u;
    int dropped_ = 0;
    AnnotationTool tool_ = AnnotationTool::Navigate;
    imaging::BrushOptions brush_;
    bool floodUsesRange_ = false;
    std::optional<imaging::LabelEdit> edit_;
    viewer::SliceView* editView_ = nullptr;
    QString aiBundle_;
    std::unique_ptr<AiClickSession> ai_;
    bool aiOverwrite_ = false;
    int aiUndoIndex_ = -1;  ///< the undo index after the last AI click
    /// The labels were seeded by a model trained on synthetic data (its mask,
    /// its AI clicks, or a saved version that was): saved as synthetic. It
    /// stays set for the session, undo or not (what was seen cannot be unseen).
    bool synthetic_ = false;
    double aiMs_ = 0;
    std::array<double, 3> last_{};
    std::vector<std::array<double, 3>> polygon_;
    bool lasso_ = false;
    // Saving
    QTimer autosaveTimer_;
    QThreadPool savePool_;
    std::uint64_t revision_ = 0, savedRevision_ = 0;
    int savesInFlight_ = 0;
    bool autosaveAgain_ = false;
};

}  // namespace radlens::ui

Q_DECLARE_METATYPE(radlens::imaging::AnnotationRecord)
