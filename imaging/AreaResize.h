#pragma once
// Shrinking a grey image by area averaging: each output pixel is the mean of
// the input pixels its window covers, the window of output row i spanning
// input rows [floor(i H / h), ceil((i + 1) H / h)) and likewise for columns.
// These are the windows of LibTorch's interpolate(mode = area), that is
// adaptive_avg_pool2d; the sums run separably (rows, then columns), so values
// agree with LibTorch's to float rounding (relative 1e-6), not bit for bit.
//
// Why not LibTorch's: the training loader shrinks every radiograph it reads
// (1024 x 1024 to 448 x 448 for a run at 224) on the decode threads. The
// shrink stage of benchmarks/data_pipeline_benchmark.sh took 3.13 ms an
// image and worker with interpolate(mode = area), 1.46-1.63 ms with this
// (three runs, 2 cores). The held and the streamed loader both shrink
// through here, so their images stay equal bit for bit.
//
// Threads: any (no shared state). Throws std::invalid_argument on sizes that
// are not 1 <= h <= H and 1 <= w <= W.

#include <cstdint>

namespace radlens::imaging {

/// `src` holds H rows of W floats, `dst` receives h rows of w floats; the
/// two must not overlap.
void resizeArea(const float* src, std::int64_t H, std::int64_t W, float* dst, std::int64_t h,
                std::int64_t w);

}  // namespace radlens::imaging
