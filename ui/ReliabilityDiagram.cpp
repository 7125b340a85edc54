#include "ui/ReliabilityDiagram.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace radlens::ui {

namespace {

std::vector<ReliabilityDiagram::Point> pointsOf(const nlohmann::json& bins) {
    std::vector<ReliabilityDiagram::Point> out;
    if (!bins.is_array()) return out;
    for (const nlohmann::json& b : bins) {
        const long n = b.value("count", 0L);
        if (n > 0)
            out.push_back({b.value("mean_probability", 0.0), b.value("fraction_positive", 0.0), n});
    }
    return out;
}

}  // namespace

ReliabilityDiagram::ReliabilityDiagram(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("reliabilityDiagram"));
    setMinimumSize(160, 160);
    setToolTip(
        tr("Reliability: fraction of positives against the predicted probability, "
           "before (grey) and after (blue) calibration. On the diagonal, a probability "
           "means what it says."));
}

void ReliabilityDiagram::setBins(const nlohmann::json& before, const nlohmann::json& after) {
    before_ = pointsOf(before);
    after_ = pointsOf(after);
    update();
}

void ReliabilityDiagram::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.8));
    p.setFont(small);
    const int text = QFontMetrics(small).height() + 2;
    const int margin = 8;
    const int side = std::max(10, std::min(width() - 2 * margin, height() - 2 * text - margin));
    const QRectF plot((width() - side) / 2.0, margin, side, side);
    auto at = [&](double x, double y) {
        return QPointF(plot.left() + x * plot.width(), plot.bottom() - y * plot.height());
    };
    p.setPen(QPen(palette().mid().color(), 1));
    p.drawRect(plot);
    p.setPen(QPen(palette().mid().color(), 1, Qt::DashLine));
    p.drawLine(at(0, 0), at(1, 1));
    p.setPen(palette().text().color());
    p.drawText(QRectF(0, plot.bottom() + 2, width(), text), Qt::AlignCenter,
               tr("predicted probability"));
    p.drawText(QRectF(0, plot.bottom() + 2 + text, width(), text), Qt::AlignCenter,
               tr("grey: before, blue: after"));
    auto curve = [&](const std::vector<Point>& pts, const QColor& colour) {
        if (pts.empty()) return;
        QPainterPath path(at(pts.front().probability, pts.front().fraction));
        for (const Point& pt : pts) path.lineTo(at(pt.probability, pt.fraction));
        p.setPen(QPen(colour, 2));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        p.setBrush(colour);
        for (const Point& pt : pts) p.drawEllipse(at(pt.probability, pt.fraction), 3, 3);
    };
    curve(before_, QColor(150, 150, 150));
    curve(after_, QColor(41, 128, 185));
}

}  // namespace radlens::ui
