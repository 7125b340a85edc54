#include "ai/TrainingDataLoader.h"

#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkPNGImageIOFactory.h>
#include <openssl/evp.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

#include "ai/SegmentationSlices.h"
#include "ai/TensorView.h"
#include "imaging/AnnotationFormats.h"
#include "imaging/AnnotationStore.h"
#include "imaging/Database.h"
#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"
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

Volume readPng(const std::string& path) {
    using Image = itk::Image<float, 2>;
    itk::PNGImageIOFactory::RegisterOneFactory();
    auto reader = itk::ImageFileReader<Image>::New();
    reader->SetFileName(path);
    try {
        reader->Update();
    } catch (const itk::ExceptionObject& e) {
        throw std::runtime_error(path + ": cannot read the image: " + e.GetDescription());
    }
    Image::Pointer img = reader->GetOutput();
    const auto size = img->GetLargestPossibleRegion().GetSize();
    imaging::Geometry g;
    g.dims = {int(size[0]), int(size[1]), 1};
    Volume v(imaging::PixelType::Float32, g);
    std::copy_n(img->GetBufferPointer(), size[0] * size[1], v.dataAs<float>());
    v.modality = "CR";
    return v;
}

/// A DICOM folder or file (first image series), NIfTI/NRRD, or PNG.
Volume readImage(const std::string& path) {
    const std::string l = lower(path);
    if (imaging::VolumeIO::isSupportedPath(path)) return imaging::VolumeIO::read(path);
    if (endsWith(l, ".png")) return readPng(path);
    imaging::Scanner scanner;
    const imaging::ScanResult scan = scanner.scan({path});
    if (scan.images.empty()) {
        const std::string why =
            scan.skipped.empty() ? "no DICOM image found" : scan.skipped.front().reason;
        throw std::runtime_error(path + ": " + why);
    }
    const std::vector<imaging::Series> series = imaging::SeriesAssembler::assemble(scan.images);
    if (series.empty()) throw std::runtime_error(path + ": no image series");
    try {
        return imaging::SeriesLoader().load(series.front());
    } catch (const imaging::LoadError& e) {
        throw std::runtime_error(e.path() + ": " + e.why());
    }
}

struct Case;
Volume readStoreSeries(const Case& k);

/// Slice k of a volume as (H, W) float32 (a copy).
torch::Tensor sliceOf(const Volume& v, int k) {
    torch::Tensor t = tensorView(v);                              // (1, Z, Y, X)
    if (t.size(0) != 1) t = t.to(torch::kFloat32).mean(0, true);  // colour: grey
    return t.select(0, 0).select(0, k).to(torch::kFloat32).clone();
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
    /// Annotation store: the series (images from the database) and the
    /// mask's checksum.
    std::string seriesUid, maskSha256;
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
        return json::parse(in);
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
        c.synthetic = doc.value("synthetic", false);
        c.source = c.image;
        cases.push_back(c);
    }
    return cases;
}

std::vector<Case> casesFromCsv(const fs::path& csv) {
    const fs::path dir = csv.parent_path();
    std::vector<Case> cases;
    for (const imaging::ImageLabelRow& row : imaging::ImageLabelsCsv::read(csv.string())) {
        Case c;
        const std::string& name = row.image;
        c.image = fs::exists(dir / name) ? (dir / name).string() : (dir / "images" / name).string();
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
        cases.push_back(c);
    }
    return cases;
}

std::vector<Case> casesFromNiftiPairs(const fs::path& dir) {
    fs::path images = fs::exists(dir / "images") ? dir / "images" : dir / "studies";
    std::map<std::string, fs::path> masks;
    auto stemOf = [](const fs::path& p) {
        std::string s = p.filename().string();
        for (const char* ext : {".nii.gz", ".nii", ".nrrd"})
            if (endsWith(s, ext)) s.resize(s.size() - std::string(ext).size());
        return s;
    };
    for (const auto& e : fs::directory_iterator(dir / "masks")) {
        std::string s = stemOf(e.path());
        if (endsWith(s, "_mask")) s.resize(s.size() - 5);
        masks[s] = e.path();
    }
    std::vector<Case> cases;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(images)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
        const std::string s = stemOf(f);
        auto m = masks.find(s);
        if (m == masks.end()) throw std::runtime_error(f.string() + ": no mask in masks/ for it");
        Case c;
        c.image = f.string();
        c.mask = m->second.string();
        c.patient = s;
        c.source = c.image;
        cases.push_back(c);
    }
    return cases;
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

std::vector<Case> casesFrom(const std::string& path) {
    if (path == "store") return casesFromStore();
    const fs::path p(path);
    if (!fs::exists(p)) throw std::runtime_error(path + ": does not exist");
    if (fs::is_regular_file(p) && lower(p.extension().string()) == ".csv") return casesFromCsv(p);
    if (fs::is_regular_file(p) && lower(p.extension().string()) == ".json") return casesFromCoco(p);
    if (fs::is_directory(p)) {
        if (fs::exists(p / "dataset.json")) return casesFromDatasetJson(p);
        if (fs::exists(p / "masks") && (fs::exists(p / "images") || fs::exists(p / "studies")))
            return casesFromNiftiPairs(p);
        std::vector<fs::path> csvs;
        for (const auto& e : fs::directory_iterator(p))
            if (lower(e.path().extension().string()) == ".csv") csvs.push_back(e.path());
        if (csvs.size() == 1) return casesFromCsv(csvs.front());
    }
    throw std::runtime_error(path +
                             ": not a training data set (expected dataset.json, a "
                             "ChestX-ray14-style CSV, or images/ and masks/ NIfTI pairs)");
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

LoadedTrainingData TrainingDataLoader::load(const TrainingConfig& c) {
    LoadedTrainingData out;
    const bool segment = c.usesMasks();
    const bool multiclass = c.mode == "multiclass";
    const std::int64_t C = std::int64_t(c.classes.size());
    std::vector<Case> cases;
    for (const std::string& d : c.data) {
        std::vector<Case> more = casesFrom(d);
        cases.insert(cases.end(), more.begin(), more.end());
    }
    if (cases.empty()) throw std::runtime_error("the data paths hold no cases");
    std::set<std::string> knownLabels;
    for (const Case& k : cases) knownLabels.insert(k.labels.begin(), k.labels.end());
    if (!segment)
        for (std::size_t ci = 0; ci < c.classes.size(); ++ci)
            if (!knownLabels.count(c.classes[ci]) && !(multiclass && ci == 0))
                out.warnings.push_back("class \"" + c.classes[ci] +
                                       "\" never occurs in the data's labels");

    for (const Case& k : cases) {
        if (segment && k.mask.empty() && !k.coco)
            throw std::runtime_error(k.source + ": has no mask, and segmentation needs one");
        out.synthetic = out.synthetic || k.synthetic;
        Volume image = k.seriesUid.empty() ? readImage(k.image) : readStoreSeries(k);
        std::optional<Volume> mask;
        if (segment && k.coco) {  // the polygons (none: an empty mask)
            if (image.dims()[2] != 1)
                throw std::runtime_error(k.source + ": COCO polygons need a 2D image");
            mask.emplace(imaging::PixelType::UInt8, image.geometry());
            k.cocoDocument->rasterize(k.cocoImageId, image.dims()[0], image.dims()[1],
                                      mask->dataAs<std::uint8_t>());
        } else if (segment) {  // a classifier ignores masks
            mask = imaging::VolumeIO::read(k.mask);
            if (mask->dims() != image.dims())
                throw std::runtime_error(k.mask + ": mask size differs from its image " + k.image);
        }
        const int Z = image.dims()[2];
        std::vector<int> slices;
        std::optional<MaskMapping> mapping;
        torch::Tensor maskValues;
        if (mask) {
            mapping.emplace(c, k.maskNames);
            maskValues = tensorView(*mask).select(0, 0);  // (Z, Y, X)
        }
        if (Z == 1) {
            slices = {0};
        } else if (segment) {
            std::vector<bool> hasLesion;
            for (int z = 0; z < Z; ++z)
                hasLesion.push_back(
                    mapping->apply(maskValues.select(0, z)).gt(0).any().item<bool>());
            slices = segmentationSlices(hasLesion, c.slicesPerVolume);
        } else {
            slices = {Z / 2};
        }
        for (int z : slices) {
            TrainingSample s;
            s.image = sliceOf(image, z).unsqueeze(0);
            s.modality = image.modality;
            s.patientId = k.patient;
            s.synthetic = k.synthetic;
            s.source = k.image + (Z > 1 ? " slice " + std::to_string(z + 1) : std::string());
            s.path = k.image;
            s.seriesUid = k.seriesUid;
            s.slice = z;
            s.pixelSpacing = (image.geometry().spacing[0] + image.geometry().spacing[1]) / 2;
            s.labels = torch::zeros({C});
            if (mask) {
                s.mask = mapping->apply(maskValues.select(0, z)).contiguous();
            }
            if (segment) {
                for (std::int64_t ci = multiclass ? 1 : 0; ci < C; ++ci)
                    if (s.mask.eq(multiclass ? ci : ci + 1).any().item<bool>()) s.labels[ci] = 1;
                if (multiclass && s.labels.sum().item<float>() == 0) s.labels[0] = 1;
            } else {
                for (std::int64_t ci = 0; ci < C; ++ci)
                    if (std::find(k.labels.begin(), k.labels.end(), c.classes[std::size_t(ci)]) !=
                        k.labels.end())
                        s.labels[ci] = 1;
                if (multiclass) {
                    const float n = s.labels.sum().item<float>();
                    if (n == 0) s.labels[0] = 1;  // classes[0] stands for "no finding"
                    if (n > 1)
                        throw std::runtime_error(k.source +
                                                 ": has several labels, but mode is multiclass "
                                                 "(use multilabel)");
                }
                if (!segment) s.mask = torch::Tensor();
            }
            out.samples.push_back(std::move(s));
        }
    }
    out.perClass.assign(std::size_t(C), 0);
    Sha256 digest;
    for (const TrainingSample& s : out.samples) {
        digest.add(s.image);
        digest.add(s.mask);
        digest.add(s.labels);
        for (std::int64_t ci = 0; ci < C; ++ci)
            if (s.labels[ci].item<float>() > 0.5f) ++out.perClass[std::size_t(ci)];
    }
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
