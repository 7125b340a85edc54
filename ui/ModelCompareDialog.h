#pragma once
// The model manager's Compare page: the active version (A) and another (B)
// of a model on the same cases, the validation patients of B
// (ai::ModelComparison::validationCasesOf), computed in the background with
// progress and Cancel. It shows per class both AUROCs, the difference with
// its 95 % interval and p, each one's sensitivity and specificity at its own
// threshold (segmenters: IoU and Dice), and the cases where they disagree
// most. Choosing such a case draws it twice, side by side, with A's and B's
// overlay (segmentation, or the Grad-CAM of the class they disagree on).
// When opened before an activation, "Activate B" confirms it.
//
// Threads: GUI thread; the comparison runs in a BackgroundTask. Ownership:
// Qt parent/child; the models and cases are shared with that task.

#include <QDialog>
#include <nlohmann/json.hpp>

#include <memory>
#include <vector>

#include "ai/Analyzer.h"

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace radlens::ai {
struct TrainingSample;  // ai/TrainingSample.h (LibTorch), included by the .cpp
}

namespace radlens::ui {

class BackgroundTask;

class ModelCompareDialog : public QDialog {
    Q_OBJECT
public:
    /// Compares bundle `b` with bundle `a`; `offerActivation` adds "Activate B".
    ModelCompareDialog(QString a, QString b, bool offerActivation, QWidget* parent = nullptr);

    /// Whether the comparison has ended (done, failed or cancelled).
    bool isFinished() const { return finished_; }
    /// The comparison (ai::ModelComparison's JSON); null until done.
    const nlohmann::json& result() const { return result_; }
    /// Draws disagreement `row` with both overlays (what a click does).
    void showCase(int row);
    QTableWidget* table() const { return table_; }
    QListWidget* disagreements() const { return disagreements_; }
    QLabel* previewA() const { return previewA_; }
    QLabel* previewB() const { return previewB_; }
    QLabel* summary() const { return summary_; }

Q_SIGNALS:
    /// The comparison ended (see isFinished()).
    void comparisonFinished();
    /// "Activate B" was chosen.
    void activateRequested();

private:
    void start();
    void showResult();

    QString a_, b_;
    QLabel *summary_, *previewA_, *previewB_;
    QTableWidget* table_;
    QListWidget* disagreements_;
    QProgressBar* progress_;
    QPushButton *cancel_, *activate_;
    BackgroundTask* task_ = nullptr;
    bool finished_ = false;
    nlohmann::json result_;
    std::shared_ptr<ai::LoadedModel> modelA_, modelB_;
    std::shared_ptr<std::vector<ai::TrainingSample>> cases_;
};

}  // namespace radlens::ui
