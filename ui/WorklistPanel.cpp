#include "ui/WorklistPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDate>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QVBoxLayout>

#include "ai/ResultCacheKey.h"
#include "ui/BackgroundTask.h"
#include "ui/PreferencesDialog.h"
#include "ui/WorklistFilter.h"
#include "ui/WorklistModel.h"

namespace radlens::ui {

namespace {
const char* kRunningKey = "worklist/analysing";
}

WorklistPanel::WorklistPanel(QString databasePath, QWidget* parent)
    : QWidget(parent), databasePath_(std::move(databasePath)) {
    model_ = new WorklistModel(this);
    filter_ = new WorklistFilter(this);
    filter_->setSourceModel(model_);
    analyzer_ = new WorklistAnalyzer(databasePath_, this);
    view_ = new QTableView;
    view_->setObjectName(QStringLiteral("worklist"));
    view_->setModel(filter_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->verticalHeader()->hide();
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view_->setSortingEnabled(false);  // the filter keeps the triage order

    unread_ = new QCheckBox(tr("&Unread"));
    flagged_ = new QCheckBox(tr("F&lagged"));
    modality_ = new QComboBox;
    modality_->setObjectName(QStringLiteral("modalityFilter"));
    since_ = new QComboBox;
    since_->addItem(tr("Any date"), -1);
    since_->addItem(tr("Today"), 0);
    since_->addItem(tr("Last 7 days"), 7);
    since_->addItem(tr("Last 30 days"), 30);
    since_->addItem(tr("Last year"), 365);
    analyze_ = new QPushButton(tr("Analyse &All"));
    analyze_->setObjectName(QStringLiteral("analyzeAll"));
    reviewed_ = new QPushButton(tr("Mark &Reviewed"));
    order_ = new QComboBox;
    order_->setObjectName(QStringLiteral("worklistOrder"));
    order_->addItem(tr("Priority first"));
    order_->addItem(tr("Most uncertain first"));
    order_->setToolTip(
        tr("Most uncertain first: the cases whose probabilities lie nearest "
           "their thresholds, which teach the next fine-tune most."));
    nextUncertain_ = new QPushButton(tr("Annotate &Next Uncertain"));
    nextUncertain_->setObjectName(QStringLiteral("annotateNextUncertain"));
    progress_ = new QProgressBar;
    progress_->hide();
    status_ = new QLabel;
    status_->setWordWrap(true);

    auto* filters = new QHBoxLayout;
    filters->addWidget(unread_);
    filters->addWidget(flagged_);
    filters->addWidget(modality_);
    filters->addWidget(since_);
    filters->addWidget(order_);
    filters->addStretch();
    auto* actions = new QHBoxLayout;
    actions->addWidget(analyze_);
    actions->addWidget(reviewed_);
    actions->addWidget(nextUncertain_);
    actions->addWidget(progress_, 1);
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(2, 2, 2, 2);
    v->addLayout(filters);
    v->addWidget(view_, 1);
    v->addLayout(actions);
    v->addWidget(status_);

    connect(order_, &QComboBox::currentIndexChanged, this,
            [this](int i) { filter_->setSortByUncertainty(i == 1); });
    connect(nextUncertain_, &QPushButton::clicked, this, [this] {
        const QString uid = nextUncertain();
        if (uid.isEmpty()) {
            status_->setText(tr("No analysed series is left without a final annotation."));
            return;
        }
        const int row = filter_->mapFromSource(model_->index(model_->rowOf(uid), 0)).row();
        if (row >= 0) view_->selectRow(row);
        lastAnnotated_ = uid;
        Q_EMIT annotateSeries(uid);
    });
    connect(unread_, &QCheckBox::toggled, filter_, &WorklistFilter::setUnreadOnly);
    connect(flagged_, &QCheckBox::toggled, filter_, &WorklistFilter::setFlaggedOnly);
    connect(modality_, &QComboBox::currentIndexChanged, this,
            [this] { filter_->setModality(modality_->currentData().toString()); });
    connect(since_, &QComboBox::currentIndexChanged, this, [this] {
        const int days = since_->currentData().toInt();
        filter_->setSince(
            days < 0 ? QString()
                     : QDate::currentDate().addDays(-days).toString(QStringLiteral("yyyyMMdd")));
    });
    connect(view_, &QTableView::doubleClicked, this, [this](const QModelIndex& i) {
        const int row = filter_->mapToSource(i).row();
        Q_EMIT openSeries(QString::fromStdString(model_->entry(row).series.uid));
    });
    connect(analyze_, &QPushButton::clicked, this, [this] {
        if (analyzer_->running())
            cancel();
        else
            analyzeAll();
    });
    connect(reviewed_, &QPushButton::clicked, this, [this] {
        const QModelIndex i = view_->currentIndex();
        if (!i.isValid()) return;
        const WorklistEntry& e = model_->entry(filter_->mapToSource(i).row());
        markReviewed(QString::fromStdString(e.series.uid), e.reviewer.isEmpty(),
                     PreferencesDialog::annotatorName());
    });
    connect(analyzer_, &WorklistAnalyzer::progress, this, [this](int done, int total) {
        progress_->setRange(0, std::max(total, 1));
        progress_->setValue(done);
        progress_->setFormat(tr("%1 of %2 series").arg(done).arg(total));
        progress_->show();
    });
    connect(analyzer_, &WorklistAnalyzer::seriesDone, this, &WorklistPanel::reload);
    connect(analyzer_, &WorklistAnalyzer::finished, this,
            [this](bool cancelled, int failed, const QStringList& messages) {
                QSettings().setValue(QLatin1String(kRunningKey), false);
                analyze_->setText(tr("Analyse &All"));
                progress_->hide();
                QString text = cancelled ? tr("Analysis stopped; it continues from here next time.")
                                         : tr("Every series is analysed.");
                if (failed)
                    text += QLatin1Char(' ') +
                            tr("%n series could not be analysed: %1", nullptr, failed)
                                .arg(messages.value(0));
                status_->setText(text);
                reload();
            });
}

void WorklistPanel::setModels(std::vector<WorklistAnalyzer::Model> models) {
    models_ = std::move(models);
    reload();
    // A run cut short by quitting continues.
    if (QSettings().value(QLatin1String(kRunningKey), false).toBool() && !models_.empty())
        analyzeAll();
}

QString WorklistPanel::nextUncertain() const {
    return model_->mostUncertainUnannotated(lastAnnotated_);
}

void WorklistPanel::reload() {
    // One read at a time; asks that come meanwhile make one more read after it.
    if (loading_) {
        reloadAgain_ = true;
        return;
    }
    loading_ = true;
    QStringList shas;
    for (const auto& m : models_)
        shas << QString::fromStdString(ai::resultCacheKey(m.manifest, std::nullopt));
    auto* task = new BackgroundTask(
        tr("Reading the worklist"),
        [db = databasePath_, shas](BackgroundTask::Control&) {
            return std::any(WorklistModel::read(db, shas));
        },
        this);
    connect(task, &BackgroundTask::finished, this, [this, task, shas] {
        loading_ = false;
        if (task->state() == BackgroundTask::State::Done) {
            const QModelIndex current = view_->currentIndex();
            const QString uid =
                current.isValid()
                    ? QString::fromStdString(
                          model_->entry(filter_->mapToSource(current).row()).series.uid)
                    : QString();
            model_->setEntries(task->result<std::vector<WorklistEntry>>(), databasePath_, shas);
            updateModalities();
            if (const int row = model_->rowOf(uid); row >= 0)
                view_->setCurrentIndex(filter_->mapFromSource(model_->index(row, 0)));
        } else if (task->state() == BackgroundTask::State::Failed) {
            status_->setText(tr("Cannot read the worklist: %1").arg(task->error()));
        }
        if (reloadAgain_) {
            reloadAgain_ = false;
            reload();
        } else {
            Q_EMIT reloaded();
        }
    });
    task->start();
}

void WorklistPanel::updateModalities() {
    const QString current = modality_->currentData().toString();
    QStringList found;
    for (int r = 0; r < model_->rowCount(); ++r) {
        const QString m = QString::fromStdString(model_->entry(r).series.modality);
        if (!found.contains(m)) found << m;
    }
    found.sort();
    modality_->blockSignals(true);
    modality_->clear();
    modality_->addItem(tr("All modalities"), QString());
    for (const QString& m : found) modality_->addItem(m, m);
    modality_->setCurrentIndex(std::max(0, modality_->findData(current)));
    modality_->blockSignals(false);
}

void WorklistPanel::analyzeAll() {
    if (models_.empty()) {
        status_->setText(tr("No active model to analyse with (AI > Models)."));
        return;
    }
    QSettings().setValue(QLatin1String(kRunningKey), true);
    status_->setText(tr("Analysing every series in the background..."));
    analyze_->setText(tr("C&ancel Analysis"));
    analyzer_->start(models_);
}

void WorklistPanel::cancel() {
    analyzer_->cancel();
    QSettings().setValue(QLatin1String(kRunningKey), false);
}

void WorklistPanel::markReviewed(const QString& seriesUid, bool reviewed, const QString& reviewer) {
    auto* task = new BackgroundTask(
        tr("Recording the review"),
        [db = databasePath_.toStdString(), uid = seriesUid.toStdString(), reviewed,
         who = reviewer.toStdString()](BackgroundTask::Control&) {
            return std::any(imaging::Database(db).setSeriesReviewed(uid, reviewed, who));
        },
        this);
    connect(task, &BackgroundTask::finished, this, [this, task] {
        if (task->state() != BackgroundTask::State::Done || !task->result<bool>())
            status_->setText(tr("Cannot record the review in %1").arg(databasePath_));
        reload();
    });
    task->start();
}

}  // namespace radlens::ui
