#include "imaging/LesionStatistics.h"

#include <itkBinaryThresholdImageFilter.h>
#include <itkConnectedComponentImageFilter.h>
#include <itkLabelImageToShapeLabelMapFilter.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "imaging/ItkImageView.h"

namespace radlens::imaging {

namespace {
using LabelImage = itk::Image<std::uint8_t, 3>;
using ComponentImage = itk::Image<std::uint32_t, 3>;

/// Largest distance between two voxel centres of a component. Only boundary
/// voxels (one of their 6 neighbours outside) can be the ends, so the pairs
/// are taken among those; past 20000 boundary voxels an even sample of them
/// is used (the error is below the sampling step along the surface).
template <class LabelObject>
double feret(const LabelObject& obj, const ComponentImage* ids, const Geometry& g) {
    const auto label = obj.GetLabel();
    const auto size = ids->GetLargestPossibleRegion().GetSize();
    const std::uint32_t* buffer = ids->GetBufferPointer();
    const long nx = long(size[0]), ny = long(size[1]), nz = long(size[2]);
    auto inside = [&](long x, long y, long z) {
        if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) return false;
        return buffer[(z * ny + y) * nx + x] == label;
    };
    std::vector<std::array<double, 3>> boundary;
    for (typename LabelObject::ConstIndexIterator it(&obj); !it.IsAtEnd(); ++it) {
        const auto i = it.GetIndex();
        const long x = i[0], y = i[1], z = i[2];
        if (inside(x - 1, y, z) && inside(x + 1, y, z) && inside(x, y - 1, z) &&
            inside(x, y + 1, z) && inside(x, y, z - 1) && inside(x, y, z + 1))
            continue;
        boundary.push_back(g.indexToWorld(double(x), double(y), double(z)));
    }
    if (boundary.size() > 20000) {
        const std::size_t step = (boundary.size() + 19999) / 20000;
        std::vector<std::array<double, 3>> sample;
        for (std::size_t k = 0; k < boundary.size(); k += step) sample.push_back(boundary[k]);
        boundary.swap(sample);
    }
    // Every pair, over flat coordinate arrays and plain pointers: the same
    // arithmetic as indexing the points, without a function call per access
    // where the build does not optimise (the -O0 sanitizer tree spent two
    // thirds of `dicom_seg` here).
    const std::size_t n = boundary.size();
    std::vector<double> xs(n), ys(n), zs(n);
    for (std::size_t k = 0; k < n; ++k) {
        xs[k] = boundary[k][0];
        ys[k] = boundary[k][1];
        zs[k] = boundary[k][2];
    }
    const double *X = xs.data(), *Y = ys.data(), *Z = zs.data();
    double best = 0;
    for (std::size_t a = 0; a < n; ++a) {
        const double ax = X[a], ay = Y[a], az = Z[a];
        for (std::size_t b = a + 1; b < n; ++b) {
            const double dx = ax - X[b], dy = ay - Y[b], dz = az - Z[b];
            const double d = dx * dx + dy * dy + dz * dz;
            if (d > best) best = d;
        }
    }
    return std::sqrt(best);
}
}  // namespace

std::vector<Lesion> LesionStatistics::lesions(const Volume& labels) {
    if (labels.pixelType() != PixelType::UInt8)
        throw std::invalid_argument("a label volume must be uint8");
    const std::uint8_t* p = labels.dataAs<std::uint8_t>();
    std::set<int> present(p, p + labels.geometry().voxelCount());
    present.erase(0);
    LabelImage::Pointer image = itkImageView<std::uint8_t>(labels);
    const Geometry& g = labels.geometry();
    const double voxelMl = g.spacing[0] * g.spacing[1] * g.spacing[2] / 1000.0;

    std::vector<Lesion> out;
    for (int label : present) {
        auto binary = itk::BinaryThresholdImageFilter<LabelImage, LabelImage>::New();
        binary->SetInput(image);
        binary->SetLowerThreshold(std::uint8_t(label));
        binary->SetUpperThreshold(std::uint8_t(label));
        binary->SetInsideValue(1);
        binary->SetOutsideValue(0);
        auto components = itk::ConnectedComponentImageFilter<LabelImage, ComponentImage>::New();
        components->SetInput(binary->GetOutput());
        components->FullyConnectedOn();
        auto shapes = itk::LabelImageToShapeLabelMapFilter<ComponentImage>::New();
        shapes->SetInput(components->GetOutput());
        shapes->SetComputeFeretDiameter(false);  // ITK's is quadratic in all voxels: see feret()
        shapes->Update();
        const ComponentImage* ids = components->GetOutput();
        std::vector<Lesion> ofLabel;
        for (unsigned i = 0; i < shapes->GetOutput()->GetNumberOfLabelObjects(); ++i) {
            auto* obj = shapes->GetOutput()->GetNthLabelObject(i);
            Lesion l;
            l.label = label;
            l.voxels = long(obj->GetNumberOfPixels());
            l.volumeMl = double(l.voxels) * voxelMl;
            l.diameterMm = feret(*obj, ids, g);
            const auto c = obj->GetCentroid();
            for (int d = 0; d < 3; ++d) l.centroid[d] = c[d];
            // Slice: project the centroid on the third axis.
            double along = 0;
            for (int d = 0; d < 3; ++d) along += (c[d] - g.origin[d]) * g.direction[d * 3 + 2];
            l.slice = std::clamp(int(std::lround(along / g.spacing[2])), 0, g.dims[2] - 1);
            ofLabel.push_back(l);
        }
        std::sort(ofLabel.begin(), ofLabel.end(),
                  [](const Lesion& a, const Lesion& b) { return a.voxels > b.voxels; });
        out.insert(out.end(), ofLabel.begin(), ofLabel.end());
    }
    return out;
}

std::vector<LabelSummary> LesionStatistics::summarize(const Volume& labels, int maxLabel) {
    std::vector<LabelSummary> out(std::size_t(std::max(0, maxLabel)));
    for (int i = 0; i < maxLabel; ++i) out[i].label = i + 1;
    const Geometry& g = labels.geometry();
    const double voxelMl = g.spacing[0] * g.spacing[1] * g.spacing[2] / 1000.0;
    for (const Lesion& l : lesions(labels)) {
        if (l.label < 1 || l.label > maxLabel) continue;
        LabelSummary& s = out[l.label - 1];
        s.voxels += l.voxels;
        s.components += 1;
    }
    for (LabelSummary& s : out) s.volumeMl = double(s.voxels) * voxelMl;
    return out;
}

}  // namespace radlens::imaging
