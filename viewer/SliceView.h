#pragma once
// One 2D view of a volume: an axial, coronal or sagittal plane of the volume's
// own index grid (the acquisition plane and its two reformats), shown the
// radiological way (patient left on screen right; anterior up in axial,
// superior up in coronal and sagittal, anterior left in sagittal).
//
// Display coordinates are index x spacing (mm, no rotation); orientation
// labels (R/L/A/P/S/I, two letters for oblique series) come from the volume's
// direction matrix, so they are true to the patient also for oblique data.
//
// Interaction: wheel / Up / Down / PageUp / PageDown scroll; right-drag
// window/level; middle-drag or Shift+left-drag pan; Ctrl+wheel zoom; left click
// moves the crosshair (MPR); with the distance tool, left-drag measures.
// Delete removes the last measurement, Ctrl+Z too. While editing
// (setEditing), a left drag without Shift reports index positions through the
// edit signals instead (the annotation tools act on them); Return finishes a
// polygon, Escape cancels it.
//
// Threads: GUI thread only. Ownership: shares the volume (read-only).

#include <array>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <vtkSmartPointer.h>
#include <QRectF>

#include "imaging/Volume.h"
#include "viewer/MeasurementModel.h"
#include "viewer/SliceOverlay.h"
#include "viewer/VtkWidget.h"

class vtkImageData;
class vtkImageSlice;
class vtkImageSliceMapper;
class vtkLookupTable;
class vtkActor;
class vtkLineSource;
class vtkTextActor;
class vtkImageStack;
class vtkPolyData;

namespace radlens::viewer {

struct ViewText {
    std::string patient, study, series;
};

class SliceView : public VtkWidget {
    Q_OBJECT
public:
    explicit SliceView(Plane plane, QWidget* parent = nullptr);
    ~SliceView() override;

    /// Shows `volume` (kept alive by the view): middle slice, the header's
    /// first window preset (else a data-range window), fitted.
    /// `window` (centre, width) is used when the header has no preset; the
    /// caller computes it off the GUI thread (it scans the volume).
    void setVolume(std::shared_ptr<const imaging::Volume> volume, const ViewText& text,
                   const std::string& seriesKey, std::pair<double, double> window = {40, 400});
    /// Shows one decoded slice of a series that is still loading: a one-slice
    /// volume at that slice's position, labelled slice `index` + 1 of
    /// `count`. The next setVolume() replaces it.
    void setPreview(std::shared_ptr<const imaging::Volume> slice, const ViewText& text,
                    const std::string& seriesKey, int index, int count,
                    std::pair<double, double> window);
    /// The same series with more of its slices (they arrive over the network):
    /// like setVolume, but the slice shown (by its position), the window, the
    /// zoom and the inversion stay as the user left them.
    void growVolume(std::shared_ptr<const imaging::Volume> volume, const ViewText& text);
    const std::string& seriesKey() const { return seriesKey_; }
    bool isPreview() const { return previewCount_ > 0; }
    bool hasVolume() const { return bool(volume_); }
    /// The volume shown (a preview's one slice while it is a preview); null when none.
    const std::shared_ptr<const imaging::Volume>& volume() const { return volume_; }
    /// A preview's place in its series (0 when not a preview).
    int previewIndex() const { return previewIndex_; }
    Plane plane() const { return plane_; }

    int slice() const { return slice_; }
    int sliceCount() const;
    void setSlice(int slice);
    double windowCenter() const { return center_; }
    double windowWidth() const { return width_; }
    void setWindow(double center, double width);
    double zoom() const { return zoom_; }
    void setZoom(double zoom);
    void fit();
    bool inverted() const { return inverted_; }
    void setInverted(bool inverted);
    void reset();
    void setMeasureMode(bool on) { setMeasureTool(on ? MeasureTool::Distance : MeasureTool::None); }
    void setMeasureTool(MeasureTool tool);
    MeasureTool measureTool() const { return tool_; }
    /// Annotation editing on or off (see the signals edit*).
    void setEditing(bool on);
    bool editing() const { return editing_; }
    /// While editing: right click and Shift+left click emit editAltPressed
    /// instead of windowing and panning.
    void setEditAlternate(bool on) { editAlternate_ = on; }
    /// A guide drawn over this view's slice (a polygon in progress, the brush
    /// outline): points in index coordinates; fewer than 2 hides it.
    void setEditOutline(const std::vector<std::array<double, 3>>& indexPoints, bool closed);
    /// Crosshair position in index coordinates (shared by the MPR views).
    void setCrosshair(const std::array<double, 3>& index);
    void setCrosshairVisible(bool visible);

    /// Orientation letters at the screen's left, right, top and bottom edges.
    std::array<std::string, 4> orientationLabels() const;
    /// The corner texts: lower left (slice, position), lower right (W/L,
    /// zoom), upper left (patient, study), upper right (series).
    std::array<std::string, 4> cornerTexts() const;
    /// Display (widget pixel) position -> index coordinates on this slice.
    std::array<double, 3> indexAt(const QPointF& pos) const;
    const std::vector<Measurement>& measurements() const;

    /// A label map over the series (UInt8, the series' dims; null removes it),
    /// drawn over every slice in this view's plane. Throws std::invalid_argument
    /// for a volume of another size or type.
    void setLabels(std::shared_ptr<const imaging::Volume> labels, const LabelStyle& style);
    void setLabelStyle(const LabelStyle& style);
    const LabelStyle& labelStyle() const { return labelStyle_; }
    /// A heatmap of one slice (Float32, the series' width and height, one
    /// slice at its own origin; null removes it), drawn in the axial view on
    /// that slice (the only slice of a 2D image). Throws std::invalid_argument.
    void setHeatmap(std::shared_ptr<const imaging::Volume> map, const HeatmapStyle& style);
    void setHeatmapStyle(const HeatmapStyle& style);
    /// What the overlay layers show now (empty when nothing): for tests.
    const OverlayImage& labelLayer() const { return labelLayer_.image; }
    const OverlayImage& heatmapLayer() const { return heatLayer_.image; }
    /// Adds a distance between two widget positions; returns its length in mm.
    double addMeasurement(const QPointF& from, const QPointF& to);
    /// Adds a measurement of `kind` on this view's slice from index
    /// positions (c: the angle's second arm end); returns it.
    const Measurement& addMeasurementAt(MeasureTool kind, const std::array<double, 3>& a,
                                        const std::array<double, 3>& b,
                                        const std::array<double, 3>& c = {});
    /// What a measurement says on screen ("12.3 mm", "mean 40.1 HU ...", "45.0°").
    QString describe(const Measurement& m) const;
    /// Where the measurement labels on the shown slice were drawn in the last
    /// frame (widget pixels, y down): always inside the view.
    std::vector<QRectF> measurementLabelRects() const;
    /// The selected measurement (an index into measurements()), -1 for none.
    /// A left click within 6 pixels of a measurement's outline on the shown
    /// slice selects it (drawn in yellow); a click elsewhere deselects.
    int selectedMeasurement() const { return measures_.selected(); }
    void selectMeasurement(int index);
    /// Selects the measurement under a widget position; false when none is.
    bool selectMeasurementAt(const QPointF& pos);
    /// Removes the selected measurement, else the newest (Delete). Undoable.
    void deleteMeasurement();
    /// Undoes the last addition or removal of a measurement of this series
    /// (Ctrl+Z in the view).
    void undoMeasurement();

Q_SIGNALS:
    void sliceChanged(int slice);
    void windowChanged(double center, double width);
    void crosshairMoved(std::array<double, 3> index);
    void measurementAdded(double mm);
    /// Any measurement added, as describe() says it.
    void measured(QString text);
    /// Editing: index positions of a left press, drag, release, of the mouse
    /// moving with no button (for a brush outline) and of a double click.
    void editPressed(std::array<double, 3> index);
    void editDragged(std::array<double, 3> index);
    void editReleased(std::array<double, 3> index);
    void editHovered(std::array<double, 3> index);
    void editDoubleClicked(std::array<double, 3> index);
    /// With alternate clicks on (setEditAlternate): a right click or a
    /// Shift+left click while editing (the AI click tool's negative click).
    void editAltPressed(std::array<double, 3> index);
    /// Return (finish a polygon) and Escape (drop it) while editing.
    void editFinished();
    void editCancelled();

protected:
    void wheelEvent(QWheelEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void mouseDoubleClickEvent(QMouseEvent* e) override;
    void leaveEvent(QEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;
    void prepareFrame() override;

private:
    void updateLookupTable();
    void updateText();
    void updateCamera();
    void updateCrosshair();
    void rebuildMeasurementActors();
    struct OverlayLayer {
        vtkSmartPointer<vtkImageSliceMapper> mapper;
        vtkSmartPointer<vtkImageSlice> actor;
        OverlayImage image;
    };
    void updateOverlays();
    void showLayer(OverlayLayer& layer, OverlayImage image);
    int heatmapSlice() const;
    std::array<double, 3> displayToWorld(const QPointF& pos) const;

    Plane plane_;
    std::shared_ptr<const imaging::Volume> volume_;
    vtkSmartPointer<vtkImageData> image_;
    vtkSmartPointer<vtkImageSliceMapper> mapper_;
    vtkSmartPointer<vtkImageSlice> actor_;
    vtkSmartPointer<vtkLookupTable> lut_;
    vtkSmartPointer<vtkImageStack> stack_;
    OverlayLayer labelLayer_, heatLayer_;
    std::shared_ptr<const imaging::Volume> labels_, heatmap_;
    LabelStyle labelStyle_;
    HeatmapStyle heatStyle_;
    /// Corner and edge text. Plain text actors with a fixed font size:
    /// vtkCornerAnnotation refits its fonts on every frame (about 45 ms of a
    /// 56 ms frame at 800x800 under llvmpipe).
    enum TextSlot {
        LowerLeft,
        LowerRight,
        UpperLeft,
        UpperRight,
        LeftEdge,
        RightEdge,
        UpperEdge,
        LowerEdge
    };
    std::array<vtkSmartPointer<vtkTextActor>, 8> text_;
    vtkSmartPointer<vtkLineSource> crossLines_[2];
    vtkSmartPointer<vtkActor> crossActors_[2];
    std::vector<vtkSmartPointer<vtkActor>> measureActors_;
    std::vector<vtkSmartPointer<vtkTextActor>> measureLabels_;
    /// Where each label would go (display mm): beside its measurement's end
    /// point, moved inside the view by prepareFrame().
    std::vector<std::array<double, 3>> measureAnchors_;
    MeasurementModel measures_;  ///< by series, with selection and undo
    std::string seriesKey_;
    int previewIndex_ = 0, previewCount_ = 0;  ///< count 0: not a preview
    ViewText viewText_;
    std::pair<double, double> defaultWindow_{40, 400};
    std::array<double, 3> crosshair_{};
    bool crosshairVisible_ = false;

    int slice_ = 0;
    double center_ = 40, width_ = 400, zoom_ = 1;
    std::array<double, 2> pan_{0, 0};
    bool inverted_ = false;
    bool measuring_ = false;
    MeasureTool tool_ = MeasureTool::None;
    bool anglePending_ = false;  ///< the first arm is drawn, the second end awaited
    std::array<double, 3> angleA_{}, angleB_{};
    void previewMeasurement(const QPointF& to);
    bool editing_ = false;
    bool editAlternate_ = false;
    bool editDrag_ = false;
    vtkSmartPointer<vtkPolyData> outline_;
    vtkSmartPointer<vtkActor> outlineActor_;
    // drag state
    Qt::MouseButton dragButton_ = Qt::NoButton;
    QPointF dragStart_, dragLast_;
    bool panning_ = false;
};

}  // namespace radlens::viewer
