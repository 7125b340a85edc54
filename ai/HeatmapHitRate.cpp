#include "ai/HeatmapHitRate.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>

#include "ai/ImageFile.h"
#include "ai/LoadedModel.h"
#include "imaging/AnnotationFormats.h"

namespace radlens::ai {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

double number(const std::string& text, const fs::path& file, std::size_t line) {
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || !std::isfinite(v))
        throw std::runtime_error(file.string() + ", line " + std::to_string(line) + ": \"" + text +
                                 "\" is not a box coordinate");
    return v;
}

std::vector<FindingBox> readBoxFile(const fs::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error(file.string() + ": cannot be read");
    std::vector<FindingBox> boxes;
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        const std::vector<std::string> f = imaging::ImageLabelsCsv::fields(line);
        if (n == 1) {
            if (f.size() < 2 || f[0] != "Image Index" || f[1] != "Finding Label")
                throw std::runtime_error(file.string() +
                                         ": expected the header \"Image Index,Finding "
                                         "Label,Bbox [x,y,w,h]\"");
            continue;
        }
        if (f.empty() || (f.size() == 1 && f[0].empty())) continue;
        if (f.size() < 6)
            throw std::runtime_error(file.string() + ", line " + std::to_string(n) +
                                     ": expected image, finding, x, y, w, h");
        FindingBox b;
        b.image = f[0];
        b.finding = f[1];
        b.x = number(f[2], file, n);
        b.y = number(f[3], file, n);
        b.width = number(f[4], file, n);
        b.height = number(f[5], file, n);
        if (b.width <= 0 || b.height <= 0)
            throw std::runtime_error(file.string() + ", line " + std::to_string(n) +
                                     ": a box needs a positive width and height");
        boxes.push_back(b);
    }
    return boxes;
}

}  // namespace

std::vector<FindingBox> HeatmapHitRate::readBoxes(const std::vector<std::string>& dataPaths) {
    std::vector<FindingBox> out;
    std::set<fs::path> seen;
    for (const std::string& d : dataPaths) {
        if (d == "store") continue;
        std::error_code ec;
        const fs::path p(d);
        const fs::path dir = fs::is_directory(p, ec) ? p : p.parent_path();
        const fs::path file = dir / "BBox_List_2017.csv";
        if (!fs::exists(file, ec) || !seen.insert(fs::weakly_canonical(file, ec)).second) continue;
        std::vector<FindingBox> more = readBoxFile(file);
        out.insert(out.end(), more.begin(), more.end());
    }
    return out;
}

json HeatmapHitRate::measure(LoadedModel& model, const std::vector<FindingBox>& boxes,
                             const std::map<std::string, std::string>& images,
                             const std::atomic<bool>* cancel) {
    std::set<std::string> classes;
    for (const ClassInfo& c : model.manifest.classes) classes.insert(c.name);
    // The boxes to judge, by image (one analysis per image).
    std::map<std::string, std::vector<const FindingBox*>> byImage;
    for (const FindingBox& b : boxes)
        if (images.count(b.image) && classes.count(b.finding)) byImage[b.image].push_back(&b);
    if (byImage.empty()) return nullptr;

    std::map<std::string, std::pair<int, int>> perClass;  // finding -> (boxes, hits)
    int total = 0, hits = 0;
    for (const auto& [name, imageBoxes] : byImage) {
        if (cancel && cancel->load()) throw Cancelled();
        const imaging::Volume volume = ImageFile::read(images.at(name));
        AnalyzeOptions options;
        options.heatmaps = true;
        for (const FindingBox* b : imageBoxes) options.heatmapClasses.push_back(b->finding);
        options.cancel = cancel;
        const Findings f = Analyzer::analyze(model, volume, "", options);
        for (const FindingBox* b : imageBoxes) {
            bool hit = false;
            for (const Heatmap& h : f.heatmaps) {
                if (h.className != b->finding || !h.map) continue;
                const float* m = h.map->dataAs<float>();
                const int W = h.map->dims()[0];
                const std::size_t n = std::size_t(W) * std::size_t(h.map->dims()[1]);
                if (n == 0) break;
                const std::size_t peak = std::size_t(std::max_element(m, m + n) - m);
                if (!(m[peak] > 0)) break;
                const double px = double(peak % std::size_t(W)) + 0.5;
                const double py = double(peak / std::size_t(W)) + 0.5;
                hit = px >= b->x && px <= b->x + b->width && py >= b->y && py <= b->y + b->height;
                break;
            }
            auto& [classBoxes, classHits] = perClass[b->finding];
            ++classBoxes;
            ++total;
            if (hit) {
                ++classHits;
                ++hits;
            }
        }
    }
    json per = json::object();
    for (const auto& [finding, bh] : perClass)
        per[finding] = {{"boxes", bh.first},
                        {"hits", bh.second},
                        {"hit_rate", double(bh.second) / double(bh.first)}};
    return {{"boxes", total},
            {"hits", hits},
            {"hit_rate", double(hits) / double(total)},
            {"per_class", per}};
}

}  // namespace radlens::ai
