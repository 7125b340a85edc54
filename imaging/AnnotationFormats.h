#pragma once
// Exchange formats of local annotations:
//  - COCO JSON: images[] {id, file_name, width, height}, categories[] {id,
//    name}, annotations[] {id, image_id, category_id, segmentation: [[x, y,
//    ...], ...], area, bbox, iscrowd}. Polygon coordinates are COCO's: pixel
//    (x, y) covers [x, x+1) x [y, y+1) (imaging::PolygonRasterizer).
//  - ChestX-ray14-style CSV of image labels: `Image Index,Finding Labels`
//    (labels joined by `|`, "No Finding" for none), optionally `Patient ID`.
//
// Threads: any. Throws std::runtime_error naming the file and what is wrong.
// Writers replace the file atomically (imaging::DurableFile).

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "imaging/Volume.h"

namespace radlens::imaging {

using Polygon = std::vector<std::array<double, 2>>;

struct CocoImage {
    std::int64_t id = 0;
    std::string fileName, patientId;
    int width = 0, height = 0;
};
struct CocoCategory {
    std::int64_t id = 0;
    std::string name;
};
struct CocoAnnotation {
    std::int64_t id = 0, imageId = 0, categoryId = 0;
    std::vector<Polygon> polygons;
};

struct CocoDocument {
    std::vector<CocoImage> images;
    std::vector<CocoCategory> categories;
    std::vector<CocoAnnotation> annotations;
    /// Extra top-level "info" fields written as they are (e.g. synthetic: true).
    std::string description;

    static CocoDocument read(const std::string& path);
    void write(const std::string& path) const;

    /// The mask value of a category: its id when every id is 1..255 (as
    /// Radlens writes them: id = mask value), else its position, from 1.
    int valueOf(std::int64_t categoryId) const;
    /// Draws the annotations of one image into a width x height label image
    /// (row-major), each with its category's value.
    void rasterize(std::int64_t imageId, int width, int height, std::uint8_t* labels) const;
    /// Adds one annotation per connected shape of each label value 1..N of a
    /// label image (category = categories[value - 1]); returns how many holes
    /// were left out (COCO polygons cannot carry holes).
    int addFromLabels(std::int64_t imageId, const std::uint8_t* labels, int width, int height);

    /// A label map of a series as COCO: one image per slice with labels
    /// (file_name "<series uid>/<slice, 4 digits>.png"; a 2D image is
    /// "<series uid>.png"), categories = `names` (id = mask value).
    /// `holesLeftOut` (optional) counts the holes COCO cannot carry.
    static CocoDocument fromLabelMap(const Volume& labels, const std::string& seriesUid,
                                     const std::map<int, std::string>& names,
                                     int* holesLeftOut = nullptr);
    /// The inverse, on the series' grid: each image's slice comes from its
    /// file_name as above; for a 2D series a document with one image is that
    /// image whatever its name. Throws std::runtime_error for an image of
    /// another size or slice that is not in the series.
    Volume toLabelMap(const Geometry& grid, const std::string& seriesUid) const;
};

struct ImageLabelRow {
    std::string image, patientId;
    std::vector<std::string> labels;  ///< without "No Finding"
};

class ImageLabelsCsv {
public:
    static std::vector<ImageLabelRow> read(const std::string& path);
    static void write(const std::string& path, const std::vector<ImageLabelRow>& rows);
    /// "A|B" -> {A, B}; "No Finding" and blanks dropped.
    static std::vector<std::string> splitLabels(const std::string& s);
    /// One CSV line's fields (double quotes group, "" is a quote).
    static std::vector<std::string> fields(const std::string& line);
};

}  // namespace radlens::imaging
