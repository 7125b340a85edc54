// imaging::resizeArea (issue 17's data pipeline) against LibTorch's
// adaptive_avg_pool2d, whose windows it copies: random images of whole and
// fractional ratios, odd sizes, one row or column, a constant image (stays
// exact) and the identity; sizes it cannot shrink to are errors.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdint>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "imaging/AreaResize.h"
#include "imaging/AreaShrinker.h"

using radlens::imaging::AreaShrinker;
using radlens::imaging::resizeArea;

namespace {

/// Largest |ours - torch's| over the largest |torch's| (the values are
/// sums of up to thousands of floats, so rounding is relative).
double relativeError(const torch::Tensor& src, std::int64_t h, std::int64_t w) {
    const std::int64_t H = src.size(0), W = src.size(1);
    const torch::Tensor expected =
        torch::adaptive_avg_pool2d(src.view({1, 1, H, W}), {h, w}).view({h, w});
    torch::Tensor ours = torch::full({h, w}, -12345.0f);
    resizeArea(src.data_ptr<float>(), H, W, ours.data_ptr<float>(), h, w);
    const double scale = std::max(1e-30, expected.abs().max().item<double>());
    return (ours - expected).abs().max().item<double>() / scale;
}

}  // namespace

TEST(AreaResize, AgreesWithAdaptiveAveragePoolingOnWholeAndFractionalRatios) {
    torch::manual_seed(17);
    const std::vector<std::tuple<int, int, int, int>> cases = {
        {1024, 1024, 448, 448}, {1024, 1024, 256, 256}, {512, 512, 448, 448},
        {999, 517, 100, 301},   {517, 999, 301, 100},   {7, 5, 3, 2},
        {1, 640, 1, 17},        {640, 1, 17, 1},        {300, 200, 300, 200},
        {64, 64, 1, 1},         {2500, 2048, 448, 367}, {13, 13, 12, 12}};
    for (const auto& [H, W, h, w] : cases) {
        // Values like a CT's (HU) so rounding is tested at a real scale.
        const torch::Tensor src = torch::rand({H, W}) * 4000.0f - 1000.0f;
        EXPECT_LT(relativeError(src, h, w), 1e-5) << H << "x" << W << " -> " << h << "x" << w;
    }
}

TEST(AreaResize, IdentityAndConstantImagesAreExact) {
    torch::manual_seed(3);
    const torch::Tensor src = torch::randn({37, 53});
    torch::Tensor same = torch::empty({37, 53});
    resizeArea(src.data_ptr<float>(), 37, 53, same.data_ptr<float>(), 37, 53);
    EXPECT_TRUE(torch::equal(same, src));

    const torch::Tensor flat = torch::full({101, 77}, 0.25f);
    torch::Tensor small = torch::empty({10, 9});
    resizeArea(flat.data_ptr<float>(), 101, 77, small.data_ptr<float>(), 10, 9);
    EXPECT_TRUE(torch::equal(small, torch::full({10, 9}, 0.25f)));
}

TEST(AreaResize, SizesItCannotShrinkToAreErrors) {
    std::vector<float> src(20 * 10, 1.0f), dst(400, 0.0f);
    for (const auto& [h, w] :
         std::vector<std::pair<int, int>>{{0, 5}, {5, 0}, {21, 5}, {5, 11}, {-1, -1}})
        EXPECT_THROW(resizeArea(src.data(), 20, 10, dst.data(), h, w), std::invalid_argument)
            << h << "x" << w;
    EXPECT_EQ(dst, std::vector<float>(400, 0.0f)) << "nothing written on an error";
}

TEST(AreaShrinker, EachOutputRowIsCompleteOnceItsLastInputRowCame) {
    // 10 rows to 4: windows [0,3) [2,5) [5,8) [7,10); rows 2 and 7 are
    // shared by two windows.
    torch::manual_seed(5);
    const torch::Tensor src = torch::rand({10, 6}) * 100.0f;
    const torch::Tensor expected =
        torch::adaptive_avg_pool2d(src.view({1, 1, 10, 6}), {4, 3}).view({4, 3});
    torch::Tensor out = torch::full({4, 3}, -1.0f);
    AreaShrinker shrinker(10, 6, 4, 3, out.data_ptr<float>());
    const std::vector<int> lastRowOf = {2, 4, 7, 9};
    for (int r = 0; r < 10; ++r) {
        EXPECT_FALSE(shrinker.done());
        shrinker.addRow(src[r].contiguous().data_ptr<float>());
        for (int i = 0; i < 4; ++i) {
            const bool complete = r >= lastRowOf[std::size_t(i)];
            EXPECT_EQ(complete, torch::allclose(out[i], expected[i], 1e-6, 1e-4))
                << "output row " << i << " after input row " << r;
            if (!complete) {
                EXPECT_TRUE(torch::equal(out[i], torch::full({3}, -1.0f)));
            }
        }
    }
    EXPECT_TRUE(shrinker.done());
    const std::vector<float> extra(6, 1.0f);
    EXPECT_THROW(shrinker.addRow(extra.data()), std::logic_error);
    EXPECT_TRUE(torch::allclose(out, expected, 1e-6, 1e-4)) << "a row too many changed nothing";
}
