// imaging::DeflatedDataset (issue 20): deflated DICOM data sets are checked
// before DCMTK inflates them. Valid deflated files (pydicom's, and one DCMTK
// writes with sequences and pixels) pass and load; a GENERATED file whose
// element declares more than the data set holds, one that inflates beyond
// the limit, and one cut short are refused with the element or the limit
// named, by the checker, the scanner and the loader alike.
#include <dcmtk/dcmdata/dctk.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "TestData.h"
#include "imaging/DeflatedDataset.h"
#include "imaging/DicomHeaderReader.h"
#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SeriesLoader.h"

using namespace radlens::imaging;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path =
        fs::temp_directory_path() /
        ("radlens-deflated-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    TempDir() { fs::create_directories(path); }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

using Bytes = std::vector<std::uint8_t>;

void put16(Bytes& b, unsigned v) {
    b.push_back(std::uint8_t(v));
    b.push_back(std::uint8_t(v >> 8));
}
void put32(Bytes& b, std::uint32_t v) {
    put16(b, v & 0xFFFF);
    put16(b, v >> 16);
}

/// One explicit VR little endian element; `length` is what the header
/// declares (by default the value's size).
void element(Bytes& b, unsigned group, unsigned elem, const char* vr, const Bytes& value,
             std::int64_t length = -1) {
    put16(b, group);
    put16(b, elem);
    b.push_back(std::uint8_t(vr[0]));
    b.push_back(std::uint8_t(vr[1]));
    const std::uint32_t declared = length < 0 ? std::uint32_t(value.size()) : std::uint32_t(length);
    const std::string v(vr);
    if (v == "OB" || v == "OW" || v == "SQ" || v == "UN" || v == "UT") {
        put16(b, 0);
        put32(b, declared);
    } else {
        put16(b, declared);
    }
    b.insert(b.end(), value.begin(), value.end());
}

Bytes text(const std::string& s) {
    Bytes b(s.begin(), s.end());
    if (b.size() % 2) b.push_back(0);
    return b;
}

/// Raw deflate (RFC 1951), as the transfer syntax asks.
Bytes deflateRaw(const Bytes& in) {
    z_stream z{};
    EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    Bytes out(deflateBound(&z, uLong(in.size())));
    z.next_in = const_cast<Bytes::value_type*>(in.data());
    z.avail_in = uInt(in.size());
    z.next_out = out.data();
    z.avail_out = uInt(out.size());
    EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(out.size() - z.avail_out);
    deflateEnd(&z);
    return out;
}

/// A GENERATED Part 10 file: preamble, meta header naming `syntax`, then
/// the data set, deflated when the syntax is the deflated one.
void writePart10(const fs::path& path, const Bytes& dataset,
                 const std::string& syntax = DeflatedDataset::kTransferSyntaxUid) {
    Bytes meta;
    element(meta, 0x0002, 0x0001, "OB", Bytes{0, 1});
    element(meta, 0x0002, 0x0002, "UI", text("1.2.840.10008.5.1.4.1.1.7"));
    element(meta, 0x0002, 0x0003, "UI", text("1.2.3.4.5.6.7"));
    element(meta, 0x0002, 0x0010, "UI", text(syntax));
    Bytes file(128, 0);
    for (char c : std::string("DICM")) file.push_back(std::uint8_t(c));
    element(file, 0x0002, 0x0000, "UL", Bytes{}, 4);
    put32(file, std::uint32_t(meta.size()));
    file.insert(file.end(), meta.begin(), meta.end());
    const Bytes body =
        syntax == DeflatedDataset::kTransferSyntaxUid ? deflateRaw(dataset) : dataset;
    file.insert(file.end(), body.begin(), body.end());
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(file.data()), std::streamsize(file.size()));
}

/// The data set of a small secondary capture, before `tail`.
Bytes headerElements() {
    Bytes d;
    element(d, 0x0008, 0x0016, "UI", text("1.2.840.10008.5.1.4.1.1.7"));
    element(d, 0x0008, 0x0018, "UI", text("1.2.3.4.5.6.7"));
    element(d, 0x0010, 0x0020, "LO", text("GENERATED"));
    return d;
}

std::string problemOf(const fs::path& p, std::uint64_t limit = DeflatedDataset::kMaxInflatedBytes) {
    return DeflatedDataset::problem(p.string(), limit);
}

}  // namespace

TEST(DeflatedDataset, ValidDeflatedFilesPassAndLoad) {
    // pydicom's deflated file (registry data).
    const std::string dfl = radlens::test::pydicomFile("image_dfl.dcm");
    EXPECT_TRUE(DeflatedDataset::isDeflated(dfl));
    EXPECT_EQ(DeflatedDataset::problem(dfl), "");
    InstanceInfo info;
    std::string reason;
    EXPECT_TRUE(DicomHeaderReader::read(dfl, info, reason)) << reason;

    // One DCMTK writes: a sequence with an item, then 16-bit pixels.
    TempDir tmp;
    DcmFileFormat ff;
    DcmDataset* ds = ff.getDataset();
    ds->putAndInsertString(DCM_SOPClassUID, UID_CTImageStorage);
    ds->putAndInsertString(DCM_SOPInstanceUID, "1.2.826.0.1.3680043.2.1125.9.1");
    ds->putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.2.1125.9.2");
    ds->putAndInsertString(DCM_SeriesInstanceUID, "1.2.826.0.1.3680043.2.1125.9.3");
    ds->putAndInsertString(DCM_Modality, "CT");
    ds->putAndInsertString(DCM_PatientID, "GENERATED");
    DcmItem* item = nullptr;
    ASSERT_TRUE(ds->findOrCreateSequenceItem(DCM_ReferencedImageSequence, item, -2).good());
    item->putAndInsertString(DCM_ReferencedSOPInstanceUID, "1.2.3");
    ds->putAndInsertUint16(DCM_Rows, 16);
    ds->putAndInsertUint16(DCM_Columns, 24);
    ds->putAndInsertUint16(DCM_SamplesPerPixel, 1);
    ds->putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
    ds->putAndInsertUint16(DCM_BitsAllocated, 16);
    ds->putAndInsertUint16(DCM_BitsStored, 16);
    ds->putAndInsertUint16(DCM_HighBit, 15);
    ds->putAndInsertUint16(DCM_PixelRepresentation, 0);
    std::vector<Uint16> pixels(16 * 24);
    for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = Uint16(i * 37 % 4001);
    ds->putAndInsertUint16Array(DCM_PixelData, pixels.data(), unsigned(pixels.size()));
    const fs::path written = tmp.path / "deflated.dcm";
    ASSERT_TRUE(ff.saveFile(written.c_str(), EXS_DeflatedLittleEndianExplicit).good());
    EXPECT_TRUE(DeflatedDataset::isDeflated(written.string()));
    EXPECT_EQ(problemOf(written), "");
    Scanner scanner;
    const std::vector<Series> series =
        SeriesAssembler::assemble(scanner.scan({written.string()}).images);
    ASSERT_EQ(series.size(), 1u);
    const Volume v = SeriesLoader().load(series[0]);
    ASSERT_EQ(v.dims(), (std::array<int, 3>{24, 16, 1}));
    ASSERT_EQ(v.pixelType(), PixelType::UInt16);
    for (std::size_t i = 0; i < pixels.size(); ++i)
        ASSERT_EQ(v.dataAs<std::uint16_t>()[i], pixels[i]) << "pixel " << i;

    // Files that are not deflated are not its business.
    EXPECT_FALSE(DeflatedDataset::isDeflated(radlens::test::pydicomFile("CT_small.dcm")));
    EXPECT_EQ(DeflatedDataset::problem(radlens::test::pydicomFile("CT_small.dcm")), "");
    EXPECT_EQ(DeflatedDataset::problem((tmp.path / "missing.dcm").string()), "");
}

TEST(DeflatedDataset, AnElementDeclaringMoreThanTheDataSetHoldsIsRefused) {
    TempDir tmp;
    // After a sequence of undefined length (its item holds an element) and
    // one of defined length, so the walk must step through both.
    Bytes d = headerElements();
    Bytes undefinedSeq;
    put16(undefinedSeq, 0xFFFE), put16(undefinedSeq, 0xE000), put32(undefinedSeq, 0xFFFFFFFF);
    element(undefinedSeq, 0x0008, 0x1155, "UI", text("1.2.3"));
    put16(undefinedSeq, 0xFFFE), put16(undefinedSeq, 0xE00D), put32(undefinedSeq, 0);
    put16(undefinedSeq, 0xFFFE), put16(undefinedSeq, 0xE0DD), put32(undefinedSeq, 0);
    element(d, 0x0008, 0x1140, "SQ", undefinedSeq, 0xFFFFFFFF);
    Bytes item;
    element(item, 0x0008, 0x1150, "UI", text("1.2.840.10008.5.1.4.1.1.7"));
    Bytes definedSeq;
    put16(definedSeq, 0xFFFE), put16(definedSeq, 0xE000),
        put32(definedSeq, std::uint32_t(item.size()));
    definedSeq.insert(definedSeq.end(), item.begin(), item.end());
    element(d, 0x0008, 0x2112, "SQ", definedSeq);
    element(d, 0x0009, 0x1010, "OB", Bytes(100, 7), 3000000000);  // 3 GB declared, 100 present
    const fs::path p = tmp.path / "declares-3gb.dcm";
    writePart10(p, d);

    const std::string problem = problemOf(p);
    EXPECT_NE(problem.find("(0009,1010)"), std::string::npos) << problem;
    EXPECT_NE(problem.find("3000000000"), std::string::npos) << problem;
    EXPECT_THROW(DeflatedDataset::check(p.string()), std::runtime_error);
    try {
        DeflatedDataset::check(p.string());
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()).rfind(p.string() + ": ", 0), 0u) << e.what();
    }
    InstanceInfo info;
    std::string reason;
    EXPECT_FALSE(DicomHeaderReader::read(p.string(), info, reason));
    EXPECT_EQ(reason, problem);

    // An element of a VR nobody defined after the pixel data (fuzz_dicom's
    // finding): DCMTK reads a 4-byte length for it, and so does the check.
    Bytes unknownVr = headerElements();
    element(unknownVr, 0x7FE0, 0x0010, "OB", Bytes(64, 1));
    put16(unknownVr, 0x8A8A), put16(unknownVr, 0x8A8A);
    unknownVr.push_back(0x8A), unknownVr.push_back(0x8A);
    put16(unknownVr, 0), put32(unknownVr, 0xBCBCBCBC);
    unknownVr.insert(unknownVr.end(), 32, 0xBC);
    writePart10(tmp.path / "unknown-vr.dcm", unknownVr);
    const std::string unknown = problemOf(tmp.path / "unknown-vr.dcm");
    EXPECT_NE(unknown.find("(8A8A,8A8A) declares 3166485692 bytes"), std::string::npos) << unknown;
    // The input itself: its pixel data is followed by such an element.
    const std::string found = problemOf(fs::path(RADLENS_SOURCE_DIR) / "fuzz" / "regressions" /
                                        "fuzz_dicom" / "oom-dcmtk-declared-length-3gb");
    EXPECT_NE(found.find("(8A8A,8A8A) declares 2324335242 bytes"), std::string::npos) << found;

    // The same elements, honest, pass.
    Bytes honest = headerElements();
    element(honest, 0x0008, 0x1140, "SQ", undefinedSeq, 0xFFFFFFFF);
    element(honest, 0x0008, 0x2112, "SQ", definedSeq);
    element(honest, 0x0009, 0x1010, "OB", Bytes(100, 7));
    writePart10(tmp.path / "honest.dcm", honest);
    EXPECT_EQ(problemOf(tmp.path / "honest.dcm"), "");

    // Not deflated, the same bytes are DCMTK's to judge (it reads the file
    // lazily; our loaders check pixel data against the file's size).
    writePart10(tmp.path / "plain.dcm", d, "1.2.840.10008.1.2.1");
    EXPECT_EQ(problemOf(tmp.path / "plain.dcm"), "");
}

TEST(DeflatedDataset, ADataSetThatInflatesBeyondTheLimitIsRefused) {
    TempDir tmp;
    // 4 MiB of zeros, honestly declared: about 4 KB deflated.
    Bytes d = headerElements();
    element(d, 0x0009, 0x1010, "OB", Bytes(4u << 20, 0));
    const fs::path p = tmp.path / "bomb.dcm";
    writePart10(p, d);
    EXPECT_LT(fs::file_size(p), 64u * 1024);
    EXPECT_EQ(problemOf(p), "") << "under the default limit";
    const std::string problem = problemOf(p, 1u << 20);
    EXPECT_NE(problem.find("inflates to more than 1048576 bytes"), std::string::npos) << problem;
}

TEST(DeflatedDataset, ADataSetCutShortIsRefusedWhereAnElementRunsPastIt) {
    TempDir tmp;
    Bytes d = headerElements();
    std::vector<std::uint8_t> noise(5000);  // does not compress
    std::mt19937 rng{7};
    for (auto& v : noise) v = std::uint8_t(rng());
    element(d, 0x0009, 0x1010, "OB", noise);
    const fs::path whole = tmp.path / "whole.dcm", cut = tmp.path / "cut.dcm";
    writePart10(whole, d);
    EXPECT_EQ(problemOf(whole), "");
    // The file cut in the middle of the deflate stream.
    std::ifstream in(whole, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_GT(bytes.size(), 5000u);
    std::ofstream(cut, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size() - 2000));
    const std::string problem = problemOf(cut);
    EXPECT_NE(problem.find("(0009,1010) declares 5000 bytes"), std::string::npos) << problem;
}
