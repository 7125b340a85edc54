// The training wizard end to end under Xvfb, driven by QTest: a small
// SYNTHETIC radiograph set (radlens-cli synth), every page filled through its
// widgets, a real `radlens-cli train` run with its live progress, the results
// page's tables, and "Activate" registering the new model. Also: a run that
// fails shows why and does not let the wizard finish.
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "UiTestSupport.h"

#include "ai/ModelBundle.h"
#include "ai/ModelRegistry.h"
#include "ui/ModelCompareDialog.h"
#include "ui/ModelManagerDialog.h"
#include "ui/ReliabilityDiagram.h"
#include "ui/TrainingWizard.h"

using radlens::test::shot;
using radlens::test::waitFor;
using radlens::ui::TrainingWizard;

class WizardTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp_;
    QString cli_, data_;

    template <class T>
    T* child(QWidget* w, const char* name) {
        T* c = w->findChild<T*>(QLatin1String(name));
        if (!c) qFatal("no widget %s", name);
        return c;
    }

    /// Waits (processing events) until `done` or the timeout; false on timeout.

    void fillTo(TrainingWizard& w, const QString& output, int epochs) {
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.currentId(), int(TrainingWizard::TaskPage));
        child<QRadioButton>(&w, "taskClassify")->setChecked(true);
        child<QComboBox>(&w, "arch")->setCurrentText(QStringLiteral("resnet18"));
        w.next();
        QCOMPARE(w.currentId(), int(TrainingWizard::BasePage));
        child<QRadioButton>(&w, "baseScratch")->setChecked(true);
        w.next();
        QCOMPARE(w.currentId(), int(TrainingWizard::DataPage));
        auto* next = w.button(QWizard::NextButton);
        QVERIFY(!next->isEnabled());  // no data yet
        auto* classes = child<QLineEdit>(&w, "classes");
        // The data list is filled as "Add folder..." does after its dialog;
        // dataset.json names the classes.
        w.addDataPath(data_);
        QCOMPARE(classes->text(), QStringLiteral("Atelectasis,Cardiomegaly,Effusion,Infiltration,"
                                                 "Mass,Nodule,Pneumonia,Pneumothorax"));
        QVERIFY(next->isEnabled());
        QTest::mouseClick(child<QPushButton>(&w, "checkData"), Qt::LeftButton);
        auto* summary = child<QLabel>(&w, "dataSummary");
        QVERIFY2(
            waitFor([&] { return summary->text().contains(QStringLiteral("patients")); }, 60000),
            qPrintable(summary->text()));
        QVERIFY2(summary->text().contains(QStringLiteral("SYNTHETIC")),
                 qPrintable(summary->text()));
        // From the index alone: the 60 radiographs of 60 phantom patients.
        QVERIFY2(summary->text().startsWith(QStringLiteral("60 cases, 60 patients.")),
                 qPrintable(summary->text()));
        w.next();
        QCOMPARE(w.currentId(), int(TrainingWizard::SettingsPage));
        // Defaults of the reference work.
        QCOMPARE(child<QSpinBox>(&w, "freeze_epochs")->value(), 10);
        QCOMPARE(child<QSpinBox>(&w, "epochs")->value(), 30);
        child<QSpinBox>(&w, "epochs")->setValue(epochs);
        child<QSpinBox>(&w, "batch_size")->setValue(16);
        child<QComboBox>(&w, "image_size")->setCurrentText(QStringLiteral("128"));
        auto* device = child<QComboBox>(&w, "device");
        device->setCurrentIndex(device->findData(QStringLiteral("cpu")));
        QCOMPARE(w.config().value(QStringLiteral("device")).toString(), QStringLiteral("cpu"));
        child<QLineEdit>(&w, "output")->setText(output);
        shot(w, "wizard_settings.png");
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        cli_ = qEnvironmentVariable("RADLENS_CLI");
        QVERIFY2(QFileInfo::exists(cli_), "RADLENS_CLI must name radlens-cli");
        data_ = tmp_.filePath(QStringLiteral("cxr"));
        QProcess synth;
        synth.start(cli_,
                    {QStringLiteral("synth"), QStringLiteral("--kind"), QStringLiteral("cxr"),
                     QStringLiteral("--cases"), QStringLiteral("60"), QStringLiteral("--size"),
                     QStringLiteral("128"), QStringLiteral("-o"), data_});
        QVERIFY(synth.waitForFinished(60000));
        QCOMPARE(synth.exitCode(), 0);
    }

    void runsEndToEndAndActivates() {
        const QString registry = tmp_.filePath(QStringLiteral("registry"));
        TrainingWizard w(cli_, registry);
        const QString output = tmp_.filePath(QStringLiteral("models/cxr-v1"));
        fillTo(w, output, 2);
        QCOMPARE(w.config().value(QStringLiteral("epochs")).toInt(), 2);
        // Thresholds for a sensitivity of at least 0.8.
        QVERIFY(!w.config().contains(QStringLiteral("operating_point")));  // best F1
        child<QComboBox>(&w, "operating_target")->setCurrentIndex(1);
        child<QDoubleSpinBox>(&w, "operating_goal")->setValue(0.8);
        const QJsonObject op = w.config().value(QStringLiteral("operating_point")).toObject();
        QCOMPARE(op.value(QStringLiteral("target")).toString(), QStringLiteral("sensitivity"));
        QCOMPARE(op.value(QStringLiteral("value")).toDouble(), 0.8);
        QCOMPARE(w.config().value(QStringLiteral("base")).type(), QJsonValue::Null);
        w.next();
        QCOMPARE(w.currentId(), int(TrainingWizard::RunPage));
        auto* next = w.button(QWizard::NextButton);
        auto* progress = child<QProgressBar>(&w, "runProgress");
        // The GUI stays live while the run goes on: the progress bar moves.
        QVERIFY(waitFor([&] { return progress->value() > 0; }, 120000));
        QVERIFY(waitFor([&] { return next->isEnabled(); }, 300000));
        QVERIFY2(child<QLabel>(&w, "runStatus")->text().contains(QStringLiteral("Finished")),
                 qPrintable(child<QLabel>(&w, "runStatus")->text()));
        QVERIFY(QFileInfo::exists(output + QStringLiteral("/model.json")));
        shot(w, "wizard_run.png");
        w.next();
        QCOMPARE(w.currentId(), int(TrainingWizard::ResultsPage));
        auto* table = child<QTableWidget>(&w, "resultTable");
        QCOMPARE(table->rowCount(), 8);
        QVERIFY(table->item(0, 0) != nullptr);
        QCOMPARE(child<QTableWidget>(&w, "confusionTable")->rowCount(), 8);
        // Calibration: ECE before and after, a threshold per class with its
        // intervals, and the reliability diagram, as model.json records them.
        auto* calibration = child<QLabel>(&w, "calibrationSummary");
        QVERIFY2(calibration->text().contains(QStringLiteral("calibration error")) &&
                     calibration->text().contains(QStringLiteral("sensitivity 0.80")),
                 qPrintable(calibration->text()));
        auto* operating = child<QTableWidget>(&w, "operatingPoints");
        QCOMPARE(operating->rowCount(), 8);
        const radlens::ai::Manifest trained =
            radlens::ai::ModelBundle::readManifest(output.toStdString());
        QCOMPARE(operating->item(0, 1)->text(),
                 QString::number(trained.classes[0].threshold, 'f', 3));
        auto* diagram = w.findChild<radlens::ui::ReliabilityDiagram*>();
        QVERIFY(diagram && !diagram->before().empty() && !diagram->after().empty());
        QTest::mouseClick(child<QPushButton>(&w, "activate"), Qt::LeftButton);
        QVERIFY2(child<QLabel>(&w, "activatedLabel")->text().contains(QStringLiteral("Active")),
                 qPrintable(child<QLabel>(&w, "activatedLabel")->text()));
        shot(w, "wizard_results.png");
        radlens::ai::ModelRegistry reg(registry.toStdString());
        auto active = reg.active("classify");
        QVERIFY(active.has_value());
        QCOMPARE(QString::fromStdString(active->path), QFileInfo(output).canonicalFilePath());
        QVERIFY(w.button(QWizard::FinishButton)->isEnabled());
    }

    void comparesANewVersionBeforeActivatingIt() {
        // A second version, trained longer from the first (the wizard's run,
        // as radlens-cli train).
        const QString registry = tmp_.filePath(QStringLiteral("registry"));
        const QString v1 = tmp_.filePath(QStringLiteral("models/cxr-v1"));
        const QString v2 = tmp_.filePath(QStringLiteral("models/cxr-v2"));
        const QString config = tmp_.filePath(QStringLiteral("v2.json"));
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(
                    QJsonObject{{"task", "classify"},
                                {"arch", "resnet18"},
                                {"base", v1},
                                {"data", QJsonArray{data_}},
                                {"classes", QJsonArray{"Atelectasis", "Cardiomegaly", "Effusion",
                                                       "Infiltration", "Mass", "Nodule",
                                                       "Pneumonia", "Pneumothorax"}},
                                {"epochs", 3},
                                {"freeze_epochs", 0},
                                {"batch_size", 16},
                                {"image_size", 64},
                                {"device", "cpu"},
                                {"output", v2}})
                    .toJson());
        f.close();
        QProcess train;
        train.start(cli_, {QStringLiteral("train"), QStringLiteral("--config"), config});
        QVERIFY(train.waitForFinished(300000));
        QVERIFY2(train.exitCode() == 0, train.readAllStandardError().constData());

        radlens::ui::ModelManagerDialog manager(registry);
        QVERIFY(manager.install(v2));
        int row = -1;
        for (int r = 0; r < manager.table()->rowCount(); ++r)
            if (manager.table()->item(r, 3)->text() == QStringLiteral("2")) row = r;
        QVERIFY(row >= 0);
        manager.table()->selectRow(row);
        // Activate shows the comparison with the active version 1 first.
        QTest::mouseClick(child<QPushButton>(&manager, "activate"), Qt::LeftButton);
        auto* compare = manager.findChild<radlens::ui::ModelCompareDialog*>();
        QVERIFY(compare);
        QVERIFY(waitFor([&] { return compare->isFinished(); }, 120000));
        QVERIFY2(!compare->result().is_null(), qPrintable(compare->summary()->text()));
        QCOMPARE(compare->table()->rowCount(), 8);
        QVERIFY(compare->table()->item(0, 0) != nullptr);
        // Cases of v2's validation patients only.
        const radlens::ai::Manifest m2 = radlens::ai::ModelBundle::readManifest(v2.toStdString());
        QCOMPARE(compare->result()["cases"].get<std::size_t>(),
                 m2.provenance["split"]["validation_samples"].get<std::size_t>());
        QVERIFY(compare->disagreements()->count() > 0);
        compare->disagreements()->setCurrentRow(0);  // both overlays, side by side
        QVERIFY(!compare->previewA()->pixmap().isNull());
        QVERIFY(!compare->previewB()->pixmap().isNull());
        shot(*compare, "model_compare.png");
        radlens::ai::ModelRegistry reg(registry.toStdString());
        QCOMPARE(reg.active("classify")->version, std::string("1"));  // not yet
        QTest::mouseClick(child<QPushButton>(compare, "activateCompared"), Qt::LeftButton);
        QCOMPARE(reg.active("classify")->version, std::string("2"));
        QVERIFY(manager.activeChanged());
    }

    void wizardActivationComparesWithTheActiveVersionFirst() {
        // Version 2 is active (the test above): the wizard's Activate of a
        // new run shows the comparison with it first.
        const QString registry = tmp_.filePath(QStringLiteral("registry"));
        TrainingWizard w(cli_, registry);
        const QString output = tmp_.filePath(QStringLiteral("models/cxr-v3"));
        fillTo(w, output, 1);
        w.next();
        QVERIFY(waitFor([&] { return w.button(QWizard::NextButton)->isEnabled(); }, 300000));
        w.next();
        QCOMPARE(w.currentId(), int(TrainingWizard::ResultsPage));
        QTest::mouseClick(child<QPushButton>(&w, "activate"), Qt::LeftButton);
        auto* compare = w.findChild<radlens::ui::ModelCompareDialog*>();
        QVERIFY(compare);
        QVERIFY(waitFor([&] { return compare->isFinished(); }, 120000));
        QVERIFY2(!compare->result().is_null(), qPrintable(compare->summary()->text()));
        radlens::ai::ModelRegistry reg(registry.toStdString());
        QCOMPARE(reg.active("classify")->version, std::string("2"));  // not before the choice
        QTest::mouseClick(child<QPushButton>(compare, "activateCompared"), Qt::LeftButton);
        QCOMPARE(QString::fromStdString(reg.active("classify")->path),
                 QFileInfo(output).canonicalFilePath());
        QVERIFY2(child<QLabel>(&w, "activatedLabel")->text().contains(QStringLiteral("Active")),
                 qPrintable(child<QLabel>(&w, "activatedLabel")->text()));
    }

    void failedRunSaysWhy() {
        TrainingWizard w(cli_, tmp_.filePath(QStringLiteral("registry2")));
        // The bundle of the first test exists: the run must refuse to overwrite it.
        fillTo(w, tmp_.filePath(QStringLiteral("models/cxr-v1")), 1);
        w.next();
        auto* status = child<QLabel>(&w, "runStatus");
        QVERIFY(waitFor([&] { return status->text().contains(QStringLiteral("failed")); }, 60000));
        QVERIFY2(status->text().contains(QStringLiteral("exists")), qPrintable(status->text()));
        QVERIFY(!w.button(QWizard::NextButton)->isEnabled());
        shot(w, "wizard_failed.png");
    }
};

QTEST_MAIN(WizardTest)
#include "WizardTest.moc"
