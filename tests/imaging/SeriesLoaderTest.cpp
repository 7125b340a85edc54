#include <gtest/gtest.h>

#include <cstring>

#include "TestData.h"
#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SeriesLoader.h"

using namespace radlens::imaging;

namespace {
Volume loadOne(const std::vector<std::string>& paths, int threads = 0) {
    Scanner scanner;
    ScanResult r = scanner.scan(paths);
    std::vector<Series> series = SeriesAssembler::assemble(r.images);
    if (series.size() != 1) throw std::runtime_error("expected one series");
    SeriesLoader loader;
    loader.setThreadCount(threads);
    return loader.load(series[0]);
}
}  // namespace

class MrSmallVariants : public ::testing::TestWithParam<const char*> {};

// Every transfer syntax of pydicom's MR_small decodes to the same pixels.
TEST_P(MrSmallVariants, DecodeToTheSamePixels) {
    const Volume reference = loadOne({radlens::test::pydicomFile("MR_small.dcm")});
    const Volume v = loadOne({radlens::test::pydicomFile(GetParam())});
    ASSERT_EQ(v.pixelType(), reference.pixelType());
    ASSERT_EQ(v.dims(), reference.dims());
    EXPECT_EQ(0, std::memcmp(v.data(), reference.data(), v.byteSize())) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(TransferSyntaxes, MrSmallVariants,
                         ::testing::Values("MR_small_implicit.dcm", "MR_small_bigendian.dcm",
                                           "MR_small_expb.dcm", "MR_small_RLE.dcm",
                                           "MR_small_jp2klossless.dcm",
                                           "MR_small_jpeg_ls_lossless.dcm", "MR_small_padded.dcm"));

TEST(SeriesLoader, CtIsRescaledToHounsfieldUnitsInInt16) {
    const Volume v = loadOne({radlens::test::pydicomFile("CT_small.dcm")});
    EXPECT_EQ(v.pixelType(), PixelType::Int16);
    EXPECT_EQ(v.units, "HU");
    const auto* p = v.dataAs<std::int16_t>();
    const auto [lo, hi] = std::minmax_element(p, p + v.geometry().voxelCount());
    // CT_small stores 128..~2100 with intercept -1024.
    EXPECT_LT(*lo, 0);
    EXPECT_GT(*hi, 0);
}

TEST(SeriesLoader, DaikonSeriesSameWithOneOrManyThreads) {
    const std::string folder = radlens::test::daikonFile("volume");
    const Volume a = loadOne({folder}, 1);
    const Volume b = loadOne({folder}, 4);
    EXPECT_EQ(a.dims(), (std::array<int, 3>{256, 256, 20}));
    EXPECT_EQ(0, std::memcmp(a.data(), b.data(), a.byteSize()));
}

TEST(SeriesLoader, MultiFrameJpegXaHas96Frames) {
    const Volume v = loadOne({radlens::test::daikonFile("jpeg_baseline_8bit.dcm")});
    EXPECT_EQ(v.dims()[2], 96);
    EXPECT_EQ(v.pixelType(), PixelType::UInt8);
    // Frames differ from each other (not one frame copied 96 times).
    EXPECT_NE(0, std::memcmp(v.dataAs<std::uint8_t>(),
                             v.dataAs<std::uint8_t>() + 50 * v.sliceBytes(), v.sliceBytes()));
}

TEST(SeriesLoader, FramesOfOneFileDecodeInParallelToTheSamePixels) {
    const std::string xa = radlens::test::daikonFile("jpeg_baseline_8bit.dcm");
    const Volume one = loadOne({xa}, 1);
    const Volume many = loadOne({xa}, 3);  // 96 frames in chunks of 32
    ASSERT_EQ(one.byteSize(), many.byteSize());
    EXPECT_EQ(0, std::memcmp(one.data(), many.data(), one.byteSize()));
    const Volume rgb1 = loadOne({radlens::test::pydicomFile("SC_rgb_rle_2frame.dcm")}, 1);
    const Volume rgb2 = loadOne({radlens::test::pydicomFile("SC_rgb_rle_2frame.dcm")}, 2);
    EXPECT_EQ(0, std::memcmp(rgb1.data(), rgb2.data(), rgb1.byteSize()));
}

TEST(SeriesLoader, ColourBecomesRgb) {
    const Volume v = loadOne({radlens::test::pydicomFile("SC_rgb_rle_2frame.dcm")});
    EXPECT_EQ(v.pixelType(), PixelType::Rgb8);
    EXPECT_EQ(v.dims()[2], 2);
}

TEST(SeriesLoader, TruncatedPixelDataIsAClearError) {
    try {
        loadOne({radlens::test::pydicomFile("MR_truncated.dcm")});
        FAIL() << "expected LoadError";
    } catch (const LoadError& e) {
        EXPECT_NE(e.why().find("truncated"), std::string::npos) << e.what();
    }
}

TEST(SeriesLoader, CancelStopsTheLoad) {
    Scanner scanner;
    std::vector<Series> s =
        SeriesAssembler::assemble(scanner.scan({radlens::test::daikonFile("volume")}).images);
    ASSERT_EQ(s.size(), 1u);
    std::atomic<bool> cancel{true};
    SeriesLoader loader;
    loader.setCancelFlag(&cancel);
    EXPECT_THROW(loader.load(s[0]), LoadError);
}

// A study copied into two folders: each instance once, the copies counted.
TEST(SeriesAssembler, CopiesOfTheSameInstancesAreOneInstance) {
    radlens::test::TempDir dir;
    namespace fs = std::filesystem;
    for (const char* copy : {"cd", "pacs-export"})
        fs::copy(radlens::test::daikonFile("volume"), dir.path() / copy,
                 fs::copy_options::recursive);
    Scanner scanner;
    const std::vector<Series> once =
        SeriesAssembler::assemble(scanner.scan({radlens::test::daikonFile("volume")}).images);
    const ScanResult r = scanner.scan({dir.path().string()});
    ASSERT_EQ(r.images.size(), 40u);
    const std::vector<Series> twice = SeriesAssembler::assemble(r.images);
    ASSERT_EQ(once.size(), 1u);
    ASSERT_EQ(twice.size(), 1u);
    EXPECT_EQ(twice[0].instances.size(), 20u);
    EXPECT_EQ(twice[0].slices.size(), once[0].slices.size());
    EXPECT_DOUBLE_EQ(twice[0].geometry.spacing[2], once[0].geometry.spacing[2]);
    // The kept files are the first copy's, whatever order the scan returned.
    for (const InstanceInfo& i : twice[0].instances)
        EXPECT_NE(i.path.find("/cd/"), std::string::npos) << i.path;
    std::string warnings;
    for (const std::string& w : twice[0].warnings) warnings += w + "\n";
    EXPECT_NE(warnings.find("20 files ignored"), std::string::npos) << warnings;
    EXPECT_EQ(warnings.find("share a position"), std::string::npos) << warnings;
    // The decoded volume is the single copy's, voxel for voxel.
    SeriesLoader loader;
    const Volume a = loader.load(once[0]);
    const Volume b = loader.load(twice[0]);
    ASSERT_EQ(a.dims(), b.dims());
    EXPECT_EQ(0, std::memcmp(a.data(), b.data(), a.byteSize()));
}

// One slice of a multi-frame file decodes that frame alone, equal to the
// same frame of the whole load (fuzz_dicom found loadSlice writing the other
// frames of SC_rgb_rle_2frame.dcm before its one-slice buffer: slot -1).
TEST(SeriesLoader, OneSliceOfAMultiFrameFileIsThatFrame) {
    for (const char* name : {"SC_rgb_rle_2frame.dcm", "rtdose_rle.dcm"}) {
        Scanner scanner;
        const std::vector<Series> s =
            SeriesAssembler::assemble(scanner.scan({radlens::test::pydicomFile(name)}).images);
        ASSERT_EQ(s.size(), 1u) << name;
        SeriesLoader loader;
        loader.setThreadCount(4);
        const Volume all = loader.load(s[0]);
        for (int k : {0, int(s[0].slices.size()) - 1}) {
            const Volume one = loader.loadSlice(s[0], k);
            ASSERT_EQ(one.dims()[2], 1) << name;
            ASSERT_EQ(one.sliceBytes(), all.sliceBytes()) << name;
            EXPECT_EQ(0, std::memcmp(one.data(), all.dataAs<std::uint8_t>() + k * all.sliceBytes(),
                                     all.sliceBytes()))
                << name << " slice " << k;
        }
    }
}
