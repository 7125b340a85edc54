// Viewer widgets under Xvfb: orientation labels, a known distance, scrolling,
// window/level, what a frame shows, MPR linking and the 3D view.
#include <QApplication>
#include <QDir>
#include <QSignalSpy>
#include <QWheelEvent>
#include <QtTest>
#include <cmath>

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
        view.removeLastMeasurement();
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
        v->units = "HU";
        VolumeView view;
        view.resize(300, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setVolume(v);
        view.setPreset("MIP");
        QImage frame = view.renderToImage();
        const QColor corner = frame.pixelColor(2, 2);
        const QColor centre = frame.pixelColor(frame.width() / 2, frame.height() / 2);
        QVERIFY2(centre.lightness() > corner.lightness() + 30,
                 qPrintable(QString("%1 vs %2").arg(centre.lightness()).arg(corner.lightness())));
        view.rotate(30, 10);
        (void)view.renderToImage();
        QVERIFY(view.lastRenderMs() > 0);
    }
};

QTEST_MAIN(ViewerTest)
#include "ViewerTest.moc"
