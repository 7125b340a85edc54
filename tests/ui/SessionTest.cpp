// The open study without widgets (StudySession), the one way to run
// background work in ui/ (BackgroundTask), and the main window's action table
// (every shortcut is in the F1 help). SYNTHETIC CT data.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <stdexcept>
#include <thread>

#include "UiTestSupport.h"
#include "ui/ActionTable.h"
#include "ui/BackgroundTask.h"
#include "ui/MainWindow.h"
#include "ui/StudySession.h"

using namespace radlens;
using radlens::test::waitFor;

class SessionTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        radlens::test::isolateUserData(tmp_);
    }

    void taskDeliversItsResultOnTheGuiThread() {
        auto* task =
            new ui::BackgroundTask(QStringLiteral("sum"), [](ui::BackgroundTask::Control& c) {
                int sum = 0;
                for (int i = 1; i <= 100; ++i) {
                    sum += i;
                    c.setProgress(i, 100);
                }
                return std::any(sum);
            });
        task->setAutoDelete(false);
        QSignalSpy finished(task, &ui::BackgroundTask::finished);
        QSignalSpy progress(task, &ui::BackgroundTask::progressChanged);
        task->start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(task->state(), ui::BackgroundTask::State::Done);
        QCOMPARE(task->result<int>(), 5050);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), 100);  // the last always arrives
        delete task;
    }

    void anExceptionBecomesFailedWithItsMessage() {
        auto* task = new ui::BackgroundTask(QStringLiteral("fails"),
                                            [](ui::BackgroundTask::Control&) -> std::any {
                                                throw std::runtime_error("the disk is full");
                                            });
        task->setAutoDelete(false);
        QSignalSpy finished(task, &ui::BackgroundTask::finished);
        task->start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(task->state(), ui::BackgroundTask::State::Failed);
        QCOMPARE(task->error(), QStringLiteral("the disk is full"));
        delete task;
    }

    void cancelStopsTheWorkWithinASecond() {
        auto* task =
            new ui::BackgroundTask(QStringLiteral("long"), [](ui::BackgroundTask::Control& c) {
                for (int i = 0; i < 600 && !c.cancelled(); ++i)
                    std::this_thread::sleep_for(
                        std::chrono::milliseconds(50));  // 30 s unless cancelled
                return std::any(1);
            });
        task->setAutoDelete(false);
        QSignalSpy finished(task, &ui::BackgroundTask::finished);
        task->start();
        QVERIFY(waitFor([&] { return task->state() == ui::BackgroundTask::State::Running; }, 5000));
        QElapsedTimer t;
        t.start();
        task->cancel();
        QCOMPARE(task->state(), ui::BackgroundTask::State::Cancelling);
        QVERIFY(finished.wait(5000));
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(task->state(), ui::BackgroundTask::State::Cancelled);
        QVERIFY(!task->hasResult());
        delete task;
    }

    void aDeletedTaskReportsNothing() {
        std::atomic<bool> release{false}, ran{false};
        auto* receiver = new QObject;
        auto* task = new ui::BackgroundTask(
            QStringLiteral("orphan"),
            [&](ui::BackgroundTask::Control& c) {
                while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
                c.post([&ran] { ran = true; });
                return std::any(1);
            },
            receiver);
        task->start();
        delete receiver;  // deletes the task while its work still runs
        release = true;
        QThreadPool::globalInstance()->waitForDone(5000);
        QTest::qWait(50);
        QVERIFY(!ran);
    }

    void sessionOpensAndLoadsASeriesHeadless() {
        const QString ct = tmp_.filePath(QStringLiteral("ct"));
        radlens::test::writeSyntheticCt(ct, 3, 64, 9, "SESSION", 901);
        ui::StudySession session(tmp_.filePath(QStringLiteral("session.db")));
        QSignalSpy list(&session, &ui::StudySession::seriesListChanged);
        QSignalSpy database(&session, &ui::StudySession::databaseChanged);
        QSignalSpy preview(&session, &ui::StudySession::previewReady);
        QSignalSpy loaded(&session, &ui::StudySession::volumeLoaded);
        QSignalSpy busy(&session, &ui::StudySession::busyChanged);
        QSignalSpy thumbs(&session, &ui::StudySession::thumbnailReady);
        session.open({ct});
        QVERIFY(session.isBusy());
        QVERIFY(loaded.wait(60000));
        QCOMPARE(list.count(), 1);
        QCOMPARE(database.count(), 1);
        QCOMPARE(session.seriesList().size(), std::size_t(1));
        QCOMPARE(session.currentIndex(), 0);
        QCOMPARE(preview.count(), 1);                // the opening slice came first
        QCOMPARE(preview.first().at(2).toInt(), 4);  // the middle of 9
        QCOMPARE(preview.first().at(3).toInt(), 9);
        QVERIFY(session.volume());
        QCOMPARE(session.volume()->dims()[2], 9);
        // The header's first preset (the synthetic CT carries one).
        QVERIFY(!session.volume()->windowPresets.empty());
        QCOMPARE(session.window().first, session.volume()->windowPresets.front().center);
        QVERIFY(waitFor([&] { return !session.isBusy(); }, 30000));
        QCOMPARE(busy.last().at(0).toBool(), false);
        QCOMPARE(thumbs.count(), 1);
        // No model installed: the findings say why, nothing crashes.
        QSignalSpy cleared(&session, &ui::StudySession::findingsCleared);
        session.analyze();
        QVERIFY(cleared.count() >= 1);
        QVERIFY(!session.findings("segment"));
        // A SEG of another series is refused with the reason.
        QString error;
        QVERIFY(!session.showSegmentation(
            qEnvironmentVariable("RADLENS_PYDICOM_DATA") + QStringLiteral("/liver_1frame.dcm"),
            &error));
        QVERIFY(!error.isEmpty());
        // A path that is not DICOM: the scan finds nothing and says so.
        session.open({tmp_.filePath(QStringLiteral("nothing-here"))});
        QVERIFY(waitFor([&] { return !session.isBusy(); }, 30000));
        QVERIFY(session.seriesList().empty());
        QVERIFY(!session.currentSeries());
    }

    void everyShortcutIsInTheHelp() {
        ui::MainWindow w;
        QStringList help;
        for (const auto& row : w.actionTable()->helpRows()) help << row.keys;
        const QString all = help.join(QStringLiteral(" | "));
        int checked = 0;
        for (QAction* a : w.findChildren<QAction*>()) {
            for (const QKeySequence& k : a->shortcuts()) {
                ++checked;
                QVERIFY2(all.contains(k.toString(QKeySequence::NativeText)),
                         qPrintable(a->text() + QStringLiteral(": ") + k.toString()));
            }
        }
        QVERIFY(checked >= 30);
        for (const char* key :
             {"Ctrl+E", "Ctrl+Shift+E", "Ctrl+Shift+S", "Ctrl+S", "Ctrl+I", "[", "]"})
            QVERIFY2(all.contains(QLatin1String(key)), key);
    }
};

QTEST_MAIN(SessionTest)
#include "SessionTest.moc"
