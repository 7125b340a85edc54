#include "viewer/VtkWidget.h"

#include <algorithm>
#include <cmath>

#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>

namespace radlens::viewer {

VtkWidget::VtkWidget(QWidget* parent) : QWidget(parent) {
    window_ = vtkSmartPointer<vtkRenderWindow>::New();
    window_->SetOffScreenRendering(true);
    window_->SetMultiSamples(0);
    renderer_ = vtkSmartPointer<vtkRenderer>::New();
    window_->AddRenderer(renderer_);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(64, 64);
}

VtkWidget::~VtkWidget() { window_->Finalize(); }

vtkRenderer* VtkWidget::renderer() const { return renderer_; }
vtkRenderWindow* VtkWidget::renderWindow() const { return window_; }

QImage VtkWidget::renderToImage() {
    QElapsedTimer timer;
    timer.start();
    const double dpr = devicePixelRatioF();
    const int w = std::max(1, int(width() * dpr)), h = std::max(1, int(height() * dpr));
    const double scale = std::clamp(renderScale(), 0.05, 1.0);
    const int rw = std::max(1, int(std::lround(w * scale)));
    const int rh = std::max(1, int(std::lround(h * scale)));
    window_->SetSize(rw, rh);
    prepareFrame();
    window_->Render();
    auto pixels = vtkSmartPointer<vtkUnsignedCharArray>::New();
    window_->GetRGBACharPixelData(0, 0, rw - 1, rh - 1, 0, pixels);
    // VTK's rows run bottom-up. The frame is opaque: translucent layers
    // (overlays) leave alpha below 255 in the framebuffer, which must not let
    // the widget's old contents show through, so alpha is ignored (RGBX).
    QImage image(reinterpret_cast<const uchar*>(pixels->GetPointer(0)), rw, rh, rw * 4,
                 QImage::Format_RGBX8888);
    QImage frame = image.mirrored(false, true);
    if (rw != w || rh != h)
        frame = frame.scaled(w, h, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    frame.setDevicePixelRatio(dpr);
    lastRenderMs_ = double(timer.nsecsElapsed()) / 1e6;
    frameRendered(lastRenderMs_);
    return frame;
}

void VtkWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.drawImage(QPoint(0, 0), renderToImage());
}

}  // namespace radlens::viewer
