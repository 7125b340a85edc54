// Findings in the viewer under Xvfb: the findings panel on hand-made results
// (probability bars in order with flagged classes, heatmap choice, label
// colours and visibility, lesion table and its jump), then the main window
// end to end: a SYNTHETIC CT series and radiograph written to disk, models
// given as --model would give them, the analysis in the background, and the
// overlays in the views. And the model manager: install, activate, roll
// back, remove.
//
// The models here have random weights and every threshold at 0, so that each
// voxel is labelled and each class flagged: what is tested is the plumbing
// (what ran, what is drawn where), not what a trained model finds.
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include "TestModels.h"
#include "UiTestSupport.h"

#include "ai/BundleArchive.h"
#include "ai/ModelBundle.h"
#include "ai/ModelRegistry.h"
#include "imaging/DicomSeg.h"
#include "imaging/DicomWriter.h"
#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SyntheticPhantom.h"
#include "ui/FindingsPanel.h"
#include "ui/MainWindow.h"
#include "ui/ModelManagerDialog.h"
#include "ui/ProbabilityBars.h"
#include "ui/StudySession.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerPanel.h"

using namespace radlens;
using radlens::test::shot;
using radlens::test::waitFor;

namespace {

std::shared_ptr<imaging::Volume> labelVolume() {
    imaging::Geometry g;
    g.dims = {16, 16, 4};
    auto v = std::make_shared<imaging::Volume>(imaging::PixelType::UInt8, g);
    v->dataAs<std::uint8_t>()[2 * 256 + 5 * 16 + 5] = 1;
    return v;
}

void writeBundle(const QString& folder, ai::Architecture arch, std::vector<std::string> classes,
                 const std::string& version = "1") {
    ai::Manifest m;
    m.version = version;
    m.name = "test-" + ai::architectureName(arch);
    m.architecture = arch;
    m.mode = "multilabel";
    for (std::size_t i = 0; i < classes.size(); ++i)
        m.classes.push_back({classes[i], ai::defaultClassColor(i), 0.0, {}});
    m.inputChannels = 1;
    m.inputHeight = m.inputWidth = 64;
    m.preprocessing = {{"scale", "percentile"}};
    m.provenance = {{"synthetic_data", true}};
    radlens::test::writeRandomBundle(folder, m, 3);
}

}  // namespace

class FindingsTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        radlens::test::isolateUserData(tmp_);
    }

    void panelShowsClassesInOrderAndTheChosenHeatmap() {
        ui::FindingsPanel panel;
        ai::Manifest m;
        m.name = "cxr";
        m.version = "3";
        m.classes = {{"Nodule", "#ff0000", 0.5, {}},
                     {"Effusion", "#00ff00", 0.3, {}},
                     {"Mass", "#0000ff", 0.5, {}}};
        m.provenance = {{"synthetic_data", true}};
        auto f = std::make_shared<ai::Findings>();
        f->classes = {
            {"Nodule", 0.2, 0.5, false}, {"Effusion", 0.9, 0.3, true}, {"Mass", 0.6, 0.5, true}};
        imaging::Geometry g;
        g.dims = {8, 8, 1};
        auto map = std::make_shared<imaging::Volume>(imaging::PixelType::Float32, g);
        f->heatmaps = {{"Mass", map}, {"Effusion", map}};
        QSignalSpy heat(&panel, &ui::FindingsPanel::heatmapChanged);
        panel.setClassification(m, f);
        const auto& rows = panel.probabilityBars()->rows();
        QCOMPARE(rows.size(), std::size_t(3));
        QCOMPARE(rows[0].name, std::string("Effusion"));
        QCOMPARE(rows[2].name, std::string("Nodule"));
        QVERIFY(rows[0].flagged && !rows[2].flagged);
        QVERIFY(heat.count() >= 1);
        QCOMPARE(panel.heatmap(), std::shared_ptr<const imaging::Volume>(map));
        // Shown first: the most probable flagged class (Effusion, 0.9), not the first listed.
        QCOMPARE(panel.findChild<QComboBox*>(QStringLiteral("heatmapClass"))->currentText(),
                 QStringLiteral("Effusion"));
        auto* choice = panel.findChild<QComboBox*>(QStringLiteral("heatmapClass"));
        choice->setCurrentIndex(0);  // "None"
        QVERIFY(!panel.heatmap());
        auto* warning = panel.findChild<QLabel*>(QStringLiteral("syntheticWarning"));
        QVERIFY(!warning->isHidden());
        QVERIFY(warning->text().contains(QStringLiteral("not for clinical use")));
        // Inside what the model was trained on: no badge.
        auto* badge = panel.findChild<QLabel*>(QStringLiteral("oodBadge"));
        QVERIFY(badge && badge->isHidden() && !panel.outsideTrainingData());
        auto inside = std::make_shared<ai::Findings>(*f);
        inside->ood = ai::OutOfDistribution{0.9, 1.2, false, {}};
        panel.setClassification(m, inside);
        QVERIFY(badge->isHidden());
        // Outside: the badge names the model and its score, the notes in its tooltip.
        auto outside = std::make_shared<ai::Findings>(*f);
        outside->ood = ai::OutOfDistribution{3.4, 1.2, true, {"mean intensity 5 outside 100..200"}};
        panel.setClassification(m, outside);
        QVERIFY(!badge->isHidden() && panel.outsideTrainingData());
        QVERIFY2(badge->text().contains(QStringLiteral("Outside what this model was trained on")) &&
                     badge->text().contains(QStringLiteral("cxr")) &&
                     badge->text().contains(QStringLiteral("3.40")),
                 qPrintable(badge->text()));
        QVERIFY(badge->toolTip().contains(QStringLiteral("mean intensity")));
        panel.clear(QStringLiteral("next series"));
        QVERIFY(badge->isHidden());
    }

    void panelStylesLabelsAndJumpsToLesions() {
        ui::FindingsPanel panel;
        ai::Manifest m;
        m.name = "ct";
        m.mode = "multilabel";  // label v is class v - 1
        m.classes = {{"nodule", "#ff0000", 0.5, {}}, {"mass", "#00ff00", 0.5, {}}};
        auto f = std::make_shared<ai::Findings>();
        f->labels = labelVolume();
        imaging::Lesion a;
        a.label = 2;
        a.volumeMl = 1.25;
        a.diameterMm = 14;
        a.centroid = {10, 20, 30};
        a.slice = 7;
        f->lesions = {a};
        QSignalSpy style(&panel, &ui::FindingsPanel::labelStyleChanged);
        panel.setSegmentation(m, f);
        QVERIFY(style.count() >= 1);
        viewer::LabelStyle s = panel.labelStyle();
        QCOMPARE(s.colors.size(), std::size_t(3));
        QCOMPARE(int(s.colors[1][0]), 255);  // nodule red
        QCOMPARE(int(s.colors[2][1]), 255);  // mass green
        auto* list = panel.findChild<QListWidget*>(QStringLiteral("labelClasses"));
        QCOMPARE(list->count(), 2);
        list->item(1)->setCheckState(Qt::Unchecked);
        s = panel.labelStyle();
        QVERIFY(s.visible[1] && !s.visible[2]);
        QTableWidget* table = panel.lesionTable();
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("mass"));
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("1.25"));
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("8"));
        QSignalSpy jump(&panel, &ui::FindingsPanel::lesionActivated);
        Q_EMIT table->cellClicked(0, 1);
        QCOMPARE(jump.count(), 1);
        const auto world = jump.at(0).at(0).value<std::array<double, 3>>();
        QCOMPARE(world[2], 30.0);
        panel.clear(QStringLiteral("x"));
        QVERIFY(!panel.labels());
    }

    void modelManagerInstallsActivatesRollsBackAndRemoves() {
        const QString registry = tmp_.filePath(QStringLiteral("registry"));
        const QString v1 = tmp_.filePath(QStringLiteral("m1")),
                      v2 = tmp_.filePath(QStringLiteral("m2"));
        writeBundle(v1, ai::Architecture::ResNet18, {"Nodule"}, "1");
        writeBundle(v2, ai::Architecture::ResNet18, {"Nodule"}, "2");
        const QString zip = tmp_.filePath(QStringLiteral("m2.radlens.zip"));
        ai::BundleArchive::pack(v2.toStdString(), zip.toStdString());
        ui::ModelManagerDialog dialog(registry);
        QVERIFY(dialog.install(v1));
        QVERIFY(dialog.install(zip));
        QVERIFY(!dialog.install(tmp_.filePath(QStringLiteral("nothing-here"))));
        const auto* message = dialog.findChild<QLabel*>(QStringLiteral("message"));
        QCOMPARE(ai::ModelRegistry(registry.toStdString()).list().size(), std::size_t(2));
        QVERIFY2(dialog.table()->rowCount() == 2, qPrintable(message->text()));
        // The zip was copied in: deleting the download loses nothing.
        QVERIFY(QFile::remove(zip));
        ai::ModelRegistry reg(registry.toStdString());
        auto rowOf = [&](const QString& version) {
            for (int r = 0; r < dialog.table()->rowCount(); ++r)
                if (dialog.table()->item(r, 3)->text() == version) return r;
            return -1;
        };
        QVERIFY(dialog.activateRow(rowOf(QStringLiteral("2"))));
        QCOMPARE(reg.active("classify")->version, std::string("2"));
        QVERIFY(QFileInfo(QString::fromStdString(reg.active("classify")->path))
                    .absolutePath()
                    .endsWith(QStringLiteral("installed")));
        QVERIFY(dialog.activateRow(rowOf(QStringLiteral("1"))));  // roll back
        QCOMPARE(reg.active("classify")->version, std::string("1"));
        QCOMPARE(dialog.table()->item(rowOf(QStringLiteral("1")), 0)->text(),
                 QStringLiteral("yes"));
        QVERIFY(dialog.table()
                    ->item(rowOf(QStringLiteral("1")), 5)
                    ->text()
                    .contains(QStringLiteral("SYNTHETIC")));
        QVERIFY(dialog.removeRow(rowOf(QStringLiteral("1"))));
        QVERIFY(!reg.active("classify"));
        QCOMPARE(dialog.table()->rowCount(), 1);
        QVERIFY(dialog.activeChanged());
        QVERIFY(QFileInfo::exists(v1 + QStringLiteral("/model.json")));  // files stay
    }

    void mainWindowRunsTheModelsAndDrawsTheOverlays() {
        // A SYNTHETIC CT series (64 x 64 x 12) and the segmenter.
        const QString ct = tmp_.filePath(QStringLiteral("ct"));
        const imaging::SyntheticCase c =
            radlens::test::writeSyntheticCt(ct, 5, 64, 12, "FINDINGS", 77);
        const QString seg = tmp_.filePath(QStringLiteral("seg"));
        writeBundle(seg, ai::Architecture::UNetEfficientNetB0, {"nodule", "mass"});

        ui::MainWindow w;
        ui::MainWindow::Options o;
        o.models = {seg};
        o.layout = QStringLiteral("mpr");
        w.setOptions(o);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy idle(&w, &ui::MainWindow::idle);
        w.openPaths({ct});
        QVERIFY(waitFor([&] { return w.findingsPanel()->labels() != nullptr; }, 120000));
        QCOMPARE(ui::MainWindow::recentPaths().value(0), QFileInfo(ct).absoluteFilePath());
        QVERIFY(waitFor([&] { return w.isIdle(); }, 30000));
        // Every voxel is labelled (thresholds 0): each view draws its slice.
        for (auto plane : {viewer::Plane::Axial, viewer::Plane::Coronal, viewer::Plane::Sagittal}) {
            const viewer::OverlayImage& layer = w.viewer()->view(plane)->labelLayer();
            QVERIFY(!layer.empty());
        }
        QCOMPARE(w.findingsPanel()->labels()->dims(), c.image.dims());
        QVERIFY(w.findingsPanel()->lesionTable()->rowCount() >= 1);
        // A click in the lesion table moves the views to the lesion's slice.
        Q_EMIT w.findingsPanel()->lesionTable()->cellClicked(0, 0);
        const int slice = w.findingsPanel()->lesionTable()->item(0, 3)->text().toInt() - 1;
        QCOMPARE(w.viewer()->view(viewer::Plane::Axial)->slice(), slice);
        shot(w, "findings-ct.png");

        // File > Export Findings: the segmenter's labels as a DICOM SEG (one
        // segment per class, as the bundle names them) and an SR, in the background.
        QSignalSpy exported(w.session(), &ui::StudySession::exported);
        const QString segOut = tmp_.filePath(QStringLiteral("findings-seg.dcm"));
        const QString srOut = tmp_.filePath(QStringLiteral("findings-sr.dcm"));
        QVERIFY(w.exportFindings(segOut, false));
        QVERIFY(exported.wait(60000));
        QCOMPARE(exported.last().at(1).toString(), QString());
        QVERIFY(w.exportFindings(srOut, true));
        QVERIFY(exported.wait(60000));
        QCOMPARE(exported.last().at(1).toString(), QString());
        QVERIFY(QFileInfo(srOut).size() > 0);
        {
            const imaging::Series& series = *w.session()->currentSeries();
            std::vector<imaging::Label> segments;
            const imaging::Volume written =
                imaging::DicomSeg::read(segOut.toStdString(), series, series.geometry, &segments);
            QCOMPARE(segments.size(), std::size_t(2));
            QCOMPARE(segments[0].name, std::string("nodule"));
            QCOMPARE(segments[1].name, std::string("mass"));
            const auto* shown = w.findingsPanel()->labels()->dataAs<std::uint8_t>();
            QVERIFY(std::equal(shown, shown + written.geometry().voxelCount(),
                               written.dataAs<std::uint8_t>()));
        }

        // A DICOM SEG of this series shows as its overlay; a foreign one is refused.
        const QString segPath = tmp_.filePath(QStringLiteral("lesions.dcm"));
        {
            imaging::Scanner scanner(nullptr);
            auto scanned = scanner.scan({ct.toStdString()});
            auto series = imaging::SeriesAssembler::assemble(scanned.images);
            QCOMPARE(series.size(), std::size_t(1));
            imaging::DicomSeg::write(c.mask, series[0],
                                     {{1, "nodule", {255, 0, 0}},
                                      {2, "mass", {0, 255, 0}},
                                      {3, "consolidation", {0, 0, 255}}},
                                     {"test", "1", "SEG test", "0"}, segPath.toStdString());
        }
        QVERIFY(w.importSegmentation(segPath));
        QVERIFY(w.findingsPanel()->labels());
        const auto* imported = w.findingsPanel()->labels()->dataAs<std::uint8_t>();
        QVERIFY(std::equal(imported, imported + c.mask.geometry().voxelCount(),
                           c.mask.dataAs<std::uint8_t>()));
        // An imported SEG is no model's finding: nothing to export.
        QVERIFY(!w.exportFindings(tmp_.filePath(QStringLiteral("again.dcm")), false));
        QVERIFY(!w.importSegmentation(qEnvironmentVariable("RADLENS_PYDICOM_DATA") +
                                      QStringLiteral("/liver_1frame.dcm")));

        // A radiograph and the classifier: probabilities and a heatmap.
        const QString cxr = tmp_.filePath(QStringLiteral("cxr"));
        QDir().mkpath(cxr);
        imaging::SyntheticCase r = imaging::makeSyntheticCxr(6, 0, 64);
        imaging::DicomDescription d;
        d.patientName = "SYNTHETIC^FINDINGS";
        d.patientId = "SYN-FINDINGS";
        d.imageComments = "SYNTHETIC DATA";
        d.seriesDescription = "SYNTHETIC CXR";
        d.uidSeed = 78;
        imaging::DicomWriter::writeRadiograph(
            r.image, d, QDir(cxr).filePath(QStringLiteral("cxr.dcm")).toStdString());
        const QString cls = tmp_.filePath(QStringLiteral("cls"));
        writeBundle(cls, ai::Architecture::ResNet18, {"Nodule", "Effusion"});
        // The window's own drop handler (Qt delivers drops from a real drag).
        struct DropWindow : ui::MainWindow {
            void drop(QDropEvent* e) { dropEvent(e); }
        } w2;
        o.models = {cls};
        o.layout = QStringLiteral("1x1");
        w2.setOptions(o);
        w2.resize(1280, 800);
        w2.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w2));
        // Dropped on the window, as from a file manager.
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(cxr)});
        QDropEvent drop(QPointF(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        w2.drop(&drop);
        QVERIFY(drop.isAccepted());
        QVERIFY(waitFor([&] { return w2.findingsPanel()->heatmap() != nullptr; }, 120000));
        QCOMPARE(ui::MainWindow::recentPaths().value(0), QFileInfo(cxr).absoluteFilePath());
        QCOMPARE(ui::MainWindow::recentPaths().value(1), QFileInfo(ct).absoluteFilePath());
        QVERIFY(waitFor([&] { return w2.isIdle(); }, 30000));
        QCOMPARE(w2.findingsPanel()->probabilityBars()->rows().size(), std::size_t(2));
        QVERIFY(!w2.viewer()->view(viewer::Plane::Axial)->heatmapLayer().empty());
        shot(w2, "findings-cxr.png");
    }
};

QTEST_MAIN(FindingsTest)
#include "FindingsTest.moc"
