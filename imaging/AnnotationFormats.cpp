#include "imaging/AnnotationFormats.h"

#include <nlohmann/json.hpp>
#include "platform/JsonInput.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "imaging/DurableFile.h"
#include "imaging/MaskContours.h"
#include "imaging/PolygonRasterizer.h"

namespace radlens::imaging {

using json = nlohmann::json;

namespace {

/// A whole number from JSON: an integer, or a float with no fraction within
/// +-2^53 (nlohmann's get<int64_t> of 1e300 is undefined behaviour).
std::int64_t wholeNumber(const json& v, const std::string& what) {
    if (v.is_number_integer()) {
        if (v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t(INT64_MAX))
            throw std::runtime_error(what + " is too large");
        return v.get<std::int64_t>();
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (std::isfinite(d) && std::abs(d) <= 9007199254740992.0 && d == std::floor(d))
            return std::int64_t(d);
    }
    throw std::runtime_error(what + " is not a whole number");
}

int size(const json& image, const char* key) {
    if (!image.contains(key)) return 0;
    const std::int64_t v = wholeNumber(image[key], key);
    if (v < 0 || v > 65535) throw std::runtime_error(std::string(key) + " out of range");
    return int(v);
}

/// A polygon's flat [x0, y0, x1, y1...] with finite coordinates within
/// +-1e6 pixels: anything else cannot be an outline on an image.
std::vector<double> coordinates(const json& poly) {
    std::vector<double> xy = poly.get<std::vector<double>>();
    for (double v : xy)
        if (!std::isfinite(v) || std::abs(v) > 1e6)
            throw std::runtime_error("a polygon coordinate is not a finite pixel position");
    return xy;
}

}  // namespace

CocoDocument CocoDocument::read(const std::string& path) {
    json doc;
    try {
        std::ifstream in(path);
        if (!in) throw std::runtime_error("cannot open it");
        doc = platform::parseJson(in, path);
    } catch (const std::exception& e) {
        throw std::runtime_error(path + ": not valid JSON: " + e.what());
    }
    if (!doc.is_object() || !doc.contains("images") || !doc.contains("annotations") ||
        !doc.contains("categories"))
        throw std::runtime_error(path +
                                 ": not COCO JSON (needs images, annotations and categories)");
    CocoDocument out;
    try {
        for (const json& c : doc["categories"])
            out.categories.push_back(
                {wholeNumber(c.at("id"), "category id"), c.at("name").get<std::string>()});
        if (out.categories.size() > 255) throw std::runtime_error("more than 255 categories");
        for (const json& im : doc["images"]) {
            CocoImage i;
            i.id = wholeNumber(im.at("id"), "image id");
            i.fileName = im.at("file_name").get<std::string>();
            if (i.fileName.find("..") != std::string::npos)
                throw std::runtime_error("image " + i.fileName + " lies outside its folder");
            i.width = size(im, "width");
            i.height = size(im, "height");
            i.patientId = im.value("patient_id", std::string());
            out.images.push_back(i);
        }
        std::set<std::int64_t> imageIds;
        for (const CocoImage& i : out.images) imageIds.insert(i.id);
        for (const json& a : doc["annotations"]) {
            CocoAnnotation an;
            an.id = a.contains("id") ? wholeNumber(a["id"], "annotation id") : -1;
            an.imageId = wholeNumber(a.at("image_id"), "image_id");
            an.categoryId = wholeNumber(a.at("category_id"), "category_id");
            if (!imageIds.count(an.imageId) || out.valueOf(an.categoryId) == 0)
                throw std::runtime_error("annotation " + std::to_string(an.id) +
                                         " names an unknown image or category");
            if (a.contains("segmentation") && a["segmentation"].is_array())
                for (const json& poly : a["segmentation"]) {
                    Polygon p = PolygonRasterizer::fromFlat(coordinates(poly));
                    if (p.size() >= 3) an.polygons.push_back(std::move(p));
                }
            out.annotations.push_back(std::move(an));
        }
        if (doc.contains("info") && doc["info"].is_object())
            out.description = doc["info"].value("description", std::string());
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(path + ": " + e.what());
    } catch (const std::exception& e) {
        throw std::runtime_error(path + ": not COCO JSON: " + e.what());
    }
    return out;
}

void CocoDocument::write(const std::string& path) const {
    json doc;
    doc["info"] = {{"description", description}};
    doc["images"] = json::array();
    for (const CocoImage& i : images) {
        json im = {
            {"id", i.id}, {"file_name", i.fileName}, {"width", i.width}, {"height", i.height}};
        if (!i.patientId.empty()) im["patient_id"] = i.patientId;
        doc["images"].push_back(im);
    }
    doc["categories"] = json::array();
    for (const CocoCategory& c : categories)
        doc["categories"].push_back({{"id", c.id}, {"name", c.name}});
    doc["annotations"] = json::array();
    for (const CocoAnnotation& a : annotations) {
        json segs = json::array();
        double area = 0, x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
        for (const Polygon& p : a.polygons) {
            std::vector<double> flat;
            for (const auto& q : p) {
                flat.push_back(q[0]);
                flat.push_back(q[1]);
                x0 = std::min(x0, q[0]);
                y0 = std::min(y0, q[1]);
                x1 = std::max(x1, q[0]);
                y1 = std::max(y1, q[1]);
            }
            area += std::abs(MaskContours::area(p));
            segs.push_back(flat);
        }
        json bbox = a.polygons.empty() ? json::array({0, 0, 0, 0})
                                       : json::array({x0, y0, x1 - x0, y1 - y0});
        doc["annotations"].push_back({{"id", a.id},
                                      {"image_id", a.imageId},
                                      {"category_id", a.categoryId},
                                      {"segmentation", segs},
                                      {"area", area},
                                      {"bbox", bbox},
                                      {"iscrowd", 0}});
    }
    DurableFile::write(path, doc.dump(1) + "\n");
}

int CocoDocument::valueOf(std::int64_t categoryId) const {
    const bool idsAreValues =
        std::all_of(categories.begin(), categories.end(),
                    [](const CocoCategory& c) { return c.id >= 1 && c.id <= 255; });
    if (idsAreValues) {
        for (const CocoCategory& c : categories)
            if (c.id == categoryId) return int(c.id);
        return 0;
    }
    for (std::size_t i = 0; i < categories.size(); ++i)
        if (categories[i].id == categoryId) return int(i) + 1;
    return 0;
}

void CocoDocument::rasterize(std::int64_t imageId, int width, int height,
                             std::uint8_t* labels) const {
    for (const CocoAnnotation& a : annotations) {
        if (a.imageId != imageId) continue;
        const int value = valueOf(a.categoryId);
        for (const Polygon& p : a.polygons)
            PolygonRasterizer::fill(p, width, height, std::uint8_t(value), labels);
    }
}

int CocoDocument::addFromLabels(std::int64_t imageId, const std::uint8_t* labels, int width,
                                int height) {
    std::int64_t nextId = 1;
    for (const CocoAnnotation& a : annotations) nextId = std::max(nextId, a.id + 1);
    int holes = 0;
    for (std::size_t c = 0; c < categories.size(); ++c) {
        const std::size_t n = std::size_t(width) * std::size_t(height);
        const auto value = std::uint8_t(valueOf(categories[c].id));
        if (std::find(labels, labels + n, value) == labels + n) continue;
        const MaskOutlines o = MaskContours::trace(labels, width, height, value);
        holes += int(o.holes.size());
        for (const Polygon& p : o.outer) {
            CocoAnnotation a;
            a.id = nextId++;
            a.imageId = imageId;
            a.categoryId = categories[c].id;
            a.polygons.push_back(p);
            annotations.push_back(std::move(a));
        }
    }
    return holes;
}

namespace {

std::string sliceFileName(const std::string& uid, int z, bool twoD) {
    if (twoD) return uid + ".png";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d", z);
    return uid + "/" + buf + ".png";
}

}  // namespace

CocoDocument CocoDocument::fromLabelMap(const Volume& labels, const std::string& seriesUid,
                                        const std::map<int, std::string>& names,
                                        int* holesLeftOut) {
    if (labels.pixelType() != PixelType::UInt8)
        throw std::runtime_error("a label map is an 8-bit (uint8) volume");
    CocoDocument doc;
    for (const auto& [value, name] : names)
        if (value >= 1 && value <= 255) doc.categories.push_back({value, name});
    const auto& d = labels.dims();
    const std::size_t plane = std::size_t(d[0]) * std::size_t(d[1]);
    // Values without a name still get a category.
    const std::uint8_t* p = labels.dataAs<std::uint8_t>();
    std::vector<bool> present(256, false);
    for (std::size_t i = 0; i < plane * std::size_t(d[2]); ++i) present[p[i]] = true;
    for (int v = 1; v < 256; ++v)
        if (present[std::size_t(v)] && !names.count(v))
            doc.categories.push_back({v, "Label " + std::to_string(v)});
    int holes = 0;
    for (int z = 0; z < d[2]; ++z) {
        const std::uint8_t* slice = p + plane * std::size_t(z);
        if (std::all_of(slice, slice + plane, [](std::uint8_t x) { return x == 0; })) continue;
        CocoImage im;
        im.id = z + 1;
        im.fileName = sliceFileName(seriesUid, z, d[2] == 1);
        im.width = d[0];
        im.height = d[1];
        doc.images.push_back(im);
        holes += doc.addFromLabels(im.id, slice, d[0], d[1]);
    }
    if (holesLeftOut) *holesLeftOut = holes;
    return doc;
}

Volume CocoDocument::toLabelMap(const Geometry& grid, const std::string& seriesUid) const {
    Volume out(PixelType::UInt8, grid);
    const auto& d = grid.dims;
    const std::size_t plane = std::size_t(d[0]) * std::size_t(d[1]);
    for (const CocoImage& im : images) {
        int z = -1;
        if (d[2] == 1 && (images.size() == 1 || im.fileName == sliceFileName(seriesUid, 0, true))) {
            z = 0;
        } else {
            const std::string prefix = seriesUid + "/";
            if (im.fileName.rfind(prefix, 0) == 0) {
                try {
                    std::size_t used = 0;
                    const std::string rest = im.fileName.substr(prefix.size());
                    z = std::stoi(rest, &used);
                    if (rest.substr(used) != ".png") z = -1;
                } catch (const std::exception&) {
                    z = -1;
                }
            }
        }
        if (z < 0 || z >= d[2])
            throw std::runtime_error("COCO image \"" + im.fileName +
                                     "\" is not a slice of series " + seriesUid);
        if ((im.width && im.width != d[0]) || (im.height && im.height != d[1]))
            throw std::runtime_error("COCO image \"" + im.fileName + "\" is " +
                                     std::to_string(im.width) + "x" + std::to_string(im.height) +
                                     ", the series' slices " + std::to_string(d[0]) + "x" +
                                     std::to_string(d[1]));
        rasterize(im.id, d[0], d[1], out.dataAs<std::uint8_t>() + plane * std::size_t(z));
    }
    return out;
}

std::vector<std::string> ImageLabelsCsv::splitLabels(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, '|')) {
        while (!item.empty() && (item.back() == ' ' || item.back() == '\r')) item.pop_back();
        while (!item.empty() && item.front() == ' ') item.erase(item.begin());
        if (!item.empty() && item != "No Finding") out.push_back(item);
    }
    return out;
}

std::vector<std::string> ImageLabelsCsv::fields(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char ch = line[i];
        if (ch == '"') {
            if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
                cur += '"';
                ++i;
            } else {
                quoted = !quoted;
            }
        } else if (ch == ',' && !quoted) {
            out.push_back(cur);
            cur.clear();
        } else if (ch != '\r') {
            cur += ch;
        }
    }
    out.push_back(cur);
    return out;
}

std::vector<ImageLabelRow> ImageLabelsCsv::read(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot open");
    std::string line;
    std::getline(in, line);
    if (line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    const std::vector<std::string> header = fields(line);
    int imageCol = -1, labelCol = -1, patientCol = -1;
    for (int i = 0; i < int(header.size()); ++i) {
        if (header[std::size_t(i)] == "Image Index") imageCol = i;
        if (header[std::size_t(i)] == "Finding Labels") labelCol = i;
        if (header[std::size_t(i)] == "Patient ID") patientCol = i;
    }
    if (imageCol < 0 || labelCol < 0)
        throw std::runtime_error(path +
                                 ": needs the columns \"Image Index\" and \"Finding Labels\"");
    std::vector<ImageLabelRow> rows;
    int row = 1;
    while (std::getline(in, line)) {
        ++row;
        if (line.empty() || line == "\r") continue;
        const std::vector<std::string> f = fields(line);
        if (int(f.size()) <= std::max(imageCol, labelCol))
            throw std::runtime_error(path + ": row " + std::to_string(row) +
                                     " has too few columns");
        ImageLabelRow r;
        r.image = f[std::size_t(imageCol)];
        r.labels = splitLabels(f[std::size_t(labelCol)]);
        if (patientCol >= 0 && int(f.size()) > patientCol) r.patientId = f[std::size_t(patientCol)];
        rows.push_back(std::move(r));
    }
    return rows;
}

void ImageLabelsCsv::write(const std::string& path, const std::vector<ImageLabelRow>& rows) {
    auto quote = [](const std::string& s) {
        if (s.find_first_of(",\"\n") == std::string::npos) return s;
        std::string q = "\"";
        for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    std::string out = "Image Index,Finding Labels,Patient ID\n";
    for (const ImageLabelRow& r : rows) {
        std::string labels;
        for (const std::string& l : r.labels) labels += (labels.empty() ? "" : "|") + l;
        if (labels.empty()) labels = "No Finding";
        out += quote(r.image) + "," + quote(labels) + "," + quote(r.patientId) + "\n";
    }
    DurableFile::write(path, out);
}

}  // namespace radlens::imaging
