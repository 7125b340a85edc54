#include "viewer/MeasurementModel.h"

#include <algorithm>
#include <cmath>

#include "imaging/PlaneAxes.h"

namespace radlens::viewer {

double Measurement::mm() const {
    return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
                     (a[2] - b[2]) * (a[2] - b[2]));
}

Measurement MeasurementModel::make(MeasureTool kind, Plane plane, int slice,
                                   const imaging::Volume& volume, const std::array<double, 3>& a,
                                   const std::array<double, 3>& b, const std::array<double, 3>& c) {
    Measurement m;
    m.kind = kind == MeasureTool::None ? MeasureTool::Distance : kind;
    m.plane = plane;
    m.slice = slice;
    const auto& sp = volume.geometry().spacing;
    for (std::size_t k = 0; k < 3; ++k) {
        m.a[k] = a[k] * sp[k];
        m.b[k] = b[k] * sp[k];
        m.c[k] = c[k] * sp[k];
    }
    const auto [u, v, w] = imaging::planeAxes(int(plane));
    m.a[w] = m.b[w] = m.c[w] = slice * sp[w];
    if ((m.kind == MeasureTool::Rectangle || m.kind == MeasureTool::Ellipse) &&
        volume.pixelType() != imaging::PixelType::Rgb8)
        m.stats = imaging::RoiStatistics::compute(volume, w, slice, {a[u], a[v]}, {b[u], b[v]},
                                                  m.kind == MeasureTool::Ellipse
                                                      ? imaging::RoiShape::Ellipse
                                                      : imaging::RoiShape::Rectangle);
    if (m.kind == MeasureTool::Angle)
        m.degrees = imaging::RoiStatistics::angleDegrees(m.a, m.b, m.c);
    return m;
}

std::vector<std::array<double, 3>> MeasurementModel::outline(Plane plane, MeasureTool kind,
                                                             const std::array<double, 3>& a,
                                                             const std::array<double, 3>& b,
                                                             const std::array<double, 3>& c) {
    const auto axes = imaging::planeAxes(int(plane));
    const std::size_t u = std::size_t(axes.u), v = std::size_t(axes.v);
    std::vector<std::array<double, 3>> pts;
    switch (kind) {
        case MeasureTool::Distance:
            pts = {a, b};
            break;
        case MeasureTool::Rectangle: {
            std::array<double, 3> p = a, q = a;
            p[u] = b[u];
            q[v] = b[v];
            pts = {a, p, b, q, a};
            break;
        }
        case MeasureTool::Ellipse: {
            const double cu = (a[u] + b[u]) / 2, cv = (a[v] + b[v]) / 2;
            const double ru = std::abs(b[u] - a[u]) / 2, rv = std::abs(b[v] - a[v]) / 2;
            for (int k = 0; k <= 48; ++k) {
                std::array<double, 3> p = a;
                p[u] = cu + ru * std::cos(2 * M_PI * k / 48);
                p[v] = cv + rv * std::sin(2 * M_PI * k / 48);
                pts.push_back(p);
            }
            break;
        }
        case MeasureTool::Angle:
            pts = {a, b, c};
            break;
        case MeasureTool::None:
            break;
    }
    return pts;
}

void MeasurementModel::setSeries(const std::string& key) {
    if (key != key_) selected_ = -1;
    key_ = key;
}

const std::vector<Measurement>& MeasurementModel::list() const {
    static const std::vector<Measurement> none;
    const auto it = lists_.find(key_);
    return it == lists_.end() ? none : it->second;
}

const Measurement& MeasurementModel::add(const Measurement& m) {
    auto& list = lists_[key_];
    list.push_back(m);
    history_[key_].push_back({true, m, list.size() - 1});
    selected_ = -1;
    return list.back();
}

void MeasurementModel::select(int index) {
    const int n = int(list().size());
    selected_ = index >= 0 && index < n ? index : -1;
}

int MeasurementModel::hitTest(Plane plane, int slice, const std::array<double, 3>& p,
                              double toleranceMm) const {
    const auto axes = imaging::planeAxes(int(plane));
    const std::size_t u = std::size_t(axes.u), v = std::size_t(axes.v);
    double best = toleranceMm;
    int hit = -1;
    const auto& all = list();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Measurement& m = all[i];
        if (m.plane != plane || m.slice != slice) continue;
        const auto pts = outline(plane, m.kind, m.a, m.b, m.c);
        for (std::size_t k = 0; k + 1 < pts.size(); ++k) {
            // Distance from p to the segment pts[k] - pts[k + 1], in plane.
            const double ax = pts[k][u], ay = pts[k][v];
            const double dx = pts[k + 1][u] - ax, dy = pts[k + 1][v] - ay;
            const double len2 = dx * dx + dy * dy;
            const double t =
                len2 > 0 ? std::clamp(((p[u] - ax) * dx + (p[v] - ay) * dy) / len2, 0.0, 1.0) : 0.0;
            const double d = std::hypot(p[u] - (ax + t * dx), p[v] - (ay + t * dy));
            if (d <= best) {
                best = d;
                hit = int(i);
            }
        }
    }
    return hit;
}

void MeasurementModel::remove() {
    auto& list = lists_[key_];
    if (list.empty()) return;
    const std::size_t i = selected_ >= 0 ? std::size_t(selected_) : list.size() - 1;
    history_[key_].push_back({false, list[i], i});
    list.erase(list.begin() + std::ptrdiff_t(i));
    selected_ = -1;
}

void MeasurementModel::undo() {
    auto& history = history_[key_];
    if (history.empty()) return;
    const Step step = history.back();
    history.pop_back();
    auto& list = lists_[key_];
    if (step.added && step.index < list.size())
        list.erase(list.begin() + std::ptrdiff_t(step.index));
    else if (!step.added && step.index <= list.size())
        list.insert(list.begin() + std::ptrdiff_t(step.index), step.measurement);
    selected_ = -1;
}

}  // namespace radlens::viewer
