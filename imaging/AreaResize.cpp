#include "imaging/AreaResize.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace radlens::imaging {

namespace {

/// Output index i of n windows over N inputs: [begin, end).
struct Window {
    std::int64_t begin, end;
};

std::vector<Window> windows(std::int64_t N, std::int64_t n) {
    std::vector<Window> out(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i)
        out[std::size_t(i)] = {(i * N) / n, ((i + 1) * N + n - 1) / n};
    return out;
}

}  // namespace

void resizeArea(const float* src, std::int64_t H, std::int64_t W, float* dst, std::int64_t h,
                std::int64_t w) {
    if (h < 1 || w < 1 || h > H || w > W)
        throw std::invalid_argument("resizeArea: cannot shrink " + std::to_string(W) + "x" +
                                    std::to_string(H) + " to " + std::to_string(w) + "x" +
                                    std::to_string(h));
    const std::vector<Window> rows = windows(H, h), columns = windows(W, w);
    std::vector<float> columnScale(static_cast<std::size_t>(w));
    for (std::int64_t j = 0; j < w; ++j)
        columnScale[std::size_t(j)] =
            1.0f / float(columns[std::size_t(j)].end - columns[std::size_t(j)].begin);

    // Each input row averaged across the column windows once (consecutive
    // row windows share a row when H / h is not whole), then the rows of
    // each row window summed.
    std::vector<float> across(static_cast<std::size_t>(H * w));
    for (std::int64_t r = 0; r < H; ++r) {
        const float* in = src + r * W;
        float* out = across.data() + r * w;
        for (std::int64_t j = 0; j < w; ++j) {
            const Window c = columns[std::size_t(j)];
            float sum = 0;
            for (std::int64_t x = c.begin; x < c.end; ++x) sum += in[x];
            out[j] = sum * columnScale[std::size_t(j)];
        }
    }
    for (std::int64_t i = 0; i < h; ++i) {
        const Window r = rows[std::size_t(i)];
        float* out = dst + i * w;
        const float* first = across.data() + r.begin * w;
        for (std::int64_t j = 0; j < w; ++j) out[j] = first[j];
        for (std::int64_t y = r.begin + 1; y < r.end; ++y) {
            const float* in = across.data() + y * w;
            for (std::int64_t j = 0; j < w; ++j) out[j] += in[j];
        }
        const float scale = 1.0f / float(r.end - r.begin);
        for (std::int64_t j = 0; j < w; ++j) out[j] *= scale;
    }
}

}  // namespace radlens::imaging
