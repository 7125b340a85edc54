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
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>

#include "viewer/VtkImageView.h"

namespace radlens::viewer {

namespace {
constexpr double kTargetFrameMs = 80;  // 12.5 frames per second while dragging
constexpr double kMaxImageSampleDistance = 6;
// A still frame (after a drag) aims at 1 s at most: full size where the
// renderer manages that, smaller and scaled up on a slow one (llvmpipe).
constexpr double kStillTargetMs = 1000, kStillFastMs = 250, kMinStillScale = 0.25;
constexpr double kCoarseVoxels = 1e6;  // the drag-time copy's size, at most about
// On a CPU renderer the still frames are cast through a reduced copy of at
// most about this many voxels (16 MB of int16): its texture is a copy in main
// memory there, and a 1-second still frame on llvmpipe is 200-400 pixels
// wide, finer than the copy's 170-256 voxels only where the view is small.
constexpr double kStillVoxels = 8e6;

/// An empty volume for `v` reduced by `f` along each axis (the last block
/// cut at the far edge): dims rounded up, spacing times f, same units.
std::shared_ptr<imaging::Volume> emptyReduced(const imaging::Volume& v, int f) {
    imaging::Geometry g = v.geometry();
    for (int k = 0; k < 3; ++k) {
        g.dims[k] = (v.dims()[k] + f - 1) / f;
        g.spacing[k] *= f;
    }
    auto out = std::make_shared<imaging::Volume>(v.pixelType(), g);
    out->units = v.units;
    return out;
}

/// The mean of each f x f x f block (blocks cut at the far edges): the copy
/// a CPU renderer's still frames are cast through. A 512 x 512 x 600 CT
/// becomes 171 x 171 x 200 (1/27 of its bytes); slabs of output slices on
/// every core, about 0.1 s.
template <class T>
void averageInto(const imaging::Volume& v, imaging::Volume& out, int f) {
    const auto& d = v.dims();
    const auto& o = out.dims();
    const T* src = v.dataAs<T>();
    T* dst = out.dataAs<T>();
    auto slab = [&](int z0, int z1) {
        std::vector<double> sum(static_cast<std::size_t>(o[0]));
        std::vector<int> n(static_cast<std::size_t>(o[0]));
        for (int z = z0; z < z1; ++z)
            for (int y = 0; y < o[1]; ++y) {
                std::fill(sum.begin(), sum.end(), 0.0);
                std::fill(n.begin(), n.end(), 0);
                for (int sz = z * f; sz < std::min(d[2], z * f + f); ++sz)
                    for (int sy = y * f; sy < std::min(d[1], y * f + f); ++sy) {
                        const T* row = src + (std::size_t(sz) * d[1] + std::size_t(sy)) * d[0];
                        for (int x = 0, sx = 0; x < o[0]; ++x) {
                            const int end = std::min(d[0], sx + f);
                            double acc = 0;
                            for (int k = sx; k < end; ++k) acc += double(row[k]);
                            sum[std::size_t(x)] += acc;
                            n[std::size_t(x)] += end - sx;
                            sx = end;
                        }
                    }
                T* out_row = dst + (std::size_t(z) * o[1] + std::size_t(y)) * o[0];
                for (int x = 0; x < o[0]; ++x)
                    out_row[x] = T(std::lround(sum[std::size_t(x)] / n[std::size_t(x)]));
            }
    };
    const int threads = std::clamp(int(std::thread::hardware_concurrency()), 1, o[2]);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back(slab, o[2] * t / threads, o[2] * (t + 1) / threads);
    for (auto& t : pool) t.join();
}

std::shared_ptr<imaging::Volume> averaged(const imaging::Volume& v, int f) {
    auto out = emptyReduced(v, f);
    switch (v.pixelType()) {
        case imaging::PixelType::UInt8:
            averageInto<std::uint8_t>(v, *out, f);
            break;
        case imaging::PixelType::Int16:
            averageInto<std::int16_t>(v, *out, f);
            break;
        case imaging::PixelType::UInt16:
            averageInto<std::uint16_t>(v, *out, f);
            break;
        case imaging::PixelType::Float32:
            averageInto<float>(v, *out, f);
            break;
        case imaging::PixelType::Rgb8:
            throw std::invalid_argument("averaged: colour volumes are not rendered in 3D");
    }
    return out;
}

/// The smallest factor that brings `voxels` within `budget` (1: as it is).
int reductionFor(double voxels, double budget) {
    return std::max(1, int(std::ceil(std::cbrt(voxels / budget) - 1e-9)));
}

/// Every f-th voxel along each axis: the coarse copy shown while dragging
/// (nearest neighbour; a 512 x 512 x 600 CT becomes 86 x 86 x 100, 1/216 of
/// its bytes, in a few milliseconds).
std::shared_ptr<imaging::Volume> strided(const imaging::Volume& v, int f) {
    auto out = emptyReduced(v, f);
    const imaging::Geometry& g = out->geometry();
    const std::size_t bpv = imaging::bytesPerVoxel(v.pixelType());
    const auto* src = v.dataAs<std::uint8_t>();
    auto* dst = out->dataAs<std::uint8_t>();
    const auto& d = v.dims();
    for (int z = 0; z < g.dims[2]; ++z)
        for (int y = 0; y < g.dims[1]; ++y)
            for (int x = 0; x < g.dims[0]; ++x) {
                const std::size_t from =
                    ((std::size_t(z) * f * d[1] + std::size_t(y) * f) * d[0] + std::size_t(x) * f) *
                    bpv;
                std::memcpy(dst, src + from, bpv);
                dst += bpv;
            }
    return out;
}
}  // namespace

VolumeView::VolumeView(QWidget* parent) : VtkWidget(parent) {
    mapper_ = vtkSmartPointer<vtkSmartVolumeMapper>::New();
    // Sampling is set by the view (applySampling), never adjusted by VTK.
    mapper_->SetInteractiveAdjustSampleDistances(false);
    mapper_->SetAutoAdjustSampleDistances(false);
    actor_ = vtkSmartPointer<vtkVolume>::New();
    actor_->SetMapper(mapper_);
    coarseMapper_ = vtkSmartPointer<vtkSmartVolumeMapper>::New();
    coarseMapper_->SetInteractiveAdjustSampleDistances(false);
    coarseMapper_->SetAutoAdjustSampleDistances(false);
    coarseActor_ = vtkSmartPointer<vtkVolume>::New();
    coarseActor_->SetMapper(coarseMapper_);
    coarseActor_->VisibilityOff();
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
        still_ = nullptr;
        coarse_ = nullptr;
        renderer()->RemoveViewProp(actor_);
        renderer()->RemoveViewProp(coarseActor_);
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
        renderer()->RemoveViewProp(coarseActor_);
        requestRender();
        return;
    }
    setUpStill();
    const int f = reductionFor(double(volume_->geometry().voxelCount()), kCoarseVoxels);
    coarse_ = f > 1 ? strided(*volume_, f) : volume_;
    coarseImage_ = vtkIndexSpaceView(*coarse_);
    coarseMapper_->SetInputData(coarseImage_);
    if (!renderer()->HasViewProp(actor_)) renderer()->AddViewProp(actor_);
    if (!renderer()->HasViewProp(coarseActor_)) renderer()->AddViewProp(coarseActor_);
    applySampling();
    setPreset(preset_);
    resetCamera();
}

void VolumeView::setUpStill() {
    // Still frames: the volume itself on a GPU (its texture is in the GPU's
    // memory), a reduced copy on a CPU renderer (there the texture is a
    // second copy in main memory) or while the renderer is not yet known.
    const int f = softwareRenderer_
                      ? reductionFor(double(volume_->geometry().voxelCount()), kStillVoxels)
                      : 1;
    still_ = f > 1 ? averaged(*volume_, f) : volume_;
    image_ = vtkIndexSpaceView(*still_);
    if (f > 1) {  // a block's mean sits at the centre of the block
        const auto& sp = volume_->geometry().spacing;
        image_->SetOrigin(sp[0] * (f - 1) / 2.0, sp[1] * (f - 1) / 2.0, sp[2] * (f - 1) / 2.0);
    }
    mapper_->SetInputData(image_);
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
        setBlend(false);
        colour->AddRGBPoint(-1000, 0, 0, 0);
        colour->AddRGBPoint(150, 0.73, 0.25, 0.30);
        colour->AddRGBPoint(400, 0.9, 0.82, 0.56);
        colour->AddRGBPoint(1500, 1, 1, 0.9);
        opacity->AddPoint(-1000, 0);
        opacity->AddPoint(150, 0);
        opacity->AddPoint(300, 0.35);
        opacity->AddPoint(1500, 0.85);
    } else if (name == "CT soft tissue") {
        setBlend(false);
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
        setBlend(true);
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
    coarseActor_->SetProperty(property);
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

void VolumeView::setInteracting(bool on) {
    if (on == interacting_) return;
    interacting_ = on;
    applySampling();
    requestRender();
}

void VolumeView::applySampling() {
    if (!volume_ || !coarse_) return;
    // Samples along a ray: one per mean voxel spacing of the volume shown;
    // while dragged that is the coarse copy.
    auto meanSpacing = [](const imaging::Volume& v) {
        const auto& sp = v.geometry().spacing;
        return std::max(0.1, (sp[0] + sp[1] + sp[2]) / 3);
    };
    mapper_->SetSampleDistance(float(meanSpacing(*still_)));
    coarseMapper_->SetSampleDistance(float(meanSpacing(*coarse_)));
    actor_->SetVisibility(!interacting_);
    coarseActor_->SetVisibility(interacting_);
}

void VolumeView::setBlend(bool maximumIntensity) {
    for (vtkSmartVolumeMapper* m : {mapper_.Get(), coarseMapper_.Get()})
        if (maximumIntensity)
            m->SetBlendModeToMaximumIntensity();
        else
            m->SetBlendModeToComposite();
}

double VolumeView::renderScale() const { return interacting_ ? 1.0 / lod_ : stillScale_; }

void VolumeView::setAdaptiveStillFrames(bool on) {
    adaptiveStill_ = on;
    stillScale_ = on ? 0.5 : 1.0;
    requestRender();
}

double VolumeView::adaptedStillScale(double current, double frameMs) {
    if (frameMs <= 0) return current;
    if (frameMs < kStillFastMs) return std::min(1.0, current * 2);  // refine
    if (frameMs <= kStillTargetMs) return current;
    // Rays go as scale^2: this scale makes the next still frame about 1 s.
    return std::clamp(current * std::sqrt(kStillTargetMs / frameMs), kMinStillScale, 1.0);
}

double VolumeView::adaptedSampleDistance(double current, double frameMs) {
    if (frameMs <= 0) return current;
    // Rays scale with 1 / n^2: n * sqrt(ms / target) meets the target next
    // frame. Small corrections are skipped so the picture does not flicker.
    const double want =
        std::clamp(current * std::sqrt(frameMs / kTargetFrameMs), 1.0, kMaxImageSampleDistance);
    return std::abs(want - current) < 0.15 * current ? current : want;
}

bool VolumeView::isSoftwareRenderer(const std::string& capabilities) {
    for (const char* name :
         {"llvmpipe", "softpipe", "swrast", "SwiftShader", "Software Rasterizer"})
        if (capabilities.find(name) != std::string::npos) return true;
    return false;
}

void VolumeView::frameRendered(double ms) {
    if (!rendererKnown_) {
        // The context exists now: ask it once what it renders on.
        rendererKnown_ = true;
        const char* caps = renderWindow()->ReportCapabilities();
        const std::string text = caps ? caps : "";
        if (!text.empty() && !isSoftwareRenderer(text)) {
            softwareRenderer_ = false;
            if (volume_ && still_ && still_ != volume_) {
                setUpStill();  // the whole volume for still frames, on the GPU
                applySampling();
                requestRender();
            }
        }
    }
    if (!interacting_) {
        if (!adaptiveStill_) return;
        const double next = adaptedStillScale(stillScale_, ms);
        if (next > stillScale_) requestRender();  // fast enough: a finer frame next
        stillScale_ = next;
        return;
    }
    const double next = adaptedSampleDistance(lod_, ms);
    if (next == lod_) return;
    lod_ = next;
    applySampling();
}

void VolumeView::mousePressEvent(QMouseEvent* e) {
    drag_ = e->button();
    last_ = e->position();
    setInteracting(true);
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
    setInteracting(false);  // and a full-quality frame
}

void VolumeView::wheelEvent(QWheelEvent* e) {
    renderer()->GetActiveCamera()->Zoom(e->angleDelta().y() > 0 ? 1.1 : 1 / 1.1);
    requestRender();
    e->accept();
}

}  // namespace radlens::viewer
