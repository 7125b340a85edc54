// Zero-copy views of a Volume in the other targets: VTK (viewer) and torch (ai).
#include <gtest/gtest.h>

#include <torch/torch.h>
#include <vtkDataArray.h>
#include <vtkPointData.h>

#include "ai/TensorView.h"
#include "viewer/VtkImageView.h"

using namespace radlens;

namespace {
imaging::Volume makeVolume() {
    imaging::Geometry g;
    g.dims = {4, 3, 2};
    g.spacing = {0.5, 0.5, 2};
    g.origin = {1, 2, 3};
    g.direction = {0, 1, 0, 1, 0, 0, 0, 0, -1};
    imaging::Volume v(imaging::PixelType::Int16, g);
    for (int i = 0; i < 24; ++i) v.dataAs<std::int16_t>()[i] = std::int16_t(i - 10);
    return v;
}
}  // namespace

TEST(Bridges, VtkImageDataSharesPixelsAndWorldGeometry) {
    imaging::Volume v = makeVolume();
    auto image = viewer::vtkImageView(v);
    EXPECT_EQ(image->GetScalarPointer(), v.data());
    EXPECT_EQ(image->GetScalarComponentAsDouble(1, 2, 1, 0), double(1 + 4 * (2 + 3 * 1) - 10));
    double world[3];
    image->TransformIndexToPhysicalPoint(1, 2, 1, world);
    const auto expected = v.geometry().indexToWorld(1, 2, 1);
    for (int d = 0; d < 3; ++d) EXPECT_NEAR(world[d], expected[d], 1e-12);
}

TEST(Bridges, TensorSharesPixelsAndOutlivesTheVolume) {
    torch::Tensor t;
    const void* data = nullptr;
    {
        imaging::Volume v = makeVolume();
        data = v.data();
        t = ai::tensorView(v);
    }
    EXPECT_EQ(t.data_ptr(), data);
    EXPECT_EQ(t.sizes(), (std::vector<int64_t>{1, 2, 3, 4}));
    EXPECT_EQ(t.index({0, 1, 2, 1}).item<int16_t>(), 1 + 4 * (2 + 3 * 1) - 10);
}

TEST(Bridges, Uint16VolumesBecomeInt32WithTheirValues) {
    imaging::Geometry g;
    g.dims = {2, 1, 1};
    imaging::Volume v(imaging::PixelType::UInt16, g);
    v.dataAs<std::uint16_t>()[0] = 65535;
    v.dataAs<std::uint16_t>()[1] = 7;
    torch::Tensor t = ai::tensorView(v);
    EXPECT_EQ(t.scalar_type(), torch::kInt32);
    EXPECT_EQ(t.index({0, 0, 0, 0}).item<int32_t>(), 65535);
    EXPECT_EQ(t.index({0, 0, 0, 1}).item<int32_t>(), 7);
}
