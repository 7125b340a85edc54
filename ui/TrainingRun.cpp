#include "ui/TrainingRun.h"

#include "platform/Platform.h"

#include <QFile>
#include <QJsonDocument>

namespace radlens::ui {

TrainingRun::TrainingRun(QString cli, QObject* parent) : QObject(parent), cli_(std::move(cli)) {
    connect(&process_, &QProcess::readyReadStandardOutput, this, &TrainingRun::readLines);
    connect(&process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            Q_EMIT finished(false,
                            tr("%1 could not be started: %2").arg(cli_, process_.errorString()));
    });
    connect(&process_, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        readLines();
        paused_ = false;
        if (status == QProcess::NormalExit && code == 0 && done_) {
            Q_EMIT finished(true, QString());
            return;
        }
        QString why = error_;
        if (why.isEmpty()) why = QString::fromUtf8(process_.readAllStandardError()).trimmed();
        if (why.isEmpty())
            why = status == QProcess::CrashExit
                      ? tr("the training process crashed")
                      : tr("the training process exited with %1").arg(code);
        Q_EMIT finished(false, why);
    });
}

TrainingRun::~TrainingRun() {
    if (isRunning()) {
        if (paused_) platform::resumeProcess(process_.processId());
        process_.terminate();
        if (!process_.waitForFinished(5000)) process_.kill();
    }
}

void TrainingRun::start(const QJsonObject& config, const QString& configPath, bool resume) {
    QFile f(configPath);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        f.write(QJsonDocument(config).toJson()) < 0) {
        Q_EMIT finished(false, tr("cannot write %1: %2").arg(configPath, f.errorString()));
        return;
    }
    f.close();
    startFile(configPath, resume);
}

void TrainingRun::startFile(const QString& configPath, bool resume) {
    done_ = false;
    error_.clear();
    buffer_.clear();
    QStringList args{QStringLiteral("train"), QStringLiteral("--config"), configPath};
    if (resume) args << QStringLiteral("--resume");
    process_.start(cli_, args);
}

void TrainingRun::pause() {
    if (isRunning() && !paused_ && platform::suspendProcess(process_.processId())) paused_ = true;
}

void TrainingRun::resume() {
    if (isRunning() && paused_ && platform::resumeProcess(process_.processId())) paused_ = false;
}

void TrainingRun::cancel() {
    if (!isRunning()) return;
    if (paused_) resume();
    process_.terminate();  // SIGTERM: the trainer stops at the next step
}

void TrainingRun::readLines() {
    buffer_ += process_.readAllStandardOutput();
    int nl;
    while ((nl = buffer_.indexOf('\n')) >= 0) {
        const QByteArray line = buffer_.left(nl).trimmed();
        buffer_.remove(0, nl + 1);
        if (line.isEmpty()) continue;
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        if (e.isEmpty()) continue;
        const QString kind = e.value(QStringLiteral("event")).toString();
        if (kind == QStringLiteral("done")) done_ = true;
        if (kind == QStringLiteral("error")) error_ = e.value(QStringLiteral("message")).toString();
        Q_EMIT event(e);
    }
}

}  // namespace radlens::ui
