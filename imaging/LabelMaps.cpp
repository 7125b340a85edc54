#include "imaging/LabelMaps.h"

#include "imaging/AnnotationFormats.h"
#include "imaging/DicomSeg.h"
#include "imaging/VolumeIO.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace radlens::imaging {

Volume LabelMaps::toUInt8(const Volume& v, const std::string& path) {
    Volume out(PixelType::UInt8, v.geometry());
    std::uint8_t* o = out.dataAs<std::uint8_t>();
    const std::size_t n = v.geometry().voxelCount();
    auto copy = [&](auto* p) {
        for (std::size_t i = 0; i < n; ++i) {
            const double x = double(p[i]);
            if (x < 0 || x > 255 || x != std::floor(x))
                throw std::runtime_error(path + ": not a label map (value " + std::to_string(x) +
                                         "; labels are whole numbers 0..255)");
            o[i] = std::uint8_t(x);
        }
    };
    switch (v.pixelType()) {
        case PixelType::UInt8:
            copy(v.dataAs<std::uint8_t>());
            break;
        case PixelType::Int16:
            copy(v.dataAs<std::int16_t>());
            break;
        case PixelType::UInt16:
            copy(v.dataAs<std::uint16_t>());
            break;
        case PixelType::Float32:
            copy(v.dataAs<float>());
            break;
        case PixelType::Rgb8:
            throw std::runtime_error(path + ": a colour image is not a label map");
    }
    return out;
}

/// The mask's grid must be the series': same size, and the same voxel
/// positions within a tenth of a millimetre (directions within 1e-3).
void LabelMaps::checkSameGrid(const Geometry& mask, const Geometry& series,
                              const std::string& path) {
    if (mask.dims != series.dims)
        throw std::runtime_error(path + ": " + std::to_string(mask.dims[0]) + "x" +
                                 std::to_string(mask.dims[1]) + "x" + std::to_string(mask.dims[2]) +
                                 " voxels, the series has " + std::to_string(series.dims[0]) + "x" +
                                 std::to_string(series.dims[1]) + "x" +
                                 std::to_string(series.dims[2]));
    for (int i = 0; i < 9; ++i)
        if (std::abs(mask.direction[std::size_t(i)] - series.direction[std::size_t(i)]) > 1e-3)
            throw std::runtime_error(path + ": its orientation differs from the series'");
    for (const auto& corner :
         {std::array<double, 3>{0, 0, 0},
          std::array<double, 3>{double(series.dims[0] - 1), double(series.dims[1] - 1),
                                double(series.dims[2] - 1)}}) {
        const auto a = mask.indexToWorld(corner[0], corner[1], corner[2]);
        const auto b = series.indexToWorld(corner[0], corner[1], corner[2]);
        if (std::hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) > 0.1)
            throw std::runtime_error(path +
                                     ": its voxels lie elsewhere than the series' (origin or "
                                     "spacing differ)");
    }
}

namespace {

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

bool LabelMaps::isMaskPath(const std::string& path) {
    return endsWith(path, ".dcm") || endsWith(path, ".json") || VolumeIO::isSupportedPath(path);
}

Volume LabelMaps::read(const std::string& path, const Series& series,
                       std::vector<Label>* segments) {
    const Geometry& grid = series.geometry;
    Volume labels(PixelType::UInt8, grid);
    if (endsWith(path, ".dcm")) {
        std::vector<Label> found;
        labels = DicomSeg::read(path, series, grid, &found);
        if (segments) *segments = std::move(found);
    } else if (endsWith(path, ".json")) {
        const CocoDocument doc = CocoDocument::read(path);
        labels = doc.toLabelMap(grid, series.uid);
        if (segments)
            for (const CocoCategory& c : doc.categories)
                segments->push_back(
                    {doc.valueOf(c.id), c.name, defaultLabelColor(segments->size()), {}, {}});
    } else {
        const Volume mask = VolumeIO::read(path);
        checkSameGrid(mask.geometry(), grid, path);
        labels = toUInt8(mask, path);
    }
    labels.geometry() = grid;
    return labels;
}

int LabelMaps::write(const Volume& mask, const Series& series, const std::vector<Label>& labels,
                     const std::string& path, const SegCreator& creator,
                     const std::string& cocoDescription) {
    if (mask.pixelType() != PixelType::UInt8)
        throw std::runtime_error(path + ": a label map to write must be 8-bit");
    if (endsWith(path, ".dcm")) {
        const std::uint8_t* p = mask.dataAs<std::uint8_t>();
        const std::size_t n = mask.geometry().voxelCount();
        const int highest = n ? int(*std::max_element(p, p + n)) : 0;
        DicomSeg::write(mask, series, completeLabels(labels, std::max(highest, 1)), creator, path);
        return 0;
    }
    if (endsWith(path, ".json")) {
        std::map<int, std::string> names;
        for (const Label& l : labels) names[l.value] = l.name;
        int holes = 0;
        CocoDocument doc = CocoDocument::fromLabelMap(mask, series.uid, names, &holes);
        if (!cocoDescription.empty()) doc.description = cocoDescription;
        doc.write(path);
        return holes;
    }
    VolumeIO::write(mask, path);
    return 0;
}

}  // namespace radlens::imaging
