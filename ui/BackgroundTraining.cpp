#include "ui/BackgroundTraining.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <cmath>

#include "ui/TrainingRun.h"

namespace radlens::ui {

namespace {

/// A path of the config, relative to the config's folder as radlens-cli
/// train resolves it.
QString resolved(const QString& configPath, const QString& path) {
    return QFileInfo(path).isAbsolute()
               ? path
               : QFileInfo(configPath).absoluteDir().absoluteFilePath(path);
}

}  // namespace

BackgroundTraining::BackgroundTraining(QString cli, QObject* parent)
    : QObject(parent), cli_(std::move(cli)), run_(new TrainingRun(cli_, this)) {
    connect(run_, &TrainingRun::event, this, &BackgroundTraining::onEvent);
    connect(run_, &TrainingRun::finished, this, [this](bool ok, const QString& message) {
        running_ = false;
        ++done_;
        const Job ended = current_;
        startNext();  // the next run first: a slot below may take a while
        if (ok)
            Q_EMIT modelReady(resolved(ended.configPath,
                                       ended.config.value(QStringLiteral("output")).toString()));
        else
            Q_EMIT failed(nameOf(ended), message);
    });
}

BackgroundTraining::~BackgroundTraining() = default;  // run_'s destructor stops the process

bool BackgroundTraining::add(const QString& configPath, QString* error) {
    QFile f(configPath);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error) *error = tr("%1: cannot read: %2").arg(configPath, f.errorString());
        return false;
    }
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parse);
    if (!doc.isObject()) {
        if (error)
            *error = tr("%1: not a training config: %2").arg(configPath, parse.errorString());
        return false;
    }
    if (doc.object().value(QStringLiteral("output")).toString().isEmpty()) {
        if (error) *error = tr("%1: the config names no \"output\"").arg(configPath);
        return false;
    }
    queue_.push_back({QFileInfo(configPath).absoluteFilePath(), doc.object()});
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

QString BackgroundTraining::nameOf(const Job& job) const {
    const QString name = job.config.value(QStringLiteral("name")).toString();
    return name.isEmpty()
               ? QFileInfo(job.config.value(QStringLiteral("output")).toString()).fileName()
               : name;
}

QString BackgroundTraining::runTitle() const {
    if (total_ <= 1) return tr("Training %1").arg(nameOf(current_));
    return tr("Training %1 (%2 of %3)").arg(nameOf(current_)).arg(done_ + 1).arg(total_);
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
    const QString output =
        resolved(current_.configPath, current_.config.value(QStringLiteral("output")).toString());
    QString checkpointDir = current_.config.value(QStringLiteral("checkpoint_dir")).toString();
    checkpointDir = checkpointDir.isEmpty() ? output + QStringLiteral(".run")
                                            : resolved(current_.configPath, checkpointDir);
    const bool resume =
        QFileInfo::exists(QDir(checkpointDir).filePath(QStringLiteral("checkpoint.pt")));
    showPhase(resume ? tr("resuming") : tr("starting"));
    run_->start(current_.config, current_.configPath, resume);
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
