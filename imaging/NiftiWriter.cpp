#include "imaging/NiftiWriter.h"

#include <nifti1.h>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "imaging/DurableFile.h"
#include "imaging/ParallelGzipWriter.h"

namespace fs = std::filesystem;

namespace radlens::imaging {

namespace {

void setType(nifti_1_header& h, PixelType type) {
    switch (type) {
        case PixelType::UInt8:
            h.datatype = DT_UINT8;
            h.bitpix = 8;
            return;
        case PixelType::Int16:
            h.datatype = DT_INT16;
            h.bitpix = 16;
            return;
        case PixelType::UInt16:
            h.datatype = DT_UINT16;
            h.bitpix = 16;
            return;
        case PixelType::Float32:
            h.datatype = DT_FLOAT32;
            h.bitpix = 32;
            return;
        case PixelType::Rgb8:
            h.datatype = DT_RGB24;
            h.bitpix = 24;
            return;
    }
}

/// The quaternion of rotation `r` (row-major, orthonormal columns) as NIfTI
/// stores it (b, c, d; a >= 0 implied) and qfac (-1 when r is a reflection:
/// its third column is then negated first). NIfTI-1's definition (nifti1.h,
/// "METHOD 2").
void quaternion(std::array<double, 9> r, double& b, double& c, double& d, double& qfac) {
    auto at = [&](int i, int j) -> double& { return r[std::size_t(i * 3 + j)]; };
    const double det = at(0, 0) * (at(1, 1) * at(2, 2) - at(1, 2) * at(2, 1)) -
                       at(0, 1) * (at(1, 0) * at(2, 2) - at(1, 2) * at(2, 0)) +
                       at(0, 2) * (at(1, 0) * at(2, 1) - at(1, 1) * at(2, 0));
    qfac = det > 0 ? 1.0 : -1.0;
    if (qfac < 0)
        for (int i = 0; i < 3; ++i) at(i, 2) = -at(i, 2);
    double a = at(0, 0) + at(1, 1) + at(2, 2) + 1.0;
    if (a > 0.5) {
        a = 0.5 * std::sqrt(a);
        b = 0.25 * (at(2, 1) - at(1, 2)) / a;
        c = 0.25 * (at(0, 2) - at(2, 0)) / a;
        d = 0.25 * (at(1, 0) - at(0, 1)) / a;
        return;
    }
    const double xd = 1.0 + at(0, 0) - (at(1, 1) + at(2, 2));
    const double yd = 1.0 + at(1, 1) - (at(0, 0) + at(2, 2));
    const double zd = 1.0 + at(2, 2) - (at(0, 0) + at(1, 1));
    if (xd > 1.0) {
        b = 0.5 * std::sqrt(xd);
        c = 0.25 * (at(0, 1) + at(1, 0)) / b;
        d = 0.25 * (at(0, 2) + at(2, 0)) / b;
        a = 0.25 * (at(2, 1) - at(1, 2)) / b;
    } else if (yd > 1.0) {
        c = 0.5 * std::sqrt(yd);
        b = 0.25 * (at(0, 1) + at(1, 0)) / c;
        d = 0.25 * (at(1, 2) + at(2, 1)) / c;
        a = 0.25 * (at(0, 2) - at(2, 0)) / c;
    } else {
        d = 0.5 * std::sqrt(zd);
        b = 0.25 * (at(0, 2) + at(2, 0)) / d;
        c = 0.25 * (at(1, 2) + at(2, 1)) / d;
        a = 0.25 * (at(1, 0) - at(0, 1)) / d;
    }
    if (a < 0) {
        b = -b;
        c = -c;
        d = -d;
    }
}

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f) std::fclose(f);
    }
};

}  // namespace

std::string NiftiWriter::header(const Volume& volume) {
    static_assert(sizeof(nifti_1_header) == 348, "NIfTI-1 header is 348 bytes");
    const Geometry& g = volume.geometry();
    nifti_1_header h;
    std::memset(&h, 0, sizeof h);
    h.sizeof_hdr = 348;
    h.dim[0] = 3;
    for (int k = 0; k < 3; ++k) h.dim[k + 1] = short(g.dims[std::size_t(k)]);
    for (int k = 4; k < 8; ++k) h.dim[k] = 1;
    setType(h, volume.pixelType());
    // LPS (DICOM, our volumes) to RAS (NIfTI): negate the first two rows.
    std::array<double, 9> ras{};
    std::array<double, 3> offset{};
    for (int r = 0; r < 3; ++r) {
        const double flip = r < 2 ? -1.0 : 1.0;
        offset[std::size_t(r)] = flip * g.origin[std::size_t(r)];
        for (int c = 0; c < 3; ++c)
            ras[std::size_t(r * 3 + c)] = flip * g.direction[std::size_t(r * 3 + c)];
    }
    // Unit columns, as the quaternion needs (a direction may carry rounding).
    for (int c = 0; c < 3; ++c) {
        double n = 0;
        for (int r = 0; r < 3; ++r) n += ras[std::size_t(r * 3 + c)] * ras[std::size_t(r * 3 + c)];
        n = std::sqrt(n);
        if (n > 0)
            for (int r = 0; r < 3; ++r) ras[std::size_t(r * 3 + c)] /= n;
    }
    double b = 0, c = 0, d = 0, qfac = 1;
    quaternion(ras, b, c, d, qfac);
    h.pixdim[0] = float(qfac);
    for (int k = 0; k < 3; ++k) h.pixdim[k + 1] = float(g.spacing[std::size_t(k)]);
    for (int k = 4; k < 8; ++k) h.pixdim[k] = 1.0f;
    h.vox_offset = 352.0f;
    h.scl_slope = 1.0f;
    h.scl_inter = 0.0f;
    h.xyzt_units = NIFTI_UNITS_MM;
    h.qform_code = NIFTI_XFORM_SCANNER_ANAT;
    h.sform_code = NIFTI_XFORM_SCANNER_ANAT;
    h.quatern_b = float(b);
    h.quatern_c = float(c);
    h.quatern_d = float(d);
    h.qoffset_x = float(offset[0]);
    h.qoffset_y = float(offset[1]);
    h.qoffset_z = float(offset[2]);
    float* rows[3] = {h.srow_x, h.srow_y, h.srow_z};
    for (int r = 0; r < 3; ++r) {
        for (int col = 0; col < 3; ++col)
            rows[r][col] = float(ras[std::size_t(r * 3 + col)] * g.spacing[std::size_t(col)]);
        rows[r][3] = float(offset[std::size_t(r)]);
    }
    std::memcpy(h.magic, "n+1", 4);
    std::string out(reinterpret_cast<const char*>(&h), sizeof h);
    out.append(4, '\0');  // extension flag: none
    return out;
}

void NiftiWriter::write(const Volume& volume, const std::string& path, bool gzip) {
    for (int k = 0; k < 3; ++k)
        if (volume.dims()[std::size_t(k)] > 32767)
            throw std::runtime_error(path +
                                     ": cannot write: NIfTI-1 holds at most 32767 voxels "
                                     "along an axis");
    const std::string temp = DurableFile::tempNameFor(path);
    const std::string head = header(volume);
    try {
        std::unique_ptr<std::FILE, FileCloser> file(std::fopen(temp.c_str(), "wb"));
        if (!file) throw std::runtime_error(std::strerror(errno));
        if (gzip) {
            ParallelGzipWriter writer(file.get(), path);
            writer.add(head.data(), head.size());
            writer.add(volume.data(), volume.byteSize());
            writer.finish();
        } else {
            if (std::fwrite(head.data(), 1, head.size(), file.get()) != head.size() ||
                std::fwrite(volume.data(), 1, volume.byteSize(), file.get()) != volume.byteSize())
                throw std::runtime_error(std::strerror(errno));
        }
        std::FILE* f = file.release();
        if (std::fclose(f) != 0) throw std::runtime_error(std::strerror(errno));
        DurableFile::commit(temp, path);
    } catch (const std::exception& e) {
        std::error_code ec;
        fs::remove(temp, ec);
        const std::string what = e.what();
        if (what.rfind(path, 0) == 0) throw;
        throw std::runtime_error(path + ": cannot write: " + what);
    }
}

}  // namespace radlens::imaging
