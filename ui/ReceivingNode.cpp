#include "ui/ReceivingNode.h"

#include <QMetaObject>
#include <QPointer>
#include <QSettings>
#include <QTime>

#include "ai/ArrivalAnalyzer.h"
#include "imaging/Database.h"
#include "imaging/InstanceStore.h"
#include "imaging/SeriesArrivals.h"
#include "net/RemoteClient.h"
#include "net/RemoteNode.h"
#include "net/StorageListener.h"
#include "ui/BackgroundTask.h"
#include "ui/WorklistModel.h"

namespace radlens::ui {

namespace {
const char* kGroup = "receive";
QString q(const std::string& s) { return QString::fromStdString(s); }
/// A long UID shortened for the log: its last 12 characters.
QString shortUid(const QString& uid) {
    return uid.size() > 16 ? QStringLiteral("…") + uid.right(12) : uid;
}
}  // namespace

ReceivingNode::Settings ReceivingNode::Settings::load() {
    QSettings s;
    s.beginGroup(QLatin1String(kGroup));
    Settings out;
    out.enabled = s.value(QStringLiteral("enabled"), out.enabled).toBool();
    out.aet = s.value(QStringLiteral("aet"), out.aet).toString();
    out.port = s.value(QStringLiteral("port"), out.port).toInt();
    out.allowed = s.value(QStringLiteral("allowed"), out.allowed).toStringList();
    out.quietSeconds = s.value(QStringLiteral("quietSeconds"), out.quietSeconds).toDouble();
    return out;
}

void ReceivingNode::Settings::save() const {
    QSettings s;
    s.beginGroup(QLatin1String(kGroup));
    s.setValue(QStringLiteral("enabled"), enabled);
    s.setValue(QStringLiteral("aet"), aet);
    s.setValue(QStringLiteral("port"), port);
    s.setValue(QStringLiteral("allowed"), allowed);
    s.setValue(QStringLiteral("quietSeconds"), quietSeconds);
}

QString ReceivingNode::Settings::problem() const {
    if (const std::string why = net::RemoteNode::checkAet(aet.toStdString()); !why.empty())
        return ReceivingNode::tr("Our AE title: %1").arg(q(why));
    for (const QString& a : allowed)
        if (const std::string why = net::RemoteNode::checkAet(a.toStdString()); !why.empty())
            return ReceivingNode::tr("Allowed AE titles: %1").arg(q(why));
    if (port < 1 || port > 65535) return ReceivingNode::tr("The port must be 1 to 65535.");
    if (quietSeconds < 0.1 || quietSeconds > 3600)
        return ReceivingNode::tr("The quiet time must be 0.1 to 3600 seconds.");
    return {};
}

ReceivingNode::ReceivingNode(QString storeRoot, QString databasePath, QObject* parent)
    : QObject(parent),
      storeRoot_(storeRoot.isEmpty() ? q(imaging::InstanceStore::defaultRoot())
                                     : std::move(storeRoot)),
      databasePath_(databasePath.isEmpty() ? q(imaging::Database::defaultPath())
                                           : std::move(databasePath)) {
    poll_.setInterval(250);
    connect(&poll_, &QTimer::timeout, this, &ReceivingNode::takeComplete);
}

ReceivingNode::~ReceivingNode() { stop(); }

void ReceivingNode::setModels(std::vector<WorklistAnalyzer::Model> models) {
    models_ = std::move(models);
    if (state_ == State::Listening) makeAnalyzer();
}

bool ReceivingNode::apply(const Settings& settings) {
    stop();
    settings_ = settings;
    failure_.clear();
    if (!settings.enabled) {
        Q_EMIT stateChanged();
        return true;
    }
    if (const QString why = settings.problem(); !why.isEmpty()) {
        failure_ = why;
        state_ = State::Failed;
        Q_EMIT stateChanged();
        return false;
    }
    try {
        // What a killed listener or retrieval was receiving: never acknowledged.
        imaging::InstanceStore(storeRoot_.toStdString(), "").removeStaleTemporaries();
        arrivals_ = std::make_shared<imaging::SeriesArrivals>(
            std::chrono::milliseconds(qRound64(settings.quietSeconds * 1000)),
            imaging::SeriesArrivals::journalIn(storeRoot_.toStdString()));
        net::StorageListener::Options o;
        o.aet = settings.aet.toStdString();
        o.port = settings.port;
        for (const QString& a : settings.allowed) o.allowedCallers.push_back(a.toStdString());
        listener_ = std::make_unique<net::StorageListener>(o, storeRoot_.toStdString(),
                                                           databasePath_.toStdString());
    } catch (const std::exception& e) {
        failure_ = q(e.what());
        state_ = State::Failed;
        Q_EMIT stateChanged();
        return false;
    }
    QPointer<ReceivingNode> self(this);
    auto post = [self](auto fn) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, fn] {
                if (self) fn(*self);
            },
            Qt::QueuedConnection);
    };
    std::shared_ptr<imaging::SeriesArrivals> arrivals = arrivals_;
    listener_->setStored(
        [arrivals, post](const imaging::InstanceInfo& info, const std::string& caller) {
            arrivals->add(info);  // thread-safe; the clock starts now, not when the GUI gets to it
            const QString series = q(info.seriesUid), from = q(caller);
            post([series, from](ReceivingNode& n) {
                ++n.received_;
                if (!n.arriving_.contains(series)) {
                    n.arriving_.insert(series);
                    n.note(tr("Receiving series %1 from %2").arg(shortUid(series), from));
                }
            });
        });
    listener_->setFailed([post](const std::string& why) {
        const QString w = q(why);
        post([w](ReceivingNode& n) { n.note(tr("Refused an instance: %1").arg(w)); });
    });
    listener_->setRefused([post](const std::string& caller) {
        const QString c = q(caller);
        post([c](ReceivingNode& n) {
            n.note(tr("Refused an association from %1: not an allowed AE title").arg(c));
        });
    });
    try {
        listener_->start();
    } catch (const std::exception& e) {
        listener_.reset();
        failure_ = q(e.what());
        state_ = State::Failed;
        note(tr("Cannot receive: %1").arg(failure_));
        Q_EMIT stateChanged();
        return false;
    }
    state_ = State::Listening;
    note(tr("Listening as %1 on port %2").arg(settings.aet).arg(settings.port));
    makeAnalyzer();
    poll_.start();
    if (!resumed_) resumeLeftOver();
    Q_EMIT stateChanged();
    return true;
}

void ReceivingNode::stop() {
    poll_.stop();
    if (listener_) {
        listener_->stop();  // what is in flight is stored and acknowledged
        listener_.reset();
        note(tr("Stopped listening"));
    }
    if (analyzer_) analyzer_->stop();  // unanalysed series stay in the journal
    analyzer_.reset();
    arrivals_.reset();
    const bool changed = state_ != State::Stopped;
    state_ = State::Stopped;
    if (changed) Q_EMIT stateChanged();
}

void ReceivingNode::makeAnalyzer() {
    if (analyzer_) analyzer_->stop();
    analyzer_.reset();
    if (models_.empty() || !engineProvider_) return;
    std::shared_ptr<ai::InferenceEngine> engine;
    try {
        engine = engineProvider_();
    } catch (const std::exception& e) {
        note(tr("The models cannot run: %1").arg(q(e.what())));
        return;
    }
    if (!engine) return;
    std::vector<ai::ArrivalAnalyzer::Model> models;
    for (const WorklistAnalyzer::Model& m : models_)
        models.push_back({m.folder.toStdString(), m.manifest});
    // Below the series on screen (10) and the worklist's run (0).
    analyzer_ =
        std::make_unique<ai::ArrivalAnalyzer>(engine, models, std::string(), RADLENS_VERSION, -10);
    QPointer<ReceivingNode> self(this);
    std::shared_ptr<imaging::SeriesArrivals> arrivals = arrivals_;
    analyzer_->setResultCallback([self](const ai::ArrivalAnalyzer::Result& r) {
        const QStringList flagged =
            r.findings ? WorklistModel::flaggedNames(*r.findings) : QStringList();
        const QString series = q(r.seriesUid), model = q(r.model.manifest.name);
        const QString error = q(r.error);
        const bool cached = r.cached;
        QMetaObject::invokeMethod(
            self.data(),
            [self, series, model, error, flagged, cached] {
                if (!self) return;
                if (!error.isEmpty()) {
                    self->note(tr("%1 could not analyse series %2: %3")
                                   .arg(model, shortUid(series), error));
                    return;
                }
                self->note(
                    cached ? tr("Series %1 was analysed by %2 before").arg(shortUid(series), model)
                    : flagged.isEmpty()
                        ? tr("%1 analysed series %2: nothing flagged").arg(model, shortUid(series))
                        : tr("%1 analysed series %2: %3")
                              .arg(model, shortUid(series), flagged.join(QStringLiteral(", "))));
            },
            Qt::QueuedConnection);
    });
    analyzer_->setSeriesCallback(
        [self, arrivals](const std::string& uid, const std::string& error) {
            if (arrivals) arrivals->finished(uid);
            const QString series = q(uid), why = q(error);
            QMetaObject::invokeMethod(
                self.data(),
                [self, series, why] {
                    if (!self) return;
                    if (!why.isEmpty()) self->note(tr("Series %1: %2").arg(shortUid(series), why));
                    ++self->analysed_;
                    Q_EMIT self->seriesAnalysed(series);
                },
                Qt::QueuedConnection);
        });
}

void ReceivingNode::takeComplete() {
    if (!arrivals_) return;
    for (imaging::SeriesArrivals::Arrival& a : arrivals_->takeComplete()) {
        const QString series = q(a.seriesUid);
        arriving_.remove(series);
        note(tr("Series %1 complete: %n instance(s)", nullptr, int(a.instances.size()))
                 .arg(shortUid(series)));
        Q_EMIT seriesComplete(series);
        if (analyzer_) {
            analyzer_->enqueue(a.seriesUid, std::move(a.instances));
        } else {
            note(tr("No active model: series %1 is not analysed").arg(shortUid(series)));
            arrivals_->finished(a.seriesUid);
        }
    }
}

void ReceivingNode::resumeLeftOver() {
    resumed_ = true;
    const auto left = arrivals_->leftOver();
    if (left.empty()) return;
    note(tr("Taking up %n series received before and not analysed", nullptr, int(left.size())));
    const std::string db = databasePath_.toStdString();
    auto* task = new BackgroundTask(
        tr("Reading received series"),
        [left, db](BackgroundTask::Control& c) {
            std::vector<imaging::SeriesArrivals::Arrival> out;
            for (const auto& p : left) {
                if (c.cancelled()) break;
                out.push_back(imaging::SeriesArrivals::rescan(p, db));
            }
            return std::any(out);
        },
        this);
    connect(task, &BackgroundTask::finished, this, [this, task] {
        if (task->state() != BackgroundTask::State::Done || !arrivals_) return;
        for (auto& a : task->result<std::vector<imaging::SeriesArrivals::Arrival>>()) {
            if (a.instances.empty() || !analyzer_) {
                arrivals_->finished(a.seriesUid);
                continue;
            }
            Q_EMIT seriesComplete(q(a.seriesUid));
            analyzer_->enqueue(a.seriesUid, std::move(a.instances));
        }
    });
    task->start();
}

int ReceivingNode::pendingSeries() const {
    return int((arrivals_ ? arrivals_->arriving() : 0) + (analyzer_ ? analyzer_->pending() : 0));
}

QString ReceivingNode::statusText() const {
    switch (state_) {
        case State::Listening:
            return tr("Listening as %1 on port %2: %n instance(s) received", nullptr, received_)
                .arg(settings_.aet)
                .arg(settings_.port);
        case State::Failed:
            return tr("Not receiving: %1").arg(failure_);
        case State::Stopped:
            break;
    }
    return tr("Not receiving");
}

void ReceivingNode::note(const QString& line) {
    const QString stamped = QTime::currentTime().toString(QStringLiteral("HH:mm:ss ")) + line;
    log_ << stamped;
    while (log_.size() > kLogLines) log_.removeFirst();
    Q_EMIT logAppended(stamped);
}

}  // namespace radlens::ui
