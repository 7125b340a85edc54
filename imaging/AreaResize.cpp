#include "imaging/AreaResize.h"

#include "imaging/AreaShrinker.h"

namespace radlens::imaging {

void resizeArea(const float* src, std::int64_t H, std::int64_t W, float* dst, std::int64_t h,
                std::int64_t w) {
    AreaShrinker shrinker(H, W, h, w, dst);
    for (std::int64_t r = 0; r < H; ++r) shrinker.addRow(src + r * W);
}

}  // namespace radlens::imaging
