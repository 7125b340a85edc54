#pragma once
// The image area: layouts of slice views and the 3D view over one volume.
//   1x1: the acquired plane;  MPR: acquired plane + the two reformats;
//   2x2: MPR + 3D.
// In MPR and 2x2 a crosshair links the views (a click in one moves the others'
// slices) and window/level is shared.
//
// Threads: GUI thread only. Ownership: Qt parent/child for the views.

#include <QWidget>
#include <array>
#include <memory>
#include <string>

#include "imaging/Volume.h"
#include "viewer/SliceView.h"
#include "viewer/VolumeView.h"

class QGridLayout;

namespace radlens::viewer {

enum class Layout { Single, Mpr, Quad };

class ViewerPanel : public QWidget {
    Q_OBJECT
public:
    explicit ViewerPanel(QWidget* parent = nullptr);

    void setVolume(std::shared_ptr<const imaging::Volume> volume, const ViewText& text,
                   const std::string& seriesKey, std::pair<double, double> window);
    /// The first image of a series that is still loading (SliceView::setPreview)
    /// in the axial view; the other views are emptied until setVolume().
    /// The same series with more slices: every view keeps its place (SliceView::growVolume).
    void growVolume(std::shared_ptr<const imaging::Volume> volume, const ViewText& text);
    void setPreview(std::shared_ptr<const imaging::Volume> slice, const ViewText& text,
                    const std::string& seriesKey, int index, int count,
                    std::pair<double, double> window);
    void setLayout(Layout layout);
    Layout layout() const { return layout_; }
    /// The view that keyboard actions (presets, invert, reset...) apply to.
    SliceView* activeView() const { return active_; }
    SliceView* view(Plane plane) const { return views_[int(plane)]; }
    VolumeView* volumeView() const { return volume3d_; }
    void setWindowAll(double center, double width);
    void setMeasureMode(bool on);
    void setMeasureTool(MeasureTool tool);
    /// Annotation editing in every slice view (SliceView::setEditing).
    void setEditing(bool on);
    /// Alternate clicks while editing in every slice view (SliceView::setEditAlternate).
    void setEditAlternate(bool on);
    /// Overlays in the three slice views (see SliceView::setLabels/setHeatmap).
    void setLabels(std::shared_ptr<const imaging::Volume> labels, const LabelStyle& style);
    void setLabelStyle(const LabelStyle& style);
    void setHeatmap(std::shared_ptr<const imaging::Volume> map, const HeatmapStyle& style);
    void setHeatmapStyle(const HeatmapStyle& style);
    /// Shows index position `index` in every view: slices and crosshair.
    void goTo(const std::array<double, 3>& index);

Q_SIGNALS:
    void activeViewChanged(SliceView* view);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void moveCrosshair(const std::array<double, 3>& index);
    void arrange();

    QGridLayout* grid_;
    std::array<SliceView*, 3> views_{};
    VolumeView* volume3d_ = nullptr;
    SliceView* active_ = nullptr;
    Layout layout_ = Layout::Single;
    bool syncing_ = false;
};

}  // namespace radlens::viewer
