#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "TestData.h"
#include "imaging/DicomHeaderReader.h"
#include "imaging/Scanner.h"

using namespace radlens::imaging;

TEST(HeaderReader, ReadsGeometryAndRescaleOfACtSlice) {
    InstanceInfo i;
    std::string reason;
    ASSERT_TRUE(DicomHeaderReader::read(radlens::test::pydicomFile("CT_small.dcm"), i, reason));
    EXPECT_TRUE(i.isImage);
    EXPECT_EQ(i.modality, "CT");
    EXPECT_EQ(i.rows, 128);
    EXPECT_EQ(i.columns, 128);
    EXPECT_EQ(i.bitsAllocated, 16);
    EXPECT_TRUE(i.hasPosition);
    EXPECT_TRUE(i.hasOrientation);
    EXPECT_DOUBLE_EQ(i.position[0], -158.135803);
    EXPECT_DOUBLE_EQ(i.pixelSpacing[0], 0.661468);
    EXPECT_DOUBLE_EQ(i.rescaleIntercept, -1024);
    EXPECT_GT(i.pixelDataOffset, 0);  // native little endian: readable without parsing again
    // CT_small has DataSetTrailingPadding after its pixels.
    EXPECT_LT(i.pixelDataOffset + 128 * 128 * 2, i.fileSize);
    std::ifstream in(i.path, std::ios::binary);
    in.seekg(i.pixelDataOffset - 12);
    char tag[4] = {};
    in.read(tag, 4);
    EXPECT_EQ(std::string(tag, 4), std::string("\xE0\x7F\x10\x00", 4));
}

TEST(HeaderReader, SegmentationIsReadAsANonImageObject) {
    InstanceInfo i;
    std::string reason;
    ASSERT_TRUE(DicomHeaderReader::read(radlens::test::pydicomFile("liver_1frame.dcm"), i, reason));
    EXPECT_FALSE(i.isImage);  // a segmentation, not an image to show
    EXPECT_EQ(i.sopClassUid, "1.2.840.10008.5.1.4.1.1.66.4");
}

namespace {
std::string writeFile(const radlens::test::TempDir& dir, const std::string& name,
                      const std::string& bytes) {
    const std::string p = dir.file(name);
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
}
}  // namespace

TEST(HeaderReader, BadFilesAreSkippedWithAReason) {
    radlens::test::TempDir dir;
    std::string mr;
    {
        std::ifstream in(radlens::test::pydicomFile("MR_small.dcm"), std::ios::binary);
        mr.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::mt19937 rng(7);
    std::string random(5000, '\0');
    for (char& c : random) c = char(rng());
    std::string fakeDicm(200, '\0');
    fakeDicm.replace(128, 4, "DICM");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"empty.dcm", ""},
        {"random.bin", random},
        {"short.dcm", "DICM"},
        {"header-truncated.dcm", mr.substr(0, 300)},
        {"preamble-only.dcm", fakeDicm},
    };
    std::vector<std::string> paths;
    for (const auto& [name, bytes] : cases) paths.push_back(writeFile(dir, name, bytes));
    Scanner scanner;
    ScanResult r = scanner.scan(paths);
    EXPECT_TRUE(r.images.empty());
    ASSERT_EQ(r.skipped.size(), cases.size());
    for (const SkippedFile& s : r.skipped) {
        EXPECT_FALSE(s.reason.empty()) << s.path;
        if (s.path.find("empty.dcm") != std::string::npos) {
            EXPECT_EQ(s.reason, "empty file");
        }
        if (s.path.find("random.bin") != std::string::npos) {
            EXPECT_NE(s.reason.find("not DICOM"), std::string::npos) << s.reason;
        }
    }
}

TEST(HeaderReader, FuzzedHeadersNeverCrash) {
    radlens::test::TempDir dir;
    std::string mr;
    {
        std::ifstream in(radlens::test::pydicomFile("CT_small.dcm"), std::ios::binary);
        mr.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::mt19937 rng(11);
    std::vector<std::string> paths;
    for (int n = 0; n < 200; ++n) {
        std::string b = mr;
        const int flips = 1 + int(rng() % 8);
        for (int k = 0; k < flips; ++k) b[132 + rng() % 1200] = char(rng());
        if (n % 3 == 0) b.resize(132 + rng() % (b.size() - 132));
        paths.push_back(writeFile(dir, "f" + std::to_string(n) + ".dcm", b));
    }
    Scanner scanner;
    ScanResult r = scanner.scan(paths);
    EXPECT_EQ(r.images.size() + r.objects.size() + r.skipped.size(), paths.size());
}
