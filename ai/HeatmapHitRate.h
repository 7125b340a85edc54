#pragma once
// Whether a classifier's Grad-CAM heatmaps point at the findings: for each
// box of ChestX-ray14's BBox_List_2017.csv (image, finding, x, y, w, h in the
// image's pixels) whose image is a test image and whose finding is a class of
// the model, the heatmap of that class (Analyzer, asked for it whether or not
// the class is flagged) is a hit when its peak pixel lies inside the box (the
// pointing game). An all-zero heatmap is a miss.
//
// Threads: the calling thread; runs the model (autograd for Grad-CAM).
// Throws std::runtime_error naming the file and line of a malformed box list,
// and what Analyzer and ImageFile throw; ai::Cancelled when `cancel` is set.

#include <nlohmann/json.hpp>

#include <atomic>
#include <map>
#include <string>
#include <vector>

#include "ai/Analyzer.h"

namespace radlens::ai {

struct FindingBox {
    std::string image;  ///< file name, e.g. 00013118_008.png
    std::string finding;
    double x = 0, y = 0, width = 0, height = 0;  ///< pixels of the image on disk
};

class HeatmapHitRate {
public:
    /// The boxes of every BBox_List_2017.csv among `dataPaths` (a folder that
    /// holds one, or a CSV file beside one); none when there is none.
    static std::vector<FindingBox> readBoxes(const std::vector<std::string>& dataPaths);
    /// `images`: file name -> path of the test images. Returns {"boxes",
    /// "hits", "hit_rate", "per_class": {finding: {"boxes", "hits",
    /// "hit_rate"}}}, or null when no box names a test image and a class.
    static nlohmann::json measure(LoadedModel& model, const std::vector<FindingBox>& boxes,
                                  const std::map<std::string, std::string>& images,
                                  const std::atomic<bool>* cancel = nullptr);
};

}  // namespace radlens::ai
