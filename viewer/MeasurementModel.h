#pragma once
// The measurements of the slice views, without drawing: per series, the
// distances, ROIs and angles placed so far, which one is selected, and an
// undo history of additions and removals; where each one's outline runs
// (for drawing and hit-testing) and what it measures.
//
// Coordinates are display millimetres (index x spacing, no rotation), the
// slice views' own.
//
// Threads: GUI thread (plain object; SliceView owns one). Throws nothing.

#include <array>
#include <map>
#include <string>
#include <vector>

#include "imaging/RoiStatistics.h"
#include "imaging/Volume.h"

namespace radlens::viewer {

enum class Plane { Sagittal = 0, Coronal = 1, Axial = 2 };  ///< = the index axis kept fixed

/// The measuring tools: a distance, a rectangle or ellipse ROI (mean, SD,
/// min, max, area), an angle (drag the first arm to the vertex, then click
/// the end of the second).
enum class MeasureTool { None, Distance, Rectangle, Ellipse, Angle };

struct Measurement {
    MeasureTool kind = MeasureTool::Distance;
    Plane plane = Plane::Axial;
    int slice = 0;
    /// Display (index x spacing) coordinates, mm: distance a-b; ROI corners a
    /// and b; angle: arm ends a and c, vertex b.
    std::array<double, 3> a{}, b{}, c{};
    imaging::RoiStats stats;  ///< rectangle and ellipse
    double degrees = 0;       ///< angle
    double mm() const;
};

class MeasurementModel {
public:
    /// A measurement of `kind` on slice `slice` of `plane` from index
    /// positions (c: the angle's second arm end), with its statistics over
    /// `volume`.
    static Measurement make(MeasureTool kind, Plane plane, int slice, const imaging::Volume& volume,
                            const std::array<double, 3>& a, const std::array<double, 3>& b,
                            const std::array<double, 3>& c);
    /// The polyline drawn for a measurement (display mm).
    static std::vector<std::array<double, 3>> outline(Plane plane, MeasureTool kind,
                                                      const std::array<double, 3>& a,
                                                      const std::array<double, 3>& b,
                                                      const std::array<double, 3>& c);

    /// The series whose measurements the calls below see (each keeps its own);
    /// switching clears the selection.
    void setSeries(const std::string& key);
    const std::vector<Measurement>& list() const;
    /// Adds `m` (undoable) and returns the stored copy.
    const Measurement& add(const Measurement& m);
    /// The selected measurement (index into list()), -1 for none.
    int selected() const { return selected_; }
    void select(int index);
    /// The measurement on `plane`'s `slice` whose outline passes nearest to
    /// `p` (display mm), within `toleranceMm`; -1 when none does.
    int hitTest(Plane plane, int slice, const std::array<double, 3>& p, double toleranceMm) const;
    /// Removes the selected measurement, else the newest. Undoable.
    void remove();
    /// Reverts the newest addition or removal of this series.
    void undo();

private:
    struct Step {
        bool added = true;
        Measurement measurement;
        std::size_t index = 0;
    };
    std::string key_;
    std::map<std::string, std::vector<Measurement>> lists_;
    /// Newest last, by series: undo() reverts the newest, so the recorded
    /// indices always hold.
    std::map<std::string, std::vector<Step>> history_;
    int selected_ = -1;
};

}  // namespace radlens::viewer
