#pragma once
// The 3D view: volume rendering of the series with presets (CT bone, CT soft
// tissue, MIP). vtkSmartVolumeMapper picks the GPU ray caster where OpenGL
// allows (Mesa llvmpipe included) and the CPU one otherwise.
//
// Interactive level of detail: while the mouse drags, the view shows a
// coarse copy of the volume (every f-th voxel, at most about a million
// voxels, made when the view is set up: 86 x 86 x 100 for a 512 x 512 x 600
// CT) rendered at 1/n of
// the view's size and scaled up (n adapted after each frame so a frame takes
// about 80 ms, 1 <= n <= 6); on release a still frame follows (one sample per
// mean voxel spacing) at full size where it takes under a second, else at the
// size that takes about one second, scaled up. Still frames are cast through
// the volume itself on a GPU (its texture is in GPU memory), and on a CPU
// renderer (llvmpipe; assumed until the first frame's OpenGL renderer string
// says otherwise) through a reduced copy, the means of f x f x f blocks of at
// most about 8 M voxels (171 x 171 x 200 for that CT): there the texture is a
// copy in main memory, and the 3D view then adds 0.16x the voxel bytes, not
// 1.1x. VTK's own
// adjustment cannot be used: it times the draw calls, which llvmpipe runs
// later, at read-back.
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
    /// Coarse, adaptive frames while `on` (a drag), full quality after.
    void setInteracting(bool on);
    bool interacting() const { return interacting_; }
    /// n: interactive frames cast one ray per n x n pixels (1: every pixel).
    double interactiveSampleDistance() const { return lod_; }
    /// The next interactive image sample distance after a frame of
    /// `frameMs` at `current`: aims at 80 ms, within 1..6, unchanged for
    /// corrections under 15 %.
    static double adaptedSampleDistance(double current, double frameMs);
    /// The next still-frame scale after a still frame of `frameMs` at
    /// `current`: doubled (up to 1) under 250 ms, kept up to 1 s, else made
    /// to take about 1 s (at least 0.25).
    static double adaptedStillScale(double current, double frameMs);
    /// The scale still frames are rendered at now (1: full size).
    double stillScale() const { return stillScale_; }
    /// Off: still frames always at full size, whatever they cost (tests that
    /// compare frames; on by default).
    void setAdaptiveStillFrames(bool on);
    /// Whether OpenGL's capability report names a CPU renderer (llvmpipe,
    /// softpipe, swrast, SwiftShader).
    static bool isSoftwareRenderer(const std::string& capabilities);
    /// True until a frame has shown the renderer to be a GPU.
    bool softwareRenderer() const { return softwareRenderer_; }
    /// The voxels still frames are cast through (the volume, or a reduced copy).
    std::shared_ptr<const imaging::Volume> stillVolume() const { return still_; }

protected:
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;
    void showEvent(QShowEvent* e) override;
    void frameRendered(double ms) override;
    double renderScale() const override;

private:
    std::shared_ptr<const imaging::Volume> volume_;
    /// What still frames are cast through: the volume, or on a CPU renderer
    /// a reduced copy (block means) of at most about 8 M voxels.
    std::shared_ptr<const imaging::Volume> still_;
    vtkSmartPointer<vtkImageData> image_;
    vtkSmartPointer<vtkSmartVolumeMapper> mapper_;
    vtkSmartPointer<vtkVolume> actor_;
    /// The coarse copy shown while dragging, with its own mapper and actor
    /// (same property); the volume itself when it is small.
    std::shared_ptr<const imaging::Volume> coarse_;
    vtkSmartPointer<vtkImageData> coarseImage_;
    vtkSmartPointer<vtkSmartVolumeMapper> coarseMapper_;
    vtkSmartPointer<vtkVolume> coarseActor_;
    std::string preset_ = "CT bone";
    bool pending_ = false;  ///< a volume set while hidden, not yet set up
    /// Until the first frame says otherwise, the renderer is taken to be a CPU one.
    bool softwareRenderer_ = true, rendererKnown_ = false;
    bool interacting_ = false;
    double lod_ = 2;  ///< image sample distance of interactive frames, kept between drags
    /// Size of still frames (1: the view's); starts at half until the
    /// renderer's speed is known, then adapts (adaptedStillScale).
    double stillScale_ = 0.5;
    bool adaptiveStill_ = true;
    void setUp();
    /// Makes still_ and the still mapper's input for the renderer known so far.
    void setUpStill();
    void applySampling();
    void setBlend(bool maximumIntensity);
    Qt::MouseButton drag_ = Qt::NoButton;
    QPointF last_;
};

}  // namespace radlens::viewer
