// Viewer widgets under Xvfb: orientation labels, a known distance, scrolling,
// window/level, what a frame shows, MPR linking and the 3D view.
#include <QApplication>
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
