#include "imaging/MaskContours.h"

namespace radlens::imaging {

namespace {

struct Edge {
    int x0, y0, x1, y1;
    bool used = false;
};

}  // namespace

double MaskContours::area(const std::vector<std::array<double, 2>>& p) {
    double s = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const auto& a = p[i];
        const auto& b = p[(i + 1) % p.size()];
        s += a[0] * b[1] - b[0] * a[1];
    }
    return s / 2;
}

MaskOutlines MaskContours::trace(const std::uint8_t* mask, int width, int height,
                                 std::uint8_t value) {
    auto in = [&](int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height &&
               mask[std::size_t(y) * std::size_t(width) + std::size_t(x)] == value;
    };
    // Directed border edges with the shape on their right (y down): top edges
    // run +x, right edges +y, bottom edges -x, left edges -y.
    std::vector<Edge> edges;
    const std::size_t vw = std::size_t(width) + 1;
    std::vector<std::array<int, 2>> out(vw * (std::size_t(height) + 1), {-1, -1});
    auto add = [&](int x0, int y0, int x1, int y1) {
        auto& slot = out[std::size_t(y0) * vw + std::size_t(x0)];
        (slot[0] < 0 ? slot[0] : slot[1]) = int(edges.size());
        edges.push_back({x0, y0, x1, y1});
    };
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            if (!in(x, y)) continue;
            if (!in(x, y - 1)) add(x, y, x + 1, y);
            if (!in(x + 1, y)) add(x + 1, y, x + 1, y + 1);
            if (!in(x, y + 1)) add(x + 1, y + 1, x, y + 1);
            if (!in(x - 1, y)) add(x, y + 1, x, y);
        }
    MaskOutlines result;
    for (std::size_t start = 0; start < edges.size(); ++start) {
        if (edges[start].used) continue;
        std::vector<std::array<double, 2>> loop;
        std::size_t e = start;
        while (!edges[e].used) {
            Edge& cur = edges[e];
            cur.used = true;
            const int dx = cur.x1 - cur.x0, dy = cur.y1 - cur.y0;
            if (loop.size() < 1) loop.push_back({double(cur.x0), double(cur.y0)});
            const auto& slot = out[std::size_t(cur.y1) * vw + std::size_t(cur.x1)];
            // Two ways on at a pixel corner touched diagonally: turn right,
            // keeping to the current shape (4-connectivity).
            int next = slot[0];
            if (slot[1] >= 0) {
                const Edge& b = edges[std::size_t(slot[1])];
                if (b.x1 - b.x0 == -dy && b.y1 - b.y0 == dx) next = slot[1];
            }
            const Edge& n = edges[std::size_t(next)];
            const bool straight = n.x1 - n.x0 == dx && n.y1 - n.y0 == dy;
            if (!straight) loop.push_back({double(cur.x1), double(cur.y1)});
            e = std::size_t(next);
        }
        // The walk ends where it began: drop the repeated point, then the
        // start point itself unless it is a corner.
        if (loop.size() > 1 && loop.front() == loop.back()) loop.pop_back();
        if (loop.size() >= 3) {
            const auto& a = loop[loop.size() - 1];
            const auto& b = loop[0];
            const auto& c = loop[1];
            if ((b[0] - a[0]) * (c[1] - b[1]) == (b[1] - a[1]) * (c[0] - b[0]))
                loop.erase(loop.begin());
        }
        (area(loop) > 0 ? result.outer : result.holes).push_back(std::move(loop));
    }
    return result;
}

}  // namespace radlens::imaging
