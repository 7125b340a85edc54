// The demo's first run (issue 21): the window is there at once and a model
// trains behind it through a real `radlens-cli train` process, with its
// progress in the status bar and the findings panel; when the model is ready
// the open study is analysed without a restart. Also: an interrupted run is
// resumed from its checkpoint, and bad configs and failed runs say why.
// Data: a SYNTHETIC radiograph set and study (radlens-cli synth).
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

#include "UiTestSupport.h"

#include "ui/BackgroundTraining.h"
#include "ui/FindingsPanel.h"
#include "ui/MainWindow.h"
#include "ui/StudySession.h"

using radlens::test::shot;
using radlens::test::waitFor;
using radlens::ui::BackgroundTraining;

class BackgroundTrainingTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp_;
    QString cli_, data_, study_;

    bool synth(const QStringList& args, const QString& out) {
        QProcess p;
        p.start(cli_, QStringList{QStringLiteral("synth")} + args +
                          QStringList{QStringLiteral("-o"), out});
        return p.waitForFinished(60000) && p.exitCode() == 0;
    }

    /// A small classifier config (SYNTHETIC radiographs, 64 px) to `output`.
    QString writeConfig(const QString& name, const QString& output, int epochs) {
        QJsonObject c{{QStringLiteral("task"), QStringLiteral("classify")},
                      {QStringLiteral("arch"), QStringLiteral("resnet18")},
                      {QStringLiteral("base"), QJsonValue::Null},
                      {QStringLiteral("data"), QJsonArray{data_}},
                      {QStringLiteral("classes"),
                       QJsonArray{QStringLiteral("Atelectasis"), QStringLiteral("Cardiomegaly"),
                                  QStringLiteral("Effusion"), QStringLiteral("Infiltration"),
                                  QStringLiteral("Mass"), QStringLiteral("Nodule"),
                                  QStringLiteral("Pneumonia"), QStringLiteral("Pneumothorax")}},
                      {QStringLiteral("epochs"), epochs},
                      {QStringLiteral("batch_size"), 8},
                      {QStringLiteral("image_size"), 64},
                      {QStringLiteral("val_fraction"), 0.25},
                      {QStringLiteral("seed"), 1},
                      {QStringLiteral("device"), QStringLiteral("cpu")},
                      {QStringLiteral("augment"), false},
                      {QStringLiteral("name"), name},
                      {QStringLiteral("output"), output}};
        const QString path = tmp_.filePath(name + QStringLiteral(".json"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
        f.write(QJsonDocument(c).toJson());
        return path;
    }

    static int epochsIn(const QString& bundle) {
        QFile f(bundle + QStringLiteral("/model.json"));
        if (!f.open(QIODevice::ReadOnly)) return -1;
        const QJsonObject m = QJsonDocument::fromJson(f.readAll()).object();
        return m.value(QStringLiteral("provenance"))
            .toObject()
            .value(QStringLiteral("history"))
            .toArray()
            .size();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        radlens::test::isolateUserData(tmp_);
        cli_ = qEnvironmentVariable("RADLENS_CLI");
        QVERIFY2(QFileInfo::exists(cli_), "RADLENS_CLI must name radlens-cli");
        // The main window runs the radlens-cli beside its executable.
        const QString beside =
            QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("radlens-cli"));
        if (!QFileInfo::exists(beside)) QVERIFY(QFile::link(cli_, beside));
        data_ = tmp_.filePath(QStringLiteral("cxr-train"));
        study_ = tmp_.filePath(QStringLiteral("study"));
        QVERIFY(synth({QStringLiteral("--kind"), QStringLiteral("cxr"), QStringLiteral("--cases"),
                       QStringLiteral("40"), QStringLiteral("--size"), QStringLiteral("64"),
                       QStringLiteral("--seed"), QStringLiteral("12")},
                      data_));
        QVERIFY(synth({QStringLiteral("--kind"), QStringLiteral("cxr"), QStringLiteral("--cases"),
                       QStringLiteral("1"), QStringLiteral("--size"), QStringLiteral("128"),
                       QStringLiteral("--seed"), QStringLiteral("902")},
                      study_));
    }

    void badConfigsSayWhy() {
        BackgroundTraining t(cli_);
        QString error;
        QVERIFY(!t.add(tmp_.filePath(QStringLiteral("absent.json")), &error));
        QVERIFY2(error.contains(QStringLiteral("absent.json")), qPrintable(error));
        const QString notJson = tmp_.filePath(QStringLiteral("bad.json"));
        QFile f(notJson);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"task\": ");
        f.close();
        QVERIFY(!t.add(notJson, &error));
        QVERIFY2(error.contains(QStringLiteral("not a training config")), qPrintable(error));
        // Checked as the trainer checks it: a missing key is refused at once.
        const QString noClasses = tmp_.filePath(QStringLiteral("no-classes.json"));
        QFile g(noClasses);
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write("{\"task\": \"classify\", \"data\": [\"x\"], \"output\": \"out\"}");
        g.close();
        QVERIFY(!t.add(noClasses, &error));
        QVERIFY2(error.contains(QStringLiteral("config key")) && error.contains(noClasses),
                 qPrintable(error));
        QVERIFY(!t.isRunning());
        QCOMPARE(BackgroundTraining::remaining(30), QStringLiteral("less than a minute left"));
        QCOMPARE(BackgroundTraining::remaining(6 * 60 + 10), QStringLiteral("about 6 min left"));
    }

    void windowFirstThenFindings() {
        radlens::ui::MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.openPaths({study_});
        QVERIFY(waitFor([&] { return w.session()->volume() != nullptr; }, 30000));
        QVERIFY(w.session()->findings("classify") == nullptr);  // no model yet

        const QString bundle = tmp_.filePath(QStringLiteral("models/demo-findings"));
        QString error;
        QVERIFY2(
            w.trainInBackground(writeConfig(QStringLiteral("demo-findings"), bundle, 3), &error),
            qPrintable(error));
        auto* status = w.statusBar()->findChild<QLabel*>(QStringLiteral("trainingStatus"));
        QVERIFY(status);
        // The trainer's own progress, in the status bar and the findings panel.
        QVERIFY2(waitFor([&] { return status->text().contains(QStringLiteral("epoch")); }, 120000),
                 qPrintable(status->text()));
        QVERIFY(status->isVisible());
        QVERIFY2(status->text().startsWith(QStringLiteral("Training demo-findings: epoch ")),
                 qPrintable(status->text()));
        QVERIFY(status->text().contains(QStringLiteral(" of 3")));
        QCOMPARE(w.findingsPanel()->note(), status->text());
        shot(w, "background_training.png");

        // Ready: installed as a model of the session, and the study analysed.
        QVERIFY(waitFor([&] { return w.session()->findings("classify") != nullptr; }, 300000));
        QVERIFY(w.session()->modelOverride().contains(bundle));
        QCOMPARE(epochsIn(bundle), 3);
        QVERIFY(waitFor([&] { return !status->isVisible(); }, 5000));
        QVERIFY(w.findingsPanel()->note().isEmpty());
        QVERIFY(!w.backgroundTraining()->isRunning());
        QVERIFY(waitFor([&] { return w.isIdle(); }, 60000));
        shot(w, "background_training_done.png");
    }

    void interruptedRunResumes() {
        const QString bundle = tmp_.filePath(QStringLiteral("models/resumed"));
        const QString config = writeConfig(QStringLiteral("resumed"), bundle, 6);
        {
            BackgroundTraining t(cli_);
            QVERIFY(t.add(config, nullptr));
            // Until the first epoch's checkpoint is written, then the window closes.
            QVERIFY(waitFor(
                [&] { return QFileInfo::exists(bundle + QStringLiteral(".run/checkpoint.pt")); },
                120000));
        }
        QVERIFY(!QFileInfo::exists(bundle + QStringLiteral("/model.json")));
        BackgroundTraining t(cli_);
        QSignalSpy ready(&t, &BackgroundTraining::modelReady);
        QSignalSpy texts(&t, &BackgroundTraining::progressChanged);
        QVERIFY(t.add(config, nullptr));
        QVERIFY2(t.progressText().contains(QStringLiteral("resuming")),
                 qPrintable(t.progressText()));
        QVERIFY(waitFor([&] { return ready.count() == 1; }, 300000));
        QCOMPARE(ready.at(0).at(0).toString(), bundle);
        QCOMPARE(epochsIn(bundle), 6);
        // It went on from the checkpoint: it never showed epoch 1 again.
        for (const auto& args : texts)
            QVERIFY2(!args.at(0).toString().contains(QStringLiteral("epoch 1 of")),
                     qPrintable(args.at(0).toString()));
    }

    void failedRunSaysWhyAndTheNextGoesOn() {
        BackgroundTraining t(cli_);
        QSignalSpy ready(&t, &BackgroundTraining::modelReady);
        QSignalSpy failed(&t, &BackgroundTraining::failed);
        QSignalSpy finished(&t, &BackgroundTraining::allFinished);
        // The first bundle exists already: the trainer refuses to overwrite it.
        const QString existing = tmp_.filePath(QStringLiteral("models/demo-findings"));
        QVERIFY(t.add(writeConfig(QStringLiteral("again"), existing, 1), nullptr));
        const QString second = tmp_.filePath(QStringLiteral("models/second"));
        QVERIFY(t.add(writeConfig(QStringLiteral("second"), second, 1), nullptr));
        QCOMPARE(t.total(), 2);
        QVERIFY2(t.progressText().startsWith(QStringLiteral("Training again (1 of 2)")),
                 qPrintable(t.progressText()));
        QVERIFY(waitFor([&] { return finished.count() == 1; }, 300000));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("again"));
        QVERIFY2(failed.at(0).at(1).toString().contains(QStringLiteral("exists")),
                 qPrintable(failed.at(0).at(1).toString()));
        QCOMPARE(ready.count(), 1);
        QCOMPARE(ready.at(0).at(0).toString(), second);
        QVERIFY(t.progressText().isEmpty());
    }
};

QTEST_MAIN(BackgroundTrainingTest)
#include "BackgroundTrainingTest.moc"
