#include <gtest/gtest.h>

#include <cmath>

#include "TestData.h"
#include "imaging/ItkImageView.h"
#include "imaging/PolygonRasterizer.h"
#include "imaging/Volume.h"
#include "imaging/VolumeIO.h"

using namespace radlens::imaging;

namespace {
Geometry obliqueGeometry() {
    Geometry g;
    g.dims = {7, 5, 3};
    g.spacing = {0.5, 0.75, 2.5};
    g.origin = {-10.25, 20.5, 33.125};
    const double c = std::cos(0.3), s = std::sin(0.3);
    g.direction = {c, -s, 0, s, c, 0, 0, 0, 1};
    return g;
}
}  // namespace

TEST(Volume, AllocatesZeroedBufferOfTheRightSize) {
    Volume v(PixelType::Int16, obliqueGeometry());
    EXPECT_EQ(v.byteSize(), 7u * 5 * 3 * 2);
    EXPECT_EQ(v.sliceBytes(), 7u * 5 * 2);
    for (std::size_t i = 0; i < 7 * 5 * 3; ++i) ASSERT_EQ(v.dataAs<std::int16_t>()[i], 0);
    EXPECT_THROW(Volume(PixelType::UInt8, Geometry{{0, 1, 1}}), std::invalid_argument);
}

TEST(Volume, IndexToWorldFollowsDirectionColumns) {
    const Geometry g = obliqueGeometry();
    const auto w = g.indexToWorld(2, 1, 1);
    const double c = std::cos(0.3), s = std::sin(0.3);
    EXPECT_NEAR(w[0], -10.25 + c * 1.0 - s * 0.75, 1e-12);
    EXPECT_NEAR(w[1], 20.5 + s * 1.0 + c * 0.75, 1e-12);
    EXPECT_NEAR(w[2], 33.125 + 2.5, 1e-12);
}

TEST(Volume, WorldToIndexInvertsIndexToWorld) {
    Geometry g;
    g.spacing = {0.7, 0.8, 2.5};
    g.origin = {-120, 30, 55};
    const double c = std::cos(0.4), s = std::sin(0.4);
    g.direction = {c, 0, -s, 0, 1, 0, s, 0, c};  // oblique about the y axis
    const auto w = g.indexToWorld(10.5, 3, 7.25);
    const auto i = g.worldToIndex(w);
    EXPECT_NEAR(i[0], 10.5, 1e-9);
    EXPECT_NEAR(i[1], 3, 1e-9);
    EXPECT_NEAR(i[2], 7.25, 1e-9);
}

TEST(Volume, ReinterpretKeepsBytesAndRefusesOtherSizes) {
    Volume v(PixelType::UInt16, obliqueGeometry());
    v.dataAs<std::uint16_t>()[3] = 65535;
    const void* before = v.data();
    v.reinterpretAs(PixelType::Int16);
    EXPECT_EQ(v.data(), before);
    EXPECT_EQ(v.dataAs<std::int16_t>()[3], -1);
    EXPECT_THROW(v.reinterpretAs(PixelType::Float32), std::invalid_argument);
}

TEST(Volume, ItkViewSharesPixelsAndGeometry) {
    Volume v(PixelType::Float32, obliqueGeometry());
    v.dataAs<float>()[1 + 7 * (2 + 5 * 1)] = 42.5f;
    auto image = itkImageView<float>(v);
    EXPECT_EQ(image->GetBufferPointer(), v.dataAs<float>());
    itk::Index<3> idx{{1, 2, 1}};
    EXPECT_FLOAT_EQ(image->GetPixel(idx), 42.5f);
    itk::Point<double, 3> p;
    image->TransformIndexToPhysicalPoint(idx, p);
    const auto w = v.geometry().indexToWorld(1, 2, 1);
    for (int d = 0; d < 3; ++d) EXPECT_NEAR(p[d], w[d], 1e-9);
    EXPECT_THROW(itkImageView<std::int16_t>(v), std::invalid_argument);
}

class VolumeIORoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(VolumeIORoundTrip, GeometryAndVoxelsExact) {
    radlens::test::TempDir dir;
    Volume v(PixelType::Int16, obliqueGeometry());
    for (std::size_t i = 0; i < v.geometry().voxelCount(); ++i)
        v.dataAs<std::int16_t>()[i] = std::int16_t(i * 37 - 1000);
    const std::string path = dir.file(std::string("vol") + GetParam());
    VolumeIO::write(v, path);
    Volume r = VolumeIO::read(path);
    ASSERT_EQ(r.pixelType(), PixelType::Int16);
    EXPECT_EQ(r.dims(), v.dims());
    for (int d = 0; d < 3; ++d) {
        EXPECT_NEAR(r.geometry().spacing[d], v.geometry().spacing[d], 1e-5);
        EXPECT_NEAR(r.geometry().origin[d], v.geometry().origin[d], 1e-4);
    }
    for (int k = 0; k < 9; ++k)
        EXPECT_NEAR(r.geometry().direction[k], v.geometry().direction[k], 1e-5);
    EXPECT_EQ(0, std::memcmp(r.data(), v.data(), v.byteSize()));
    // Only the target is left: no temporary file.
    int files = 0;
    for (auto& e : std::filesystem::directory_iterator(dir.path())) (void)e, ++files;
    EXPECT_EQ(files, 1);
}

INSTANTIATE_TEST_SUITE_P(Formats, VolumeIORoundTrip, ::testing::Values(".nii", ".nii.gz", ".nrrd"));

TEST(VolumeIO, UnwritablePathLeavesNothingAndSaysWhy) {
    radlens::test::TempDir dir;
    Volume v(PixelType::UInt8, obliqueGeometry());
    const std::string path = dir.file("missing-folder/out.nii");
    try {
        VolumeIO::write(v, path);
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
    EXPECT_THROW(VolumeIO::write(v, dir.file("out.png")), std::runtime_error);
    EXPECT_THROW(VolumeIO::read(dir.file("absent.nii")), std::runtime_error);
}

TEST(PolygonRasterizer, PixelCentresDecide) {
    using radlens::imaging::PolygonRasterizer;
    std::vector<std::uint8_t> img(10 * 8, 0);
    // The rectangle [2, 6) x [1, 4): exactly 4 x 3 pixels, whose centres lie inside.
    PolygonRasterizer::fill({{2, 1}, {6, 1}, {6, 4}, {2, 4}}, 10, 8, 1, img.data());
    int n = 0;
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 10; ++x) {
            const bool in = x >= 2 && x < 6 && y >= 1 && y < 4;
            EXPECT_EQ(img[std::size_t(y * 10 + x)], in ? 1 : 0) << x << "," << y;
            n += img[std::size_t(y * 10 + x)];
        }
    EXPECT_EQ(n, 12);
    // A neighbour sharing the edge x = 6 claims no pixel twice.
    PolygonRasterizer::fill({{6, 1}, {9, 1}, {9, 4}, {6, 4}}, 10, 8, 2, img.data());
    EXPECT_EQ(img[1 * 10 + 5], 1);
    EXPECT_EQ(img[1 * 10 + 6], 2);
    // A right triangle of legs 8 (from 0,0): centres under the diagonal, 28 pixels
    // (row y has 7 - y centres with x + 0.5 < 8 - (y + 0.5)).
    std::vector<std::uint8_t> tri(8 * 8, 0);
    PolygonRasterizer::fill(PolygonRasterizer::fromFlat({0, 0, 8, 0, 0, 8}), 8, 8, 1, tri.data());
    int t = 0;
    for (auto v : tri) t += v;
    EXPECT_EQ(t, 28);
    // Clipped to the image; fewer than three points is an error.
    std::vector<std::uint8_t> small(4 * 4, 0);
    PolygonRasterizer::fill({{-5, -5}, {50, -5}, {50, 50}, {-5, 50}}, 4, 4, 3, small.data());
    for (auto v : small) EXPECT_EQ(v, 3);
    EXPECT_THROW(PolygonRasterizer::fill({{0, 0}, {1, 1}}, 4, 4, 1, small.data()),
                 std::invalid_argument);
}
