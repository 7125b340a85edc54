#include "ui/BackgroundTraining.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include "platform/JsonInput.h"

#include "ai/TrainingConfig.h"

#include "ui/TrainingRun.h"

namespace radlens::ui {

BackgroundTraining::BackgroundTraining(QString cli, QObject* parent)
    : QObject(parent), run_(new TrainingRun(std::move(cli), this)) {
    connect(run_, &TrainingRun::event, this, &BackgroundTraining::onEvent);
    connect(run_, &TrainingRun::finished, this, [this](bool ok, const QString& message) {
        running_ = false;
        ++done_;
        const Job ended = current_;
        startNext();  // the next run first: a slot below may take a while
        if (ok)
            Q_EMIT modelReady(ended.output);
        else
            Q_EMIT failed(ended.name, message);
    });
}

BackgroundTraining::~BackgroundTraining() = default;  // run_'s destructor stops the process

bool BackgroundTraining::add(const QString& configPath, QString* error) {
    // Read and checked as radlens-cli train will (ai::TrainingConfig): a bad
    // config is refused now, not minutes later in the queue.
    QFile f(configPath);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error) *error = tr("%1: cannot read: %2").arg(configPath, f.errorString());
        return false;
    }
    const QString path = QFileInfo(configPath).absoluteFilePath();
    Job job;
    try {
        const nlohmann::json j = platform::parseJson(f.readAll().toStdString(), path.toStdString());
        const ai::TrainingConfig c =
            ai::TrainingConfig::fromJson(j, QFileInfo(path).absolutePath().toStdString());
        if (c.output.empty()) throw std::invalid_argument("config key \"output\": missing");
        job.configPath = path;
        job.output = QString::fromStdString(c.output);
        job.checkpoint = QDir(QString::fromStdString(c.effectiveCheckpointDir()))
                             .filePath(QStringLiteral("checkpoint.pt"));
        job.name =
            c.name.empty() ? QFileInfo(job.output).fileName() : QString::fromStdString(c.name);
    } catch (const nlohmann::json::exception& e) {
        if (error)
            *error =
                tr("%1: not a training config: %2").arg(configPath, QString::fromUtf8(e.what()));
        return false;
    } catch (const std::exception& e) {
        if (error) *error = tr("%1: %2").arg(configPath, QString::fromUtf8(e.what()));
        return false;
    }
    queue_.push_back(job);
    ++total_;
    if (!running_)
        startNext();
    else
        showPhase(phase_);  // "(1 of n)" now counts this one
    return true;
}

bool BackgroundTraining::isRunning() const { return running_; }

QString BackgroundTraining::remaining(double seconds) {
    if (!(seconds >= 0)) return QString();
    if (seconds < 60) return tr("less than a minute left");
    return tr("about %n min left", nullptr, int(std::lround(seconds / 60.0)));
}

QString BackgroundTraining::runTitle() const {
    if (total_ <= 1) return tr("Training %1").arg(current_.name);
    return tr("Training %1 (%2 of %3)").arg(current_.name).arg(done_ + 1).arg(total_);
}

void BackgroundTraining::showPhase(const QString& phase) {
    phase_ = phase;
    const QString text = running_ ? tr("%1: %2").arg(runTitle(), phase) : QString();
    if (text == text_) return;
    text_ = text;
    Q_EMIT progressChanged(text_);
}

void BackgroundTraining::startNext() {
    if (queue_.empty()) {
        showPhase(QString());
        Q_EMIT allFinished();
        return;
    }
    current_ = queue_.front();
    queue_.pop_front();
    running_ = true;
    const bool resume = QFileInfo::exists(current_.checkpoint);
    showPhase(resume ? tr("resuming") : tr("starting"));
    run_->startFile(current_.configPath, resume);
}

void BackgroundTraining::onEvent(const QJsonObject& event) {
    const QString kind = event.value(QStringLiteral("event")).toString();
    if (kind != QStringLiteral("step") && kind != QStringLiteral("epoch")) return;
    const int epochs = event.value(QStringLiteral("epochs")).toInt();
    // A step belongs to the epoch under way; an epoch event says it is done.
    const int epoch = event.value(QStringLiteral("epoch")).toInt();
    const QString left = remaining(event.value(QStringLiteral("eta_s")).toDouble(-1));
    showPhase(left.isEmpty() ? tr("epoch %1 of %2").arg(epoch).arg(epochs)
                             : tr("epoch %1 of %2, %3").arg(epoch).arg(epochs).arg(left));
}

}  // namespace radlens::ui
