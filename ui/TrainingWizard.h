#pragma once
// The training wizard (issue 7): task -> base model -> data (per-class counts,
// warnings) -> split and hyper-parameters (the reference work's defaults) and
// device -> run (live loss and metric curves, epoch, ETA, pause, cancel) ->
// results (per-class metrics, confusion matrix, the current model on the same
// validation split) and "Activate", which registers the new version in the
// ModelRegistry (earlier versions stay; rollback there).
//
// The run is a `radlens-cli train` process (TrainingRun); the data check runs
// TrainingDataLoader on a worker thread. Widgets carry object names so tests
// can drive them.
//
// Threads: GUI thread only.

#include <QJsonObject>
#include <QString>
#include <QWizard>

namespace radlens::ui {

class TrainingWizard : public QWizard {
    Q_OBJECT
public:
    enum Page { TaskPage, BasePage, DataPage, SettingsPage, RunPage, ResultsPage };

    /// `cli`: the radlens-cli program; `registryFolder`: the ModelRegistry's
    /// folder (empty: the default); `activeBundle`: offered as the base model.
    TrainingWizard(QString cli, QString registryFolder = {}, QString activeBundle = {},
                   QWidget* parent = nullptr);

    /// The RUN.json the answers make (docs/cli.md).
    QJsonObject config() const;
    /// Adds a data folder or CSV, as the data page's "Add" buttons do.
    void addDataPath(const QString& path);
    QString cli() const { return cli_; }
    QString registryFolder() const { return registryFolder_; }
    QString activeBundle() const { return activeBundle_; }

private:
    QString cli_, registryFolder_, activeBundle_;
};

}  // namespace radlens::ui
