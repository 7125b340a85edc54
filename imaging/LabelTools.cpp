#include "imaging/LabelTools.h"

#include "imaging/PlaneAxes.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "imaging/PolygonRasterizer.h"

namespace radlens::imaging {

namespace {

std::size_t linear(const std::array<int, 3>& d, int x, int y, int z) {
    return (std::size_t(z) * std::size_t(d[1]) + std::size_t(y)) * std::size_t(d[0]) +
           std::size_t(x);
}

void checkImage(const LabelEdit& edit, const BrushOptions& o) {
    if (o.image && o.image->dims() != edit.labels().dims())
        throw std::invalid_argument("the threshold image is not the label map's size");
}

/// Writes o.label (or clears) at voxel p if the options allow; returns 1 when it changed.
std::size_t paintVoxel(LabelEdit& edit, const std::array<int, 3>& p, const BrushOptions& o) {
    const std::uint8_t cur = edit.get(p[0], p[1], p[2]);
    std::uint8_t value;
    if (o.erase) {
        if (cur == 0 || (o.label != 0 && cur != o.label)) return 0;
        value = 0;
    } else {
        if (cur == o.label) return 0;
        if (!o.overwrite && cur != 0) return 0;
        value = o.label;
    }
    if (o.image) {
        const double hu =
            LabelTools::valueAt(*o.image, linear(edit.labels().dims(), p[0], p[1], p[2]));
        if (hu < o.low || hu > o.high) return 0;
    }
    edit.set(p[0], p[1], p[2], value);
    return 1;
}

/// Squared Euclidean distance transform along one line (Felzenszwalb and
/// Huttenlocher), f in units of (sample * step)^2.
void edt1d(const std::vector<double>& f, std::vector<double>& d, double step) {
    const int n = int(f.size());
    std::vector<int> v(std::size_t(n) + 1);
    std::vector<double> z(std::size_t(n) + 2);
    int k = 0;
    v[0] = 0;
    z[0] = -INFINITY;
    z[1] = INFINITY;
    const double s2 = step * step;
    auto inter = [&](int q, int p) {
        return ((f[std::size_t(q)] + s2 * q * q) - (f[std::size_t(p)] + s2 * p * p)) /
               (2.0 * s2 * (q - p));
    };
    for (int q = 1; q < n; ++q) {
        if (std::isinf(f[std::size_t(q)]) && f[std::size_t(q)] > 0) continue;
        if (std::isinf(f[std::size_t(v[std::size_t(k)])])) {
            v[std::size_t(k)] = q;
            continue;
        }
        double s = inter(q, v[std::size_t(k)]);
        while (k > 0 && s <= z[std::size_t(k)]) {
            --k;
            s = inter(q, v[std::size_t(k)]);
        }
        ++k;
        v[std::size_t(k)] = q;
        z[std::size_t(k)] = s;
        z[std::size_t(k) + 1] = INFINITY;
    }
    k = 0;
    for (int q = 0; q < n; ++q) {
        while (z[std::size_t(k) + 1] < q) ++k;
        const int p = v[std::size_t(k)];
        d[std::size_t(q)] =
            std::isinf(f[std::size_t(p)]) ? INFINITY : s2 * (q - p) * (q - p) + f[std::size_t(p)];
    }
}

/// Distance (mm) from each pixel to the nearest pixel where `target` is true.
std::vector<double> distanceTo(const std::vector<char>& target, int w, int h, double su,
                               double sv) {
    std::vector<double> g(target.size());
    for (std::size_t i = 0; i < target.size(); ++i) g[i] = target[i] ? 0.0 : INFINITY;
    std::vector<double> f(std::size_t(std::max(w, h))), d(f.size());
    f.resize(std::size_t(h));
    d.resize(std::size_t(h));
    for (int x = 0; x < w; ++x) {
        for (int y = 0; y < h; ++y)
            f[std::size_t(y)] = g[std::size_t(y) * std::size_t(w) + std::size_t(x)];
        edt1d(f, d, sv);
        for (int y = 0; y < h; ++y)
            g[std::size_t(y) * std::size_t(w) + std::size_t(x)] = d[std::size_t(y)];
    }
    f.resize(std::size_t(w));
    d.resize(std::size_t(w));
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x)
            f[std::size_t(x)] = g[std::size_t(y) * std::size_t(w) + std::size_t(x)];
        edt1d(f, d, su);
        for (int x = 0; x < w; ++x)
            g[std::size_t(y) * std::size_t(w) + std::size_t(x)] = std::sqrt(d[std::size_t(x)]);
    }
    return g;
}

/// Signed distance (mm): negative inside the mask, positive outside.
std::vector<double> signedDistance(const std::vector<char>& inside, int w, int h, double su,
                                   double sv) {
    std::vector<char> outside(inside.size());
    for (std::size_t i = 0; i < inside.size(); ++i) outside[i] = !inside[i];
    const std::vector<double> toIn = distanceTo(inside, w, h, su, sv);
    const std::vector<double> toOut = distanceTo(outside, w, h, su, sv);
    std::vector<double> s(inside.size());
    // Distances run between pixel centres; the border lies half a pixel out.
    const double half = 0.5 * std::min(su, sv);
    for (std::size_t i = 0; i < s.size(); ++i) s[i] = inside[i] ? half - toOut[i] : toIn[i] - half;
    return s;
}

}  // namespace

std::array<int, 2> LabelTools::inPlaneAxes(int axis) {
    const PlaneAxes a = planeAxes(axis);
    return {a.u, a.v};
}

double LabelTools::valueAt(const Volume& v, std::size_t i) {
    switch (v.pixelType()) {
        case PixelType::UInt8:
            return v.dataAs<std::uint8_t>()[i];
        case PixelType::Int16:
            return v.dataAs<std::int16_t>()[i];
        case PixelType::UInt16:
            return v.dataAs<std::uint16_t>()[i];
        case PixelType::Float32:
            return v.dataAs<float>()[i];
        case PixelType::Rgb8:
            return v.dataAs<std::uint8_t>()[3 * i];
    }
    return 0;
}

std::size_t LabelTools::dab(LabelEdit& edit, int axis, const std::array<double, 3>& center,
                            const BrushOptions& o) {
    checkImage(edit, o);
    inPlaneAxes(axis);  // checks the axis
    const Geometry& g = edit.labels().geometry();
    const auto& d = g.dims;
    // At least the voxel under the cursor, however small the radius.
    const double r =
        std::max(o.radiusMm, 0.5 * std::min({g.spacing[0], g.spacing[1], g.spacing[2]}) + 1e-9);
    std::array<int, 3> lo{}, hi{};
    for (int a = 0; a < 3; ++a) {
        const auto A = std::size_t(a);
        if (a == axis && !o.sphere) {
            lo[A] = hi[A] = int(std::lround(center[A]));
        } else {
            const double ext = r / g.spacing[A];
            lo[A] = int(std::ceil(center[A] - ext));
            hi[A] = int(std::floor(center[A] + ext));
        }
        lo[A] = std::max(lo[A], 0);
        hi[A] = std::min(hi[A], d[A] - 1);
        if (lo[A] > hi[A]) return 0;
    }
    std::size_t n = 0;
    const double r2 = r * r;
    for (int z = lo[2]; z <= hi[2]; ++z)
        for (int y = lo[1]; y <= hi[1]; ++y)
            for (int x = lo[0]; x <= hi[0]; ++x) {
                const std::array<int, 3> p{x, y, z};
                double s = 0;
                for (int a = 0; a < 3; ++a) {
                    if (a == axis && !o.sphere) continue;
                    const double dm =
                        (p[std::size_t(a)] - center[std::size_t(a)]) * g.spacing[std::size_t(a)];
                    s += dm * dm;
                }
                if (s <= r2) n += paintVoxel(edit, p, o);
            }
    return n;
}

std::size_t LabelTools::stroke(LabelEdit& edit, int axis, const std::array<double, 3>& from,
                               const std::array<double, 3>& to, const BrushOptions& o) {
    const Geometry& g = edit.labels().geometry();
    double lengthMm = 0;
    for (int a = 0; a < 3; ++a) {
        const double dm = (to[std::size_t(a)] - from[std::size_t(a)]) * g.spacing[std::size_t(a)];
        lengthMm += dm * dm;
    }
    lengthMm = std::sqrt(lengthMm);
    const double step = std::max(o.radiusMm / 4, 0.25 * std::min(g.spacing[0], g.spacing[1]));
    const int steps = std::max(1, int(std::ceil(lengthMm / step)));
    std::size_t n = 0;
    for (int i = 0; i <= steps; ++i) {
        const double t = double(i) / steps;
        std::array<double, 3> p{};
        for (std::size_t a = 0; a < 3; ++a) p[a] = from[a] + t * (to[a] - from[a]);
        n += dab(edit, axis, p, o);
    }
    return n;
}

std::size_t LabelTools::polygon(LabelEdit& edit, int axis, int slice,
                                const std::vector<std::array<double, 2>>& points,
                                const BrushOptions& o) {
    checkImage(edit, o);
    const auto [ua, va] = inPlaneAxes(axis);
    const auto& d = edit.labels().dims();
    if (slice < 0 || slice >= d[std::size_t(axis)]) return 0;
    const int w = d[std::size_t(ua)], h = d[std::size_t(va)];
    // Voxel centres are whole indices; the rasteriser's pixel centres are +0.5.
    std::vector<std::array<double, 2>> shifted;
    for (const auto& p : points) shifted.push_back({p[0] + 0.5, p[1] + 0.5});
    std::vector<std::uint8_t> mask(std::size_t(w) * std::size_t(h), 0);
    PolygonRasterizer::fill(shifted, w, h, 1, mask.data());
    std::size_t n = 0;
    for (int v = 0; v < h; ++v)
        for (int u = 0; u < w; ++u) {
            if (!mask[std::size_t(v) * std::size_t(w) + std::size_t(u)]) continue;
            std::array<int, 3> p{};
            p[std::size_t(axis)] = slice;
            p[std::size_t(ua)] = u;
            p[std::size_t(va)] = v;
            n += paintVoxel(edit, p, o);
        }
    return n;
}

std::size_t LabelTools::floodFill(LabelEdit& edit, int axis, int slice, int u, int v,
                                  const BrushOptions& o) {
    checkImage(edit, o);
    const std::array<int, 2> axes = inPlaneAxes(axis);
    const int ua = axes[0], va = axes[1];  // captured below: not a structured binding
    const auto& d = edit.labels().dims();
    const int w = d[std::size_t(ua)], h = d[std::size_t(va)];
    if (slice < 0 || slice >= d[std::size_t(axis)] || u < 0 || v < 0 || u >= w || v >= h) return 0;
    auto voxel = [&](int uu, int vv) {
        std::array<int, 3> p{};
        p[std::size_t(axis)] = slice;
        p[std::size_t(ua)] = uu;
        p[std::size_t(va)] = vv;
        return p;
    };
    const auto seedP = voxel(u, v);
    const std::uint8_t seed = edit.get(seedP[0], seedP[1], seedP[2]);
    const std::uint8_t target = o.erase ? 0 : o.label;
    if (seed == target) return 0;
    auto inRegion = [&](const std::array<int, 3>& p) {
        if (edit.get(p[0], p[1], p[2]) != seed) return false;
        if (!o.image) return true;
        const double x = valueAt(*o.image, linear(d, p[0], p[1], p[2]));
        return x >= o.low && x <= o.high;
    };
    if (!inRegion(seedP)) return 0;
    std::vector<char> seen(std::size_t(w) * std::size_t(h), 0);
    std::vector<std::array<int, 2>> stack{{u, v}};
    seen[std::size_t(v) * std::size_t(w) + std::size_t(u)] = 1;
    std::size_t n = 0;
    while (!stack.empty()) {
        const auto [cu, cv] = stack.back();
        stack.pop_back();
        const auto p = voxel(cu, cv);
        edit.set(p[0], p[1], p[2], target);
        ++n;
        const std::array<std::array<int, 2>, 4> next{
            {{cu + 1, cv}, {cu - 1, cv}, {cu, cv + 1}, {cu, cv - 1}}};
        for (const auto& q : next) {
            if (q[0] < 0 || q[1] < 0 || q[0] >= w || q[1] >= h) continue;
            char& s = seen[std::size_t(q[1]) * std::size_t(w) + std::size_t(q[0])];
            if (s) continue;
            s = 1;
            if (inRegion(voxel(q[0], q[1]))) stack.push_back(q);
        }
    }
    return n;
}

std::size_t LabelTools::interpolate(LabelEdit& edit, int axis, std::uint8_t label) {
    if (label == 0) return 0;
    const std::array<int, 2> axes = inPlaneAxes(axis);
    const int ua = axes[0], va = axes[1];  // captured below: not a structured binding
    const Geometry& g = edit.labels().geometry();
    const auto& d = g.dims;
    const int w = d[std::size_t(ua)], h = d[std::size_t(va)], depth = d[std::size_t(axis)];
    auto voxel = [&](int s, int uu, int vv) {
        std::array<int, 3> p{};
        p[std::size_t(axis)] = s;
        p[std::size_t(ua)] = uu;
        p[std::size_t(va)] = vv;
        return p;
    };
    auto sliceMask = [&](int s) {
        std::vector<char> m(std::size_t(w) * std::size_t(h), 0);
        for (int vv = 0; vv < h; ++vv)
            for (int uu = 0; uu < w; ++uu) {
                const auto p = voxel(s, uu, vv);
                m[std::size_t(vv) * std::size_t(w) + std::size_t(uu)] =
                    edit.get(p[0], p[1], p[2]) == label;
            }
        return m;
    };
    std::vector<int> keys;
    for (int s = 0; s < depth; ++s) {
        const auto m = sliceMask(s);
        if (std::find(m.begin(), m.end(), 1) != m.end()) keys.push_back(s);
    }
    std::size_t n = 0;
    const double su = g.spacing[std::size_t(ua)], sv = g.spacing[std::size_t(va)];
    for (std::size_t k = 0; k + 1 < keys.size(); ++k) {
        const int a = keys[k], b = keys[k + 1];
        if (b - a < 2) continue;
        const std::vector<double> da = signedDistance(sliceMask(a), w, h, su, sv);
        const std::vector<double> db = signedDistance(sliceMask(b), w, h, su, sv);
        for (int s = a + 1; s < b; ++s) {
            const double t = double(s - a) / double(b - a);
            for (int vv = 0; vv < h; ++vv)
                for (int uu = 0; uu < w; ++uu) {
                    const std::size_t i = std::size_t(vv) * std::size_t(w) + std::size_t(uu);
                    if ((1 - t) * da[i] + t * db[i] >= 0) continue;
                    const auto p = voxel(s, uu, vv);
                    if (edit.get(p[0], p[1], p[2]) != 0) continue;
                    edit.set(p[0], p[1], p[2], label);
                    ++n;
                }
        }
    }
    return n;
}

}  // namespace radlens::imaging
