// NiftiWriter against ITK's NiftiImageIO (the writer it replaced, and the
// reader of every NIfTI we open), and ParallelGzipWriter against zlib's
// reader.

#include <gtest/gtest.h>
#include <itkImageFileWriter.h>
#include <itkNiftiImageIO.h>
#include <itkRGBPixel.h>
#include <nifti1.h>
#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "TestData.h"
#include "imaging/ItkImageView.h"
#include "imaging/NiftiWriter.h"
#include "imaging/ParallelGzipWriter.h"
#include "imaging/VolumeIO.h"

using namespace radlens::imaging;

namespace {

/// Rotation by `angle` about the unit axis (x, y, z), row-major.
std::array<double, 9> rotation(double x, double y, double z, double angle) {
    const double n = std::sqrt(x * x + y * y + z * z);
    x /= n, y /= n, z /= n;
    const double c = std::cos(angle), s = std::sin(angle), t = 1 - c;
    return {t * x * x + c,     t * x * y - s * z, t * x * z + s * y,
            t * x * y + s * z, t * y * y + c,     t * y * z - s * x,
            t * x * z - s * y, t * y * z + s * x, t * z * z + c};
}

struct Case {
    const char* name;
    std::array<double, 9> direction;
};

/// Orientations that take every branch of the quaternion: near identity,
/// rotations by more than 90 degrees about each axis, reflections (a DICOM
/// axial series stacked head to foot), coronal and sagittal slices.
std::vector<Case> orientations() {
    return {
        {"axial", {1, 0, 0, 0, 1, 0, 0, 0, 1}},
        {"axial-head-first", {1, 0, 0, 0, 1, 0, 0, 0, -1}},
        {"coronal", {1, 0, 0, 0, 0, 1, 0, -1, 0}},
        {"sagittal", {0, 0, -1, 1, 0, 0, 0, -1, 0}},
        {"oblique", rotation(0.2, -0.4, 1.0, 0.3)},
        {"turned-x", rotation(1.0, 0.1, 0.05, 2.6)},
        {"turned-y", rotation(0.1, 1.0, -0.05, 2.7)},
        {"turned-z", rotation(0.05, -0.1, 1.0, 2.8)},
    };
}

Geometry geometryWith(const std::array<double, 9>& direction, int slices = 3) {
    Geometry g;
    g.dims = {7, 5, slices};
    g.spacing = {0.5, 0.75, 2.5};
    g.origin = {-10.25, 20.5, 33.125};
    g.direction = direction;
    return g;
}

Volume filled(PixelType type, const Geometry& g) {
    Volume v(type, g);
    auto* bytes = static_cast<unsigned char*>(v.data());
    for (std::size_t i = 0; i < v.byteSize(); ++i) bytes[i] = static_cast<unsigned char>(i * 7 + 3);
    return v;
}

template <class TPixel>
void writeWithItk(const Volume& v, const std::string& path) {
    using Image = itk::Image<TPixel, 3>;
    auto writer = itk::ImageFileWriter<Image>::New();
    writer->SetImageIO(itk::NiftiImageIO::New());
    writer->SetFileName(path);
    writer->SetInput(itkImageView<TPixel>(v));
    writer->Update();
}

void writeWithItk(const Volume& v, const std::string& path) {
    switch (v.pixelType()) {
        case PixelType::UInt8:
            return writeWithItk<std::uint8_t>(v, path);
        case PixelType::Int16:
            return writeWithItk<std::int16_t>(v, path);
        case PixelType::UInt16:
            return writeWithItk<std::uint16_t>(v, path);
        case PixelType::Float32:
            return writeWithItk<float>(v, path);
        case PixelType::Rgb8:
            return writeWithItk<itk::RGBPixel<std::uint8_t>>(v, path);
    }
}

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

/// The whole decompressed content of a gzip file, every member (zlib's gzread).
std::string gunzip(const std::string& path) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) return {};
    std::string out;
    char buf[1 << 16];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, std::size_t(n));
    gzclose(f);
    return out;
}

nifti_1_header headerOf(const std::string& bytes) {
    nifti_1_header h;
    std::memset(&h, 0, sizeof h);
    if (bytes.size() >= sizeof h) std::memcpy(&h, bytes.data(), sizeof h);
    return h;
}

void expectSameHeader(const nifti_1_header& ours, const nifti_1_header& itk) {
    EXPECT_EQ(ours.sizeof_hdr, itk.sizeof_hdr);
    for (int k = 0; k < 8; ++k) EXPECT_EQ(ours.dim[k], itk.dim[k]) << "dim[" << k << "]";
    EXPECT_EQ(ours.datatype, itk.datatype);
    EXPECT_EQ(ours.bitpix, itk.bitpix);
    EXPECT_EQ(ours.intent_code, itk.intent_code);
    for (int k = 0; k < 4; ++k) EXPECT_NEAR(ours.pixdim[k], itk.pixdim[k], 1e-6) << k;
    EXPECT_EQ(ours.vox_offset, itk.vox_offset);
    EXPECT_EQ(ours.scl_slope, itk.scl_slope);
    EXPECT_EQ(ours.scl_inter, itk.scl_inter);
    EXPECT_EQ(ours.xyzt_units, itk.xyzt_units);
    EXPECT_EQ(ours.qform_code, itk.qform_code);
    EXPECT_EQ(ours.sform_code, itk.sform_code);
    EXPECT_NEAR(ours.quatern_b, itk.quatern_b, 1e-5);
    EXPECT_NEAR(ours.quatern_c, itk.quatern_c, 1e-5);
    EXPECT_NEAR(ours.quatern_d, itk.quatern_d, 1e-5);
    EXPECT_NEAR(ours.qoffset_x, itk.qoffset_x, 1e-4);
    EXPECT_NEAR(ours.qoffset_y, itk.qoffset_y, 1e-4);
    EXPECT_NEAR(ours.qoffset_z, itk.qoffset_z, 1e-4);
    for (int k = 0; k < 4; ++k) {
        EXPECT_NEAR(ours.srow_x[k], itk.srow_x[k], 1e-4) << "srow_x " << k;
        EXPECT_NEAR(ours.srow_y[k], itk.srow_y[k], 1e-4) << "srow_y " << k;
        EXPECT_NEAR(ours.srow_z[k], itk.srow_z[k], 1e-4) << "srow_z " << k;
    }
    EXPECT_EQ(std::string(ours.magic, 3), std::string(itk.magic, 3));
}

}  // namespace

TEST(NiftiWriter, HeaderAndVoxelsAsItkWritesThem) {
    radlens::test::TempDir dir;
    for (const Case& c : orientations()) {
        for (PixelType type : {PixelType::UInt8, PixelType::Int16, PixelType::UInt16,
                               PixelType::Float32, PixelType::Rgb8}) {
            SCOPED_TRACE(std::string(c.name) + " " + pixelTypeName(type));
            const Volume v = filled(type, geometryWith(c.direction));
            const std::string mine = dir.file("ours.nii"), ref = dir.file("itk.nii");
            NiftiWriter::write(v, mine, false);
            writeWithItk(v, ref);
            const std::string a = readAll(mine), b = readAll(ref);
            expectSameHeader(headerOf(a), headerOf(b));
            ASSERT_EQ(a.size(), 352 + v.byteSize());
            ASSERT_EQ(a.size(), b.size());
            EXPECT_EQ(0, std::memcmp(a.data() + 352, b.data() + 352, v.byteSize()));

            // ITK reads ours back to the same geometry.
            if (type == PixelType::Rgb8) continue;
            const Volume back = VolumeIO::read(mine);
            for (int k = 0; k < 9; ++k)
                EXPECT_NEAR(back.geometry().direction[std::size_t(k)], c.direction[std::size_t(k)],
                            1e-5);
            for (int k = 0; k < 3; ++k)
                EXPECT_NEAR(back.geometry().origin[std::size_t(k)],
                            v.geometry().origin[std::size_t(k)], 1e-4);
        }
    }
}

TEST(NiftiWriter, OneSliceIsStillThreeDimensional) {
    radlens::test::TempDir dir;
    const Volume v = filled(PixelType::Int16, geometryWith(orientations()[4].direction, 1));
    NiftiWriter::write(v, dir.file("ours.nii"), false);
    writeWithItk(v, dir.file("itk.nii"));
    expectSameHeader(headerOf(readAll(dir.file("ours.nii"))),
                     headerOf(readAll(dir.file("itk.nii"))));
}

// Issue 20: ITK aborts the process on an orientation that is not finite, so
// VolumeIO refuses such headers first: NaN, values past 10^6 mm, a zero sform
// axis, also when sizeof_hdr is damaged.
TEST(VolumeIO, DamagedNiftiOrientationIsAnErrorNotAnAbort) {
    radlens::test::TempDir dir;
    const Volume v = filled(PixelType::Int16, geometryWith(orientations()[4].direction, 2));
    NiftiWriter::write(v, dir.file("v.nii"), false);
    const std::string good = readAll(dir.file("v.nii"));
    EXPECT_NO_THROW(VolumeIO::read(dir.file("v.nii")));
    auto damaged = [&](const std::string& name, auto change) {
        nifti_1_header h;
        std::memcpy(&h, good.data(), sizeof h);
        change(h);
        std::string bytes = good;
        std::memcpy(bytes.data(), &h, sizeof h);
        std::ofstream(dir.file(name), std::ios::binary) << bytes;
        try {
            VolumeIO::read(dir.file(name));
            ADD_FAILURE() << name << " was read";
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
        }
    };
    damaged("nan.nii", [](nifti_1_header& h) { h.srow_x[1] = std::nanf(""); });
    damaged("huge.nii", [](nifti_1_header& h) {
        h.quatern_b = 3.6e36f;
        h.qform_code = 1;
    });
    damaged("zero-axis.nii", [](nifti_1_header& h) {
        h.sform_code = 1;
        h.srow_x[2] = h.srow_y[2] = h.srow_z[2] = 0;
    });
    damaged("bad-size.nii", [](nifti_1_header& h) {
        h.sizeof_hdr = 92;
        h.srow_x[0] = std::nanf("");
    });
}

TEST(NiftiWriter, GzipHoldsTheSameBytesAsTheUncompressedFile) {
    radlens::test::TempDir dir;
    Geometry g = geometryWith(orientations()[4].direction);
    g.dims = {256, 256, 40};  // 5 MB: more than one gzip member
    const Volume v = filled(PixelType::Int16, g);
    NiftiWriter::write(v, dir.file("v.nii"), false);
    NiftiWriter::write(v, dir.file("v.nii.gz"), true);
    const std::string plain = readAll(dir.file("v.nii"));
    ASSERT_EQ(plain.size(), 352 + v.byteSize());
    EXPECT_TRUE(gunzip(dir.file("v.nii.gz")) == plain);
    EXPECT_LT(std::filesystem::file_size(dir.file("v.nii.gz")), plain.size() / 4);
    const Volume back = VolumeIO::read(dir.file("v.nii.gz"));
    EXPECT_EQ(0, std::memcmp(back.data(), v.data(), v.byteSize()));
}

TEST(NiftiWriter, FailureNamesThePathAndLeavesNothing) {
    radlens::test::TempDir dir;
    const Volume v = filled(PixelType::UInt8, geometryWith(orientations()[0].direction));
    for (const bool gzip : {false, true}) {
        const std::string path = dir.file(gzip ? "absent/x.nii.gz" : "absent/x.nii");
        try {
            NiftiWriter::write(v, path, gzip);
            ADD_FAILURE() << "no error for " << path;
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
        }
    }
    EXPECT_THROW(VolumeIO::write(v, dir.file("x.png")), std::runtime_error);
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(ParallelGzipWriter, ManyMembersReadBackWhole) {
    radlens::test::TempDir dir;
    std::mt19937 random(7);
    std::string data(3 * 65536 + 7, '\0');
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = i % 3 == 0 ? char(random()) : char(i / 1000);  // part noise, part runs
    for (int threads : {1, 2, 5}) {
        for (std::size_t size : {std::size_t(0), std::size_t(1), data.size()}) {
            SCOPED_TRACE("threads " + std::to_string(threads) + " size " + std::to_string(size));
            const std::string path = dir.file("out.gz");
            std::FILE* f = std::fopen(path.c_str(), "wb");
            ASSERT_TRUE(f);
            ParallelGzipWriter::Options o;
            o.threads = threads;
            o.blockBytes = 65536;
            o.level = threads;  // different levels, same content
            ParallelGzipWriter w(f, path, o);
            w.add(data.data(), size / 2);
            w.add(data.data() + size / 2, size - size / 2);
            w.finish();
            ASSERT_EQ(std::fclose(f), 0);
            EXPECT_TRUE(gunzip(path) == data.substr(0, size));
            // One member per block: count gzip member headers at member starts
            // by decoding member by member with zlib's inflate.
            const std::string bytes = readAll(path);
            std::size_t members = 0, at = 0;
            while (at < bytes.size()) {
                z_stream z{};
                ASSERT_EQ(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
                z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + at));
                z.avail_in = uInt(bytes.size() - at);
                std::string sink(1 << 20, '\0');
                int rc;
                do {
                    z.next_out = reinterpret_cast<Bytef*>(sink.data());
                    z.avail_out = uInt(sink.size());
                    rc = inflate(&z, Z_NO_FLUSH);
                } while (rc == Z_OK);
                ASSERT_EQ(rc, Z_STREAM_END);
                at = bytes.size() - z.avail_in;
                inflateEnd(&z);
                ++members;
            }
            const std::size_t blocks =
                (size / 2 + 65535) / 65536 + (size - size / 2 + 65535) / 65536;
            EXPECT_EQ(members, std::max<std::size_t>(blocks, 1));
        }
    }
}

TEST(ParallelGzipWriter, AFullDiskIsAnErrorNotAHang) {
    std::FILE* f = std::fopen("/dev/full", "wb");
    ASSERT_TRUE(f) << "/dev/full is needed for this test";
    std::mt19937 random(3);
    std::string data(8 << 20, '\0');
    for (char& c : data) c = char(random());  // incompressible: members larger than stdio's buffer
    ParallelGzipWriter::Options o;
    o.threads = 2;
    o.blockBytes = 64 * 1024;
    o.level = 1;
    ParallelGzipWriter w(f, "/dev/full", o);
    w.add(data.data(), data.size());
    try {
        w.finish();
        ADD_FAILURE() << "the write to /dev/full went unnoticed";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/dev/full"), std::string::npos) << e.what();
    }
    std::fclose(f);
}
