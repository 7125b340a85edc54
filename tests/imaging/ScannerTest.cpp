#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <set>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdicdir.h>
#include <dcmtk/dcmdata/dcdirrec.h>

#include "TestData.h"
#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"

using namespace radlens::imaging;

namespace {
const Series* findByDims(const std::vector<Series>& all, const std::string& modality, int z) {
    for (const Series& s : all)
        if (s.modality == modality && s.geometry.dims[2] == z) return &s;
    return nullptr;
}
bool hasWarning(const Series& s, const std::string& text) {
    for (const std::string& w : s.warnings)
        if (w.find(text) != std::string::npos) return true;
    return false;
}
}  // namespace

TEST(Scanner, DaikonObliqueMrIsOneSeriesSortedAlongTheNormal) {
    Scanner scanner;
    ScanResult r = scanner.scan({radlens::test::daikonFile("volume")});
    ASSERT_EQ(r.images.size(), 20u);
    std::vector<Series> series = SeriesAssembler::assemble(r.images);
    ASSERT_EQ(series.size(), 1u);
    const Series& s = series[0];
    EXPECT_EQ(s.geometry.dims, (std::array<int, 3>{256, 256, 20}));
    EXPECT_NEAR(s.geometry.spacing[2], 7.0, 0.05);
    // Positions vary by about 1 %: below the documented tolerance, so no warning.
    EXPECT_TRUE(s.warnings.empty()) << s.warnings.front();
    // Each slice lies further along the normal than the one before.
    const auto& d = s.geometry.direction;
    const std::array<double, 3> n{d[2], d[5], d[8]};
    double last = -1e300;
    for (const FrameRef& f : s.slices) {
        const auto& p = s.instances[f.instance].position;
        const double along = p[0] * n[0] + p[1] * n[1] + p[2] * n[2];
        EXPECT_GT(along, last);
        last = along;
    }
    // The series is oblique: the normal is not an axis.
    EXPECT_LT(std::abs(n[2]), 0.999);
}

TEST(Scanner, SortsByPositionNotInstanceNumber) {
    Scanner scanner;
    ScanResult r = scanner.scan({radlens::test::daikonFile("volume")});
    // Reverse the instance numbers: the order must not change.
    for (InstanceInfo& i : r.images) i.instanceNumber = 1000 - i.instanceNumber;
    std::vector<Series> a = SeriesAssembler::assemble(r.images);
    ASSERT_EQ(a.size(), 1u);
    for (std::size_t k = 1; k < a[0].slices.size(); ++k) {
        const auto& p0 = a[0].instances[a[0].slices[k - 1].instance].position;
        const auto& p1 = a[0].instances[a[0].slices[k].instance].position;
        EXPECT_NE(p0, p1);
    }
    EXPECT_EQ(a[0].geometry.origin, a[0].instances[a[0].slices[0].instance].position);
}

TEST(Scanner, PydicomDicomdirTests) {
    Scanner scanner;
    ScanResult r = scanner.scan({radlens::test::pydicomFile("dicomdirtests")});
    std::vector<Series> series = SeriesAssembler::assemble(r.images);

    const Series* ct5 = findByDims(series, "CT", 5);
    ASSERT_NE(ct5, nullptr);
    EXPECT_NEAR(ct5->geometry.spacing[2], 2.5, 1e-6);
    EXPECT_TRUE(ct5->warnings.empty());

    const Series* gap = findByDims(series, "CT", 4);
    ASSERT_NE(gap, nullptr);
    EXPECT_TRUE(hasWarning(*gap, "missing slices")) << gap->uid;

    // 98892001/CT2N: two images of one series UID in two orientations: split.
    int parts = 0;
    for (const Series& s : series)
        if (s.uid.rfind("1.3.6.1.4.1.5962.1.1.0.0.0.1194734704.16302.0.2", 0) == 0) {
            ++parts;
            EXPECT_TRUE(hasWarning(s, "split from series"));
        }
    EXPECT_EQ(parts, 2);

    // DICOMDIRs and image headers without pixels are objects, not errors.
    int dicomdirs = 0;
    for (const InstanceInfo& o : r.objects) dicomdirs += o.sopClassUid == "1.2.840.10008.1.3.10";
    EXPECT_GE(dicomdirs, 6);
    // TINY_ALPHA holds CT headers without pixel data.
    int headerOnly = 0;
    for (const SkippedFile& s : r.skipped) {
        const bool noPixels = s.reason.find("without pixel data") != std::string::npos;
        headerOnly += noPixels;
        EXPECT_TRUE(noPixels || s.reason.find("not DICOM") != std::string::npos)
            << s.path << ": " << s.reason;
    }
    EXPECT_EQ(headerOnly, 50);
}

TEST(Scanner, DicomdirFileListsItsImages) {
    Scanner scanner;
    ScanResult viaDir = scanner.scan({radlens::test::pydicomFile("dicomdirtests/DICOMDIR")});
    ScanResult viaFolder = scanner.scan({radlens::test::pydicomFile("dicomdirtests")});
    EXPECT_GT(viaDir.images.size(), 20u);
    EXPECT_LE(viaDir.images.size(), viaFolder.images.size());
}

// Issue 20: records nested past any real hierarchy are a damaged DICOMDIR,
// named with the limit; one within the limit is read.
TEST(Scanner, DicomdirNestedTooDeepIsRefused) {
    radlens::test::TempDir dir;
    auto write = [&](const std::string& name, int depth) {
        const std::string path = dir.file(name);
        std::filesystem::create_directories(path);
        DcmDicomDir dicomdir((path + "/DICOMDIR").c_str(), "SYNTHETIC");
        DcmDirectoryRecord* parent = &dicomdir.getRootRecord();
        for (int i = 0; i < depth; ++i) {
            auto* record = new DcmDirectoryRecord(ERT_Private, nullptr, OFFilename());
            EXPECT_TRUE(parent->insertSub(record).good());
            parent = record;
        }
        EXPECT_TRUE(dicomdir.write().good());
        return path + "/DICOMDIR";
    };
    Scanner scanner;
    ScanResult deep = scanner.scan({write("deep", 40)});
    bool named = false;
    for (const SkippedFile& s : deep.skipped)
        named |= s.reason.find("records nested deeper than 16 levels") != std::string::npos;
    EXPECT_TRUE(named) << (deep.skipped.empty() ? "nothing skipped" : deep.skipped[0].reason);
    ScanResult fine = scanner.scan({write("fine", 6)});
    for (const SkippedFile& s : fine.skipped)
        EXPECT_EQ(s.reason.find("nested"), std::string::npos) << s.reason;
}

TEST(Scanner, SegRtstructAndSrAreObjectsNotErrors) {
    Scanner scanner;
    ScanResult r = scanner.scan({radlens::test::pydicomFile("liver_1frame.dcm"),
                                 radlens::test::pydicomFile("rtstruct.dcm"),
                                 radlens::test::pydicomFile("test-SR.dcm")});
    EXPECT_TRUE(r.images.empty());
    EXPECT_TRUE(r.skipped.empty());
    ASSERT_EQ(r.objects.size(), 3u);
    std::set<std::string> classes;
    for (const InstanceInfo& o : r.objects) classes.insert(o.sopClassUid);
    EXPECT_TRUE(classes.count("1.2.840.10008.5.1.4.1.1.66.4"));
    EXPECT_TRUE(classes.count("1.2.840.10008.5.1.4.1.1.481.3"));
}

TEST(Scanner, MissingInputsAndCancelAreReported) {
    Scanner scanner;
    ScanResult r = scanner.scan({"/nonexistent/radlens/input"});
    ASSERT_EQ(r.skipped.size(), 1u);
    EXPECT_EQ(r.skipped[0].reason, "no such file or folder");

    std::atomic<bool> cancel{true};
    scanner.setCancelFlag(&cancel);
    ScanResult c = scanner.scan({radlens::test::daikonFile("volume")});
    EXPECT_TRUE(c.images.empty());
}

TEST(Scanner, ProgressIsReportedAndEnds) {
    Scanner scanner;
    std::size_t calls = 0, lastDone = 0, lastTotal = 0;
    scanner.setProgress([&](std::size_t done, std::size_t total) {
        ++calls;
        lastDone = done;
        lastTotal = total;
    });
    const auto start = std::chrono::steady_clock::now();
    scanner.scan({radlens::test::pydicomFile(".")});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_GE(calls, 1u);
    EXPECT_EQ(lastDone, lastTotal);
    // At most ~10 reports a second, plus the final one.
    EXPECT_LE(double(calls), seconds * 10 + 2);
}
