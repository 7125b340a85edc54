#pragma once
// The findings of the models on the series on screen (a dock at the right of
// the main window): which models ran (name, version, a warning for demo models
// trained on synthetic data), "computing" with progress and cancel while they
// run, an "outside what this model was trained on" badge when a model's
// out-of-distribution score is above its cut-off, per-class probability bars with thresholds, the
// Grad-CAM heatmap to show and its opacity with a colour bar, the segmentation's classes (colour,
// visibility), opacity and fill/outline, and the lesion table, where a click
// jumps to the lesion.
//
// The panel is a view of a StudySession (setSession): it shows what the
// session's signals say and forwards cancel and reviews to it. Its own
// signals are about style only (colours, visibility, opacity, which heatmap):
// the overlays read the findings from the session and the style from here.
// Threads: GUI thread only. Ownership: Qt parent/child; findings are shared.

#include <QWidget>
#include <array>
#include <memory>

#include "ai/Findings.h"
#include "ai/ModelBundle.h"
#include "imaging/Database.h"
#include "viewer/SliceOverlay.h"

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSlider;
class QTableWidget;

namespace radlens::ui {

class ProbabilityBars;
class StudySession;

class FindingsPanel : public QWidget {
    Q_OBJECT
public:
    explicit FindingsPanel(QWidget* parent = nullptr);

    /// Follows `session` (not owned; it outlives the panel or is never set).
    void setSession(StudySession* session);

    /// No findings; `message` says why (no model, nothing opened...).
    void clear(const QString& message);
    /// A line above the findings about models still to come (models being
    /// trained in the background); empty hides it. Kept across series.
    void setNote(const QString& text);
    QString note() const;
    /// A model is running: its name and progress (0..1).
    void setRunning(const QString& model, double progress);
    /// A model failed or was cancelled: shown until the next result.
    void setFailed(const QString& model, const QString& message);
    void setClassification(const ai::Manifest& manifest,
                           std::shared_ptr<const ai::Findings> findings);
    void setSegmentation(const ai::Manifest& manifest,
                         std::shared_ptr<const ai::Findings> findings);
    /// A segmentation with its labels (an imported SEG's segments, say);
    /// `manifest` names where it came from.
    void setSegmentation(const ai::Manifest& manifest, std::vector<imaging::Label> labels,
                         std::shared_ptr<const ai::Findings> findings);
    /// All models for this series have finished.
    void setIdle();
    /// The radiologist's recorded decisions on this series' findings.
    void setReviews(const std::vector<imaging::FindingReview>& reviews);

    viewer::LabelStyle labelStyle() const;
    viewer::HeatmapStyle heatmapStyle() const;
    /// The heatmap chosen in the panel (null: none).
    std::shared_ptr<const imaging::Volume> heatmap() const;
    std::shared_ptr<const imaging::Volume> labels() const;
    /// The models whose results are shown (empty manifests when none).
    const ai::Manifest& segmentManifest() const { return segmentManifest_; }
    const ai::Manifest& classifyManifest() const { return classifyManifest_; }

    /// Whether the "outside what this model was trained on" badge shows.
    bool outsideTrainingData() const;
    ProbabilityBars* probabilityBars() const { return bars_; }
    QTableWidget* lesionTable() const { return lesions_; }

Q_SIGNALS:
    void labelStyleChanged();
    void heatmapChanged();
    /// A lesion row was chosen: its centroid in world (LPS) coordinates.
    void lesionActivated(std::array<double, 3> world);
    void cancelRequested();
    /// Accept or reject (`decision` "accepted" / "rejected") of one finding.
    void reviewRequested(QString finding, QString decision);

private:
    void updateModelLine();

    QLabel* note_;
    QLabel* models_;
    QLabel* synthetic_;
    QLabel* outside_;
    QLabel* status_;
    QProgressBar* progress_;
    QPushButton* cancel_;
    QGroupBox* classifyBox_;
    ProbabilityBars* bars_;
    QComboBox* heatClass_;
    QSlider* heatOpacity_;
    QWidget* colorBar_;
    QGroupBox* segmentBox_;
    QListWidget* classList_;
    QSlider* labelOpacity_;
    QCheckBox* outline_;
    QTableWidget* lesions_;
    QGroupBox* reviewBox_;
    QComboBox* reviewFinding_;
    QLabel* reviews_;
    void updateReviewChoices();

    ai::Manifest classifyManifest_, segmentManifest_;
    std::vector<imaging::Label> segmentLabels_;
    std::shared_ptr<const ai::Findings> classify_, segment_;
    bool syntheticModel_ = false;
};

}  // namespace radlens::ui
