// The viewer as a listening AI node, under Xvfb: a SYNTHETIC CT sent by C-STORE
// (our own DIMSE client) to a ReceivingNode is stored, analysed in the
// background by a real (random-weight, threshold 0) classifier, and rises to
// the top of a WorklistPanel on the same database without a reload; the
// Preferences' Receive studies group shows the state and the log and saves
// its settings; a calling AE title outside the allow-list and a port that
// is taken are reported.
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <thread>

#include "TestModels.h"
#include "UiTestSupport.h"
#include "ai/InferenceEngine.h"
#include "ai/ModelBundle.h"
#include "imaging/DicomWriter.h"
#include "imaging/SyntheticPhantom.h"
#include "net/RemoteClient.h"
#include "net/RemoteNode.h"
#include "ui/PreferencesDialog.h"
#include "ui/ReceivePreferences.h"
#include "ui/ReceivingNode.h"
#include "ui/WorklistModel.h"
#include "ui/WorklistPanel.h"

using namespace radlens;
using radlens::test::waitFor;

namespace {

int freePort() {
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

std::vector<std::string> filesIn(const QString& folder) {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(folder.toStdString()))
        out.push_back(e.path().string());
    return out;
}

/// A thread joined however the test function returns (a failed QVERIFY too).
struct JoinedThread {
    std::thread thread;
    template <class F>
    explicit JoinedThread(F f) : thread(std::move(f)) {}
    ~JoinedThread() {
        if (thread.joinable()) thread.join();
    }
};

}  // namespace

class ReceivingTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp_;
    QString db_, store_, bundle_;
    ai::Manifest manifest_;

    ui::ReceivingNode::Settings settings(int port) {
        ui::ReceivingNode::Settings s;
        s.enabled = true;
        s.aet = QStringLiteral("RADLENS");
        s.port = port;
        s.quietSeconds = 0.5;
        return s;
    }

    net::TransferProgress send(int port, const QString& folder, const std::string& ourAet) {
        net::RemoteNode node =
            net::RemoteNode::parse("dimse://RADLENS@127.0.0.1:" + std::to_string(port));
        node.ourAet = ourAet;
        return net::RemoteClient::create(node)->send(filesIn(folder));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        radlens::test::isolateUserData(tmp_);
        db_ = tmp_.filePath(QStringLiteral("radlens.db"));
        store_ = tmp_.filePath(QStringLiteral("store"));
        for (int i = 0; i < 2; ++i) {
            imaging::DicomDescription d;
            d.patientName = "SYNTHETIC^RECEIVED^" + std::to_string(i);
            d.patientId = "SYN-R" + std::to_string(i);
            d.studyDate = "2026010" + std::to_string(i + 1);
            d.seriesDescription = "received " + std::to_string(i);
            d.imageComments = "SYNTHETIC DATA";
            d.uidSeed = 900 + std::uint64_t(i);
            imaging::DicomWriter::writeCtSeries(
                imaging::makeSyntheticCt(11, i, 64, 6).image, d,
                tmp_.filePath(QStringLiteral("ct%1").arg(i)).toStdString());
        }
        // A random-weight classifier with threshold 0: every series is flagged.
        bundle_ = tmp_.filePath(QStringLiteral("cls"));
        manifest_ = radlens::test::writeFlaggingClassifier(bundle_, "receiving-test");
    }

    void aReceivedSeriesIsAnalysedAndRisesInTheWorklist() {
        auto engine = std::make_shared<ai::InferenceEngine>("cpu", db_.toStdString());
        ui::ReceivingNode node(store_, db_);
        node.setEngine([engine] { return engine; });
        node.setModels({{bundle_, manifest_}});
        ui::WorklistPanel panel(db_);
        panel.setModels({{bundle_, manifest_}});
        panel.show();
        QObject::connect(&node, &ui::ReceivingNode::seriesAnalysed, &panel,
                         &ui::WorklistPanel::reload);
        QObject::connect(&node, &ui::ReceivingNode::seriesComplete, &panel,
                         &ui::WorklistPanel::reload);
        QSignalSpy analysed(&node, &ui::ReceivingNode::seriesAnalysed);
        const int port = freePort();
        QVERIFY(node.apply(settings(port)));
        QCOMPARE(node.state(), ui::ReceivingNode::State::Listening);

        // The Preferences show it live.
        ui::PreferencesDialog dialog(nullptr, &node);
        dialog.showNetwork();
        dialog.show();
        auto* status = dialog.findChild<QLabel*>(QStringLiteral("receiveStatus"));
        auto* log = dialog.findChild<QPlainTextEdit*>(QStringLiteral("receiveLog"));
        QVERIFY(status && log);
        QVERIFY(status->text().contains(QStringLiteral("Listening as RADLENS")));

        // Sent on a thread of its own, as a modality would: the GUI stays free.
        net::TransferProgress sent;
        JoinedThread sender(
            [&] { sent = send(port, tmp_.filePath(QStringLiteral("ct0")), "CT1"); });
        QVERIFY(waitFor([&] { return analysed.count() >= 1; }, 120000));
        sender.thread.join();
        QCOMPARE(sent.done, 6);
        QCOMPARE(node.receivedCount(), 6);
        QVERIFY(
            waitFor([&] { return !panel.isLoading() && panel.model()->rowCount() == 1; }, 30000));
        const ui::WorklistEntry& e = panel.model()->entry(0);
        QVERIFY(e.analysed);
        QVERIFY(!e.flagged.isEmpty());
        QCOMPARE(QString::fromStdString(e.series.description), QStringLiteral("received 0"));
        QVERIFY(log->toPlainText().contains(QStringLiteral("complete: 6 instance(s)")));
        QVERIFY(log->toPlainText().contains(QStringLiteral("receiving-test analysed series")));
        QVERIFY(status->text().contains(QStringLiteral("6 instance(s) received")));
        radlens::test::shot(dialog, "receive-studies.png");

        // A second series arrives: analysed too, both rows there.
        JoinedThread second(
            [&] { sent = send(port, tmp_.filePath(QStringLiteral("ct1")), "CT1"); });
        QVERIFY(waitFor([&] { return analysed.count() >= 2; }, 120000));
        second.thread.join();
        QVERIFY(
            waitFor([&] { return !panel.isLoading() && panel.model()->rowCount() == 2; }, 30000));
        node.stop();
        QCOMPARE(node.state(), ui::ReceivingNode::State::Stopped);
        QVERIFY(status->text().contains(QStringLiteral("Not receiving")));
    }

    void aCallerOutsideTheAllowListIsRefused() {
        ui::ReceivingNode node(store_, db_);
        ui::ReceivingNode::Settings s = settings(freePort());
        s.allowed = {QStringLiteral("PACS")};
        QVERIFY(node.apply(s));
        bool refused = false;
        try {
            send(s.port, tmp_.filePath(QStringLiteral("ct0")), "INTRUDER");
        } catch (const std::exception&) {
            refused = true;
        }
        QVERIFY(refused);
        QVERIFY(waitFor(
            [&] { return node.log().join(QLatin1Char('\n')).contains(QStringLiteral("INTRUDER")); },
            10000));
        QCOMPARE(node.receivedCount(), 0);
    }

    void aTakenPortIsReportedAndSettingsAreSaved() {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::Any, 0));
        ui::ReceivingNode node(store_, db_);
        QVERIFY(!node.apply(settings(taken.serverPort())));
        QCOMPARE(node.state(), ui::ReceivingNode::State::Failed);
        QVERIFY(node.statusText().contains(QString::number(taken.serverPort())));

        // The group saves what it applies; a wrong AE title is not saved.
        ui::ReceivePreferences group(&node);
        auto* aet = group.findChild<QLineEdit*>(QStringLiteral("receiveAet"));
        auto* port = group.findChild<QSpinBox*>(QStringLiteral("receivePort"));
        auto* allowed = group.findChild<QLineEdit*>(QStringLiteral("receiveAllowed"));
        aet->setText(QStringLiteral("A TITLE THAT IS TOO LONG"));
        QVERIFY(!group.apply());
        aet->setText(QStringLiteral("VIEWER"));
        const int free = freePort();
        port->setValue(free);
        allowed->setText(QStringLiteral("PACS, CT1"));
        QVERIFY(group.apply());
        QCOMPARE(node.state(), ui::ReceivingNode::State::Listening);
        const ui::ReceivingNode::Settings saved = ui::ReceivingNode::Settings::load();
        QCOMPARE(saved.aet, QStringLiteral("VIEWER"));
        QCOMPARE(saved.port, free);
        QCOMPARE(saved.allowed, (QStringList{QStringLiteral("PACS"), QStringLiteral("CT1")}));
        QVERIFY(saved.enabled);
    }
};

QTEST_MAIN(ReceivingTest)
#include "ReceivingTest.moc"
