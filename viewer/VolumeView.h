#pragma once
// The 3D view: volume rendering of the series with presets (CT bone, CT soft
// tissue, MIP). vtkSmartVolumeMapper picks the GPU ray caster where OpenGL
// allows (Mesa llvmpipe included) and the CPU one otherwise. While the mouse
// drags, the desired update rate is raised so the mapper samples coarser
// (interactive level of detail); on release a full-quality frame follows.
//
// Interaction: left-drag rotates, right-drag or wheel zooms, middle-drag pans.
// Threads: GUI thread only.

#include <memory>
#include <string>
#include <vector>

#include <vtkSmartPointer.h>

#include "imaging/Volume.h"
#include "viewer/VtkWidget.h"

class vtkImageData;
class vtkSmartVolumeMapper;
class vtkVolume;

namespace radlens::viewer {

class VolumeView : public VtkWidget {
    Q_OBJECT
public:
    explicit VolumeView(QWidget* parent = nullptr);
    ~VolumeView() override;

    /// Shows `volume`. While the view is hidden (1x1 and MPR layouts) the
    /// volume is only kept, and set up when the view is shown: preparing the
    /// ray caster takes about 50 ms for 512 x 512 x 600, which would stall
    /// the GUI thread for a view nobody sees.
    void setVolume(std::shared_ptr<const imaging::Volume> volume);
    static std::vector<std::string> presetNames();
    /// "CT bone", "CT soft tissue", "MIP". Unknown names are ignored.
    void setPreset(const std::string& name);
    const std::string& preset() const { return preset_; }
    void resetCamera();
    /// Rotates the camera (degrees), as a drag would.
    void rotate(double azimuth, double elevation);

protected:
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;
    void showEvent(QShowEvent* e) override;

private:
    std::shared_ptr<const imaging::Volume> volume_;
    vtkSmartPointer<vtkImageData> image_;
    vtkSmartPointer<vtkSmartVolumeMapper> mapper_;
    vtkSmartPointer<vtkVolume> actor_;
    std::string preset_ = "CT bone";
    bool pending_ = false;  ///< a volume set while hidden, not yet set up
    void setUp();
    Qt::MouseButton drag_ = Qt::NoButton;
    QPointF last_;
};

}  // namespace radlens::viewer
