#include "viewer/SliceView.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCoordinate.h>
#include <vtkImageData.h>
#include <vtkImageProperty.h>
#include <vtkImageSlice.h>
#include <vtkImageSliceMapper.h>
#include <vtkImageStack.h>
#include <vtkLineSource.h>
#include <vtkLookupTable.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <QFileInfo>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "imaging/DefaultWindow.h"
#include "imaging/LabelTools.h"
#include "imaging/PlaneAxes.h"
#include "viewer/DisplayAxes.h"
#include "viewer/VtkImageView.h"

namespace radlens::viewer {

namespace {

/// Patient-direction letters of an LPS vector: up to two, strongest first.
std::string letters(const std::array<double, 3>& v) {
    const char pos[3] = {'L', 'P', 'S'}, neg[3] = {'R', 'A', 'I'};
    int order[3] = {0, 1, 2};
    std::sort(order, order + 3, [&](int a, int b) { return std::abs(v[a]) > std::abs(v[b]); });
    std::string out;
    for (int k = 0; k < 2; ++k) {
        const int c = order[k];
        if (k > 0 && std::abs(v[c]) < 0.25) break;
        out += v[c] >= 0 ? pos[c] : neg[c];
    }
    return out;
}

/// The edge labels {left, right, top, bottom} of a projection image from its
/// Patient Orientation ("L\\F": rows run to the right-hand label, columns
/// to the bottom one); empty when the value is not two sets of A/P/R/L/H/F.
std::array<std::string, 4> projectionLabels(const std::string& patientOrientation) {
    const std::size_t cut = patientOrientation.find('\\');
    if (cut == std::string::npos) return {};
    const std::string rows = patientOrientation.substr(0, cut);
    const std::string columns = patientOrientation.substr(cut + 1);
    auto opposite = [](const std::string& v) {
        const std::string from = "APRLHF", to = "PALRFH";
        std::string out;
        for (char c : v) {
            const std::size_t k = from.find(c);
            if (k == std::string::npos) return std::string();
            out += to[k];
        }
        return out;
    };
    const std::string left = opposite(rows), top = opposite(columns);
    if (rows.empty() || columns.empty() || left.empty() || top.empty()) return {};
    return {left, rows, top, columns};
}

/// A font with Cyrillic and Latin glyphs for corner texts where the system has
/// one; VTK's embedded fonts cover Latin only. Empty: keep VTK's own.
const std::string& unicodeFontFile() {
    static const std::string file = [] {
        for (const char* path :
             {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
              "/usr/share/fonts/dejavu/DejaVuSans.ttf",
              "/System/Library/Fonts/Supplemental/Arial.ttf", "C:/Windows/Fonts/arial.ttf"})
            if (QFileInfo::exists(QString::fromUtf8(path))) return std::string(path);
        return std::string();
    }();
    return file;
}

void setTextFont(vtkTextProperty* tp) {
    tp->SetFontSize(14);
    // A translucent dark box behind the text keeps it readable over bright
    // image regions, such as bone in a reformat. (VTK's text shadow did too,
    // but made each change of the corner text cost the GUI thread about 90 ms
    // more while a series loads: MainWindowTest's stall went from 67 to 157 ms.)
    tp->SetBackgroundColor(0, 0, 0);
    tp->SetBackgroundOpacity(0.6);
    if (!unicodeFontFile().empty()) {
        tp->SetFontFamily(VTK_FONT_FILE);
        tp->SetFontFile(unicodeFontFile().c_str());
    }
}

}  // namespace

SliceView::SliceView(Plane plane, QWidget* parent) : VtkWidget(parent), plane_(plane) {
    mapper_ = vtkSmartPointer<vtkImageSliceMapper>::New();
    mapper_->SetOrientation(int(plane));
    actor_ = vtkSmartPointer<vtkImageSlice>::New();
    actor_->SetMapper(mapper_);
    lut_ = vtkSmartPointer<vtkLookupTable>::New();
    actor_->GetProperty()->SetLookupTable(lut_);
    actor_->GetProperty()->UseLookupTableScalarRangeOn();
    actor_->GetProperty()->SetInterpolationTypeToLinear();
    actor_->GetProperty()->SetLayerNumber(0);
    // Overlay layers above the grey slice: labels, then the heatmap. A
    // vtkImageStack draws them in layer order without depth fighting.
    for (int k = 0; k < 2; ++k) {
        OverlayLayer& layer = k == 0 ? labelLayer_ : heatLayer_;
        layer.mapper = vtkSmartPointer<vtkImageSliceMapper>::New();
        layer.mapper->SetOrientation(int(plane));
        layer.actor = vtkSmartPointer<vtkImageSlice>::New();
        layer.actor->SetMapper(layer.mapper);
        vtkImageProperty* prop = layer.actor->GetProperty();
        prop->SetColorWindow(255);
        prop->SetColorLevel(127.5);
        prop->SetLayerNumber(k + 1);
        layer.actor->SetVisibility(false);
    }
    labelLayer_.actor->GetProperty()->SetInterpolationTypeToNearest();
    heatLayer_.actor->GetProperty()->SetInterpolationTypeToLinear();
    stack_ = vtkSmartPointer<vtkImageStack>::New();
    stack_->AddImage(actor_);
    stack_->AddImage(labelLayer_.actor);
    stack_->AddImage(heatLayer_.actor);
    stack_->SetActiveLayer(0);
    // x, y (normalised viewport), horizontal and vertical justification.
    const struct {
        double x, y;
        int h, v;
    } places[8] = {{0.01, 0.01, VTK_TEXT_LEFT, VTK_TEXT_BOTTOM},
                   {0.99, 0.01, VTK_TEXT_RIGHT, VTK_TEXT_BOTTOM},
                   {0.01, 0.99, VTK_TEXT_LEFT, VTK_TEXT_TOP},
                   {0.99, 0.99, VTK_TEXT_RIGHT, VTK_TEXT_TOP},
                   {0.01, 0.5, VTK_TEXT_LEFT, VTK_TEXT_CENTERED},
                   {0.99, 0.5, VTK_TEXT_RIGHT, VTK_TEXT_CENTERED},
                   {0.5, 0.93, VTK_TEXT_CENTERED, VTK_TEXT_TOP},  // below the corner lines
                   {0.5, 0.07, VTK_TEXT_CENTERED, VTK_TEXT_BOTTOM}};
    for (int k = 0; k < 8; ++k) {
        text_[k] = vtkSmartPointer<vtkTextActor>::New();
        text_[k]->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
        text_[k]->SetPosition(places[k].x, places[k].y);
        vtkTextProperty* tp = text_[k]->GetTextProperty();
        setTextFont(tp);
        tp->SetColor(0.95, 0.95, 0.8);
        tp->SetJustification(places[k].h);
        tp->SetVerticalJustification(places[k].v);
        renderer()->AddViewProp(text_[k]);
    }
    for (int k = 0; k < 2; ++k) {
        crossLines_[k] = vtkSmartPointer<vtkLineSource>::New();
        auto m = vtkSmartPointer<vtkPolyDataMapper>::New();
        m->SetInputConnection(crossLines_[k]->GetOutputPort());
        crossActors_[k] = vtkSmartPointer<vtkActor>::New();
        crossActors_[k]->SetMapper(m);
        crossActors_[k]->GetProperty()->SetColor(1.0, 0.85, 0.1);
        crossActors_[k]->GetProperty()->SetOpacity(0.7);
        crossActors_[k]->SetVisibility(false);
        renderer()->AddActor(crossActors_[k]);
    }
    renderer()->SetBackground(0, 0, 0);
    renderer()->GetActiveCamera()->ParallelProjectionOn();
}

SliceView::~SliceView() = default;

void SliceView::setVolume(std::shared_ptr<const imaging::Volume> volume, const ViewText& text,
                          const std::string& seriesKey, std::pair<double, double> window) {
    previewCount_ = 0;
    volume_ = std::move(volume);
    defaultWindow_ = window;
    viewText_ = text;
    if (seriesKey != seriesKey_) {  // overlays belong to the series they were computed on
        labels_.reset();
        heatmap_.reset();
    }
    measures_.setSeries(seriesKey);
    seriesKey_ = seriesKey;
    if (!volume_) {
        renderer()->RemoveViewProp(stack_);
        labels_.reset();
        heatmap_.reset();
        updateOverlays();
        requestRender();
        return;
    }
    // Overlays belong to the series they were computed on.
    if (!labels_ || labels_->dims() != volume_->dims()) labels_.reset();
    if (heatmap_ &&
        (heatmap_->dims()[0] != volume_->dims()[0] || heatmap_->dims()[1] != volume_->dims()[1]))
        heatmap_.reset();
    // Render in index x spacing: no rotation, no origin (labels use the geometry).
    image_ = vtkIndexSpaceView(*volume_);
    mapper_->SetInputData(image_);
    if (!renderer()->HasViewProp(stack_)) renderer()->AddViewProp(stack_);
    const auto& d = volume_->dims();
    crosshair_ = {double(d[0] / 2), double(d[1] / 2), double(d[2] / 2)};
    reset();
}

void SliceView::growVolume(std::shared_ptr<const imaging::Volume> volume, const ViewText& text) {
    if (!volume_ || isPreview() || !volume) {
        setVolume(std::move(volume), text, seriesKey_, defaultWindow_);
        return;
    }
    // Where the user is, in world coordinates (slices may land before it).
    std::array<double, 3> at = crosshair_;
    at[std::size_t(plane_)] = slice_;
    const std::array<double, 3> world = volume_->geometry().indexToWorld(at[0], at[1], at[2]);
    const double center = center_, width = width_, zoom = zoom_;
    const bool inverted = inverted_;
    setVolume(std::move(volume), text, seriesKey_, defaultWindow_);
    const std::array<double, 3> index = volume_->geometry().worldToIndex(world);
    setWindow(center, width);
    setInverted(inverted);
    setZoom(zoom);
    setSlice(int(std::lround(index[std::size_t(plane_)])));
}

void SliceView::setPreview(std::shared_ptr<const imaging::Volume> slice, const ViewText& text,
                           const std::string& seriesKey, int index, int count,
                           std::pair<double, double> window) {
    setVolume(std::move(slice), text, seriesKey, window);
    previewIndex_ = index;
    previewCount_ = count;
    updateText();
    requestRender();
}

std::array<std::string, 4> SliceView::cornerTexts() const {
    std::array<std::string, 4> t;
    for (int k : {LowerLeft, LowerRight, UpperLeft, UpperRight})
        t[std::size_t(k)] =
            text_[std::size_t(k)]->GetInput() ? text_[std::size_t(k)]->GetInput() : "";
    return t;
}

int SliceView::sliceCount() const { return volume_ ? volume_->dims()[int(plane_)] : 0; }

void SliceView::setSlice(int slice) {
    if (!volume_) return;
    slice = std::clamp(slice, 0, sliceCount() - 1);
    if (slice == slice_ && mapper_->GetSliceNumber() == slice) return;
    slice_ = slice;
    mapper_->SetSliceNumber(slice_);
    updateOverlays();
    updateCamera();  // keeps the camera in front of the slice
    updateCrosshair();
    rebuildMeasurementActors();
    updateText();
    requestRender();
    Q_EMIT sliceChanged(slice_);
}

void SliceView::setWindow(double center, double width) {
    center_ = center;
    width_ = std::max(width, 1e-3);
    updateLookupTable();
    updateText();
    requestRender();
    Q_EMIT windowChanged(center_, width_);
}

void SliceView::setZoom(double zoom) {
    zoom_ = std::clamp(zoom, 0.05, 50.0);
    updateCamera();
    updateText();
    requestRender();
}

void SliceView::fit() {
    pan_ = {0, 0};
    setZoom(1.0);
}

void SliceView::setInverted(bool inverted) {
    inverted_ = inverted;
    updateLookupTable();
    requestRender();
}

void SliceView::reset() {
    if (!volume_) return;
    // The caller's window is the data's range, computed off the GUI thread.
    const auto [c, w] = imaging::headerWindow(*volume_).value_or(defaultWindow_);
    inverted_ = volume_->invertedGrey;
    actor_->GetProperty()->SetInterpolationTypeToLinear();
    setWindow(c, w);
    slice_ = -1;
    setSlice(sliceCount() / 2);
    fit();
}

void SliceView::setLabels(std::shared_ptr<const imaging::Volume> labels, const LabelStyle& style) {
    if (labels && (!volume_ || labels->dims() != volume_->dims() ||
                   labels->pixelType() != imaging::PixelType::UInt8))
        throw std::invalid_argument("SliceView::setLabels: a UInt8 volume of the series' size");
    labels_ = std::move(labels);
    labelStyle_ = style;
    updateOverlays();
    requestRender();
}

void SliceView::setLabelStyle(const LabelStyle& style) {
    labelStyle_ = style;
    updateOverlays();
    requestRender();
}

void SliceView::setHeatmap(std::shared_ptr<const imaging::Volume> map, const HeatmapStyle& style) {
    if (map &&
        (!volume_ || map->dims()[0] != volume_->dims()[0] || map->dims()[1] != volume_->dims()[1] ||
         map->dims()[2] != 1 || map->pixelType() != imaging::PixelType::Float32))
        throw std::invalid_argument(
            "SliceView::setHeatmap: a Float32 slice of the series' width and height");
    heatmap_ = std::move(map);
    heatStyle_ = style;
    updateOverlays();
    requestRender();
}

void SliceView::setHeatmapStyle(const HeatmapStyle& style) {
    heatStyle_ = style;
    updateOverlays();
    requestRender();
}

int SliceView::heatmapSlice() const {
    if (!heatmap_ || !volume_) return -1;
    if (volume_->dims()[2] == 1) return 0;
    // The slice whose position is the heatmap's origin.
    const auto& g = volume_->geometry();
    const auto& o = heatmap_->geometry().origin;
    const double n[3] = {g.direction[2], g.direction[5], g.direction[8]};
    const double along =
        (o[0] - g.origin[0]) * n[0] + (o[1] - g.origin[1]) * n[1] + (o[2] - g.origin[2]) * n[2];
    return int(std::lround(along / g.spacing[2]));
}

void SliceView::showLayer(OverlayLayer& layer, OverlayImage image) {
    if (image.empty() || !volume_) {
        layer.actor->SetVisibility(false);
        layer.image = OverlayImage();
        return;
    }
    layer.image = std::move(image);
    const auto& sp = volume_->geometry().spacing;
    const auto [u, v, w] = imaging::planeAxes(int(plane_));
    std::array<int, 3> dims{1, 1, 1};
    dims[u] = layer.image.width;
    dims[v] = layer.image.height;
    std::array<double, 3> origin{0, 0, 0};
    origin[w] = slice_ * sp[w];
    auto data = vtkSmartPointer<vtkImageData>::New();
    data->SetDimensions(dims.data());
    data->SetSpacing(sp[0], sp[1], sp[2]);
    data->SetOrigin(origin.data());
    data->AllocateScalars(VTK_UNSIGNED_CHAR, 4);
    std::memcpy(data->GetScalarPointer(), layer.image.rgba.data(), layer.image.rgba.size());
    layer.mapper->SetInputData(data);
    layer.mapper->SetSliceNumber(0);
    layer.actor->SetVisibility(true);
}

void SliceView::updateOverlays() {
    OverlayImage labels;
    if (labels_ && volume_) labels = SliceOverlay::labels(*labels_, plane_, slice_, labelStyle_);
    showLayer(labelLayer_, std::move(labels));
    OverlayImage heat;
    if (heatmap_ && volume_ && plane_ == Plane::Axial && slice_ == heatmapSlice())
        heat = SliceOverlay::heatmap(*heatmap_, heatStyle_);
    showLayer(heatLayer_, std::move(heat));
}

void SliceView::updateLookupTable() {
    if (volume_ && volume_->pixelType() == imaging::PixelType::Rgb8) {
        actor_->GetProperty()->SetLookupTable(nullptr);
        actor_->GetProperty()->SetColorWindow(width_);
        actor_->GetProperty()->SetColorLevel(center_);
        return;
    }
    lut_->SetNumberOfTableValues(256);
    for (int i = 0; i < 256; ++i) {
        const double v = inverted_ ? 1.0 - i / 255.0 : i / 255.0;
        lut_->SetTableValue(i, v, v, v, 1.0);
    }
    lut_->SetRange(center_ - width_ / 2, center_ + width_ / 2);
    lut_->SetBelowRangeColor(inverted_ ? 1 : 0, inverted_ ? 1 : 0, inverted_ ? 1 : 0, 1);
    lut_->SetAboveRangeColor(inverted_ ? 0 : 1, inverted_ ? 0 : 1, inverted_ ? 0 : 1, 1);
    lut_->UseBelowRangeColorOn();
    lut_->UseAboveRangeColorOn();
    lut_->Build();
    actor_->GetProperty()->SetLookupTable(lut_);
}

std::array<std::string, 4> SliceView::orientationLabels() const {
    if (!volume_) return {};
    // A projection image (radiograph) has no direction matrix to read the
    // labels from: they come from its Patient Orientation, in its own plane.
    if (!volume_->patientOrientation.empty())
        return plane_ == Plane::Axial ? projectionLabels(volume_->patientOrientation)
                                      : std::array<std::string, 4>{};
    const DisplayAxes ax = displayAxes(plane_);
    const auto& dir = volume_->geometry().direction;
    std::array<double, 3> right{}, up{};
    for (int r = 0; r < 3; ++r) {
        right[r] = ax.rightSign * dir[r * 3 + ax.right];
        up[r] = ax.upSign * dir[r * 3 + ax.up];
    }
    const std::array<double, 3> left{-right[0], -right[1], -right[2]};
    const std::array<double, 3> down{-up[0], -up[1], -up[2]};
    return {letters(left), letters(right), letters(up), letters(down)};
}

void SliceView::updateText() {
    if (!volume_) return;
    const auto labels = orientationLabels();
    text_[LeftEdge]->SetInput(labels[0].c_str());
    text_[RightEdge]->SetInput(labels[1].c_str());
    text_[UpperEdge]->SetInput(labels[2].c_str());
    text_[LowerEdge]->SetInput(labels[3].c_str());
    // Narrow views (MPR, 2x2) get a smaller font, so that the two corner
    // texts of a line fit side by side.
    const int fontSize = width() < 460 ? 11 : 14;
    for (TextSlot slot : {LowerLeft, LowerRight, UpperLeft, UpperRight})
        text_[slot]->GetTextProperty()->SetFontSize(fontSize);
    // The upper corners share the top line: each keeps to its half of the
    // view (about 0.6 em per character), ending in "..." if longer.
    const int maxChars = std::max(6, int(width() / 2 / (0.61 * fontSize)) - 1);
    auto fit = [maxChars](const std::string& line) {
        const QString q = QString::fromStdString(line);
        return (q.size() <= maxChars ? q : q.left(maxChars - 1) + QChar(0x2026)).toStdString();
    };
    text_[UpperLeft]->SetInput((fit(viewText_.patient) + "\n" + fit(viewText_.study)).c_str());
    text_[UpperRight]->SetInput(
        (fit(viewText_.series) +
         (plane_ == Plane::Axial ? std::string() : "\n" + fit(tr("reformat").toStdString())))
            .c_str());
    // Slice position: distance of the slice centre along the plane's normal axis.
    const auto& g = volume_->geometry();
    std::array<double, 3> idx{double(g.dims[0] - 1) / 2, double(g.dims[1] - 1) / 2,
                              double(g.dims[2] - 1) / 2};
    idx[int(plane_)] = slice_;
    const auto w = g.indexToWorld(idx[0], idx[1], idx[2]);
    const int a = int(plane_);
    const double along = w[0] * g.direction[0 * 3 + a] + w[1] * g.direction[1 * 3 + a] +
                         w[2] * g.direction[2 * 3 + a];
    const QString sliceText =
        previewCount_ > 0 ? tr("Slice %1/%2 (loading)").arg(previewIndex_ + 1).arg(previewCount_)
                          : tr("Slice %1/%2").arg(slice_ + 1).arg(sliceCount());
    const QString lower = sliceText + QLatin1Char('\n') + tr("%1 mm").arg(along, 0, 'f', 1);
    const QString right = tr("W %1 L %2").arg(width_, 0, 'f', 0).arg(center_, 0, 'f', 0) +
                          QLatin1Char('\n') + tr("Zoom %1%").arg(zoom_ * 100, 0, 'f', 0);
    text_[LowerLeft]->SetInput(lower.toUtf8().constData());
    text_[LowerRight]->SetInput(right.toUtf8().constData());
}

void SliceView::updateCamera() {
    if (!volume_) return;
    const DisplayAxes ax = displayAxes(plane_);
    const auto& g = volume_->geometry();
    std::array<double, 3> extent{};
    for (int k = 0; k < 3; ++k) extent[k] = (g.dims[k] - 1) * g.spacing[k];
    std::array<double, 3> focal{extent[0] / 2, extent[1] / 2, extent[2] / 2};
    focal[int(plane_)] = slice_ * g.spacing[int(plane_)];
    focal[ax.right] -= pan_[0];
    focal[ax.up] -= pan_[1] * ax.upSign;
    vtkCamera* cam = renderer()->GetActiveCamera();
    const double dist = 1000 + extent[0] + extent[1] + extent[2];
    cam->SetFocalPoint(focal.data());
    cam->SetPosition(focal[0] - ax.dop[0] * dist, focal[1] - ax.dop[1] * dist,
                     focal[2] - ax.dop[2] * dist);
    cam->SetViewUp(ax.viewUp.data());
    const double w = g.dims[ax.right] * g.spacing[ax.right];
    const double h = g.dims[ax.up] * g.spacing[ax.up];
    const double aspect = height() > 0 ? double(width()) / height() : 1.0;
    const double scale = std::max(h / 2, w / 2 / std::max(aspect, 1e-6)) * 1.02;
    cam->SetParallelScale(scale / zoom_);
    renderer()->ResetCameraClippingRange();
}

void SliceView::setCrosshair(const std::array<double, 3>& index) {
    crosshair_ = index;
    updateCrosshair();
    requestRender();
}

void SliceView::setCrosshairVisible(bool visible) {
    crosshairVisible_ = visible;
    updateCrosshair();
    requestRender();
}

void SliceView::updateCrosshair() {
    if (!volume_) return;
    const DisplayAxes ax = displayAxes(plane_);
    const auto& g = volume_->geometry();
    const int n = int(plane_);
    // Slightly in front of the slice, so the lines draw over the image.
    const double depth = slice_ * g.spacing[n] - ax.dop[n] * 0.5;
    const int lineAxes[2] = {ax.right, ax.up};
    for (int k = 0; k < 2; ++k) {
        const int along = lineAxes[k], across = lineAxes[1 - k];
        double p0[3], p1[3];
        p0[n] = p1[n] = depth;
        p0[along] = -0.5 * g.spacing[along];
        p1[along] = (g.dims[along] - 0.5) * g.spacing[along];
        p0[across] = p1[across] = crosshair_[across] * g.spacing[across];
        crossLines_[k]->SetPoint1(p0);
        crossLines_[k]->SetPoint2(p1);
        crossActors_[k]->SetVisibility(crosshairVisible_);
    }
}

std::array<double, 3> SliceView::displayToWorld(const QPointF& pos) const {
    const double dpr = devicePixelRatioF();
    vtkRenderer* r = renderer();
    r->SetDisplayPoint(pos.x() * dpr, (height() - pos.y()) * dpr - 1, 0);
    r->DisplayToWorld();
    double w[4];
    r->GetWorldPoint(w);
    std::array<double, 3> out{w[0], w[1], w[2]};
    if (w[3] != 0)
        for (double& c : out) c /= w[3];
    if (volume_) out[int(plane_)] = slice_ * volume_->geometry().spacing[int(plane_)];
    return out;
}

const std::vector<Measurement>& SliceView::measurements() const { return measures_.list(); }

double SliceView::addMeasurement(const QPointF& from, const QPointF& to) {
    if (!volume_) return 0;
    return addMeasurementAt(MeasureTool::Distance, indexAt(from), indexAt(to)).mm();
}

const Measurement& SliceView::addMeasurementAt(MeasureTool kind, const std::array<double, 3>& a,
                                               const std::array<double, 3>& b,
                                               const std::array<double, 3>& c) {
    static const Measurement none;
    if (!volume_) return none;
    const Measurement& m =
        measures_.add(MeasurementModel::make(kind, plane_, slice_, *volume_, a, b, c));
    rebuildMeasurementActors();
    requestRender();
    if (m.kind == MeasureTool::Distance) Q_EMIT measurementAdded(m.mm());
    Q_EMIT measured(describe(m));
    return m;
}

void SliceView::setMeasureTool(MeasureTool tool) {
    tool_ = tool;
    measuring_ = tool != MeasureTool::None;
    anglePending_ = false;
    setMouseTracking(editing_ || tool == MeasureTool::Angle);
    setEditOutline({}, false);
}

void SliceView::previewMeasurement(const QPointF& to) {
    if (!volume_) return;
    const std::array<double, 3> p = indexAt(to);
    if (anglePending_) {
        setEditOutline({angleA_, angleB_, p}, false);
        return;
    }
    // Preview in index coordinates (setEditOutline's), from the drag start.
    const std::array<double, 3> s = indexAt(dragStart_);
    const auto& sp = volume_->geometry().spacing;
    auto toMm = [&](std::array<double, 3> x) {
        for (std::size_t k = 0; k < 3; ++k) x[k] *= sp[k];
        return x;
    };
    std::vector<std::array<double, 3>> pts =
        MeasurementModel::outline(plane_, tool_, toMm(s), toMm(p), toMm(p));
    for (auto& q : pts)
        for (std::size_t k = 0; k < 3; ++k) q[k] /= sp[k];
    setEditOutline(pts, false);
}

void SliceView::selectMeasurement(int index) {
    measures_.select(index);
    rebuildMeasurementActors();
    requestRender();
}

bool SliceView::selectMeasurementAt(const QPointF& pos) {
    if (!volume_) return false;
    const auto& sp = volume_->geometry().spacing;
    std::array<double, 3> p = indexAt(pos);
    for (std::size_t k = 0; k < 3; ++k) p[k] *= sp[k];
    const double mmPerPixel =
        2 * renderer()->GetActiveCamera()->GetParallelScale() / std::max(1, height());
    const int hit = measures_.hitTest(plane_, slice_, p, 6 * mmPerPixel);
    selectMeasurement(hit);
    return hit >= 0;
}

void SliceView::deleteMeasurement() {
    measures_.remove();
    rebuildMeasurementActors();
    requestRender();
}

void SliceView::undoMeasurement() {
    measures_.undo();
    rebuildMeasurementActors();
    requestRender();
}

QString SliceView::describe(const Measurement& m) const {
    const QString unit =
        volume_ && !volume_->units.empty() ? QString::fromStdString(volume_->units) : QString();
    switch (m.kind) {
        case MeasureTool::Distance:
            return tr("%1 mm").arg(m.mm(), 0, 'f', 1);
        case MeasureTool::Rectangle:
        case MeasureTool::Ellipse:
            return tr("mean %1 SD %2 %3\nmin %4 max %5, %6 mm²")
                .arg(m.stats.mean, 0, 'f', 1)
                .arg(m.stats.sd, 0, 'f', 1)
                .arg(unit)
                .arg(m.stats.min, 0, 'f', 0)
                .arg(m.stats.max, 0, 'f', 0)
                .arg(m.stats.areaMm2, 0, 'f', 1)
                .trimmed();
        case MeasureTool::Angle:
            return tr("%1°").arg(m.degrees, 0, 'f', 1);
        case MeasureTool::None:
            break;
    }
    return {};
}

void SliceView::rebuildMeasurementActors() {
    for (auto& a : measureActors_) renderer()->RemoveActor(a);
    for (auto& t : measureLabels_) renderer()->RemoveActor2D(t);
    measureActors_.clear();
    measureLabels_.clear();
    measureAnchors_.clear();
    if (!volume_) return;
    const DisplayAxes ax = displayAxes(plane_);
    const auto& list = measurements();
    for (std::size_t i = 0; i < list.size(); ++i) {
        const Measurement& m = list[i];
        if (m.plane != plane_ || m.slice != slice_) continue;
        const bool selected = int(i) == measures_.selected();
        auto points = vtkSmartPointer<vtkPoints>::New();
        auto lines = vtkSmartPointer<vtkCellArray>::New();
        const auto outline = MeasurementModel::outline(plane_, m.kind, m.a, m.b, m.c);
        lines->InsertNextCell(vtkIdType(outline.size()));
        for (std::array<double, 3> p : outline) {
            p[int(plane_)] -= ax.dop[int(plane_)] * 0.5;  // over the image
            lines->InsertCellPoint(points->InsertNextPoint(p.data()));
        }
        auto poly = vtkSmartPointer<vtkPolyData>::New();
        poly->SetPoints(points);
        poly->SetLines(lines);
        auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
        mapper->SetInputData(poly);
        auto actor = vtkSmartPointer<vtkActor>::New();
        actor->SetMapper(mapper);
        if (selected)
            actor->GetProperty()->SetColor(1.0, 0.85, 0.2);
        else
            actor->GetProperty()->SetColor(0.2, 0.9, 1.0);
        actor->GetProperty()->SetLineWidth(selected ? 3 : 2);
        renderer()->AddActor(actor);
        measureActors_.push_back(actor);
        auto label = vtkSmartPointer<vtkTextActor>::New();
        label->SetInput(describe(m).toUtf8().constData());
        if (selected)
            label->GetTextProperty()->SetColor(1.0, 0.85, 0.2);
        else
            label->GetTextProperty()->SetColor(0.2, 0.9, 1.0);
        setTextFont(label->GetTextProperty());
        label->GetPositionCoordinate()->SetCoordinateSystemToDisplay();
        renderer()->AddActor2D(label);
        measureLabels_.push_back(label);
        measureAnchors_.push_back(m.b);
    }
}

void SliceView::prepareFrame() {
    // Each label beside its anchor, but whole inside the view: near an edge
    // it moves in rather than off screen.
    const int* size = renderWindow()->GetSize();
    for (std::size_t i = 0; i < measureLabels_.size(); ++i) {
        const auto& a = measureAnchors_[i];
        renderer()->SetWorldPoint(a[0], a[1], a[2], 1.0);
        renderer()->WorldToDisplay();
        double d[3];
        renderer()->GetDisplayPoint(d);
        double box[2] = {0, 0};
        measureLabels_[i]->GetSize(renderer(), box);
        const double margin = 4;
        const double x = std::clamp(d[0] + 6, margin, std::max(margin, size[0] - box[0] - margin));
        const double y = std::clamp(d[1] + 6, margin, std::max(margin, size[1] - box[1] - margin));
        measureLabels_[i]->GetPositionCoordinate()->SetValue(x, y);
    }
}

std::vector<QRectF> SliceView::measurementLabelRects() const {
    std::vector<QRectF> rects;
    const int* size = renderWindow()->GetSize();
    const double dpr = devicePixelRatioF();
    for (const auto& label : measureLabels_) {
        double box[2] = {0, 0};
        label->GetSize(renderer(), box);
        const double* p = label->GetPositionCoordinate()->GetValue();
        // Display coordinates run bottom-up in device pixels.
        rects.emplace_back(p[0] / dpr, (size[1] - p[1] - box[1]) / dpr, box[0] / dpr, box[1] / dpr);
    }
    return rects;
}

}  // namespace radlens::viewer
