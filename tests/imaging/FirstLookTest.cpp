// FirstLookFinder: the picture shown while a folder is scanned is the slice
// the scanned series opens at, for a folder named in instance order; folders
// that are not one series get none. Data: SYNTHETIC CT series (DicomWriter).

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "TestData.h"
#include "imaging/DicomWriter.h"
#include "imaging/FirstLook.h"
#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SeriesLoader.h"
#include "imaging/SyntheticPhantom.h"

using namespace radlens::imaging;
namespace fs = std::filesystem;

namespace {

void writeCt(const std::string& folder, std::uint64_t uidSeed, int slices) {
    DicomDescription d;
    d.patientName = "SYNTHETIC^FIRSTLOOK";
    d.patientId = "SYN-FL";
    d.imageComments = "SYNTHETIC DATA";
    d.uidSeed = uidSeed;
    DicomWriter::writeCtSeries(makeSyntheticCt(3, 0, 32, slices).image, d, folder);
}

}  // namespace

TEST(FirstLook, NaturalOrderComparesNumbersAsNumbers) {
    EXPECT_TRUE(FirstLookFinder::naturalLess("IM2.dcm", "IM10.dcm"));
    EXPECT_FALSE(FirstLookFinder::naturalLess("IM10.dcm", "IM2.dcm"));
    EXPECT_TRUE(FirstLookFinder::naturalLess("IM0009", "IM0010"));
    EXPECT_TRUE(FirstLookFinder::naturalLess("1.2.840.9", "1.2.840.10"));
    EXPECT_TRUE(FirstLookFinder::naturalLess("a", "b"));
    EXPECT_TRUE(FirstLookFinder::naturalLess("IM1", "IM1a"));
    EXPECT_TRUE(FirstLookFinder::naturalLess("IM1", "IM01"));  // a strict order all the same
    EXPECT_FALSE(FirstLookFinder::naturalLess("IM01", "IM1"));
    EXPECT_FALSE(FirstLookFinder::naturalLess("x", "x"));
}

TEST(FirstLook, TheSliceTheSeriesOpensAt) {
    radlens::test::TempDir dir;
    const std::string folder = dir.file("ct");
    writeCt(folder, 41, 21);
    auto look = FirstLookFinder::find({folder});
    ASSERT_TRUE(look.has_value());
    EXPECT_EQ(look->count, 21);
    EXPECT_EQ(look->index, 10);

    Scanner scanner;
    const auto series = SeriesAssembler::assemble(scanner.scan({folder}).images);
    ASSERT_EQ(series.size(), 1u);
    EXPECT_EQ(look->series.uid, series[0].uid);
    EXPECT_EQ(look->series.patientName, series[0].patientName);
    const Volume opening = SeriesLoader().loadSlice(series[0], int(series[0].slices.size()) / 2);
    ASSERT_EQ(look->slice.byteSize(), opening.byteSize());
    EXPECT_EQ(0, std::memcmp(look->slice.data(), opening.data(), opening.byteSize()));
    for (int k = 0; k < 3; ++k)
        EXPECT_NEAR(look->slice.geometry().origin[std::size_t(k)],
                    opening.geometry().origin[std::size_t(k)], 1e-6);
}

TEST(FirstLook, NoneForWhatIsNotOneSeriesInOneFolder) {
    radlens::test::TempDir dir;
    const std::string a = dir.file("a"), b = dir.file("b");
    writeCt(a, 51, 6);
    writeCt(b, 52, 6);
    EXPECT_FALSE(FirstLookFinder::find({a, b}));                      // several paths
    EXPECT_FALSE(FirstLookFinder::find({dir.file("a/IM0001.dcm")}));  // a file
    EXPECT_FALSE(FirstLookFinder::find({dir.path().string()}));       // a folder of folders
    EXPECT_FALSE(FirstLookFinder::find({dir.file("absent")}));

    // Two series in one folder: the first and last files by name differ.
    const std::string mixed = dir.file("mixed");
    fs::create_directories(mixed);
    for (const auto& e : fs::directory_iterator(a))
        fs::copy_file(e.path(), fs::path(mixed) / ("A" + e.path().filename().string()));
    for (const auto& e : fs::directory_iterator(b))
        fs::copy_file(e.path(), fs::path(mixed) / ("B" + e.path().filename().string()));
    EXPECT_FALSE(FirstLookFinder::find({mixed}));

    // A damaged middle file: none (the scan says what is wrong).
    const std::string damaged = dir.file("damaged");
    fs::copy(a, damaged);
    std::ofstream(damaged + "/IM0004.dcm", std::ios::trunc) << "not DICOM";
    EXPECT_FALSE(FirstLookFinder::find({damaged}));

    // A DICOMDIR decides what a folder holds.
    const std::string withDicomdir = dir.file("dicomdir");
    fs::copy(a, withDicomdir);
    std::ofstream(withDicomdir + "/DICOMDIR") << "x";
    EXPECT_FALSE(FirstLookFinder::find({withDicomdir}));

    // Hidden files (our temporaries) do not count.
    std::ofstream(a + "/.~partial.dcm") << "half";
    auto look = FirstLookFinder::find({a});
    ASSERT_TRUE(look.has_value());
    EXPECT_EQ(look->count, 6);
}
