#pragma once
// Per-class probability bars: one row per class, highest first; the bar's
// length is the probability, a tick marks the class' threshold, flagged
// classes (at or above their threshold) are red and bold. Class names are
// shown through ClassNames (translated, or the bundle's display name).
//
// Threads: GUI thread only.

#include <QWidget>
#include <map>
#include <string>
#include <vector>

namespace radlens::ui {

struct ProbabilityRow {
    std::string name;
    double probability = 0;
    double threshold = 0.5;
    bool flagged = false;
    std::map<std::string, std::string> displayNames;
};

class ProbabilityBars : public QWidget {
    Q_OBJECT
public:
    explicit ProbabilityBars(QWidget* parent = nullptr);
    void setRows(std::vector<ProbabilityRow> rows);
    const std::vector<ProbabilityRow>& rows() const { return rows_; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* e) override;

private:
    std::vector<ProbabilityRow> rows_;
    int rowHeight() const;
};

}  // namespace radlens::ui
