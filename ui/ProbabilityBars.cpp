#include "ui/ProbabilityBars.h"

#include <QPainter>
#include <algorithm>

#include "ui/ClassNames.h"

namespace radlens::ui {

ProbabilityBars::ProbabilityBars(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void ProbabilityBars::setRows(std::vector<ProbabilityRow> rows) {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const ProbabilityRow& a, const ProbabilityRow& b) {
                         return a.probability > b.probability;
                     });
    rows_ = std::move(rows);
    QStringList tip;
    for (const ProbabilityRow& r : rows_)
        tip << tr("%1: %2 % (threshold %3 %)")
                   .arg(ClassNames::display(r.name, r.displayNames))
                   .arg(r.probability * 100, 0, 'f', 1)
                   .arg(r.threshold * 100, 0, 'f', 0);
    setToolTip(tip.join(QLatin1Char('\n')));
    updateGeometry();
    update();
}

int ProbabilityBars::rowHeight() const { return fontMetrics().height() + 8; }

QSize ProbabilityBars::sizeHint() const {
    return {260, std::max(1, int(rows_.size())) * rowHeight() + 4};
}

QSize ProbabilityBars::minimumSizeHint() const { return {160, sizeHint().height()}; }

void ProbabilityBars::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const int h = rowHeight();
    const int nameWidth =
        std::min(width() / 2, fontMetrics().horizontalAdvance(QLatin1Char('M')) * 11);
    const int percentWidth = fontMetrics().horizontalAdvance(QStringLiteral("100.0 %")) + 6;
    const int barLeft = nameWidth + 6;
    const int barWidth = std::max(20, width() - barLeft - percentWidth - 4);
    const QColor flaggedColor(214, 48, 49), normalColor(52, 152, 219);
    int y = 2;
    for (const ProbabilityRow& r : rows_) {
        QFont f = font();
        f.setBold(r.flagged);
        p.setFont(f);
        p.setPen(r.flagged ? flaggedColor : palette().color(QPalette::WindowText));
        const QString name = fontMetrics().elidedText(ClassNames::display(r.name, r.displayNames),
                                                      Qt::ElideRight, nameWidth);
        p.drawText(QRect(0, y, nameWidth, h), Qt::AlignVCenter | Qt::AlignLeft, name);
        const QRect track(barLeft, y + 4, barWidth, h - 8);
        p.setPen(Qt::NoPen);
        p.setBrush(palette().color(QPalette::Midlight));
        p.drawRoundedRect(track, 3, 3);
        QRect bar = track;
        bar.setWidth(int(track.width() * std::clamp(r.probability, 0.0, 1.0)));
        p.setBrush(r.flagged ? flaggedColor : normalColor);
        if (bar.width() > 0) p.drawRoundedRect(bar, 3, 3);
        // The threshold: a dark tick across the track.
        const int tx = track.left() + int(track.width() * std::clamp(r.threshold, 0.0, 1.0));
        p.setPen(QPen(palette().color(QPalette::Text), 2));
        p.drawLine(tx, track.top() - 3, tx, track.bottom() + 3);
        p.setPen(r.flagged ? flaggedColor : palette().color(QPalette::WindowText));
        p.drawText(QRect(barLeft + barWidth + 4, y, percentWidth, h),
                   Qt::AlignVCenter | Qt::AlignRight,
                   tr("%1 %").arg(r.probability * 100, 0, 'f', 1));
        y += h;
    }
}

}  // namespace radlens::ui
