#pragma once
// Qt 6 <-> VTK bridge. Debian's VTK Qt module is built for Qt 5, so Radlens has
// its own. VTK renders off screen in its own render window (an OpenGL context
// of its own, so Qt's and VTK's GL state never mix), and paintEvent() draws
// the read-back frame. Our first design shared Qt's context through a
// QOpenGLWidget and vtkGenericOpenGLRenderWindow (SetOwnContext(false),
// blit to the widget's framebuffer); under Mesa on Xvfb VTK 9.1 left its
// framebuffers unwritten there, so this simpler and sturdier path won.
//
// Rendering is on demand: requestRender() (or QWidget::update()) after a
// change; nothing renders in a loop. The frame has the widget's size in
// device pixels (HiDPI). Mouse and keyboard events stay Qt events: views
// subclass this and turn them into camera and slice operations.
//
// Threads: GUI thread only (VTK objects are not shared with workers).
// Ownership: the widget owns its render window and renderer.

#include <vtkSmartPointer.h>
#include <QWidget>

class vtkRenderWindow;
class vtkRenderer;

namespace radlens::viewer {

class VtkWidget : public QWidget {
    Q_OBJECT
public:
    explicit VtkWidget(QWidget* parent = nullptr);
    ~VtkWidget() override;

    vtkRenderer* renderer() const;
    vtkRenderWindow* renderWindow() const;
    void requestRender() { update(); }
    /// Milliseconds the last frame took: render plus read-back (benchmarks).
    double lastRenderMs() const { return lastRenderMs_; }
    /// Renders now and returns the frame (tests, screenshots).
    QImage renderToImage();

protected:
    void paintEvent(QPaintEvent* event) override;
    /// Called before every frame, the render window already at its size:
    /// for props placed in pixels.
    virtual void prepareFrame() {}
    /// The frame is rendered at this fraction of the widget's size (0.05-1)
    /// and scaled up: a coarse, fast frame (the 3D view while dragged).
    virtual double renderScale() const { return 1.0; }
    /// Called after every frame with its time (render plus read-back).
    virtual void frameRendered(double /*ms*/) {}

private:
    vtkSmartPointer<vtkRenderWindow> window_;
    vtkSmartPointer<vtkRenderer> renderer_;
    double lastRenderMs_ = 0;
};

}  // namespace radlens::viewer
