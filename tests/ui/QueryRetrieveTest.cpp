// The Query/Retrieve window and Preferences > Network driven by Qt Test
// against Debian's Orthanc on loopback (tests/net/orthanc_fixture.py starts
// it and passes its ports). Data: a SYNTHETIC CT written by the test and
// stored in Orthanc by DCMTK's storescu.
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QTreeView>
#include <QtTest>

#include "UiTestSupport.h"
#include "imaging/InstanceStore.h"
#include "net/NodeList.h"
#include "ui/ActionTable.h"
#include "ui/MainWindow.h"
#include "ui/NetworkPreferences.h"
#include "ui/NodeEditDialog.h"
#include "ui/QueryRetrieveDialog.h"
#include "ui/RemoteTransfers.h"
#include "ui/StudySession.h"

using namespace radlens;
using radlens::test::waitFor;

class QueryRetrieveTest : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString dicomPort_, httpPort_;
    static constexpr int kSlices = 12;

    QString nodeAddress(bool web) const {
        return web ? QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(httpPort_)
                   : QStringLiteral("dimse://ORTHANC@127.0.0.1:%1").arg(dicomPort_);
    }

private Q_SLOTS:
    void initTestCase() {
        dicomPort_ = qEnvironmentVariable("ORTHANC_DICOM_PORT");
        httpPort_ = qEnvironmentVariable("ORTHANC_HTTP_PORT");
        QVERIFY2(!dicomPort_.isEmpty(), "run under tests/net/orthanc_fixture.py");
        radlens::test::isolateUserData(tmp_);
        const QString src = tmp_.filePath(QStringLiteral("src"));
        radlens::test::writeSyntheticCt(src, 3, 64, kSlices, "QR", 77);
        QStringList args{QStringLiteral("-aec"), QStringLiteral("ORTHANC"),
                         QStringLiteral("127.0.0.1"), dicomPort_};
        for (const QString& f : QDir(src).entryList(QDir::Files)) args << QDir(src).filePath(f);
        QCOMPARE(QProcess::execute(QStringLiteral("storescu"), args), 0);
        net::NodeList list;
        for (bool web : {false, true}) {
            net::RemoteNode n = net::RemoteNode::parse(nodeAddress(web).toStdString());
            n.name = web ? "web" : "pacs";
            list.put(n);
        }
        net::RemoteNode down = net::RemoteNode::parse("dimse://NOBODY@127.0.0.1:1");
        down.name = "down";
        list.put(down);
        list.save();
    }

    void searchExpandRetrieveAndOpen() {
        ui::MainWindow w;
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));  // window shortcuts need it
        QTest::keyClick(&w, Qt::Key_Q, Qt::ControlModifier | Qt::ShiftModifier);
        ui::QueryRetrieveDialog* d = w.queryRetrieveDialog();
        QVERIFY(waitFor([d] { return d->isVisible(); }, 5000));
        QVERIFY(d->selectNode(QStringLiteral("pacs")));
        auto* name = d->findChild<QLineEdit*>(QStringLiteral("patientName"));
        name->setText(QStringLiteral("SYNTHETIC*"));
        QTest::keyClick(name, Qt::Key_Return);
        QVERIFY(waitFor([d] { return !d->isSearching() && d->results()->rowCount() > 0; }, 20000));
        QCOMPARE(d->results()->rowCount(), 1);
        QCOMPARE(d->results()->item(0, 0)->text(), QStringLiteral("SYNTHETIC^QR"));
        radlens::test::shot(*d, "query-retrieve-studies.png");

        // Expanding the study lists its series with their counts.
        d->resultView()->expand(d->results()->index(0, 0));
        QStandardItem* study = d->results()->item(0, 0);
        QVERIFY(waitFor(
            [&] {
                return !d->isSearching() && study->rowCount() == 1 &&
                       study->child(0, 0)->text().startsWith(QStringLiteral("Series"));
            },
            20000));
        QCOMPARE(study->child(0, 5)->text(), QString::number(kSlices));

        // Retrieve and Open: the window shows the series, the rest fills in.
        d->resultView()->selectionModel()->select(
            study->child(0, 0)->index(),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        auto* openButton = d->findChild<QPushButton*>(QStringLiteral("retrieveOpen"));
        QVERIFY(openButton->isEnabled());
        QTest::mouseClick(openButton, Qt::LeftButton);
        ui::RemoteTransfers* t = w.transfers();
        QVERIFY(waitFor([t] { return t->count() == 1 && t->at(0).state == ai::JobState::Done; },
                        60000));
        QCOMPARE(t->at(0).progress.done, kSlices);
        ui::StudySession* s = w.session();
        QVERIFY(waitFor(
            [s] {
                return s->currentSeries() && !s->isBusy() && s->volume() &&
                       s->volume()->dims()[2] == kSlices;
            },
            60000));
        QVERIFY(s->openedPaths().front().startsWith(
            QString::fromStdString(imaging::InstanceStore::defaultRoot())));
        QCOMPARE(d->transferView()->model()->rowCount(), 1);
        QVERIFY(d->transferView()->model()->index(0, 3).data().toString().startsWith(tr("Done")));
        radlens::test::shot(*d, "query-retrieve-done.png");
        radlens::test::shot(w, "query-retrieve-opened.png");

        // Over DICOMweb: the same study is held already, nothing comes again.
        QVERIFY(d->selectNode(QStringLiteral("web")));
        name->clear();
        d->findChild<QLineEdit*>(QStringLiteral("modality"))->setText(QStringLiteral("CT"));
        d->search();
        QVERIFY(waitFor([d] { return !d->isSearching() && d->results()->rowCount() == 1; }, 20000));
        d->resultView()->selectionModel()->select(
            d->results()->index(0, 0),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        d->activateWindow();  // the opened series may have taken the focus
        QVERIFY(QTest::qWaitForWindowActive(d));
        QTest::keyClick(d->resultView(), Qt::Key_R, Qt::ControlModifier);
        QVERIFY(waitFor([t] { return t->count() == 2 && t->at(1).state == ai::JobState::Done; },
                        60000));
        QCOMPARE(t->at(1).progress.skipped, kSlices);
        QCOMPARE(t->at(1).progress.done, 0);

        // Send the series on screen to the DICOMweb node (STOW-RS).
        d->sendCurrentSeries();
        QVERIFY(waitFor([t] { return t->count() == 3 && t->at(2).state == ai::JobState::Done; },
                        60000));
        QCOMPARE(t->at(2).progress.done, kSlices);
        QCOMPARE(t->at(2).progress.failed, 0);

        // A node that is down: a clear failure in the list, nothing hangs.
        QVERIFY(d->selectNode(QStringLiteral("down")));
        d->search();
        QVERIFY(waitFor([d] { return !d->isSearching(); }, 20000));
        QVERIFY(d->findChild<QLabel*>(QStringLiteral("status"))->text().contains(tr("failed")));

        // A wrong date is refused before anything is sent.
        d->findChild<QLineEdit*>(QStringLiteral("studyDate"))
            ->setText(QStringLiteral("2026-01-01"));
        d->search();
        QVERIFY(!d->isSearching());
        QVERIFY(d->findChild<QLabel*>(QStringLiteral("status"))
                    ->text()
                    .contains(QStringLiteral("YYYYMMDD")));
        d->close();
        QVERIFY(waitFor([s] { return !s->isBusy(); }, 30000));
    }

    void preferencesTestsEachNode() {
        ui::NetworkPreferences page;
        page.resize(640, 360);
        auto* table = page.findChild<QTableWidget*>(QStringLiteral("nodes"));
        QCOMPARE(table->rowCount(), 3);
        for (int row = 0; row < table->rowCount(); ++row) {
            table->selectRow(row);
            QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("testNode")),
                              Qt::LeftButton);
            QVERIFY(waitFor([&] { return !page.isTesting(); }, 20000));
            const bool down = table->item(row, 0)->text() == QStringLiteral("down");
            QVERIFY2(page.testResult().contains(down ? tr("did not answer") : tr("answered")),
                     qPrintable(page.testResult()));
            if (row == 0) radlens::test::shot(page, "preferences-network.png");
        }
        // The node editor refuses a wrong field with its reason and stays open.
        net::RemoteNode n = net::RemoteNode::parse("dimse://PACS@pacs.example:104");
        n.name = "pacs";
        ui::NodeEditDialog edit(n);
        edit.show();
        auto* aet = edit.findChild<QLineEdit*>(QStringLiteral("calledAet"));
        aet->setText(QStringLiteral("BAD\\AE"));
        edit.accept();
        QVERIFY(edit.isVisible());
        QVERIFY(!edit.findChild<QLabel*>(QStringLiteral("error"))->text().isEmpty());
        radlens::test::shot(edit, "node-edit.png");
        aet->setText(QStringLiteral("PACS2"));
        QCOMPARE(edit.node().calledAet, std::string("PACS2"));
        QVERIFY(!edit.node().retrieveByMove);
        edit.findChild<QComboBox*>(QStringLiteral("via"))->setCurrentIndex(1);  // C-MOVE to us
        auto* movePort = edit.findChild<QSpinBox*>(QStringLiteral("movePort"));
        QVERIFY(movePort->isEnabled());
        movePort->setValue(11999);
        QVERIFY(edit.node().retrieveByMove);
        QCOMPARE(edit.node().movePort, 11999);
    }
};

QTEST_MAIN(QueryRetrieveTest)
#include "QueryRetrieveTest.moc"
