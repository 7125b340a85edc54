#pragma once
// Shrinking a grey image held whole by area averaging: imaging::AreaShrinker
// (see there for the windows, LibTorch's interpolate(mode = area)) fed the
// image's rows in order.
//
// Why not LibTorch's: the training loader shrinks every radiograph it reads
// (1024 x 1024 to 448 x 448 for a run at 224) on the decode threads. The
// shrink stage of benchmarks/data_pipeline_benchmark.sh took 3.13 ms an
// image and worker with interpolate(mode = area). The held and the streamed
// loader both shrink through AreaShrinker, so their images stay equal bit
// for bit.
//
// Threads: any (no shared state). Throws std::invalid_argument on sizes that
// are not 1 <= h <= H and 1 <= w <= W, before anything is written.

#include <cstdint>

namespace radlens::imaging {

/// `src` holds H rows of W floats, `dst` receives h rows of w floats; the
/// two must not overlap.
void resizeArea(const float* src, std::int64_t H, std::int64_t W, float* dst, std::int64_t h,
                std::int64_t w);

}  // namespace radlens::imaging
