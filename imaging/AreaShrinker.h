#pragma once
// Shrinking a grey image by area averaging, one input row at a time: each
// output pixel is the mean of the input pixels its window covers, the window
// of output row i spanning input rows [floor(i H / h), ceil((i + 1) H / h))
// and likewise for columns -- the windows of LibTorch's
// interpolate(mode = area), that is adaptive_avg_pool2d.
//
// Rows are summed as they arrive into the (at most two) output rows whose
// windows hold them, contiguous vector adds; an output row is summed across
// its column windows once its last input row has come. So a decoder can hand
// over each row as it makes it and the full-size image never exists (the
// training loader's PNG path, issue 17), and the slow part, the short sums
// across column windows, runs over h rows rather than H. Values agree with
// LibTorch's to float rounding (relative 1e-6), not bit for bit; an image of
// one value stays that value exactly when its sums are exact.
//
// Threads: one object, one thread. Owns its two accumulator rows; writes
// into `dst`, which the caller owns and keeps alive until the last row.
// Throws std::invalid_argument on sizes that are not 1 <= h <= H and
// 1 <= w <= W, and std::logic_error on a row after the last.

#include <cstdint>
#include <vector>

namespace radlens::imaging {

class AreaShrinker {
public:
    /// `dst` receives h rows of w floats (row i complete once input row
    /// ceil((i + 1) H / h) - 1 was added).
    AreaShrinker(std::int64_t H, std::int64_t W, std::int64_t h, std::int64_t w, float* dst);

    /// Adds the next input row (W floats; rows in order, 0 to H - 1).
    void addRow(const float* row);

    /// Whether all H rows were added, i.e. `dst` is complete.
    bool done() const { return next_ == H_; }

private:
    struct Window {
        std::int64_t begin, end;  // [begin, end)
    };
    static std::vector<Window> windows(std::int64_t N, std::int64_t n);
    void finish(std::int64_t i);

    std::int64_t H_, W_, h_, w_;
    float* dst_;
    std::vector<Window> rows_, columns_;
    std::vector<float> sums_[2];  // input rows summed, for output rows i with i % 2
    std::int64_t next_ = 0;       // the next input row
    std::int64_t open_ = 0;       // the first output row not yet finished
};

}  // namespace radlens::imaging
