#include "viewer/VolumeView.h"

#include <vtkCamera.h>
#include <vtkColorTransferFunction.h>
#include <vtkImageData.h>
#include <vtkPiecewiseFunction.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartVolumeMapper.h>
#include <vtkVolume.h>
#include <vtkVolumeProperty.h>
#include <QMouseEvent>
#include <QShowEvent>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

#include "viewer/VtkImageView.h"

namespace radlens::viewer {

VolumeView::VolumeView(QWidget* parent) : VtkWidget(parent) {
    mapper_ = vtkSmartPointer<vtkSmartVolumeMapper>::New();
    mapper_->SetInteractiveUpdateRate(10.0);
    actor_ = vtkSmartPointer<vtkVolume>::New();
    actor_->SetMapper(mapper_);
    renderer()->SetBackground(0.05, 0.05, 0.08);
}

VolumeView::~VolumeView() = default;

std::vector<std::string> VolumeView::presetNames() { return {"CT bone", "CT soft tissue", "MIP"}; }

void VolumeView::setVolume(std::shared_ptr<const imaging::Volume> volume) {
    volume_ = std::move(volume);
    if (volume_) preset_ = volume_->units == "HU" ? "CT bone" : "MIP";
    if (!isVisible()) {
        pending_ = true;
        image_ = nullptr;
        renderer()->RemoveViewProp(actor_);
        return;
    }
    setUp();
}

void VolumeView::showEvent(QShowEvent* e) {
    if (pending_) setUp();
    VtkWidget::showEvent(e);
}

void VolumeView::setUp() {
    pending_ = false;
    if (!volume_ || volume_->pixelType() == imaging::PixelType::Rgb8 || volume_->dims()[2] < 2) {
        renderer()->RemoveViewProp(actor_);
        requestRender();
        return;
    }
    image_ = vtkIndexSpaceView(*volume_);
    mapper_->SetInputData(image_);
    if (!renderer()->HasViewProp(actor_)) renderer()->AddViewProp(actor_);
    setPreset(preset_);
    resetCamera();
}

void VolumeView::setPreset(const std::string& name) {
    if (pending_) {  // applied when the view is shown
        const auto names = presetNames();
        if (std::find(names.begin(), names.end(), name) != names.end()) preset_ = name;
        return;
    }
    if (!volume_ || !image_) return;
    auto colour = vtkSmartPointer<vtkColorTransferFunction>::New();
    auto opacity = vtkSmartPointer<vtkPiecewiseFunction>::New();
    if (name == "CT bone") {
        mapper_->SetBlendModeToComposite();
        colour->AddRGBPoint(-1000, 0, 0, 0);
        colour->AddRGBPoint(150, 0.73, 0.25, 0.30);
        colour->AddRGBPoint(400, 0.9, 0.82, 0.56);
        colour->AddRGBPoint(1500, 1, 1, 0.9);
        opacity->AddPoint(-1000, 0);
        opacity->AddPoint(150, 0);
        opacity->AddPoint(300, 0.35);
        opacity->AddPoint(1500, 0.85);
    } else if (name == "CT soft tissue") {
        mapper_->SetBlendModeToComposite();
        colour->AddRGBPoint(-1000, 0, 0, 0);
        colour->AddRGBPoint(-100, 0.55, 0.25, 0.15);
        colour->AddRGBPoint(50, 0.88, 0.6, 0.5);
        colour->AddRGBPoint(300, 1, 0.94, 0.95);
        opacity->AddPoint(-1000, 0);
        opacity->AddPoint(-200, 0);
        opacity->AddPoint(-50, 0.12);
        opacity->AddPoint(100, 0.25);
        opacity->AddPoint(1000, 0.6);
    } else if (name == "MIP") {
        // Only MIP needs the data range: a scan of every voxel (about 50 ms
        // for 512 x 512 x 600), so not done for the CT presets.
        double range[2];
        image_->GetScalarRange(range);
        mapper_->SetBlendModeToMaximumIntensity();
        colour->AddRGBPoint(range[0], 0, 0, 0);
        colour->AddRGBPoint(range[1], 1, 1, 1);
        opacity->AddPoint(range[0], 0);
        opacity->AddPoint(range[1], 1);
    } else {
        return;
    }
    preset_ = name;
    auto property = vtkSmartPointer<vtkVolumeProperty>::New();
    property->SetColor(colour);
    property->SetScalarOpacity(opacity);
    property->SetInterpolationTypeToLinear();
    property->SetShade(name != "MIP");
    property->SetAmbient(0.3);
    property->SetDiffuse(0.7);
    property->SetSpecular(0.2);
    actor_->SetProperty(property);
    requestRender();
}

void VolumeView::resetCamera() {
    vtkCamera* cam = renderer()->GetActiveCamera();
    // Anterior view, head up: looking along +y (LPS posterior) with S up.
    cam->SetPosition(0, -1, 0);
    cam->SetFocalPoint(0, 0, 0);
    cam->SetViewUp(0, 0, 1);
    renderer()->ResetCamera();
    cam->Zoom(1.3);
    requestRender();
}

void VolumeView::rotate(double azimuth, double elevation) {
    vtkCamera* cam = renderer()->GetActiveCamera();
    cam->Azimuth(azimuth);
    cam->Elevation(elevation);
    cam->OrthogonalizeViewUp();
    renderer()->ResetCameraClippingRange();
    requestRender();
}

void VolumeView::mousePressEvent(QMouseEvent* e) {
    drag_ = e->button();
    last_ = e->position();
    renderWindow()->SetDesiredUpdateRate(10.0);  // coarse while dragging
}

void VolumeView::mouseMoveEvent(QMouseEvent* e) {
    if (drag_ == Qt::NoButton) return;
    const QPointF d = e->position() - last_;
    last_ = e->position();
    vtkCamera* cam = renderer()->GetActiveCamera();
    if (drag_ == Qt::LeftButton) {
        rotate(-d.x() * 0.5, d.y() * 0.5);
    } else if (drag_ == Qt::RightButton) {
        cam->Zoom(std::pow(1.01, -d.y()));
        requestRender();
    } else if (drag_ == Qt::MiddleButton) {
        double fp[3], pos[3];
        cam->GetFocalPoint(fp);
        cam->GetPosition(pos);
        double up[3], right[3], dop[3];
        cam->GetViewUp(up);
        cam->GetDirectionOfProjection(dop);
        right[0] = dop[1] * up[2] - dop[2] * up[1];
        right[1] = dop[2] * up[0] - dop[0] * up[2];
        right[2] = dop[0] * up[1] - dop[1] * up[0];
        const double scale = cam->GetDistance() * 0.002;
        for (int k = 0; k < 3; ++k) {
            const double shift = (-d.x() * right[k] + d.y() * up[k]) * scale;
            fp[k] += shift;
            pos[k] += shift;
        }
        cam->SetFocalPoint(fp);
        cam->SetPosition(pos);
        requestRender();
    }
}

void VolumeView::mouseReleaseEvent(QMouseEvent*) {
    drag_ = Qt::NoButton;
    renderWindow()->SetDesiredUpdateRate(0.0001);  // full quality when still
    requestRender();
}

void VolumeView::wheelEvent(QWheelEvent* e) {
    renderer()->GetActiveCamera()->Zoom(e->angleDelta().y() > 0 ? 1.1 : 1 / 1.1);
    requestRender();
    e->accept();
}

}  // namespace radlens::viewer
