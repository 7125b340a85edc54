#include "ai/TrainingDataLoader.h"

#include <openssl/evp.h>
#include <torch/nn/functional.h>
#include <nlohmann/json.hpp>
#include "platform/JsonInput.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

#include "ai/ImageFile.h"
#include "ai/Monochrome.h"
#include "ai/NpyArray.h"
#include "ai/SegmentationSlices.h"
#include "ai/TensorView.h"
#include "ai/TrainingImageCache.h"
#include "imaging/AnnotationFormats.h"
#include "imaging/AnnotationStore.h"
#include "imaging/AreaResize.h"
#include "imaging/AreaShrinker.h"
#include "imaging/Database.h"
#include "imaging/PngReader.h"
#include "imaging/SeriesLoader.h"
#include "imaging/VolumeIO.h"

namespace radlens::ai {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using imaging::Volume;

std::string lower(std::string s) {
    for (char& ch : s) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

Volume readImage(const std::string& path) { return ImageFile::read(path); }

struct Case;
Volume readStoreSeries(const Case& k);

/// Slice k of a volume as (H, W) float32 (a copy).
torch::Tensor sliceOf(const Volume& v, int k) {
    torch::Tensor t = tensorView(v);                              // (1, Z, Y, X)
    if (t.size(0) != 1) t = t.to(torch::kFloat32).mean(0, true);  // colour: grey
    return inMonochrome2Sense(v, t.select(0, 0).select(0, k)).clone();
}

/// Maps mask values to the run's label terms (see the header).
class MaskMapping {
public:
    MaskMapping(const TrainingConfig& c, const std::map<int, std::string>& names) {
        const bool multiclass = c.mode == "multiclass";
        const std::size_t first = multiclass ? 1 : 0;
        const std::size_t fg = c.classes.size() - first;
        lut_.assign(256, 0);
        for (std::size_t ci = first; ci < c.classes.size(); ++ci) {
            const std::int64_t out = multiclass ? std::int64_t(ci) : std::int64_t(ci + 1);
            bool found = false;
            for (const auto& [value, name] : names)
                if (name == c.classes[ci] && value > 0 && value < 256) {
                    lut_[std::size_t(value)] = out;
                    found = true;
                }
            if (found) continue;
            if (fg == 1) {
                for (int v = 1; v < 256; ++v) lut_[std::size_t(v)] = out;
            } else if (names.empty()) {
                const std::size_t v = ci - first + 1;
                if (v < 256) lut_[v] = out;
            } else {
                std::string known;
                for (const auto& [value, name] : names) known += (known.empty() ? "" : ", ") + name;
                throw std::runtime_error("class \"" + c.classes[ci] +
                                         "\" is not among the mask labels (" + known + ")");
            }
        }
    }
    torch::Tensor apply(const torch::Tensor& values) const {
        torch::Tensor lut = torch::tensor(lut_, torch::kInt64);
        return lut.index({values.to(torch::kInt64).clamp(0, 255)});
    }

private:
    std::vector<std::int64_t> lut_;
};

struct Case {
    std::string image, mask, patient, source;
    std::vector<std::string> labels;
    bool labelsKnown = false;
    std::map<int, std::string> maskNames;
    bool synthetic = false;
    /// COCO: the document whose polygons of image cocoImageId are the mask.
    bool coco = false;
    std::shared_ptr<const imaging::CocoDocument> cocoDocument;
    std::int64_t cocoImageId = 0;
    int cocoWidth = 0, cocoHeight = 0;  ///< as the document says (0: not said)
    /// Annotation store: the series (images from the database) and the
    /// mask's checksum.
    std::string seriesUid, maskSha256;
    /// The source says what the image is (MosMedData: CT), for formats that
    /// do not (NIfTI); "" keeps what the file says.
    std::string modality;
    bool testSet = false;  ///< on the data set's official test list
    /// A .npy stack (medseg layout): the index of this slice in `image` (and
    /// in `mask`, when there is one); -1 for other formats.
    std::int64_t npyIndex = -1;
};

/// What reading the cases of a data path found besides them.
struct CaseNotes {
    std::vector<std::string> warnings;
};

Volume readStoreSeries(const Case& k) {
    if (imaging::AnnotationStore::sha256OfFile(k.mask) != k.maskSha256)
        throw std::runtime_error(k.source + ": the mask file " + k.mask +
                                 " was changed or damaged");
    imaging::Database db(imaging::Database::defaultPath());
    try {
        return imaging::SeriesLoader().loadFromDatabase(db, k.seriesUid);
    } catch (const imaging::LoadError& e) {
        throw std::runtime_error(k.source + ": " + e.path() + ": " + e.why());
    }
}

json readJsonFile(const fs::path& file) {
    try {
        std::ifstream in(file);
        return platform::parseJson(in, file.string());
    } catch (const std::exception& e) {
        throw std::runtime_error(file.string() + ": not valid JSON: " + e.what());
    }
}

std::vector<Case> casesFromDatasetJson(const fs::path& dir) {
    const fs::path file = dir / "dataset.json";
    const json doc = readJsonFile(file);
    std::map<int, std::string> names;
    if (doc.contains("mask_labels") && doc["mask_labels"].is_object())
        for (auto it = doc["mask_labels"].begin(); it != doc["mask_labels"].end(); ++it)
            names[std::stoi(it.key())] = it.value().get<std::string>();
    std::vector<Case> cases;
    if (!doc.contains("cases") || !doc["cases"].is_array())
        throw std::runtime_error(file.string() + ": has no \"cases\" list");
    for (const json& e : doc["cases"]) {
        Case c;
        c.image = (dir / e.at("image").get<std::string>()).string();
        if (e.contains("mask") && e["mask"].is_string())
            c.mask = (dir / e["mask"].get<std::string>()).string();
        c.patient = e.value("patient_id", e.value("id", c.image));
        if (e.contains("labels")) {
            c.labels = e["labels"].get<std::vector<std::string>>();
            c.labelsKnown = true;
        }
        c.maskNames = names;
        c.synthetic = doc.value("synthetic", false) || e.value("synthetic", false);
        if (doc.contains("modality") && doc["modality"].is_string())
            c.modality = doc["modality"].get<std::string>();
        c.source = c.image;
        cases.push_back(c);
    }
    return cases;
}

/// Image files by name under a ChestX-ray14 folder: beside the CSV, in
/// images/, and in images_001/images/ ... (the publisher's archives unpacked
/// side by side), or images_001/ directly.
std::map<std::string, fs::path> imageFilesUnder(const fs::path& dir) {
    std::map<std::string, fs::path> out;
    auto addFolder = [&](const fs::path& folder) {
        std::error_code ec;
        for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
            if (it->is_regular_file(ec)) out.emplace(it->path().filename().string(), it->path());
    };
    addFolder(dir);
    addFolder(dir / "images");
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!it->is_directory(ec) || name.rfind("images_", 0) != 0) continue;
        addFolder(it->path());
        addFolder(it->path() / "images");
    }
    return out;
}

/// Names listed one per line (ChestX-ray14's train_val_list.txt, test_list.txt).
std::set<std::string> readNameList(const fs::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error(file.string() + ": cannot open");
    std::set<std::string> names;
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty()) names.insert(line);
    }
    return names;
}

std::vector<Case> casesFromCsv(const fs::path& csv, CaseNotes& notes) {
    const fs::path dir = csv.parent_path();
    // The official split, when the folder holds it: test images are held out.
    std::set<std::string> testList, trainValList;
    if (fs::exists(dir / "test_list.txt")) testList = readNameList(dir / "test_list.txt");
    if (fs::exists(dir / "train_val_list.txt"))
        trainValList = readNameList(dir / "train_val_list.txt");
    std::map<std::string, fs::path> files;
    bool indexed = false;
    std::vector<Case> cases;
    std::size_t missing = 0, unlisted = 0;
    std::string firstMissing;
    for (const imaging::ImageLabelRow& row : imaging::ImageLabelsCsv::read(csv.string())) {
        Case c;
        const std::string& name = row.image;
        if (fs::exists(dir / name)) {
            c.image = (dir / name).string();
        } else if (fs::exists(dir / "images" / name)) {
            c.image = (dir / "images" / name).string();
        } else {
            if (!indexed) {
                files = imageFilesUnder(dir);
                indexed = true;
            }
            auto f = files.find(fs::path(name).filename().string());
            if (f == files.end()) {
                if (missing++ == 0) firstMissing = name;
                continue;
            }
            c.image = f->second.string();
        }
        const fs::path stem = fs::path(name).stem();
        for (const char* ext : {".nii.gz", ".nii"}) {
            const fs::path m = dir / "masks" / (stem.stem().string() + ext);
            const fs::path m2 = dir / "masks" / (stem.string() + ext);
            if (fs::exists(m2))
                c.mask = m2.string();
            else if (fs::exists(m))
                c.mask = m.string();
        }
        c.labels = row.labels;
        c.labelsKnown = true;
        c.patient = row.patientId.empty() ? stem.string() : row.patientId;
        c.source = c.image;
        const std::string file = fs::path(name).filename().string();
        c.testSet = testList.count(file) > 0;
        if (!testList.empty() && !c.testSet && !trainValList.empty() && !trainValList.count(file))
            ++unlisted;
        cases.push_back(c);
    }
    if (cases.empty() && missing > 0)
        throw std::runtime_error(csv.string() + ": none of its " + std::to_string(missing) +
                                 " images was found (looked beside it, in images/ and in "
                                 "images_*/images/; first: " +
                                 firstMissing + ")");
    if (missing > 0)
        notes.warnings.push_back(
            csv.string() + ": " + std::to_string(missing) + " of " +
            std::to_string(missing + cases.size()) +
            " listed images are not on disk and were left out (first: " + firstMissing + ")");
    if (unlisted > 0)
        notes.warnings.push_back(std::to_string(unlisted) +
                                 " images are on neither train_val_list.txt nor test_list.txt; "
                                 "they were used for training and validation");
    return cases;
}

/// The label CSV of a ChestX-ray14 folder: the one CSV with the columns
/// "Image Index" and "Finding Labels" (BBox_List_2017.csv has "Finding
/// Label"); with both of the publisher's versions, Data_Entry_2017_v2020.csv
/// (its corrected labels).
fs::path labelCsvIn(const fs::path& dir, CaseNotes& notes) {
    std::vector<fs::path> labelled;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (lower(it->path().extension().string()) != ".csv") continue;
        std::ifstream in(it->path());
        std::string header;
        std::getline(in, header);
        std::set<std::string> columns;
        std::string col;
        std::istringstream cols(header);
        while (std::getline(cols, col, ',')) {
            while (!col.empty() && (col.back() == '\r' || col.back() == '"')) col.pop_back();
            while (!col.empty() && (col.front() == '"' || col.front() == '\xEF' ||
                                    col.front() == '\xBB' || col.front() == '\xBF'))
                col.erase(0, 1);
            columns.insert(col);
        }
        if (columns.count("Image Index") && columns.count("Finding Labels"))
            labelled.push_back(it->path());
    }
    std::sort(labelled.begin(), labelled.end());
    if (labelled.size() == 1) return labelled.front();
    if (labelled.empty()) return {};
    for (const fs::path& p : labelled)
        if (p.filename() == "Data_Entry_2017_v2020.csv") {
            notes.warnings.push_back("using " + p.filename().string() + " (" +
                                     std::to_string(labelled.size() - 1) +
                                     " other label CSV files in the folder were not read)");
            return p;
        }
    std::string names;
    for (const fs::path& p : labelled) names += (names.empty() ? "" : ", ") + p.filename().string();
    throw std::runtime_error(dir.string() + ": holds several label CSV files (" + names +
                             "); name the one to train on in \"data\"");
}

/// images/ (or MosMedData's studies/, with one folder per category:
/// studies/CT-0 ... CT-4/) and masks/ of NIfTI files matched by name
/// (study_0001.nii.gz and study_0001_mask.nii.gz). A study without a mask is
/// a case without one (a segmenter skips it); a study in a category folder is
/// labelled with the folder's name. MosMedData's studies/ are CT.
std::vector<Case> casesFromNiftiPairs(const fs::path& dir) {
    const bool studies = !fs::exists(dir / "images");
    const fs::path images = studies ? dir / "studies" : dir / "images";
    auto stemOf = [](const fs::path& p) {
        std::string s = p.filename().string();
        for (const char* ext : {".nii.gz", ".nii", ".nrrd"})
            if (endsWith(lower(s), ext)) {
                s.resize(s.size() - std::string(ext).size());
                return s;
            }
        return std::string();
    };
    std::map<std::string, fs::path> masks;
    for (const auto& e : fs::recursive_directory_iterator(dir / "masks")) {
        if (!e.is_regular_file()) continue;
        std::string s = stemOf(e.path());
        if (s.empty()) continue;
        if (endsWith(s, "_mask")) s.resize(s.size() - 5);
        if (!masks.emplace(s, e.path()).second)
            throw std::runtime_error(e.path().string() + ": a second mask for " + s + " (also " +
                                     masks[s].string() + ")");
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(images))
        if (e.is_regular_file() && !stemOf(e.path()).empty()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) throw std::runtime_error(images.string() + ": holds no NIfTI or NRRD image");
    std::vector<Case> cases;
    std::set<std::string> seen;
    for (const fs::path& f : files) {
        const std::string s = stemOf(f);
        if (!seen.insert(s).second)
            throw std::runtime_error(f.string() + ": a second study named " + s);
        Case c;
        c.image = f.string();
        if (auto m = masks.find(s); m != masks.end()) c.mask = m->second.string();
        c.patient = s;
        c.source = c.image;
        if (f.parent_path() != images) {
            c.labels = {f.parent_path().filename().string()};
            c.labelsKnown = true;
        }
        if (studies) c.modality = "CT";
        cases.push_back(c);
    }
    return cases;
}

/// "(N, H, W, C)".
std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string t = "(";
    for (std::size_t k = 0; k < shape.size(); ++k) t += (k ? ", " : "") + std::to_string(shape[k]);
    return t + ")";
}

/// The reference work's medseg / radiopaedia layout: images_NAME.npy
/// (N x H x W or N x H x W x 1, HU) beside masks_NAME.npy (N x H x W x C
/// one-hot, or N x H x W of label values); each slice is a case. Only the
/// headers are read here (NpyArray maps the files).
std::vector<Case> casesFromNpy(const fs::path& dir, CaseNotes& notes) {
    std::vector<fs::path> images;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (e.is_regular_file() && name.rfind("images_", 0) == 0 && endsWith(lower(name), ".npy"))
            images.push_back(e.path());
    }
    std::sort(images.begin(), images.end());
    std::vector<Case> cases;
    for (const fs::path& file : images) {
        const NpyArray image(file.string());
        const auto& s = image.shape();
        if (!(s.size() == 3 || (s.size() == 4 && s[3] == 1)) || s[1] < 1 || s[2] < 1 ||
            s[1] > 65535 || s[2] > 65535)
            throw std::runtime_error(file.string() +
                                     ": expected N x H x W or N x H x W x 1 images, the shape is " +
                                     shapeText(s));
        const std::string suffix = file.filename().string().substr(7);
        const fs::path maskFile = dir / ("masks_" + suffix);
        if (fs::exists(maskFile)) {
            const NpyArray mask(maskFile.string());
            const auto& m = mask.shape();
            if (m.size() < 3 || m.size() > 4 || m[0] != s[0] || m[1] != s[1] || m[2] != s[2])
                throw std::runtime_error(maskFile.string() + ": the masks' shape " + shapeText(m) +
                                         " does not match the images' " + shapeText(s) + " in " +
                                         file.filename().string());
        } else {
            notes.warnings.push_back(file.filename().string() + ": no masks_" + suffix +
                                     " beside it (its slices have no mask)");
        }
        notes.warnings.push_back(
            file.filename().string() +
            ": no patient IDs in the .npy layout; each slice is split on its "
            "own, so slices of one patient may fall on both sides of the split");
        const std::string stem = file.stem().string();
        for (std::int64_t i = 0; i < s[0]; ++i) {
            Case k;
            k.image = file.string();
            k.npyIndex = i;
            if (fs::exists(maskFile)) k.mask = maskFile.string();
            k.patient = stem + "#" + std::to_string(i);
            k.source = file.string() + " slice " + std::to_string(i + 1);
            k.modality = "CT";
            cases.push_back(std::move(k));
        }
    }
    return cases;
}

/// Whether `dir` holds the medseg .npy layout (an images_*.npy file).
bool holdsNpyStacks(const fs::path& dir) {
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (name.rfind("images_", 0) == 0 && endsWith(lower(name), ".npy")) return true;
    }
    return false;
}

/// Slice `i` of a .npy image stack as a one-slice float volume.
Volume npySlice(const NpyArray& a, std::int64_t i) {
    imaging::Geometry g;
    g.dims = {int(a.shape()[2]), int(a.shape()[1]), 1};
    Volume v(imaging::PixelType::Float32, g);
    a.item(i, v.dataAs<float>());
    v.modality = "CT";
    return v;
}

/// Slice `i` of a .npy mask stack as label values 1.. in the run's class order
/// (MaskMapping's "no names" convention): one-hot channels through
/// mask_channels, label values as they are.
Volume npyMask(const NpyArray& a, std::int64_t i, const TrainingConfig& c) {
    const auto& s = a.shape();
    imaging::Geometry g;
    g.dims = {int(s[2]), int(s[1]), 1};
    Volume v(imaging::PixelType::UInt8, g);
    std::uint8_t* out = v.dataAs<std::uint8_t>();
    std::vector<float> item(std::size_t(a.itemElements()));
    a.item(i, item.data());
    const std::size_t pixels = std::size_t(s[1]) * std::size_t(s[2]);
    if (s.size() == 3) {
        for (std::size_t p = 0; p < pixels; ++p)  // NaN and negatives: background
            out[p] = item[p] >= 0.5f ? std::uint8_t(std::min(255.0f, std::round(item[p]))) : 0;
        return v;
    }
    const std::size_t C = std::size_t(s[3]);
    const std::size_t first = c.mode == "multiclass" ? 1 : 0;
    std::fill_n(out, pixels, std::uint8_t(0));
    for (std::size_t ci = first; ci < c.classes.size(); ++ci) {
        const std::size_t ch =
            c.maskChannels.empty() ? ci - first : std::size_t(c.maskChannels[ci]);
        if (ch >= C)
            throw std::runtime_error(a.path() + ": class \"" + c.classes[ci] + "\" reads channel " +
                                     std::to_string(ch) + ", but the masks have " +
                                     std::to_string(C) + " channels (set \"mask_channels\")");
        const auto value = std::uint8_t(ci - first + 1);
        for (std::size_t p = 0; p < pixels; ++p)
            if (item[p * C + ch] > 0.5f) out[p] = value;
    }
    return v;
}

/// COCO JSON (the reference work's format): images[] {id, file_name},
/// annotations[] {image_id, category_id, segmentation: [[x, y, ...], ...]},
/// categories[] {id, name}. Image files lie beside the JSON or in images/.
/// Labels: the categories annotated on an image; masks: its polygons, drawn
/// with imaging::PolygonRasterizer (pixel centres, COCO's coordinates).
std::vector<Case> casesFromCoco(const fs::path& file) {
    const auto shared =
        std::make_shared<const imaging::CocoDocument>(imaging::CocoDocument::read(file.string()));
    const imaging::CocoDocument& doc = *shared;
    std::map<int, std::string> names;
    for (const imaging::CocoCategory& c : doc.categories) names[doc.valueOf(c.id)] = c.name;
    std::map<std::int64_t, Case> byImage;
    const fs::path dir = file.parent_path();
    for (const imaging::CocoImage& im : doc.images) {
        Case k;
        const std::string& name = im.fileName;
        k.image = (fs::exists(dir / name) ? dir / name : dir / "images" / name).string();
        k.patient = im.patientId.empty() ? fs::path(name).stem().string() : im.patientId;
        k.source = file.string() + ": " + name;
        k.labelsKnown = true;
        k.coco = true;
        k.maskNames = names;
        k.cocoImageId = im.id;
        k.cocoWidth = im.width;
        k.cocoHeight = im.height;
        byImage[im.id] = k;
    }
    for (const imaging::CocoAnnotation& a : doc.annotations) {
        Case& k = byImage[a.imageId];
        const std::string& name = names[doc.valueOf(a.categoryId)];
        if (std::find(k.labels.begin(), k.labels.end(), name) == k.labels.end())
            k.labels.push_back(name);
    }
    std::vector<Case> out;
    for (const imaging::CocoImage& im : doc.images) {
        out.push_back(byImage[im.id]);
        out.back().cocoDocument = shared;  // one copy for all its images
    }
    return out;
}

/// The newest final annotation of every series in the local store, with the
/// series' images from the files the database knows.
std::vector<Case> casesFromStore() {
    imaging::Database db(imaging::Database::defaultPath());
    imaging::AnnotationStore store(db, imaging::AnnotationStore::defaultRoot());
    std::vector<Case> cases;
    for (const imaging::AnnotationRecord& r : store.finalVersions()) {
        Case k;
        k.seriesUid = r.seriesUid;
        k.mask = r.maskPath;
        k.maskSha256 = r.maskSha256;
        k.labels = r.labels;
        k.labelsKnown = true;
        k.maskNames = r.maskLabels;
        k.synthetic = r.synthetic;  // seeded from a synthetic model's output
        const std::vector<imaging::InstanceInfo> infos = db.seriesInstances(r.seriesUid);
        k.patient = infos.empty() || infos.front().patientId.empty() ? r.seriesUid
                                                                     : infos.front().patientId;
        k.source = "annotation store: series " + r.seriesUid + " (" + r.annotator + ", version " +
                   std::to_string(r.version) + ")";
        cases.push_back(k);
    }
    if (cases.empty())
        throw std::runtime_error(
            "the annotation store has no final annotations (save one as final first)");
    return cases;
}

/// Whether `path` lies in a data set that `radlens-cli synth` wrote: a
/// dataset.json saying "synthetic": true in its folder or up to two folders
/// above (so its labels.csv, images/ or masks/ used alone count too).
bool insideSyntheticSet(const fs::path& path) {
    fs::path dir = fs::is_directory(path) ? path : path.parent_path();
    for (int up = 0; up < 3 && !dir.empty(); ++up, dir = dir.parent_path()) {
        const fs::path doc = dir / "dataset.json";
        if (fs::is_regular_file(doc)) {
            try {
                if (readJsonFile(doc).value("synthetic", false)) return true;
            } catch (const std::exception&) {
                // Another tool's dataset.json: says nothing about this.
            }
        }
        if (dir == dir.parent_path()) break;
    }
    return false;
}

std::vector<Case> casesFromPath(const std::string& path, CaseNotes& notes);

std::vector<Case> casesFrom(const std::string& path, CaseNotes& notes) {
    std::vector<Case> cases = casesFromPath(path, notes);
    if (path != "store" && insideSyntheticSet(fs::absolute(path)))
        for (Case& k : cases) k.synthetic = true;
    return cases;
}

std::vector<Case> casesFromPath(const std::string& path, CaseNotes& notes) {
    if (path == "store") return casesFromStore();
    const fs::path p(path);
    if (!fs::exists(p)) throw std::runtime_error(path + ": does not exist");
    if (fs::is_regular_file(p) && lower(p.extension().string()) == ".csv")
        return casesFromCsv(p, notes);
    if (fs::is_regular_file(p) && lower(p.extension().string()) == ".json") return casesFromCoco(p);
    if (fs::is_directory(p)) {
        if (fs::exists(p / "dataset.json")) return casesFromDatasetJson(p);
        if (holdsNpyStacks(p)) return casesFromNpy(p, notes);
        if (fs::is_directory(p / "masks") &&
            (fs::is_directory(p / "images") || fs::is_directory(p / "studies")))
            return casesFromNiftiPairs(p);
        const fs::path csv = labelCsvIn(p, notes);
        if (!csv.empty()) return casesFromCsv(csv, notes);
    }
    throw std::runtime_error(path +
                             ": not a training data set (expected dataset.json, a "
                             "ChestX-ray14 folder or CSV with the columns \"Image Index\" and "
                             "\"Finding Labels\", images/ or studies/ with masks/ of NIfTI "
                             "pairs, or a COCO JSON file)");
}

class Sha256 {
public:
    Sha256() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
        EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr);
    }
    void add(const void* data, std::size_t n) { EVP_DigestUpdate(ctx_.get(), data, n); }
    void add(const torch::Tensor& t) {
        if (!t.defined()) return;
        torch::Tensor c = t.contiguous();
        add(c.data_ptr(), std::size_t(c.numel()) * c.element_size());
    }
    std::string hex() {
        unsigned char md[32];
        unsigned len = 0;
        EVP_DigestFinal_ex(ctx_.get(), md, &len);
        std::string out;
        char buf[3];
        for (unsigned i = 0; i < len; ++i) {
            std::snprintf(buf, sizeof buf, "%02x", md[i]);
            out += buf;
        }
        return out;
    }

private:
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx_;
};

}  // namespace

namespace {

/// The cases of every data path, those a segmenter cannot use (no mask) left
/// out and counted in `warnings`. Throws std::runtime_error when nothing is
/// left.
std::vector<Case> gatherCases(const TrainingConfig& c, std::vector<std::string>& warnings) {
    const bool segment = c.usesMasks();
    const bool multiclass = c.mode == "multiclass";
    std::vector<Case> cases;
    for (const std::string& d : c.data) {
        CaseNotes notes;
        std::vector<Case> more = casesFrom(d, notes);
        cases.insert(cases.end(), more.begin(), more.end());
        warnings.insert(warnings.end(), notes.warnings.begin(), notes.warnings.end());
    }
    if (cases.empty()) throw std::runtime_error("the data paths hold no cases");
    // A segmenter learns from the cases with a mask and says how many it left.
    if (segment) {
        const std::size_t all = cases.size();
        std::string first;
        cases.erase(std::remove_if(cases.begin(), cases.end(),
                                   [&](const Case& k) {
                                       const bool none = k.mask.empty() && !k.coco;
                                       if (none && first.empty()) first = k.source;
                                       return none;
                                   }),
                    cases.end());
        if (cases.empty())
            throw std::runtime_error("segmentation needs masks, and none of the " +
                                     std::to_string(all) + " cases has one (first: " + first + ")");
        if (cases.size() < all)
            warnings.push_back(std::to_string(all - cases.size()) + " of " + std::to_string(all) +
                               " cases have no mask and were skipped (first: " + first + ")");
    }
    std::set<std::string> knownLabels;
    for (const Case& k : cases) knownLabels.insert(k.labels.begin(), k.labels.end());
    if (!segment)
        for (std::size_t ci = 0; ci < c.classes.size(); ++ci)
            if (!knownLabels.count(c.classes[ci]) && !(multiclass && ci == 0))
                warnings.push_back("class \"" + c.classes[ci] +
                                   "\" never occurs in the data's labels");
    return cases;
}

}  // namespace

TrainingDataIndex TrainingDataLoader::index(
    const TrainingConfig& c, const std::atomic<bool>* cancel,
    const std::function<void(std::size_t, std::size_t)>& progress) {
    TrainingDataIndex out;
    const std::vector<Case> cases = gatherCases(c, out.warnings);
    const bool multiclass = c.mode == "multiclass";
    out.cases = cases.size();
    out.perClass.assign(c.classes.size(), 0);
    std::set<std::string> patients, testPatients;
    std::size_t missing = 0;
    std::string firstMissing;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        if (cancel && cancel->load()) throw std::runtime_error("cancelled");
        if (progress && (i % 1024 == 0 || i + 1 == cases.size())) progress(i + 1, cases.size());
        const Case& k = cases[i];
        patients.insert(k.patient);
        if (k.testSet) {
            ++out.testCases;
            testPatients.insert(k.patient);
        }
        if (!k.mask.empty() || k.coco) ++out.withMask;
        out.synthetic = out.synthetic || k.synthetic;
        if (k.labelsKnown) {
            ++out.labelled;
            bool any = false;
            for (std::size_t ci = 0; ci < c.classes.size(); ++ci)
                if (std::find(k.labels.begin(), k.labels.end(), c.classes[ci]) != k.labels.end()) {
                    ++out.perClass[ci];
                    any = true;
                }
            if (multiclass && !any && !c.classes.empty()) ++out.perClass[0];
        }
        // Files only (a stat each): nothing is decoded.
        if (k.seriesUid.empty() && !fs::exists(k.image) && missing++ == 0) firstMissing = k.image;
    }
    out.patients = patients.size();
    out.testPatients = testPatients.size();
    if (missing > 0)
        out.warnings.push_back(std::to_string(missing) +
                               " images are not on disk (first: " + firstMissing + ")");
    return out;
}

namespace {

/// SHA-256 of a file's bytes, or of every file under a folder (sorted by
/// path: a DICOM series), read in 1 MB pieces.
std::string hashOfPath(const std::string& path) {
    Sha256 h;
    std::vector<char> buf(1 << 20);
    auto addFile = [&](const fs::path& file) {
        std::ifstream in(file, std::ios::binary);
        if (!in) throw std::runtime_error(file.string() + ": cannot open");
        while (in) {
            in.read(buf.data(), std::streamsize(buf.size()));
            h.add(buf.data(), std::size_t(in.gcount()));
        }
    };
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        std::vector<fs::path> files;
        for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
            if (it->is_regular_file(ec)) files.push_back(it->path());
        std::sort(files.begin(), files.end());
        for (const fs::path& f : files) {
            const std::string rel = fs::relative(f, path, ec).generic_string();
            h.add(rel.data(), rel.size() + 1);
            addFile(f);
        }
    } else {
        addFile(path);
    }
    return h.hex();
}

/// A PNG that imaging::PngReader::check found damaged.
struct DamagedImage : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// SHA-256 of a PNG's bytes, and imaging::PngReader::check on the same bytes
/// (truncation, CRCs, header; no inflate): a damaged file among 10^5 is found
/// while the index is made, not when a batch needs it. Throws DamagedImage.
std::string hashOfCheckedPng(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw std::runtime_error(path + ": cannot open");
    const std::streamoff size = in.tellg();
    if (size < 0) throw std::runtime_error(path + ": cannot read");
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), size))
        throw std::runtime_error(path + ": cannot read");
    try {
        imaging::PngReader::check(bytes.data(), bytes.size(), path);
    } catch (const std::runtime_error& e) {
        throw DamagedImage(e.what());
    }
    Sha256 h;
    h.add(bytes.data(), bytes.size());
    return h.hex();
}

std::string sha256Of(const std::string& text) {
    Sha256 h;
    h.add(text.data(), text.size());
    return h.hex();
}

/// Whether a case's samples can be decoded when a batch needs them: one
/// image per file (PNG, a DICOM file) or a .npy slice. Volumes (NIfTI,
/// series folders) and the store are read whole, once.
bool streamable(const Case& k) {
    if (!k.seriesUid.empty()) return false;
    if (k.npyIndex >= 0) return true;
    std::error_code ec;
    if (!fs::is_regular_file(k.image, ec)) return false;
    return !imaging::VolumeIO::isSupportedPath(k.image);
}

/// Makes samples from cases: the same code for the index and for the
/// streaming decoder, so that a streamed sample equals a held one.
/// Threads: const members from any thread (the .npy maps behind a mutex).
class SampleMaker {
public:
    explicit SampleMaker(const TrainingConfig& c)
        : c_(c),
          segment_(c.usesMasks()),
          multiclass_(c.mode == "multiclass"),
          C_(std::int64_t(c.classes.size())) {
        int largestSide = c.imageSize;
        for (const auto& [epoch, side] : c.progressive) largestSide = std::max(largestSide, side);
        keepSide_ = 2 * std::int64_t(largestSide);
        if (c.imageCache)
            cache_.emplace(
                !c.imageCacheDir.empty()
                    ? c.imageCacheDir
                    : (fs::path(imaging::Database::dataDirectory()) / "training-cache").string());
    }

    bool segment() const { return segment_; }
    std::int64_t keepSide() const { return keepSide_; }

    Volume image(const Case& k) const {
        Volume image = k.npyIndex >= 0       ? npySlice(stack(k.image), k.npyIndex)
                       : k.seriesUid.empty() ? readImage(k.image)
                                             : readStoreSeries(k);
        if (!k.modality.empty()) image.modality = k.modality;
        return image;
    }

    /// A segmenter's mask of a case on a (rows x columns x slices) image
    /// grid; none for a classifier.
    std::optional<Volume> mask(const Case& k, int columns, int rows) const {
        if (!segment_) return std::nullopt;
        if (k.coco) {  // the polygons (none: an empty mask)
            imaging::Geometry g;
            g.dims = {columns, rows, 1};
            Volume m(imaging::PixelType::UInt8, g);
            k.cocoDocument->rasterize(k.cocoImageId, columns, rows, m.dataAs<std::uint8_t>());
            return m;
        }
        if (k.npyIndex >= 0) return npyMask(stack(k.mask), k.npyIndex, c_);
        return imaging::VolumeIO::read(k.mask);
    }

    /// A segmenter's mask of a case whose image has `dims`, checked to be
    /// that size; none for a classifier.
    std::optional<Volume> maskFor(const Case& k, const std::array<int, 3>& dims) const {
        std::optional<Volume> m = mask(k, dims[0], dims[1]);
        if (m && m->dims() != dims)
            throw std::runtime_error(k.mask + ": mask size differs from its image " + k.image);
        return m;
    }

    /// A case's image and (segmenters) its mask, checked to be the same size.
    std::pair<Volume, std::optional<Volume>> imageAndMask(const Case& k) const {
        Volume im = image(k);
        std::optional<Volume> m = maskFor(k, im.dims());
        return {std::move(im), std::move(m)};
    }

    /// The sides a (H x W) slice is kept at (at most twice the largest
    /// training side, its aspect kept) and the factor.
    std::pair<std::pair<std::int64_t, std::int64_t>, double> keptSize(std::int64_t H,
                                                                      std::int64_t W) const {
        if (std::max(H, W) <= keepSide_) return {{H, W}, 1.0};
        const double shrink = double(keepSide_) / double(std::max(H, W));
        return {{std::max<std::int64_t>(1, std::llround(double(H) * shrink)),
                 std::max<std::int64_t>(1, std::llround(double(W) * shrink))},
                shrink};
    }

    /// Slice z of a mask in the run's label terms, at (h x w) (nearest).
    torch::Tensor maskSlice(const Volume& mask, const Case& k, int z, std::int64_t h,
                            std::int64_t w) const {
        const MaskMapping mapping(c_, k.maskNames);
        torch::Tensor m = mapping.apply(tensorView(mask).select(0, 0).select(0, z)).contiguous();
        if (m.size(0) == h && m.size(1) == w) return m;
        return torch::nn::functional::interpolate(
                   m.view({1, 1, m.size(0), m.size(1)}).to(torch::kFloat32),
                   torch::nn::functional::InterpolateFuncOptions()
                       .size(std::vector<int64_t>{h, w})
                       .mode(torch::kNearest))
            .view({h, w})
            .to(torch::kInt64)
            .contiguous();
    }

    /// Labels from the mask (segmenters, with maskCounts) or the case's names.
    void setLabels(TrainingSample& s, const Case& k) const {
        s.labels = torch::zeros({C_});
        if (segment_) {
            const torch::Tensor counts =
                torch::bincount(s.mask.flatten(), {}, C_ + 1).to(torch::kFloat64);
            s.maskCounts.assign(counts.data_ptr<double>(), counts.data_ptr<double>() + C_ + 1);
            for (std::int64_t ci = multiclass_ ? 1 : 0; ci < C_; ++ci)
                if (s.maskCounts[std::size_t(multiclass_ ? ci : ci + 1)] > 0) s.labels[ci] = 1;
            if (multiclass_ && s.labels.sum().item<float>() == 0) s.labels[0] = 1;
            return;
        }
        for (std::int64_t ci = 0; ci < C_; ++ci)
            if (std::find(k.labels.begin(), k.labels.end(), c_.classes[std::size_t(ci)]) !=
                k.labels.end())
                s.labels[ci] = 1;
        if (multiclass_) {
            const float n = s.labels.sum().item<float>();
            if (n == 0) s.labels[0] = 1;  // classes[0] stands for "no finding"
            if (n > 1)
                throw std::runtime_error(k.source +
                                         ": has several labels, but mode is multiclass "
                                         "(use multilabel)");
        }
    }

    void setProvenance(TrainingSample& s, const Case& k, int z, int Z) const {
        s.patientId = k.patient;
        s.synthetic = k.synthetic;
        s.testSet = k.testSet;
        s.source = k.npyIndex >= 0
                       ? k.source
                       : k.image + (Z > 1 ? " slice " + std::to_string(z + 1) : std::string());
        s.path = k.image;
        s.seriesUid = k.seriesUid;
        s.slice = z;
    }

    /// Slice z of a decoded image (and its mask) as a sample.
    TrainingSample make(const Case& k, const Volume& image, const std::optional<Volume>& mask,
                        int z) const {
        TrainingSample s;
        const int Z = image.dims()[2];
        s.image = sliceOf(image, z).unsqueeze(0);
        const std::int64_t H = s.image.size(1), W = s.image.size(2);
        s.originalRows = int(H);
        s.originalColumns = int(W);
        // Shrunk as read to at most twice the largest training side: a
        // 1024 x 1024 radiograph trained at 224 is held as 448 x 448
        // (4 MB -> 0.8 MB); crops of 75-100 % still come from more pixels
        // than the network takes.
        const auto [hw, shrink] = keptSize(H, W);
        if (shrink < 1) {
            // Area averaging with interpolate(mode = area)'s windows, in a
            // quarter of its time (imaging/AreaResize.h).
            const torch::Tensor full = s.image.to(torch::kFloat32).contiguous();
            s.image = torch::empty({1, hw.first, hw.second}, torch::kFloat32);
            imaging::resizeArea(full.data_ptr<float>(), H, W, s.image.data_ptr<float>(), hw.first,
                                hw.second);
        }
        complete(s, k, mask, z, Z, image.modality,
                 (image.geometry().spacing[0] + image.geometry().spacing[1]) / 2 / shrink);
        return s;
    }

    /// A 2-D PNG case as make() makes it from the whole image, the same
    /// values bit for bit, but decoded straight to its kept size: each row
    /// goes into the shrink as the decoder makes it, so the full-size float
    /// image (4 MB for a 1024 x 1024 radiograph) never exists. std::nullopt
    /// for other cases and for the PNGs PngReader leaves to libpng.
    std::optional<TrainingSample> makeFromPng(const Case& k) const {
        if (k.npyIndex >= 0 || !k.seriesUid.empty() || !imaging::PngReader::hasPngName(k.image))
            return std::nullopt;
        KeptRows rows(*this);
        if (!imaging::PngReader::readGreyRows(k.image, rows)) return std::nullopt;
        TrainingSample s;
        s.image = rows.image;
        s.originalRows = int(rows.H);
        s.originalColumns = int(rows.W);
        const std::optional<Volume> m = maskFor(k, {int(rows.W), int(rows.H), 1});
        // A PNG's pixels are 1 x 1 and have no modality but the case's.
        complete(s, k, m, 0, 1, k.modality, 1.0 / rows.shrink);
        return s;
    }

    /// The rest of a sample whose image is made: modality, provenance,
    /// spacing, mask (slice z of Z, at the image's size) and labels.
    void complete(TrainingSample& s, const Case& k, const std::optional<Volume>& mask, int z, int Z,
                  const std::string& modality, double pixelSpacing) const {
        s.modality = modality;
        setProvenance(s, k, z, Z);
        s.pixelSpacing = pixelSpacing;
        if (mask) s.mask = maskSlice(*mask, k, z, s.image.size(1), s.image.size(2));
        setLabels(s, k);
    }

    /// A PNG's rows into a 1 x h x w image at the kept size, through the
    /// same imaging::AreaShrinker as make()'s resizeArea.
    class KeptRows : public imaging::PngReader::RowSink {
    public:
        explicit KeptRows(const SampleMaker& maker) : maker_(maker) {}
        void start(std::int64_t width, std::int64_t height) override {
            H = height;
            W = width;
            const auto [hw, factor] = maker_.keptSize(H, W);
            shrink = factor;
            image = torch::empty({1, hw.first, hw.second}, torch::kFloat32);
            if (shrink < 1) shrinker_.emplace(H, W, hw.first, hw.second, image.data_ptr<float>());
        }
        void row(std::int64_t y, const float* grey) override {
            if (shrinker_)
                shrinker_->addRow(grey);
            else
                std::memcpy(image.data_ptr<float>() + y * W, grey, std::size_t(W) * sizeof(float));
        }
        torch::Tensor image;
        std::int64_t H = 0, W = 0;
        double shrink = 1.0;

    private:
        const SampleMaker& maker_;
        std::optional<imaging::AreaShrinker> shrinker_;
    };

    /// The entry of a streamed case: labels (from the mask, read now, for a
    /// segmenter), patient and provenance; no pixels.
    TrainingSample entry(const Case& k, const std::optional<Volume>& mask) const {
        TrainingSample s;
        setProvenance(s, k, 0, 1);
        s.modality = k.modality;
        if (mask) {
            const auto [hw, shrink] = keptSize(mask->dims()[1], mask->dims()[0]);
            s.mask = maskSlice(*mask, k, 0, hw.first, hw.second);
        }
        setLabels(s, k);
        s.mask = torch::Tensor();
        return s;
    }

    /// A streamed case decoded (from the cache when it holds the image).
    TrainingSample decode(const Case& k, const std::string& imageHash) const {
        // .npy slices are mapped already: nothing to gain from the cache.
        // The key's version changes with the shrink's values (3: rows summed
        // before columns, imaging::AreaShrinker), so that a cached image
        // always equals a fresh decode.
        const bool cached = cache_ && k.npyIndex < 0 && !imageHash.empty();
        const std::string key = cached ? sha256Of("radlens-training-image-3|" + imageHash + "|" +
                                                  std::to_string(keepSide_) + "|" + k.modality)
                                       : std::string();
        if (cached) {
            TrainingImageCache::Entry e = cache_->find(key);
            if (e.image.defined()) {
                try {
                    TrainingSample s;
                    s.image = e.image;
                    s.originalRows = e.about.at("rows").get<int>();
                    s.originalColumns = e.about.at("columns").get<int>();
                    s.pixelSpacing = e.about.at("spacing").get<double>();
                    s.modality = e.about.at("modality").get<std::string>();
                    const int z = e.about.at("slice").get<int>();
                    setProvenance(s, k, z, e.about.at("slices").get<int>());
                    if (segment_) {
                        const std::optional<Volume> m = mask(k, s.originalColumns, s.originalRows);
                        if (m->dims()[0] != s.originalColumns || m->dims()[1] != s.originalRows)
                            throw std::runtime_error(
                                k.mask + ": mask size differs from its image " + k.image);
                        s.mask = maskSlice(*m, k, 0, s.image.size(1), s.image.size(2));
                    }
                    setLabels(s, k);
                    return s;
                } catch (const nlohmann::json::exception&) {
                    // An entry of another version: decoded and stored again.
                }
            }
        }
        int Z = 1;
        std::optional<TrainingSample> png = makeFromPng(k);
        if (!png) {
            const auto [im, m] = imageAndMask(k);
            Z = im.dims()[2];
            // A classifier takes the middle image of a multi-frame file; a
            // segmenter's 2D mask has one slice, so its image has one too.
            png = make(k, im, m, Z / 2);
        }
        TrainingSample s = std::move(*png);
        if (cached)
            cache_->store(key, s.image,
                          {{"rows", s.originalRows},
                           {"columns", s.originalColumns},
                           {"spacing", s.pixelSpacing},
                           {"modality", s.modality},
                           {"slice", s.slice},
                           {"slices", Z}});
        return s;
    }

private:
    TrainingConfig c_;
    bool segment_, multiclass_;
    std::int64_t C_;
    std::int64_t keepSide_ = 0;
    std::optional<TrainingImageCache> cache_;
    mutable std::mutex stacksMutex_;
    mutable std::map<std::string, std::unique_ptr<NpyArray>> stacks_;

    const NpyArray& stack(const std::string& file) const {
        std::lock_guard<std::mutex> lock(stacksMutex_);
        auto& a = stacks_[file];
        if (!a) a = std::make_unique<NpyArray>(file);
        return *a;
    }
};

/// What a streamed sample needs to be decoded: its case and file hash.
struct StreamedCase {
    Case k;
    std::string imageHash;
};

}  // namespace

TrainingSamples LoadedTrainingData::trainingSamples() const {
    TrainingSamples out(samples, decode);
    if (readVolume) out.setVolumeReader(readVolume);
    return out;
}

LoadedTrainingData TrainingDataLoader::load(const TrainingConfig& c, Pixels pixels) {
    LoadedTrainingData out;
    const std::int64_t C = std::int64_t(c.classes.size());
    const std::vector<Case> cases = gatherCases(c, out.warnings);
    const auto maker = std::make_shared<const SampleMaker>(c);
    const bool segment = maker->segment();
    // Per sample that is streamed: its case (shared with the decoder).
    auto streamed = std::make_shared<std::map<std::size_t, StreamedCase>>();
    auto volumes = std::make_shared<std::map<std::size_t, Case>>();  // held slices of volumes
    std::map<std::string, std::string> hashes;                       // path -> SHA-256 of its bytes
    const auto hashOf = [&](const std::string& path) -> const std::string& {
        auto it = hashes.find(path);
        if (it == hashes.end())
            it = hashes
                     .emplace(path, imaging::PngReader::hasPngName(path) ? hashOfCheckedPng(path)
                                                                         : hashOfPath(path))
                     .first;
        return it->second;
    };
    std::size_t damaged = 0;  // PNGs left out (hashOfCheckedPng)
    std::string firstDamaged;
    // The digest is made from the files (their bytes' hashes), the slices
    // chosen and the labels, never from decoded pixels.
    Sha256 digest;
    const auto addToDigest = [&](const std::string& part) {
        digest.add(part.data(), part.size() + 1);
    };

    for (const Case& k : cases) {
        out.synthetic = out.synthetic || k.synthetic;
        // What the case's files are.
        std::string imageHash, maskHash;
        if (!k.seriesUid.empty()) {
            imageHash = "series " + k.seriesUid;
            maskHash = k.maskSha256;
        } else {
            try {
                imageHash = hashOf(k.image);
            } catch (const DamagedImage& e) {
                if (damaged++ == 0) firstDamaged = e.what();
                continue;  // left out, and said below
            }
            if (k.coco)
                maskHash = "coco " + std::to_string(k.cocoImageId);
            else if (segment && !k.mask.empty())
                maskHash = hashOf(k.mask);
        }
        addToDigest(imageHash);
        addToDigest(maskHash);
        addToDigest(k.npyIndex >= 0 ? "npy " + std::to_string(k.npyIndex) : std::string());

        // Streamed: one sample, decoded when a batch needs it. A segmenter's
        // mask must be a single slice (read now for its labels).
        std::optional<Volume> entryMask;
        bool stream = streamable(k);
        if (stream && segment) {
            if (k.coco) {
                stream = k.cocoWidth > 0 && k.cocoHeight > 0;
                if (stream) entryMask = maker->mask(k, k.cocoWidth, k.cocoHeight);
            } else {
                entryMask =
                    k.npyIndex >= 0 ? maker->mask(k, 0, 0) : imaging::VolumeIO::read(k.mask);
                stream = entryMask->dims()[2] == 1;
            }
        }
        if (stream) {
            TrainingSample s;
            if (pixels == Pixels::Streamed) {
                s = maker->entry(k, entryMask);
                (*streamed)[out.samples.size()] = StreamedCase{k, imageHash};
            } else {
                s = maker->decode(k, imageHash);
            }
            addToDigest(s.labels.defined() ? std::string(static_cast<const char*>(
                                                             s.labels.contiguous().data_ptr()),
                                                         std::size_t(s.labels.numel()) * 4)
                                           : std::string());
            out.samples.push_back(std::move(s));
            continue;
        }

        // Held: a PNG shrunk as it is decoded; other files read whole, once,
        // volumes becoming axial slices.
        const auto hold = [&](TrainingSample s, int z) {
            addToDigest("slice " + std::to_string(z));
            addToDigest(std::string(static_cast<const char*>(s.labels.contiguous().data_ptr()),
                                    std::size_t(s.labels.numel()) * 4));
            out.samples.push_back(std::move(s));
        };
        if (std::optional<TrainingSample> s = maker->makeFromPng(k)) {
            hold(std::move(*s), 0);
            continue;
        }
        const auto [image, mask] = maker->imageAndMask(k);
        const int Z = image.dims()[2];
        std::vector<int> slices;
        if (Z == 1) {
            slices = {0};
        } else if (segment) {
            const MaskMapping mapping(c, k.maskNames);
            const torch::Tensor values = tensorView(*mask).select(0, 0);  // (Z, Y, X)
            std::vector<bool> hasLesion;
            for (int z = 0; z < Z; ++z)
                hasLesion.push_back(mapping.apply(values.select(0, z)).gt(0).any().item<bool>());
            slices = segmentationSlices(hasLesion, c.slicesPerVolume);
        } else {
            slices = {Z / 2};
        }
        for (int z : slices) {
            if (Z > 1 && mask) (*volumes)[out.samples.size()] = k;
            hold(maker->make(k, image, mask, z), z);
        }
    }
    if (!volumes->empty()) {
        std::shared_ptr<const std::map<std::size_t, Case>> which = volumes;
        out.readVolume = [maker, which](std::size_t i) {
            std::vector<TrainingSample> all;
            const auto it = which->find(i);
            if (it == which->end()) return all;
            const auto [image, mask] = maker->imageAndMask(it->second);
            for (int z = 0; z < image.dims()[2]; ++z)
                all.push_back(maker->make(it->second, image, mask, z));
            return all;
        };
    }
    if (!streamed->empty()) {
        std::shared_ptr<const SampleMaker> m = maker;
        std::shared_ptr<const std::map<std::size_t, StreamedCase>> which = streamed;
        out.decode = [m, which](std::size_t i) -> TrainingSample {
            const auto it = which->find(i);
            if (it == which->end())
                throw std::logic_error("sample " + std::to_string(i) + " is not streamed");
            return m->decode(it->second.k, it->second.imageHash);
        };
    }
    if (damaged > 0) {
        if (out.samples.empty())
            throw std::runtime_error("every image is damaged (first: " + firstDamaged + ")");
        out.warnings.push_back(std::to_string(damaged) +
                               " damaged images are left out (first: " + firstDamaged + ")");
    }
    out.perClass.assign(std::size_t(C), 0);
    for (const TrainingSample& s : out.samples)
        for (std::int64_t ci = 0; ci < C; ++ci)
            if (s.labels[ci].item<float>() > 0.5f) ++out.perClass[std::size_t(ci)];
    out.digest = digest.hex();
    const std::size_t n = out.samples.size();
    for (std::size_t ci = 0; ci < std::size_t(C); ++ci) {
        const int k = out.perClass[ci];
        if (k < 10)
            out.warnings.push_back("class \"" + c.classes[ci] + "\" has only " + std::to_string(k) +
                                   " examples");
        else if (double(k) < 0.05 * double(n))
            out.warnings.push_back("class \"" + c.classes[ci] + "\" is rare: " + std::to_string(k) +
                                   " of " + std::to_string(n) + " samples");
    }
    return out;
}

}  // namespace radlens::ai
