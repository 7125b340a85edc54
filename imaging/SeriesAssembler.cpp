#include "imaging/SeriesAssembler.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

namespace radlens::imaging {

namespace {

using Vec3 = std::array<double, 3>;

Vec3 cross(const Vec3& a, const Vec3& b) {
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Vec3 normalized(Vec3 v) {
    const double n = std::sqrt(dot(v, v));
    if (n > 0)
        for (double& x : v) x /= n;
    return v;
}

std::string format(const char* fmt, double a, double b = 0) {
    char buf[256];
    std::snprintf(buf, sizeof buf, fmt, a, b);
    return buf;
}

/// Key of the properties that must agree within one volume.
struct SplitKey {
    std::array<long, 6> orientation{};  // rounded to 1e-4
    int rows = 0, columns = 0, samples = 0, bits = 0, echo = 0;
    bool operator<(const SplitKey& o) const {
        return std::tie(orientation, rows, columns, samples, bits, echo) <
               std::tie(o.orientation, o.rows, o.columns, o.samples, o.bits, o.echo);
    }
};

SplitKey keyOf(const InstanceInfo& i) {
    SplitKey k;
    for (int j = 0; j < 6; ++j) k.orientation[j] = std::lround(i.orientation[j] * 1e4);
    k.rows = i.rows;
    k.columns = i.columns;
    k.samples = i.samplesPerPixel;
    k.bits = i.bitsAllocated;
    k.echo = i.echoNumber;
    return k;
}

struct Slice {
    FrameRef ref;
    Vec3 position{};
    double along = 0;
    int instanceNumber = 0;
};

void buildGeometry(Series& s) {
    const InstanceInfo& first = s.instances.front();
    Geometry& g = s.geometry;
    g.dims = {first.columns, first.rows, 0};
    g.spacing = {first.pixelSpacing[1], first.pixelSpacing[0], 1.0};
    if (!first.hasPixelSpacing && first.rows > 0)
        s.warnings.push_back("no pixel spacing in the header: 1 mm assumed");

    const bool geometric = std::all_of(s.instances.begin(), s.instances.end(),
                                       [](auto& i) { return i.hasPosition && i.hasOrientation; });
    const Vec3 row = normalized({first.orientation[0], first.orientation[1], first.orientation[2]});
    const Vec3 col = normalized({first.orientation[3], first.orientation[4], first.orientation[5]});
    const Vec3 normal = normalized(cross(row, col));

    std::vector<Slice> slices;
    for (int ii = 0; ii < int(s.instances.size()); ++ii) {
        const InstanceInfo& inst = s.instances[ii];
        for (int f = 0; f < inst.frames; ++f) {
            Slice sl;
            sl.ref = {ii, f};
            sl.instanceNumber = inst.instanceNumber;
            sl.position =
                f < int(inst.framePositions.size()) ? inst.framePositions[f] : inst.position;
            sl.along = dot(sl.position, normal);
            slices.push_back(sl);
        }
    }
    // Multi-frame without per-frame positions: frames stack in file order.
    const bool perFramePositions =
        geometric && std::all_of(s.instances.begin(), s.instances.end(), [](auto& i) {
            return i.frames == 1 || int(i.framePositions.size()) == i.frames;
        });
    if (perFramePositions) {
        std::stable_sort(slices.begin(), slices.end(),
                         [](const Slice& a, const Slice& b) { return a.along < b.along; });
    } else {
        std::stable_sort(slices.begin(), slices.end(), [](const Slice& a, const Slice& b) {
            return std::tie(a.instanceNumber, a.ref.instance, a.ref.frame) <
                   std::tie(b.instanceNumber, b.ref.instance, b.ref.frame);
        });
    }
    for (const Slice& sl : slices) s.slices.push_back(sl.ref);
    g.dims[2] = int(slices.size());

    g.direction = {row[0], col[0], normal[0], row[1], col[1], normal[1], row[2], col[2], normal[2]};
    if (geometric) {
        g.origin = slices.front().position;
    } else {
        g.origin = {0, 0, 0};
        if (first.hasPosition) g.origin = first.position;
        if (!first.hasOrientation) g.direction = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    }

    if (slices.size() < 2) {
        g.spacing[2] = first.spacingBetweenSlices > 0 ? first.spacingBetweenSlices
                       : first.sliceThickness > 0     ? first.sliceThickness
                                                      : 1.0;
        return;
    }
    if (!perFramePositions) {
        g.spacing[2] = first.spacingBetweenSlices > 0 ? first.spacingBetweenSlices
                       : first.sliceThickness > 0     ? first.sliceThickness
                                                      : 1.0;
        if (first.rows > 0 && first.frames > 1 && s.instances.size() == 1)
            return;  // a 2D multi-frame image (cine, XA): frames are time, not space
        s.warnings.push_back(format(
            "no slice positions: frames stacked in file order, spacing %.3g mm from the header",
            g.spacing[2]));
        return;
    }

    std::vector<double> steps;
    for (std::size_t k = 1; k < slices.size(); ++k)
        steps.push_back(slices[k].along - slices[k - 1].along);
    const double total = slices.back().along - slices.front().along;
    const double mean = total / double(steps.size());
    std::vector<double> sorted = steps;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    const double median = sorted[sorted.size() / 2];

    const int duplicates =
        int(std::count_if(steps.begin(), steps.end(), [](double d) { return std::abs(d) < 1e-3; }));
    if (duplicates > 0)
        s.warnings.push_back(format("%g slices share a position with another slice", duplicates));
    if (median > 1e-3 &&
        std::any_of(steps.begin(), steps.end(), [&](double d) { return d > 1.5 * median; })) {
        const double largest = *std::max_element(steps.begin(), steps.end());
        s.warnings.push_back(format(
            "missing slices: a gap of %.3g mm where slices are %.3g mm apart", largest, median));
        // Volumes stay on a regular grid: use the typical step, not the mean.
        g.spacing[2] = median;
    } else {
        g.spacing[2] = mean > 1e-6 ? mean : (first.sliceThickness > 0 ? first.sliceThickness : 1.0);
        double worst = 0;
        for (double d : steps) worst = std::max(worst, std::abs(d - mean) / std::max(mean, 1e-9));
        if (worst > SeriesAssembler::kSpacingTolerance)
            s.warnings.push_back(
                format("non-uniform slice spacing: steps differ from the mean "
                       "%.4g mm by up to %.1f %%",
                       mean, worst * 100));
    }
    // Gantry tilt: slices stacked along a direction that is not the normal.
    Vec3 stack{};
    for (int j = 0; j < 3; ++j) stack[j] = slices.back().position[j] - slices.front().position[j];
    const double len = std::sqrt(dot(stack, stack));
    if (len > 1e-6) {
        const double c = std::min(1.0, std::abs(dot(stack, normal)) / len);
        const double degrees = std::acos(c) * 180.0 / M_PI;
        if (degrees > 0.1)
            s.warnings.push_back(
                format("gantry tilt of %.2f degrees: slices are not stacked "
                       "along their normal; geometry follows the normal",
                       degrees));
    }
}

}  // namespace

std::vector<Series> SeriesAssembler::assemble(const std::vector<InstanceInfo>& images) {
    // Group by series UID, then by split key, keeping first-seen order.
    std::map<std::string, std::map<SplitKey, std::vector<const InstanceInfo*>>> groups;
    std::vector<std::string> order;
    // One instance is one SOP Instance UID: of several files that hold it (a
    // study copied twice, a CD beside a PACS export) the first path in sort
    // order is kept, whatever order the scan found them in.
    std::map<std::string, const InstanceInfo*> bySop;
    for (const InstanceInfo& i : images) {
        if (!i.isImage || i.sopInstanceUid.empty()) continue;
        const InstanceInfo*& kept = bySop[i.sopInstanceUid];
        if (!kept || i.path < kept->path) kept = &i;
    }
    std::map<std::string, int> copiesIgnored;  // by series UID
    for (const InstanceInfo& i : images) {
        if (!i.isImage) continue;
        if (!i.sopInstanceUid.empty() && bySop.at(i.sopInstanceUid) != &i) {
            ++copiesIgnored[bySop.at(i.sopInstanceUid)->seriesUid];
            continue;
        }
        const std::string uid = i.seriesUid.empty() ? ("no-series:" + i.path) : i.seriesUid;
        if (!groups.count(uid)) order.push_back(uid);
        groups[uid][keyOf(i)].push_back(&i);
    }

    std::vector<Series> out;
    for (const std::string& uid : order) {
        std::vector<std::vector<const InstanceInfo*>> parts;
        for (auto& [key, members] : groups[uid]) {
            // Repeated positions from different acquisitions: one volume each.
            std::map<std::tuple<long, long, long>, std::set<int>> acquisitionsAt;
            for (const InstanceInfo* i : members)
                acquisitionsAt[{std::lround(i->position[0] * 1e3),
                                std::lround(i->position[1] * 1e3),
                                std::lround(i->position[2] * 1e3)}]
                    .insert(i->acquisitionNumber);
            bool repeated = false;
            std::set<int> acquisitions;
            for (const InstanceInfo* i : members) acquisitions.insert(i->acquisitionNumber);
            for (auto& [pos, acq] : acquisitionsAt) repeated |= acq.size() > 1;
            if (members.front()->hasPosition && repeated && acquisitions.size() > 1) {
                for (int a : acquisitions) {
                    std::vector<const InstanceInfo*> part;
                    for (const InstanceInfo* i : members)
                        if (i->acquisitionNumber == a) part.push_back(i);
                    parts.push_back(part);
                }
            } else {
                parts.push_back(members);
            }
        }
        // Largest part first keeps the plain UID.
        std::stable_sort(parts.begin(), parts.end(),
                         [](auto& a, auto& b) { return a.size() > b.size(); });
        for (std::size_t p = 0; p < parts.size(); ++p) {
            Series s;
            s.uid = p == 0 ? uid : uid + "#" + std::to_string(p + 1);
            const InstanceInfo& f = *parts[p].front();
            s.studyUid = f.studyUid;
            s.patientId = f.patientId;
            s.patientName = f.patientName;
            s.studyDate = f.studyDate;
            s.studyDescription = f.studyDescription;
            s.modality = f.modality;
            s.description = f.seriesDescription;
            s.number = f.seriesNumber;
            std::set<std::string> syntaxes;
            for (const InstanceInfo* i : parts[p]) {
                s.instances.push_back(*i);
                syntaxes.insert(i->transferSyntaxUid);
            }
            s.transferSyntaxes.assign(syntaxes.begin(), syntaxes.end());
            if (p == 0 && copiesIgnored.count(uid))
                s.warnings.push_back(
                    format("%g files ignored: copies of instances already read (same SOP "
                           "Instance UID)",
                           copiesIgnored.at(uid)));
            if (parts.size() > 1)
                s.warnings.push_back("split from series " + uid +
                                     " (orientation, size, echo or acquisition differ)");
            buildGeometry(s);
            out.push_back(std::move(s));
        }
    }
    return out;
}

}  // namespace radlens::imaging
