// Viewer widgets under Xvfb: orientation labels, a known distance, scrolling,
// window/level, what a frame shows, MPR linking, measurement selection, undo
// and labels kept inside the view, the 3D view and its level of detail, cine,
// the loading preview, a series that grows as it arrives, and frames against baseline PNGs
// (tests/viewer/ baselines, made by this test from SYNTHETIC volumes; on a mismatch the frame is
// saved beside the build as render-actual/NAME.png; RADLENS_UPDATE_BASELINES=1 rewrites them).
#include <QApplication>
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QWheelEvent>
#include <QtTest>
#include <cmath>

#include "imaging/DicomWriter.h"
#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SeriesLoader.h"
#include "imaging/SyntheticPhantom.h"
#include "viewer/CinePlayer.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerPanel.h"
#include "viewer/VolumeView.h"

using namespace radlens;
using namespace radlens::viewer;

namespace {

std::shared_ptr<imaging::Volume> makeVolume(std::array<int, 3> dims, std::array<double, 3> spacing,
                                            std::array<double, 9> direction, int value = -1) {
    imaging::Geometry g;
    g.dims = dims;
    g.spacing = spacing;
    g.direction = direction;
    auto v = std::make_shared<imaging::Volume>(imaging::PixelType::Int16, g);
    auto* p = v->dataAs<std::int16_t>();
    for (int z = 0; z < dims[2]; ++z)
        for (int y = 0; y < dims[1]; ++y)
            for (int x = 0; x < dims[0]; ++x) {
                const double r = std::hypot(x - dims[0] / 2.0, y - dims[1] / 2.0);
                p[(std::size_t(z) * dims[1] + y) * dims[0] + x] =
                    std::int16_t(value >= 0 ? value : (r < dims[0] / 3.0 ? 200 + z : 0));
            }
    return v;
}

const std::array<double, 9> kIdentity{1, 0, 0, 0, 1, 0, 0, 0, 1};

/// Shows `v` (as HU) in `view` at 300 x 300 with the MIP preset and renders
/// `frame`; false when the window never appeared.
bool showMip(VolumeView& view, const std::shared_ptr<imaging::Volume>& v, QImage& frame) {
    v->units = "HU";
    view.resize(300, 300);
    view.show();
    if (!QTest::qWaitForWindowExposed(&view)) return false;
    view.setVolume(v);
    view.setPreset("MIP");
    frame = view.renderToImage();
    return true;
}

/// A MIP of makeVolume's bright cylinder: the centre well above the corner.
bool brightCentre(const QImage& frame) {
    const QColor corner = frame.pixelColor(2, 2);
    const QColor centre = frame.pixelColor(frame.width() / 2, frame.height() / 2);
    qInfo("MIP centre %d, corner %d", centre.lightness(), corner.lightness());
    return centre.lightness() > corner.lightness() + 30;
}

/// A SYNTHETIC CT-like phantom in HU: air outside, a soft-tissue ellipse with a
/// bone ring and a dense ball, so slice views and the 3D presets have
/// something to show.
std::shared_ptr<imaging::Volume> makePhantom() {
    imaging::Geometry g;
    g.dims = {64, 64, 40};
    g.spacing = {0.8, 0.8, 1.25};
    auto v = std::make_shared<imaging::Volume>(imaging::PixelType::Int16, g);
    v->units = "HU";
    auto* p = v->dataAs<std::int16_t>();
    for (int z = 0; z < 40; ++z)
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x) {
                const double ex = (x - 32) / 26.0, ey = (y - 32) / 20.0;
                const double e = ex * ex + ey * ey;
                const double ball = std::hypot(x - 40.0, y - 30.0, (z - 20) * 1.25 / 0.8);
                std::int16_t hu = -1000;
                if (e < 1) hu = 40;
                if (e > 0.8 && e < 1 && z > 4 && z < 36) hu = 700;
                if (ball < 8) hu = 1200;
                p[(std::size_t(z) * 64 + y) * 64 + x] = hu;
            }
    return v;
}

/// Compares `frame` with tests/viewer/baselines/NAME.png: at most 0.5 % of
/// the pixels may differ by more than 24 grey levels in a channel.
void compareWithBaseline(const QImage& frame, const QString& name) {
    const QString path = QStringLiteral(RADLENS_BASELINE_DIR "/") + name + QStringLiteral(".png");
    const QImage actual = frame.convertToFormat(QImage::Format_RGB32);
    if (qEnvironmentVariableIntValue("RADLENS_UPDATE_BASELINES")) {
        QVERIFY(actual.save(path));
        return;
    }
    const QImage expected = QImage(path).convertToFormat(QImage::Format_RGB32);
    QVERIFY2(!expected.isNull(), qPrintable(QStringLiteral("no baseline ") + path));
    int differing = 0;
    if (expected.size() == actual.size())
        for (int y = 0; y < actual.height(); ++y)
            for (int x = 0; x < actual.width(); ++x) {
                const QRgb a = actual.pixel(x, y), b = expected.pixel(x, y);
                const int d =
                    std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)),
                              std::abs(qBlue(a) - qBlue(b))});
                if (d > 24) ++differing;
            }
    const double fraction = expected.size() == actual.size()
                                ? double(differing) / (actual.width() * actual.height())
                                : 1.0;
    if (fraction > 0.005) {
        QDir().mkpath(QStringLiteral(RADLENS_ACTUAL_DIR));
        const QString saved =
            QStringLiteral(RADLENS_ACTUAL_DIR "/") + name + QStringLiteral(".png");
        actual.save(saved);
        QFAIL(qPrintable(QStringLiteral("%1: %2 % of the pixels differ from %3; the frame is in %4")
                             .arg(name)
                             .arg(fraction * 100, 0, 'f', 2)
                             .arg(path, saved)));
    }
}

}  // namespace

class ViewerTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void orientationLabelsAxial() {
        auto v = makeVolume({20, 20, 10}, {1, 1, 1}, kIdentity);
        SliceView axial(Plane::Axial), coronal(Plane::Coronal), sagittal(Plane::Sagittal);
        for (SliceView* s : {&axial, &coronal, &sagittal}) s->setVolume(v, {}, "s");
        using L = std::array<std::string, 4>;  // left, right, top, bottom
        QCOMPARE(axial.orientationLabels(), (L{"R", "L", "A", "P"}));
        QCOMPARE(coronal.orientationLabels(), (L{"R", "L", "S", "I"}));
        QCOMPARE(sagittal.orientationLabels(), (L{"A", "P", "S", "I"}));
    }

    void orientationLabelsCoronalAndOblique() {
        // A coronal acquisition: rows along +x, columns along -z (feet), normal +y.
        auto cor = makeVolume({20, 20, 10}, {1, 1, 1}, {1, 0, 0, 0, 0, 1, 0, -1, 0});
        SliceView acquired(Plane::Axial);
        acquired.setVolume(cor, {}, "c");
        using L = std::array<std::string, 4>;
        QCOMPARE(acquired.orientationLabels(), (L{"R", "L", "S", "I"}));
        // Axial rotated 30 degrees about the feet-head axis: two letters.
        const double c = std::cos(M_PI / 6), s = std::sin(M_PI / 6);
        auto obl = makeVolume({20, 20, 10}, {1, 1, 1}, {c, -s, 0, s, c, 0, 0, 0, 1});
        SliceView oblique(Plane::Axial);
        oblique.setVolume(obl, {}, "o");
        QCOMPARE(oblique.orientationLabels()[1], std::string("LP"));
        QCOMPARE(oblique.orientationLabels()[0], std::string("RA"));
    }

    void orientationLabelsOfARadiographComeFromPatientOrientation() {
        // synth's PA chest radiograph, written and read back as DICOM: rows
        // run to the patient's left, columns to the feet (L\\F).
        QTemporaryDir dir;
        const std::string path = dir.filePath("cxr.dcm").toStdString();
        imaging::DicomDescription d;
        d.patientName = "SYNTHETIC^CXR";
        imaging::DicomWriter::writeRadiograph(imaging::makeSyntheticCxr(1, 0, 64).image, d, path);
        imaging::Scanner scanner;
        const auto series = imaging::SeriesAssembler::assemble(scanner.scan({path}).images);
        QCOMPARE(series.size(), std::size_t(1));
        auto cxr = std::make_shared<imaging::Volume>(imaging::SeriesLoader().load(series[0]));
        QCOMPARE(cxr->patientOrientation, std::string("L\\F"));
        using L = std::array<std::string, 4>;  // left, right, top, bottom
        SliceView view(Plane::Axial);
        view.setVolume(cxr, {}, "cxr");
        QCOMPARE(view.orientationLabels(), (L{"R", "L", "H", "F"}));
        // A lateral view and two-letter values; a value that is not patient
        // directions gives no labels rather than wrong ones.
        auto lateral = makeVolume({20, 20, 1}, {1, 1, 1}, kIdentity);
        lateral->patientOrientation = "A\\FR";
        view.setVolume(lateral, {}, "lat");
        QCOMPARE(view.orientationLabels(), (L{"P", "A", "HL", "FR"}));
        lateral->patientOrientation = "X\\F";
        view.setVolume(lateral, {}, "bad");
        QCOMPARE(view.orientationLabels(), L{});
        lateral->patientOrientation = "L\\F";
        SliceView coronal(Plane::Coronal);
        coronal.setVolume(lateral, {}, "cor");
        QCOMPARE(coronal.orientationLabels(), L{});
    }

    void distanceOfAKnownLength() {
        // 100 x 100 pixels of 0.5 mm in a 400 x 400 view: fitted with a 2 %
        // margin, 400 px show 51 mm, so 200 px are 25.5 mm.
        auto v = makeVolume({100, 100, 4}, {0.5, 0.5, 2}, kIdentity);
        SliceView view(Plane::Axial);
        view.resize(400, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setVolume(v, {}, "d");
        view.fit();
        (void)view.renderToImage();
        const double mm = view.addMeasurement(QPointF(100, 200), QPointF(300, 200));
        QVERIFY2(std::abs(mm - 25.5) < 0.3, qPrintable(QString::number(mm)));
        QCOMPARE(int(view.measurements().size()), 1);
        view.deleteMeasurement();  // none selected: the newest
        QCOMPARE(int(view.measurements().size()), 0);

        // ROI and angle tools by mouse: a rectangle dragged over the image,
        // then an angle.
        QSignalSpy measured(&view, &SliceView::measured);
        view.setMeasureTool(MeasureTool::Rectangle);
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, QPoint(150, 150));
        QTest::mouseMove(&view, QPoint(200, 180));
        QTest::mouseMove(&view, QPoint(250, 250));
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, QPoint(250, 250));
        QCOMPARE(int(view.measurements().size()), 1);
        const Measurement& r = view.measurements().back();
        QCOMPARE(r.kind, MeasureTool::Rectangle);
        // 100 px = 12.75 mm = 25.5 voxels of 0.5 mm each way: 25 or 26 voxel centres.
        QVERIFY2(r.stats.voxels >= 25 * 25 && r.stats.voxels <= 26 * 26,
                 qPrintable(QString::number(r.stats.voxels)));
        QVERIFY(std::abs(r.stats.areaMm2 - double(r.stats.voxels) * 0.25) < 1e-9);
        QCOMPARE(measured.count(), 1);
        view.setMeasureTool(MeasureTool::Angle);
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, QPoint(100, 100));
        QTest::mouseMove(&view, QPoint(150, 150));
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, QPoint(200, 200));
        QCOMPARE(int(view.measurements().size()), 1);  // the first arm only
        QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, QPoint(300, 200));
        QCOMPARE(int(view.measurements().size()), 2);
        QVERIFY2(std::abs(view.measurements().back().degrees - 135.0) < 1.0,
                 qPrintable(QString::number(view.measurements().back().degrees)));
        QCOMPARE(view.describe(view.measurements().back()), QStringLiteral("135.0°"));
        view.setMeasureTool(MeasureTool::None);

        // Select the rectangle by a click on its top edge, delete it, undo.
        QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, QPoint(200, 152));
        QCOMPARE(view.selectedMeasurement(), 0);
        QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, QPoint(380, 20));  // nothing there
        QCOMPARE(view.selectedMeasurement(), -1);
        QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, QPoint(200, 152));
        QTest::keyClick(&view, Qt::Key_Delete);
        QCOMPARE(int(view.measurements().size()), 1);
        QCOMPARE(view.measurements()[0].kind, MeasureTool::Angle);
        QTest::keyClick(&view, Qt::Key_Z, Qt::ControlModifier);  // the rectangle is back, first
        QCOMPARE(int(view.measurements().size()), 2);
        QCOMPARE(view.measurements()[0].kind, MeasureTool::Rectangle);
        QTest::keyClick(&view, Qt::Key_Z, Qt::ControlModifier);  // then the angle goes
        QCOMPARE(int(view.measurements().size()), 1);
        QCOMPARE(view.measurements()[0].kind, MeasureTool::Rectangle);

        // A ROI dragged into the bottom-right corner: its statistics (four
        // lines) stay whole inside the view instead of running off its edge.
        view.setMeasureTool(MeasureTool::Ellipse);
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, QPoint(300, 300));
        QTest::mouseMove(&view, QPoint(350, 350));
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, QPoint(396, 396));
        view.setMeasureTool(MeasureTool::None);
        (void)view.renderToImage();
        const auto rects = view.measurementLabelRects();
        QCOMPARE(int(rects.size()), 2);
        for (const QRectF& r : rects)
            QVERIFY2(QRectF(0, 0, 400, 400).contains(r) && r.width() > 20,
                     qPrintable(QStringLiteral("%1,%2 %3x%4")
                                    .arg(r.x())
                                    .arg(r.y())
                                    .arg(r.width())
                                    .arg(r.height())));
    }

    void roiStatisticsOnKnownValues() {
        // value = 10 * x + 3 (HU), 1 mm voxels; an ellipse and a rectangle by index.
        auto v = makeVolume({64, 64, 3}, {1, 1, 1}, kIdentity);
        for (int z = 0; z < 3; ++z)
            for (int y = 0; y < 64; ++y)
                for (int x = 0; x < 64; ++x)
                    v->dataAs<std::int16_t>()[(z * 64 + y) * 64 + x] = std::int16_t(10 * x + 3);
        v->units = "HU";
        SliceView view(Plane::Axial);
        view.resize(300, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setVolume(v, {}, "roi");
        const Measurement& r =
            view.addMeasurementAt(MeasureTool::Rectangle, {10, 10, 1}, {14, 12, 1});
        QCOMPARE(r.stats.voxels, std::size_t(15));
        QCOMPARE(r.stats.mean, 123.0);
        QCOMPARE(r.stats.min, 103.0);
        QCOMPARE(r.stats.max, 143.0);
        QVERIFY(view.describe(r).contains(QStringLiteral("HU")));
        const Measurement& e =
            view.addMeasurementAt(MeasureTool::Ellipse, {12, 12, 1}, {52, 52, 1});
        QVERIFY(std::abs(e.stats.areaMm2 - M_PI * 400) < 0.03 * M_PI * 400);
        QVERIFY(std::abs(e.stats.mean - 323.0) < 0.5);
        const QImage img = view.renderToImage();
        QVERIFY(!img.isNull());
        const QString dir = qEnvironmentVariable("RADLENS_SCREENSHOT_DIR");
        if (!dir.isEmpty()) img.save(QDir(dir).filePath(QStringLiteral("roi.png")));
    }

    void scrollWindowLevelAndFrame() {
        auto v = makeVolume({64, 64, 12}, {1, 1, 1}, kIdentity, 100);
        SliceView view(Plane::Axial);
        view.resize(300, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setVolume(v, {}, "w", {100, 200});
        const int start = view.slice();
        QWheelEvent wheel(QPointF(150, 150), view.mapToGlobal(QPointF(150, 150)), QPoint(),
                          QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &wheel);
        QCOMPARE(view.slice(), start + 1);
        QTest::keyClick(&view, Qt::Key_Down);
        QCOMPARE(view.slice(), start);
        // Value 100 in a window centred on 100, 200 wide: mid grey.
        QImage frame = view.renderToImage();
        const QColor mid = frame.pixelColor(frame.width() / 2, frame.height() / 2);
        QVERIFY2(std::abs(mid.red() - 128) <= 3, qPrintable(QString::number(mid.red())));
        // Right-drag to the right widens the window.
        const double width = view.windowWidth();
        QTest::mousePress(&view, Qt::RightButton, {}, QPoint(100, 100));
        QMouseEvent move(QEvent::MouseMove, QPointF(160, 100), view.mapToGlobal(QPointF(160, 100)),
                         Qt::NoButton, Qt::RightButton, Qt::NoModifier);
        QApplication::sendEvent(&view, &move);
        QTest::mouseRelease(&view, Qt::RightButton, {}, QPoint(160, 100));
        QVERIFY(view.windowWidth() > width);
        view.setInverted(true);
        frame = view.renderToImage();
        QVERIFY(view.inverted());
    }

    void cornerTextIsReadableOverBrightImage() {
        // Every pixel white (value 1000 in a window 0..200): the light corner
        // text must sit on something darker (its translucent box), or it
        // cannot be read.
        auto v = makeVolume({64, 64, 4}, {1, 1, 1}, kIdentity, 1000);
        SliceView view(Plane::Axial);
        view.resize(400, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setVolume(v, {"SYNTHETIC^BRIGHT", "study", "series"}, "bright", {100, 200});
        view.setZoom(1.5);  // the image fills the view: no black margin at the corners
        const QImage frame = view.renderToImage().convertToFormat(QImage::Format_RGB32);
        QVERIFY(qGray(frame.pixel(frame.width() / 2, frame.height() / 2)) > 240);
        QVERIFY(qGray(frame.pixel(1, 1)) > 240);  // a corner, beside the text
        // The upper-left corner block (patient and study lines).
        int dark = 0;
        for (int y = 2; y < 40; ++y)
            for (int x = 2; x < 150; ++x)
                if (qGray(frame.pixel(x, y)) < 128) ++dark;
        QVERIFY2(dark > 50, qPrintable(QString::number(dark)));
    }

    void mprCrosshairMovesTheOtherViews() {
        auto v = makeVolume({40, 30, 20}, {1, 1, 2}, kIdentity);
        ViewerPanel panel;
        panel.resize(900, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setLayout(Layout::Mpr);
        panel.setVolume(v, {}, "m", {100, 400});
        Q_EMIT panel.view(Plane::Axial)->crosshairMoved({5, 7, 9});
        QCOMPARE(panel.view(Plane::Coronal)->slice(), 7);
        QCOMPARE(panel.view(Plane::Sagittal)->slice(), 5);
        panel.view(Plane::Axial)->setWindow(10, 50);
        QCOMPARE(panel.view(Plane::Sagittal)->windowWidth(), 50.0);
    }

    void labelOverlayFollowsTheSliceAndItsStyle() {
        // A 64 x 64 x 12 series; label 1 is a 16 x 16 square on slices 4 to 6,
        // label 2 a 6 x 6 square on slice 5.
        auto v = makeVolume({64, 64, 12}, {1, 1, 1}, kIdentity, 100);
        imaging::Geometry g = v->geometry();
        auto labels = std::make_shared<imaging::Volume>(imaging::PixelType::UInt8, g);
        auto* l = labels->dataAs<std::uint8_t>();
        for (int z = 4; z <= 6; ++z)
            for (int y = 10; y < 26; ++y)
                for (int x = 30; x < 46; ++x) l[(std::size_t(z) * 64 + y) * 64 + x] = 1;
        for (int y = 40; y < 46; ++y)
            for (int x = 10; x < 16; ++x) l[(std::size_t(5) * 64 + y) * 64 + x] = 2;
        LabelStyle style;
        style.colors = {{0, 0, 0}, {255, 0, 0}, {0, 255, 0}};
        style.opacity = 1.0;
        SliceView view(Plane::Axial);
        view.resize(400, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setVolume(v, {}, "o", {100, 200});
        view.setLabels(labels, style);
        auto coloured = [](const OverlayImage& img, std::array<int, 3> rgb) {
            int n = 0;
            for (std::size_t i = 0; i < img.rgba.size(); i += 4)
                n += img.rgba[i + 3] > 0 && img.rgba[i] == rgb[0] && img.rgba[i + 1] == rgb[1] &&
                     img.rgba[i + 2] == rgb[2];
            return n;
        };
        view.setSlice(5);
        QCOMPARE(coloured(view.labelLayer(), {255, 0, 0}), 16 * 16);
        QCOMPARE(coloured(view.labelLayer(), {0, 255, 0}), 6 * 6);
        // What the screen shows: red at the square's centre (x 38, y 18), grey elsewhere.
        view.fit();
        QImage frame = view.renderToImage();
        auto pixelAt = [&](double x, double y) {
            // Index (x, y) -> widget pixel: 64 px fitted into 400 with a 2 % margin;
            // the view shows anterior (y = 0) at the top.
            const double scale = 400.0 / (64 * 1.02);
            const double px = 200 + (x + 0.5 - 32) * scale, py = 200 + (y + 0.5 - 32) * scale;
            return frame.pixelColor(int(px), int(py));
        };
        QVERIFY2(pixelAt(38, 18).red() > 200 && pixelAt(38, 18).green() < 60,
                 qPrintable(pixelAt(38, 18).name()));
        QVERIFY2(std::abs(pixelAt(5, 5).red() - pixelAt(5, 5).green()) < 10,
                 qPrintable(pixelAt(5, 5).name()));
        // Other slices: only what is there; none at all on slice 0.
        view.setSlice(4);
        QCOMPARE(coloured(view.labelLayer(), {0, 255, 0}), 0);
        QCOMPARE(coloured(view.labelLayer(), {255, 0, 0}), 256);
        view.setSlice(0);
        QVERIFY(view.labelLayer().empty());
        // Outline: the square's border only (4 x 16 - 4 pixels); hidden label: none.
        view.setSlice(5);
        style.outline = true;
        view.setLabelStyle(style);
        QCOMPARE(coloured(view.labelLayer(), {255, 0, 0}), 60);
        style.outline = false;
        style.visible = {true, false, true};
        view.setLabelStyle(style);
        QCOMPARE(coloured(view.labelLayer(), {255, 0, 0}), 0);
        QCOMPARE(coloured(view.labelLayer(), {0, 255, 0}), 36);
        // Opacity lands in alpha; window/level and zoom do not touch the layer.
        style.visible.clear();
        style.opacity = 0.4;
        view.setLabelStyle(style);
        const std::vector<std::uint8_t> before = view.labelLayer().rgba;
        QCOMPARE(int(before[(18 * 64 + 38) * 4 + 3]), 102);
        view.setWindow(50, 80);
        view.setZoom(2.0);
        QVERIFY(view.labelLayer().rgba == before);
        // MPR: the coronal view at y = 18 cuts label 1 on slices 4..6.
        SliceView coronal(Plane::Coronal);
        coronal.setVolume(v, {}, "o", {100, 200});
        coronal.setLabels(labels, style);
        coronal.setSlice(18);
        QCOMPARE(coloured(coronal.labelLayer(), {255, 0, 0}), 16 * 3);
        // A label volume of another size is refused.
        auto wrong = std::make_shared<imaging::Volume>(
            imaging::PixelType::UInt8, makeVolume({8, 8, 8}, {1, 1, 1}, kIdentity)->geometry());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, view.setLabels(wrong, style));
        if (!qEnvironmentVariableIsEmpty("RADLENS_SCREENSHOT_DIR"))
            frame.save(qEnvironmentVariable("RADLENS_SCREENSHOT_DIR") + "/overlay.png");
    }

    void heatmapShowsOnItsSlice() {
        auto v = makeVolume({32, 32, 1}, {1, 1, 1}, kIdentity, 100);
        imaging::Geometry g = v->geometry();
        auto map = std::make_shared<imaging::Volume>(imaging::PixelType::Float32, g);
        float* m = map->dataAs<float>();
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 32; ++x)
                m[y * 32 + x] = float(std::max(0.0, 1.0 - std::hypot(x - 8, y - 8) / 10));
        SliceView view(Plane::Axial);
        view.setVolume(v, {}, "h", {100, 200});
        HeatmapStyle style;
        style.floor = 0.2;
        style.opacity = 1.0;
        view.setHeatmap(map, style);
        const OverlayImage& h = view.heatmapLayer();
        QCOMPARE(h.width, 32);
        // The peak is red and opaque; far away nothing is drawn.
        const std::uint8_t* peak = &h.rgba[(8 * 32 + 8) * 4];
        QVERIFY(peak[0] > 200 && peak[2] < 60);
        QCOMPARE(int(peak[3]), 255);
        QCOMPARE(int(h.rgba[(30 * 32 + 30) * 4 + 3]), 0);
        view.setHeatmap(nullptr, style);
        QVERIFY(view.heatmapLayer().empty());
    }

    void volumeViewShowsSomething() {
        auto v = makeVolume({48, 48, 24}, {1, 1, 2}, kIdentity);
        VolumeView view;
        QImage frame;
        QVERIFY(showMip(view, v, frame));
        QVERIFY2(brightCentre(frame), "the MIP's centre is not brighter than its corner");
        view.rotate(30, 10);
        (void)view.renderToImage();
        QVERIFY(view.lastRenderMs() > 0);
    }

    void volumeViewCastsStillFramesThroughBlockMeansOnACpuRenderer() {
        // 10.5 M voxels: over the 8 M of a CPU renderer's still copy, so
        // blocks of 2 x 2 x 2 (the view under Xvfb renders on llvmpipe).
        auto v = makeVolume({256, 256, 160}, {0.7, 0.7, 1.5}, kIdentity);
        VolumeView view;
        QImage frame;
        QVERIFY(showMip(view, v, frame));
        QVERIFY(view.softwareRenderer());
        const auto still = view.stillVolume();
        QVERIFY(still && still != v);
        QCOMPARE(still->dims(), (std::array<int, 3>{128, 128, 80}));
        QCOMPARE(still->geometry().spacing[2], 3.0);
        // Each voxel is its block's mean (the phantom: 200 + z inside a
        // cylinder, 0 outside): z 2k and 2k+1 average to 200 + 2k + 0.5.
        const auto at = [&](int x, int y, int z) {
            return still->dataAs<std::int16_t>()[(std::size_t(z) * 128 + y) * 128 + x];
        };
        QCOMPARE(int(at(64, 64, 10)), int(std::lround(200 + 20.5)));
        QCOMPARE(int(at(0, 0, 10)), 0);
        // Still something to see: the cylinder's MIP is bright in the middle.
        QVERIFY2(brightCentre(frame), "the MIP's centre is not brighter than its corner");
        // Small volumes are cast whole.
        auto small = makeVolume({48, 48, 24}, {1, 1, 2}, kIdentity);
        view.setVolume(small);
        QVERIFY(view.stillVolume() == small);
        QVERIFY(VolumeView::isSoftwareRenderer("OpenGL renderer string: llvmpipe (LLVM 15.0.6)"));
        QVERIFY(!VolumeView::isSoftwareRenderer("OpenGL renderer string: NVIDIA H200/PCIe/SSE2"));
    }

    void volumeViewInteractiveLevelOfDetail() {
        auto v = makePhantom();
        VolumeView view;
        view.resize(400, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setVolume(v);
        view.setPreset("CT bone");
        // Still frames at full size here, so that frames compare exactly;
        // their adaptation to the renderer's speed is checked below.
        view.setAdaptiveStillFrames(false);
        const QImage still = view.renderToImage();
        // A drag: coarse frames, their size adapted to the frame time.
        QTest::mousePress(&view, Qt::LeftButton, {}, QPoint(200, 200));
        QVERIFY(view.interacting());
        QImage coarse;
        for (int i = 0; i < 6; ++i) coarse = view.renderToImage();
        const double n = view.interactiveSampleDistance();
        QVERIFY(n >= 1 && n <= 6);
        QCOMPARE(coarse.size(), still.size());  // scaled up to the view
        QVERIFY(coarse != still);
        // The rule: rays go as 1 / n^2, so a frame 4x too slow doubles n, one
        // 4x too fast halves it; small errors and the limits keep n.
        QCOMPARE(VolumeView::adaptedSampleDistance(2, 320), 4.0);
        QCOMPARE(VolumeView::adaptedSampleDistance(4, 20), 2.0);
        QCOMPARE(VolumeView::adaptedSampleDistance(2, 85), 2.0);
        QCOMPARE(VolumeView::adaptedSampleDistance(1, 5), 1.0);
        QCOMPARE(VolumeView::adaptedSampleDistance(5, 5000), 6.0);
        // Still frames: refined while under 250 ms, kept up to 1 s, else
        // made to take about 1 s (10 s at full size: 0.32), never below 0.25.
        QCOMPARE(VolumeView::adaptedStillScale(0.5, 100), 1.0);
        QCOMPARE(VolumeView::adaptedStillScale(1, 600), 1.0);
        QCOMPARE(VolumeView::adaptedStillScale(1, 4000), 0.5);
        QVERIFY(std::abs(VolumeView::adaptedStillScale(1, 10000) - 0.316) < 0.001);
        QCOMPARE(VolumeView::adaptedStillScale(0.5, 100000), 0.25);
        QTest::mouseRelease(&view, Qt::LeftButton, {}, QPoint(200, 200));
        QVERIFY(!view.interacting());
        // Full quality again after the release: the same frame as before.
        QCOMPARE(view.renderToImage(), still);
        qInfo("interactive: one ray per %.2f x %.2f pixels", n, n);
    }

    void cinePlaysTheSlicesInALoop() {
        auto v = makeVolume({16, 16, 5}, {1, 1, 1}, kIdentity);
        SliceView view(Plane::Axial);
        view.resize(100, 100);
        view.show();
        view.setVolume(v, {}, "cine");
        view.setSlice(3);
        CinePlayer cine;
        cine.setRate(60);
        cine.setView(&view);
        QSignalSpy slices(&view, &SliceView::sliceChanged);
        QSignalSpy playing(&cine, &CinePlayer::playingChanged);
        QVERIFY(cine.play());
        QVERIFY(cine.isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(slices.count() >= 4, 5000);
        cine.stop();
        // 3 -> 4 -> 0 -> 1 -> 2: one frame a tick, round the end.
        QList<int> seen;
        for (int i = 0; i < 4; ++i) seen << slices.at(i).at(0).toInt();
        QCOMPARE(seen, (QList<int>{4, 0, 1, 2}));
        QCOMPARE(playing.count(), 2);
        // Nothing to play in a single image.
        view.setVolume(makeVolume({16, 16, 1}, {1, 1, 1}, kIdentity), {}, "one");
        QVERIFY(!cine.play());
    }

    void previewShowsOneSliceOfALoadingSeries() {
        auto full = makeVolume({20, 20, 30}, {1, 1, 2}, kIdentity);
        imaging::Geometry g = full->geometry();
        g.dims[2] = 1;
        g.origin = full->geometry().indexToWorld(0, 0, 15);
        auto one = std::make_shared<imaging::Volume>(imaging::PixelType::Int16, g);
        SliceView view(Plane::Axial);
        view.resize(200, 200);
        view.show();
        view.setPreview(one, {}, "preview:s", 15, 30, {40, 400});
        QVERIFY(view.isPreview());
        QCOMPARE(view.sliceCount(), 1);
        const std::string lower = view.cornerTexts()[0];
        QVERIFY2(lower.find("Slice 16/30 (loading)") != std::string::npos, lower.c_str());
        QVERIFY2(lower.find("30.0 mm") != std::string::npos, lower.c_str());  // z of slice 15
        view.setVolume(full, {}, "s");
        QVERIFY(!view.isPreview());
        QVERIFY(view.cornerTexts()[0].find("Slice 16/30\n30.0 mm") != std::string::npos);
    }

    void growingSeriesKeepsThePlaceWindowAndZoom() {
        // 10 slices at z = 20..38 mm arrive first, then 10 more before them.
        auto part = makeVolume({20, 20, 10}, {1, 1, 2}, kIdentity);
        imaging::Geometry g = part->geometry();
        g.origin = {0, 0, 20};
        part = std::make_shared<imaging::Volume>(imaging::PixelType::Int16, g);
        auto whole = makeVolume({20, 20, 20}, {1, 1, 2}, kIdentity);
        SliceView view(Plane::Axial);
        view.resize(200, 200);
        view.show();
        view.setVolume(part, {}, "s");
        view.setSlice(3);  // z = 26 mm
        view.setWindow(100, 50);
        view.setZoom(2.5);
        view.growVolume(whole, {});
        QCOMPARE(view.sliceCount(), 20);
        QCOMPARE(view.slice(), 13);  // z = 26 mm in the whole series
        QCOMPARE(view.windowCenter(), 100.0);
        QCOMPARE(view.windowWidth(), 50.0);
        QCOMPARE(view.zoom(), 2.5);
        QCOMPARE(view.seriesKey(), std::string("s"));
    }

    void framesMatchTheirBaselines() {
        auto v = makePhantom();
        const ViewText text{"SYNTHETIC^RENDER", "Baseline 20261126", "Phantom (CT #1)"};
        for (Plane plane : {Plane::Axial, Plane::Coronal}) {
            SliceView view(plane);
            view.resize(256, 256);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            view.setVolume(v, text, "render", {40, 400});
            view.setSlice(plane == Plane::Axial ? 20 : 30);
            compareWithBaseline(view.renderToImage(), plane == Plane::Axial
                                                          ? QStringLiteral("slice-axial")
                                                          : QStringLiteral("slice-coronal"));
        }
        for (const char* preset : {"MIP", "CT bone"}) {
            VolumeView view;
            view.resize(256, 256);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            view.setVolume(v);
            view.setPreset(preset);
            view.rotate(30, 20);
            view.setAdaptiveStillFrames(false);  // full size, as in the baselines
            compareWithBaseline(view.renderToImage(), std::string(preset) == "MIP"
                                                          ? QStringLiteral("volume-mip")
                                                          : QStringLiteral("volume-ct-bone"));
        }
    }
};

QTEST_MAIN(ViewerTest)
#include "ViewerTest.moc"
