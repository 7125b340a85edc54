#include "imaging/AreaShrinker.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace radlens::imaging {

std::vector<AreaShrinker::Window> AreaShrinker::windows(std::int64_t N, std::int64_t n) {
    std::vector<Window> out(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i)
        out[std::size_t(i)] = {(i * N) / n, ((i + 1) * N + n - 1) / n};
    return out;
}

AreaShrinker::AreaShrinker(std::int64_t H, std::int64_t W, std::int64_t h, std::int64_t w,
                           float* dst)
    : H_(H), W_(W), h_(h), w_(w), dst_(dst) {
    if (h < 1 || w < 1 || h > H || w > W)
        throw std::invalid_argument("area shrink: cannot shrink " + std::to_string(W) + "x" +
                                    std::to_string(H) + " to " + std::to_string(w) + "x" +
                                    std::to_string(h));
    rows_ = windows(H, h);
    columns_ = windows(W, w);
    sums_[0].resize(std::size_t(W));
    sums_[1].resize(std::size_t(W));
}

void AreaShrinker::addRow(const float* __restrict row) {
    if (next_ >= H_)
        throw std::logic_error("area shrink: row " + std::to_string(next_ + 1) + " of " +
                               std::to_string(H_) + " added");
    const std::int64_t r = next_++;
    // At most two windows hold a row when h <= H (a third would start after
    // the first ends), and they are the first open ones.
    for (std::int64_t i = open_; i < h_ && rows_[std::size_t(i)].begin <= r; ++i) {
        float* __restrict sum = sums_[i & 1].data();
        if (r == rows_[std::size_t(i)].begin)
            std::copy(row, row + W_, sum);
        else
            for (std::int64_t x = 0; x < W_; ++x) sum[x] += row[x];
    }
    while (open_ < h_ && rows_[std::size_t(open_)].end == r + 1) finish(open_++);
}

void AreaShrinker::finish(std::int64_t i) {
    const float* sum = sums_[i & 1].data();
    const float rowCount = float(rows_[std::size_t(i)].end - rows_[std::size_t(i)].begin);
    float* out = dst_ + i * w_;
    for (std::int64_t j = 0; j < w_; ++j) {
        const Window c = columns_[std::size_t(j)];
        float total = 0;
        for (std::int64_t x = c.begin; x < c.end; ++x) total += sum[x];
        // A division, not a product with a rounded reciprocal: an image of
        // one value keeps it exactly.
        out[j] = total / (rowCount * float(c.end - c.begin));
    }
}

}  // namespace radlens::imaging
