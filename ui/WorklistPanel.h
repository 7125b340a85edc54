#pragma once
// The triage worklist (a dock of the main window): every series in the local
// database, highest priority first, flagged rows highlighted, unread rows in
// bold; filters (unread, flagged, modality, study date); "Analyse All" runs
// the active models over every series in the background with progress and
// Cancel (and resumes at the next start if the program quit while it ran);
// "Mark Reviewed" records who read a series; a double click opens it.
// "Most uncertain first" orders by the models' uncertainty; "Annotate Next
// Uncertain" opens for annotation the most uncertain analysed series that has
// no final annotation yet.
//
// Threads: GUI thread; the database is read and written by BackgroundTasks.
// Ownership: Qt parent/child.

#include <QWidget>
#include <vector>

#include "ui/WorklistAnalyzer.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace radlens::ui {

class WorklistModel;
class WorklistFilter;

class WorklistPanel : public QWidget {
    Q_OBJECT
public:
    explicit WorklistPanel(QString databasePath, QWidget* parent = nullptr);

    /// The models "Analyse All" uses and whose results the list shows.
    void setModels(std::vector<WorklistAnalyzer::Model> models);
    /// The engine "Analyse All" submits to (WorklistAnalyzer::setEngine).
    void setEngine(std::function<std::shared_ptr<ai::InferenceEngine>()> provider) {
        analyzer_->setEngine(std::move(provider));
    }
    /// Re-reads the list in the background (reloaded() follows).
    void reload();
    /// Whether a read is under way.
    bool isLoading() const { return loading_; }
    /// Starts the background analysis of every series (remembered until it ends).
    void analyzeAll();
    void cancel();
    /// Records that `reviewer` has read the series (or not).
    void markReviewed(const QString& seriesUid, bool reviewed, const QString& reviewer);
    /// The most uncertain analysed series without a final annotation (other
    /// than the one last opened this way); empty when none.
    QString nextUncertain() const;

    WorklistModel* model() const { return model_; }
    WorklistFilter* filter() const { return filter_; }
    WorklistAnalyzer* analyzer() const { return analyzer_; }
    QTableView* view() const { return view_; }

Q_SIGNALS:
    void openSeries(QString seriesUid);
    /// "Annotate Next Uncertain": open this series and start annotating it.
    void annotateSeries(QString seriesUid);
    /// The list shows what the database held at the last read.
    void reloaded();

private:
    void updateModalities();

    QString databasePath_;
    std::vector<WorklistAnalyzer::Model> models_;
    WorklistModel* model_;
    WorklistFilter* filter_;
    WorklistAnalyzer* analyzer_;
    QTableView* view_;
    QCheckBox *unread_, *flagged_;
    QComboBox *modality_, *since_;
    QPushButton *analyze_, *reviewed_, *nextUncertain_;
    QComboBox* order_;
    QString lastAnnotated_;
    QProgressBar* progress_;
    QLabel* status_;
    bool loading_ = false, reloadAgain_ = false;
};

}  // namespace radlens::ui
