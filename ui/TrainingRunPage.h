#pragma once
// The training wizard's page "run" (TrainingWizard::Page): The run: live loss and metric curves,
// epoch, ETA, pause, cancel (a radlens-cli train process, TrainingRun). Header-only:
// TrainingWizard.cpp is its one user. Strings are in the wizard's translation context.
//
// Threads: GUI thread. Ownership: the wizard owns its pages.

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include "ui/TrainingRun.h"
#include "ui/TrainingWizard.h"

namespace radlens::ui {

class RunPageWidget : public QWizardPage {
    // tr() in the wizard\'s context, so that lupdate and the run time agree.
    Q_DECLARE_TR_FUNCTIONS(radlens::ui::TrainingWizard)

public:
    explicit RunPageWidget(TrainingWizard* wizard) : wizard_(wizard) {
        setTitle(tr("Training"));
        setSubTitle(
            tr("The run is a separate process: the viewer stays responsive, and a "
               "crash of the run cannot take it down."));
        progress_ = new QProgressBar;
        progress_->setObjectName(QStringLiteral("runProgress"));
        status_ = new QLabel(tr("Starting..."));
        status_->setObjectName(QStringLiteral("runStatus"));
        status_->setWordWrap(true);
        pause_ = new QPushButton(tr("&Pause"));
        pause_->setObjectName(QStringLiteral("pauseRun"));
        cancel_ = new QPushButton(tr("&Cancel run"));
        cancel_->setObjectName(QStringLiteral("cancelRun"));
        auto* chart = new QChart;
        chart->setTitle(tr("Loss and validation metric"));
        trainLoss_ = new QLineSeries;
        trainLoss_->setName(tr("training loss (per step)"));
        valLoss_ = new QLineSeries;
        valLoss_->setName(tr("validation loss (per epoch)"));
        metric_ = new QLineSeries;
        metric_->setName(tr("validation metric (per epoch)"));
        for (QLineSeries* s : {trainLoss_, valLoss_, metric_}) chart->addSeries(s);
        axisX_ = new QValueAxis;
        axisX_->setTitleText(tr("epoch"));
        axisY_ = new QValueAxis;
        axisY_->setRange(0, 1);
        chart->addAxis(axisX_, Qt::AlignBottom);
        chart->addAxis(axisY_, Qt::AlignLeft);
        for (QLineSeries* s : {trainLoss_, valLoss_, metric_}) {
            s->attachAxis(axisX_);
            s->attachAxis(axisY_);
        }
        auto* view = new QChartView(chart);
        view->setMinimumHeight(220);
        auto* buttons = new QHBoxLayout;
        buttons->addWidget(pause_);
        buttons->addWidget(cancel_);
        buttons->addStretch();
        auto* v = new QVBoxLayout(this);
        v->addWidget(view);
        v->addWidget(progress_);
        v->addWidget(status_);
        v->addLayout(buttons);
        connect(pause_, &QPushButton::clicked, this, [this] {
            if (!run_) return;
            if (run_->isPaused()) {
                run_->resume();
                pause_->setText(tr("&Pause"));
            } else {
                run_->pause();
                pause_->setText(tr("&Resume"));
                status_->setText(tr("Paused."));
            }
        });
        connect(cancel_, &QPushButton::clicked, this, [this] {
            if (run_) run_->cancel();
        });
    }

    void initializePage() override {
        done_ = false;
        result_ = QJsonObject();
        baseline_ = QJsonObject();
        trainLoss_->clear();
        valLoss_->clear();
        metric_->clear();
        maxY_ = 1;
        delete run_;
        run_ = new TrainingRun(wizard_->cli(), this);
        connect(run_, &TrainingRun::event, this, [this](const QJsonObject& e) { onEvent(e); });
        connect(run_, &TrainingRun::finished, this, [this](bool ok, const QString& why) {
            pause_->setEnabled(false);
            cancel_->setEnabled(false);
            done_ = ok;
            if (!ok) {
                progress_->setRange(0, 1);
                progress_->setValue(0);
            }
            status_->setText(ok ? tr("Finished.") : tr("The run failed: %1").arg(why));
            Q_EMIT completeChanged();
        });
        pause_->setEnabled(true);
        cancel_->setEnabled(true);
        const QJsonObject c = wizard_->config();
        epochs_ = c.value(QStringLiteral("epochs")).toInt();
        axisX_->setRange(0, epochs_);
        progress_->setRange(0, 0);
        const QString output = c.value(QStringLiteral("output")).toString();
        QDir().mkpath(QFileInfo(output).absolutePath());
        run_->start(c, output + QStringLiteral(".json"));
    }

    void cleanupPage() override {
        if (run_ && run_->isRunning()) run_->cancel();
    }

    bool isComplete() const override { return done_; }

    QJsonObject result() const { return result_; }
    QJsonObject baseline() const { return baseline_; }

private:
    TrainingWizard* wizard_;
    QPointer<TrainingRun> run_;
    QProgressBar* progress_;
    QLabel* status_;
    QPushButton *pause_, *cancel_;
    QLineSeries *trainLoss_, *valLoss_, *metric_;
    QValueAxis *axisX_, *axisY_;
    int epochs_ = 1;
    double maxY_ = 1;
    bool done_ = false;
    QJsonObject result_, baseline_;

    void grow(double y) {
        if (y > maxY_) {
            maxY_ = y * 1.1;
            axisY_->setRange(0, maxY_);
        }
    }

    void onEvent(const QJsonObject& e) {
        const QString kind = e.value(QStringLiteral("event")).toString();
        if (kind == QStringLiteral("step")) {
            const int steps = e.value(QStringLiteral("steps")).toInt(1);
            const int epoch = e.value(QStringLiteral("epoch")).toInt(1);
            const int step = e.value(QStringLiteral("step")).toInt(1);
            progress_->setRange(0, epochs_ * steps);
            progress_->setValue((epoch - 1) * steps + step);
            const double loss = e.value(QStringLiteral("loss")).toDouble();
            trainLoss_->append(epoch - 1 + double(step) / steps, loss);
            grow(loss);
            if (!run_ || !run_->isPaused())
                status_->setText(tr("Epoch %1 of %2, step %3 of %4, loss %5; about %6 s left.")
                                     .arg(epoch)
                                     .arg(epochs_)
                                     .arg(step)
                                     .arg(steps)
                                     .arg(loss, 0, 'f', 4)
                                     .arg(qRound(e.value(QStringLiteral("eta_s")).toDouble())));
        } else if (kind == QStringLiteral("epoch")) {
            const QJsonObject m = e.value(QStringLiteral("metrics")).toObject();
            const int epoch = e.value(QStringLiteral("epoch")).toInt();
            const double vl = m.value(QStringLiteral("loss")).toDouble();
            valLoss_->append(epoch, vl);
            grow(vl);
            const bool segment = wizard_->field(QStringLiteral("segment")).toBool();
            metric_->append(
                epoch, m.value(segment ? QStringLiteral("iou") : QStringLiteral("f1")).toDouble());
        } else if (kind == QStringLiteral("baseline")) {
            baseline_ = e.value(QStringLiteral("metrics")).toObject();
        } else if (kind == QStringLiteral("done")) {
            result_ = e;
        }
    }
};

}  // namespace radlens::ui
