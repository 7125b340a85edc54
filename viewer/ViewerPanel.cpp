#include "viewer/ViewerPanel.h"

#include <QEvent>
#include <QGridLayout>
#include <cmath>

namespace radlens::viewer {

ViewerPanel::ViewerPanel(QWidget* parent) : QWidget(parent) {
    grid_ = new QGridLayout(this);
    grid_->setContentsMargins(0, 0, 0, 0);
    grid_->setSpacing(2);
    for (Plane p : {Plane::Axial, Plane::Coronal, Plane::Sagittal}) {
        auto* v = new SliceView(p, this);
        views_[int(p)] = v;
        v->installEventFilter(this);
        connect(v, &SliceView::crosshairMoved, this, &ViewerPanel::moveCrosshair);
        connect(v, &SliceView::windowChanged, this, [this](double c, double w) {
            if (syncing_ || layout_ == Layout::Single) return;
            setWindowAll(c, w);
        });
        connect(v, &SliceView::sliceChanged, this, [this, v](int s) {
            if (syncing_ || layout_ == Layout::Single) return;
            // Scrolling one view moves the crosshair plane the others show.
            std::array<double, 3> c{};
            for (SliceView* o : views_) c[int(o->plane())] = o->slice();
            c[int(v->plane())] = s;
            syncing_ = true;
            for (SliceView* o : views_) o->setCrosshair(c);
            syncing_ = false;
        });
    }
    volume3d_ = new VolumeView(this);
    active_ = views_[int(Plane::Axial)];
    arrange();
}

void ViewerPanel::setVolume(std::shared_ptr<const imaging::Volume> volume, const ViewText& text,
                            const std::string& seriesKey, std::pair<double, double> window) {
    for (SliceView* v : views_) v->setVolume(volume, text, seriesKey, window);
    volume3d_->setVolume(volume);
}

void ViewerPanel::growVolume(std::shared_ptr<const imaging::Volume> volume, const ViewText& text) {
    for (SliceView* v : views_) v->growVolume(volume, text);
    volume3d_->setVolume(volume);
}

void ViewerPanel::setPreview(std::shared_ptr<const imaging::Volume> slice, const ViewText& text,
                             const std::string& seriesKey, int index, int count,
                             std::pair<double, double> window) {
    for (SliceView* v : views_)
        if (v->plane() == Plane::Axial)
            v->setPreview(slice, text, seriesKey, index, count, window);
        else
            v->setVolume(nullptr, text, seriesKey, window);
    volume3d_->setVolume(nullptr);
}

void ViewerPanel::setLayout(Layout layout) {
    layout_ = layout;
    arrange();
}

void ViewerPanel::arrange() {
    for (SliceView* v : views_) {
        grid_->removeWidget(v);
        v->hide();
    }
    grid_->removeWidget(volume3d_);
    volume3d_->hide();
    auto place = [&](QWidget* w, int r, int c) {
        grid_->addWidget(w, r, c);
        w->show();
    };
    SliceView* axial = views_[int(Plane::Axial)];
    SliceView* coronal = views_[int(Plane::Coronal)];
    SliceView* sagittal = views_[int(Plane::Sagittal)];
    switch (layout_) {
        case Layout::Single:
            place(axial, 0, 0);
            break;
        case Layout::Mpr:
            place(axial, 0, 0);
            place(coronal, 0, 1);
            place(sagittal, 0, 2);
            break;
        case Layout::Quad:
            place(axial, 0, 0);
            place(coronal, 0, 1);
            place(sagittal, 1, 0);
            place(volume3d_, 1, 1);
            break;
    }
    const bool linked = layout_ != Layout::Single;
    for (SliceView* v : views_) v->setCrosshairVisible(linked);
    if (!active_->isVisible()) active_ = axial;
}

void ViewerPanel::setWindowAll(double center, double width) {
    syncing_ = true;
    for (SliceView* v : views_)
        if (v->windowCenter() != center || v->windowWidth() != width) v->setWindow(center, width);
    syncing_ = false;
}

void ViewerPanel::setEditAlternate(bool on) {
    for (SliceView* v : views_) v->setEditAlternate(on);
}

void ViewerPanel::setEditing(bool on) {
    for (SliceView* v : views_) v->setEditing(on);
}

void ViewerPanel::setMeasureTool(MeasureTool tool) {
    for (SliceView* v : views_) v->setMeasureTool(tool);
}

void ViewerPanel::setMeasureMode(bool on) {
    for (SliceView* v : views_) v->setMeasureMode(on);
}

void ViewerPanel::setLabels(std::shared_ptr<const imaging::Volume> labels,
                            const LabelStyle& style) {
    for (SliceView* v : views_) v->setLabels(labels, style);
}

void ViewerPanel::setLabelStyle(const LabelStyle& style) {
    for (SliceView* v : views_) v->setLabelStyle(style);
}

void ViewerPanel::setHeatmap(std::shared_ptr<const imaging::Volume> map,
                             const HeatmapStyle& style) {
    for (SliceView* v : views_) v->setHeatmap(map, style);
}

void ViewerPanel::setHeatmapStyle(const HeatmapStyle& style) {
    for (SliceView* v : views_) v->setHeatmapStyle(style);
}

void ViewerPanel::goTo(const std::array<double, 3>& index) {
    syncing_ = true;
    for (SliceView* v : views_) {
        v->setCrosshair(index);
        v->setSlice(int(std::lround(index[int(v->plane())])));
    }
    syncing_ = false;
}

void ViewerPanel::moveCrosshair(const std::array<double, 3>& index) {
    if (layout_ == Layout::Single) return;
    syncing_ = true;
    for (SliceView* v : views_) {
        v->setCrosshair(index);
        if (v != sender()) v->setSlice(int(std::lround(index[int(v->plane())])));
    }
    syncing_ = false;
}

bool ViewerPanel::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::FocusIn || event->type() == QEvent::MouseButtonPress) {
        for (SliceView* v : views_)
            if (v == watched && active_ != v) {
                active_ = v;
                Q_EMIT activeViewChanged(v);
            }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace radlens::viewer
