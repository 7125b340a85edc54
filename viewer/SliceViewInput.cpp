// SliceView's mouse, wheel and keyboard handling (the class is declared in
// SliceView.h; its drawing lives in SliceView.cpp). Kept apart so that each
// file reads as one concern: what a gesture does to the view's state.
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

std::array<double, 3> SliceView::indexAt(const QPointF& pos) const {
    std::array<double, 3> w = displayToWorld(pos);
    if (!volume_) return w;
    for (int k = 0; k < 3; ++k) w[k] /= volume_->geometry().spacing[k];
    return w;
}

void SliceView::resizeEvent(QResizeEvent* e) {
    VtkWidget::resizeEvent(e);
    updateCamera();
    updateText();
}

void SliceView::wheelEvent(QWheelEvent* e) {
    const int steps = e->angleDelta().y() / 120 != 0 ? e->angleDelta().y() / 120
                                                     : (e->angleDelta().y() > 0 ? 1 : -1);
    if (e->modifiers() & Qt::ControlModifier)
        setZoom(zoom_ * std::pow(1.15, steps));
    else
        setSlice(slice_ + steps);
    e->accept();
}

void SliceView::setEditing(bool on) {
    editing_ = on;
    editDrag_ = false;
    setMouseTracking(on || tool_ == MeasureTool::Angle);
    if (!on) setEditOutline({}, false);
}

void SliceView::setEditOutline(const std::vector<std::array<double, 3>>& indexPoints, bool closed) {
    if (!outline_) {
        outline_ = vtkSmartPointer<vtkPolyData>::New();
        auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
        mapper->SetInputData(outline_);
        outlineActor_ = vtkSmartPointer<vtkActor>::New();
        outlineActor_->SetMapper(mapper);
        outlineActor_->GetProperty()->SetColor(1.0, 0.85, 0.2);
        outlineActor_->GetProperty()->SetLineWidth(1.5);
        outlineActor_->PickableOff();
        renderer()->AddActor(outlineActor_);
    }
    auto points = vtkSmartPointer<vtkPoints>::New();
    auto lines = vtkSmartPointer<vtkCellArray>::New();
    if (volume_ && indexPoints.size() >= 2) {
        const auto& sp = volume_->geometry().spacing;
        const DisplayAxes ax = displayAxes(plane_);
        for (const auto& p : indexPoints) {
            double d[3] = {p[0] * sp[0], p[1] * sp[1], p[2] * sp[2]};
            // On this slice, a little towards the camera so it is drawn over the image.
            d[int(plane_)] = slice_ * sp[int(plane_)] - ax.dop[int(plane_)] * 0.5;
            points->InsertNextPoint(d);
        }
        const auto n = vtkIdType(indexPoints.size());
        lines->InsertNextCell(closed ? n + 1 : n);
        for (vtkIdType i = 0; i < n; ++i) lines->InsertCellPoint(i);
        if (closed) lines->InsertCellPoint(0);
    }
    outline_->SetPoints(points);
    outline_->SetLines(lines);
    outline_->Modified();
    requestRender();
}

void SliceView::mouseDoubleClickEvent(QMouseEvent* e) {
    if (editing_ && volume_ && e->button() == Qt::LeftButton) {
        Q_EMIT editDoubleClicked(indexAt(e->position()));
        return;
    }
    VtkWidget::mouseDoubleClickEvent(e);
}

void SliceView::leaveEvent(QEvent* e) {
    if (editing_) setEditOutline({}, false);
    VtkWidget::leaveEvent(e);
}

void SliceView::mousePressEvent(QMouseEvent* e) {
    if (editing_ && editAlternate_ && volume_ &&
        (e->button() == Qt::RightButton ||
         (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ShiftModifier)))) {
        dragButton_ = Qt::NoButton;
        setFocus();
        Q_EMIT editAltPressed(indexAt(e->position()));
        return;
    }
    dragButton_ = e->button();
    dragStart_ = dragLast_ = e->position();
    panning_ = e->button() == Qt::MiddleButton ||
               (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ShiftModifier));
    if (editing_ && e->button() == Qt::LeftButton && !panning_ && volume_) {
        editDrag_ = true;
        setFocus();
        Q_EMIT editPressed(indexAt(e->position()));
        return;
    }
    if (e->button() == Qt::LeftButton && !panning_ && anglePending_ && volume_) {
        anglePending_ = false;
        dragButton_ = Qt::NoButton;
        setEditOutline({}, false);
        addMeasurementAt(MeasureTool::Angle, angleA_, angleB_, indexAt(e->position()));
        return;
    }
    if (e->button() == Qt::LeftButton && !panning_ && !measuring_ && volume_) {
        setFocus();
        if (selectMeasurementAt(e->position())) {
            dragButton_ = Qt::NoButton;  // a click on a measurement only selects it
            return;
        }
        Q_EMIT crosshairMoved(indexAt(e->position()));
    }
    setFocus();
}

void SliceView::mouseMoveEvent(QMouseEvent* e) {
    if (editing_ && volume_ && (editDrag_ || dragButton_ == Qt::NoButton)) {
        if (editDrag_)
            Q_EMIT editDragged(indexAt(e->position()));
        else
            Q_EMIT editHovered(indexAt(e->position()));
        return;
    }
    if (anglePending_ && dragButton_ == Qt::NoButton) {
        previewMeasurement(e->position());
        return;
    }
    if (dragButton_ == Qt::NoButton || !volume_) return;
    const QPointF d = e->position() - dragLast_;
    dragLast_ = e->position();
    if (dragButton_ == Qt::RightButton) {
        const double step = std::max(width_, 1.0) / 300.0;
        setWindow(center_ - d.y() * step, std::max(1.0, width_ + d.x() * step));
    } else if (panning_) {
        const double mmPerPixel =
            2 * renderer()->GetActiveCamera()->GetParallelScale() / std::max(1, height());
        pan_[0] += d.x() * mmPerPixel;
        pan_[1] += -d.y() * mmPerPixel;
        updateCamera();
        requestRender();
    } else if (dragButton_ == Qt::LeftButton && !measuring_) {
        Q_EMIT crosshairMoved(indexAt(e->position()));
    } else if (dragButton_ == Qt::LeftButton && measuring_) {
        previewMeasurement(e->position());
    }
}

void SliceView::mouseReleaseEvent(QMouseEvent* e) {
    if (editDrag_ && e->button() == Qt::LeftButton) {
        editDrag_ = false;
        dragButton_ = Qt::NoButton;
        Q_EMIT editReleased(indexAt(e->position()));
        return;
    }
    if (dragButton_ == Qt::LeftButton && measuring_ && !panning_ &&
        (e->position() - dragStart_).manhattanLength() > 3) {
        if (tool_ == MeasureTool::Angle) {
            // The first arm: from its end to the vertex; a click ends the second.
            anglePending_ = true;
            angleA_ = indexAt(dragStart_);
            angleB_ = indexAt(e->position());
            setEditOutline({angleA_, angleB_}, false);
        } else {
            setEditOutline({}, false);
            addMeasurementAt(tool_, indexAt(dragStart_), indexAt(e->position()));
        }
    }
    dragButton_ = Qt::NoButton;
    panning_ = false;
}

void SliceView::keyPressEvent(QKeyEvent* e) {
    if (editing_ && (e->key() == Qt::Key_Return || e->key() == Qt::Key_Enter)) {
        Q_EMIT editFinished();
        return;
    }
    if (editing_ && e->key() == Qt::Key_Escape) {
        Q_EMIT editCancelled();
        return;
    }
    if (anglePending_ && e->key() == Qt::Key_Escape) {
        anglePending_ = false;
        setEditOutline({}, false);
        return;
    }
    switch (e->key()) {
        case Qt::Key_Up:
            setSlice(slice_ + 1);
            break;
        case Qt::Key_Down:
            setSlice(slice_ - 1);
            break;
        case Qt::Key_PageUp:
            setSlice(slice_ + std::max(1, sliceCount() / 10));
            break;
        case Qt::Key_PageDown:
            setSlice(slice_ - std::max(1, sliceCount() / 10));
            break;
        case Qt::Key_Home:
            setSlice(0);
            break;
        case Qt::Key_End:
            setSlice(sliceCount() - 1);
            break;
        case Qt::Key_Delete:
        case Qt::Key_Backspace:
            deleteMeasurement();
            break;
        default:
            if (e->matches(QKeySequence::Undo)) {
                undoMeasurement();
                break;
            }
            VtkWidget::keyPressEvent(e);
            return;
    }
    e->accept();
}

}  // namespace radlens::viewer
