#pragma once
// A reliability diagram (the training wizard's results page): per probability
// bin, the fraction of positives against the mean predicted probability,
// before calibration (grey) and after (blue), with the diagonal of perfect
// calibration. Bins without cases are not drawn.
//
// Threads: GUI thread. Ownership: Qt parent/child.

#include <QWidget>
#include <nlohmann/json.hpp>

#include <vector>

namespace radlens::ui {

class ReliabilityDiagram : public QWidget {
    Q_OBJECT
public:
    struct Point {
        double probability = 0, fraction = 0;
        long count = 0;
    };
    explicit ReliabilityDiagram(QWidget* parent = nullptr);
    /// From model.json's calibration.reliability_before / _after (CalibrationReport).
    void setBins(const nlohmann::json& before, const nlohmann::json& after);
    const std::vector<Point>& before() const { return before_; }
    const std::vector<Point>& after() const { return after_; }
    QSize sizeHint() const override { return {220, 220}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<Point> before_, after_;
};

}  // namespace radlens::ui
