// The triage worklist under Xvfb: rows from a real local database (SYNTHETIC
// CT and radiograph series written to disk and scanned), ordered by priority
// then date, flagged and unread filters, modality and date filters, the
// review mark; QAbstractItemModelTester on the model; then "Analyse All"
// with a real (random-weight) classifier in the background: every series
// gets a cached result, a cancelled run continues where it stopped, and the
// GUI thread stays responsive meanwhile (event-loop latency measured).
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include "TestModels.h"
#include "UiTestSupport.h"
#include "ai/Findings.h"
#include "ai/ModelBundle.h"
#include "ai/ResultCacheKey.h"
#include "imaging/Database.h"
#include "imaging/DicomWriter.h"
#include "imaging/Scanner.h"
#include "imaging/SyntheticPhantom.h"
#include "ui/WorklistFilter.h"
#include "ui/WorklistModel.h"
#include "ui/WorklistPanel.h"

using namespace radlens;

using radlens::test::waitFor;

class WorklistTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp_;
    QString db_;
    std::vector<std::string> uids_;  // CT 2026-01-05, CT 2026-03-01, DX 2026-02-01, DX 2026-04-01

    QStringList order(ui::WorklistFilter& f) {
        QStringList out;
        for (int r = 0; r < f.rowCount(); ++r)
            out << f.index(r, ui::WorklistModel::Series).data().toString();
        return out;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        qputenv("XDG_CONFIG_HOME", tmp_.path().toUtf8());
        QCoreApplication::setOrganizationName(QStringLiteral("RadlensTest"));
        db_ = tmp_.filePath(QStringLiteral("radlens.db"));
        const char* dates[4] = {"20260105", "20260301", "20260201", "20260401"};
        for (int i = 0; i < 4; ++i) {
            imaging::DicomDescription d;
            d.patientName = "SYNTHETIC^WORKLIST^" + std::to_string(i);
            d.patientId = "SYN-W" + std::to_string(i);
            d.studyDate = dates[i];
            d.seriesDescription = "series " + std::to_string(i);
            d.imageComments = "SYNTHETIC DATA";
            d.uidSeed = 500 + std::uint64_t(i);
            const std::string folder = tmp_.filePath(QStringLiteral("s%1").arg(i)).toStdString();
            if (i < 2) {
                imaging::DicomWriter::writeCtSeries(imaging::makeSyntheticCt(9, i, 64, 6).image, d,
                                                    folder);
            } else {
                QDir().mkpath(QString::fromStdString(folder));
                imaging::DicomWriter::writeRadiograph(imaging::makeSyntheticCxr(9, i, 64).image, d,
                                                      folder + "/dx.dcm");
            }
        }
        imaging::Database db(db_.toStdString());
        imaging::Scanner scanner(&db);
        scanner.scan({tmp_.path().toStdString()});
        for (int i = 0; i < 4; ++i)
            for (const auto& s : db.allSeries())
                if (s.description == "series " + std::to_string(i)) uids_.push_back(s.uid);
        QCOMPARE(uids_.size(), std::size_t(4));
    }

    void ordersByPriorityThenDateAndFilters() {
        const std::string sha = "feedbeef";
        {
            imaging::Database db(db_.toStdString());
            auto keys = db.instanceSetKeys();
            auto store = [&](int i, std::vector<ai::ClassFinding> classes) {
                ai::Findings f;
                f.seriesUid = uids_[std::size_t(i)];
                f.modelSha256 = sha;
                f.classes = std::move(classes);
                db.storeFindings(f.seriesUid, keys[f.seriesUid], sha, f.toJson().dump());
            };
            store(0, {{"Nodule", 0.6, 0.5, true}});
            store(1, {{"Nodule", 0.1, 0.5, false}});
            store(2, {{"Nodule", 0.9, 0.5, true}, {"Mass", 0.7, 0.5, true}});
            // Series 3 is not analysed.
        }
        ui::WorklistModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        ui::WorklistFilter filter;
        filter.setSourceModel(&model);
        model.reload(db_, {QString::fromStdString(sha)});
        QCOMPARE(model.rowCount(), 4);
        // 0.9 (DX), 0.6 (CT), then the unflagged analysed one, then the unanalysed one.
        QCOMPARE(order(filter), (QStringList{"series 2", "series 0", "series 1", "series 3"}));
        QVERIFY(filter.index(0, ui::WorklistModel::Findings).data().toString().contains("Mass"));
        QVERIFY(filter.index(0, 0).data(Qt::BackgroundRole).isValid());  // flagged: highlighted
        QVERIFY(!filter.index(2, 0).data(Qt::BackgroundRole).isValid());
        QCOMPARE(filter.index(3, ui::WorklistModel::Priority).data().toString(),
                 QStringLiteral("not analysed"));
        filter.setFlaggedOnly(true);
        QCOMPARE(order(filter), (QStringList{"series 2", "series 0"}));
        filter.setFlaggedOnly(false);
        filter.setModality(QStringLiteral("CT"));
        QCOMPARE(order(filter), (QStringList{"series 0", "series 1"}));
        filter.setModality(QString());
        filter.setSince(QStringLiteral("20260215"));
        QCOMPARE(order(filter), (QStringList{"series 1", "series 3"}));
        filter.setSince(QString());
        // Read by a radiologist: out of the unread view, with the name shown.
        {
            imaging::Database db(db_.toStdString());
            QVERIFY(db.setSeriesReviewed(uids_[2], true, "Dr Review"));
        }
        model.reload(db_, {QString::fromStdString(sha)});
        filter.setUnreadOnly(true);
        QCOMPARE(order(filter), (QStringList{"series 0", "series 1", "series 3"}));
        filter.setUnreadOnly(false);
        QCOMPARE(filter.index(0, ui::WorklistModel::Reviewed).data().toString(),
                 QStringLiteral("Dr Review"));
    }

    void sortsByUncertaintyAndOpensTheNextUncertainForAnnotation() {
        // The panel reads each model's results under ai::resultCacheKey.
        ai::Manifest manifest;
        manifest.weightsSha256 = "cafe0022";
        const std::string sha = ai::resultCacheKey(manifest, std::nullopt);
        {
            imaging::Database db(db_.toStdString());
            auto keys = db.instanceSetKeys();
            auto store = [&](int i, double p, bool outside) {
                ai::Findings f;
                f.seriesUid = uids_[std::size_t(i)];
                f.classes = {{"Nodule", p, 0.4, p >= 0.4, {}}};
                if (outside) f.ood = ai::OutOfDistribution{3.2, 1.2, true, {}};
                f.syntheticModel = i == 3;  // a demo model's findings
                db.storeFindings(f.seriesUid, keys[f.seriesUid], sha, f.toJson().dump());
            };
            store(0, 0.95, false);  // sure: uncertainty 1 - 0.55 / 0.6
            store(1, 0.42, false);  // next to the threshold: the most uncertain
            store(2, 0.05, true);   // outside the training data
            store(3, 0.30, false);  // 1 - 0.1 / 0.6
            // Series 1 already has a final annotation.
            imaging::AnnotationRecord a;
            a.seriesUid = uids_[1];
            a.annotator = "tester";
            a.status = "final";
            a.maskPath = "/nonexistent.nii.gz";
            QVERIFY(db.addAnnotation(a) > 0);
        }
        ui::WorklistModel model;
        ui::WorklistFilter filter;
        filter.setSourceModel(&model);
        model.reload(db_, {QString::fromStdString(sha)});
        QCOMPARE(order(filter), (QStringList{"series 0", "series 1", "series 3", "series 2"}));
        filter.setSortByUncertainty(true);
        // 0.97, 0.83, 0.42 (|0.05 - 0.4| / 0.6), 0.08.
        QCOMPARE(order(filter), (QStringList{"series 1", "series 3", "series 2", "series 0"}));
        const int row1 = model.rowOf(QString::fromStdString(uids_[1]));
        QCOMPARE(model.entry(row1).uncertainty, 1 - 0.02 / 0.6);
        QVERIFY(model.entry(row1).annotated);
        // The OOD mark, in the text and its tooltip.
        const int row2 = model.rowOf(QString::fromStdString(uids_[2]));
        const QModelIndex findings = model.index(row2, ui::WorklistModel::Findings);
        QVERIFY(findings.data().toString().contains(QStringLiteral("outside training data")));
        QVERIFY(!findings.data(Qt::ToolTipRole).toString().isEmpty());
        QVERIFY(!model.index(row1, ui::WorklistModel::Findings)
                     .data()
                     .toString()
                     .contains(QStringLiteral("outside")));

        // The panel: its order choice, and "Annotate Next Uncertain" skips the
        // annotated series 1 and then the one it just opened.
        ui::WorklistPanel panel(db_);
        panel.setModels({{tmp_.filePath(QStringLiteral("unused")), manifest}});
        QSignalSpy reloaded(&panel, &ui::WorklistPanel::reloaded);
        panel.reload();
        QVERIFY(reloaded.wait(10000));
        // The demo model's findings say so, in the text and its tooltip.
        const ui::WorklistModel* m = panel.model();
        const QModelIndex synthetic =
            m->index(m->rowOf(QString::fromStdString(uids_[3])), ui::WorklistModel::Findings);
        QVERIFY2(synthetic.data().toString().startsWith(QStringLiteral("[SYNTHETIC model]")),
                 qPrintable(synthetic.data().toString()));
        QVERIFY(synthetic.data(Qt::ToolTipRole).toString().contains(QStringLiteral("synthetic")));
        QVERIFY(!m->index(m->rowOf(QString::fromStdString(uids_[0])), ui::WorklistModel::Findings)
                     .data()
                     .toString()
                     .contains(QStringLiteral("SYNTHETIC")));
        auto* orderBox = panel.findChild<QComboBox*>(QStringLiteral("worklistOrder"));
        QVERIFY(orderBox);
        orderBox->setCurrentIndex(1);
        QVERIFY(panel.filter()->sortsByUncertainty());
        QSignalSpy annotate(&panel, &ui::WorklistPanel::annotateSeries);
        auto* next = panel.findChild<QPushButton*>(QStringLiteral("annotateNextUncertain"));
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(annotate.count(), 1);
        QCOMPARE(annotate.at(0).at(0).toString(), QString::fromStdString(uids_[3]));
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(annotate.at(1).at(0).toString(), QString::fromStdString(uids_[2]));
    }

    void analyseAllInTheBackgroundResponsively() {
        // A random-weight classifier with threshold 0: every series gets flagged.
        const QString bundle = tmp_.filePath(QStringLiteral("cls"));
        const ai::Manifest manifest =
            radlens::test::writeFlaggingClassifier(bundle, "worklist-test");

        ui::WorklistPanel panel(db_);
        panel.show();
        panel.setModels({{bundle, manifest}});
        QSignalSpy finished(panel.analyzer(), &ui::WorklistAnalyzer::finished);
        QSignalSpy progress(panel.analyzer(), &ui::WorklistAnalyzer::progress);
        // Event-loop latency: a 10 ms timer should fire every 10 ms.
        QElapsedTimer clock;
        double worst = 0;
        qint64 last = 0;
        QTimer tick;
        tick.setInterval(10);
        connect(&tick, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            if (last) worst = std::max(worst, double(now - last - 10));
            last = now;
        });
        clock.start();
        tick.start();
        panel.analyzeAll();
        QVERIFY(finished.wait(120000));
        QVERIFY(waitFor([&] { return !panel.isLoading(); }, 30000));  // the list re-read
        tick.stop();
        QCOMPARE(finished.last().at(0).toBool(), false);  // not cancelled
        QCOMPARE(finished.last().at(1).toInt(), 0);       // none failed
        QCOMPARE(progress.first().at(1).toInt(), 4);      // four series to do
        qInfo("worst event-loop delay while analysing: %.0f ms", worst);
        QVERIFY2(worst < 50, qPrintable(QStringLiteral("%1 ms").arg(worst)));
        imaging::Database db(db_.toStdString());
        const auto keys = db.instanceSetKeys();
        for (const std::string& uid : uids_)
            QVERIFY(db.cachedFindings(uid, keys.at(uid), ai::resultCacheKey(manifest, std::nullopt))
                        .has_value());
        for (int r = 0; r < panel.model()->rowCount(); ++r)
            QVERIFY(panel.model()->entry(r).analysed);
        // Nothing left: a second run has nothing to do and ends at once.
        progress.clear();
        panel.analyzeAll();
        QVERIFY(finished.wait(30000));
        QCOMPARE(progress.first().at(1).toInt(), 0);
    }
};

QTEST_MAIN(WorklistTest)
#include "WorklistTest.moc"
