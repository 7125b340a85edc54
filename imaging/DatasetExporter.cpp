#include "imaging/DatasetExporter.h"
#include "imaging/Anonymizer.h"

#include <itkImage.h>
#include <itkImageFileWriter.h>
#include <itkPNGImageIO.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "imaging/AnnotationFormats.h"
#include "imaging/DurableFile.h"
#include "imaging/LabelTools.h"
#include "imaging/SeriesLoader.h"
#include "imaging/VolumeIO.h"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace radlens::imaging {

namespace {

/// A 2D image as a 16-bit grey PNG, white = high, as radiographs are read.
void writePng(const Volume& v, const std::string& path) {
    using Image = itk::Image<std::uint16_t, 2>;
    auto img = Image::New();
    Image::SizeType size;
    size[0] = std::size_t(v.dims()[0]);
    size[1] = std::size_t(v.dims()[1]);
    img->SetRegions(Image::RegionType(size));
    img->Allocate();
    const std::size_t n = size[0] * size[1];
    double lo = 1e300, hi = -1e300;
    for (std::size_t i = 0; i < n; ++i) {
        const double x = LabelTools::valueAt(v, i);
        lo = std::min(lo, x);
        hi = std::max(hi, x);
    }
    // Whole values 0..65535 stay as they are; anything else is scaled to fit.
    const bool keep = lo >= 0 && hi <= 65535;
    std::uint16_t* out = img->GetBufferPointer();
    for (std::size_t i = 0; i < n; ++i) {
        double x = LabelTools::valueAt(v, i);
        if (!keep) x = hi > lo ? (x - lo) / (hi - lo) * 65535.0 : 0;
        if (v.invertedGrey) x = (keep ? hi : 65535.0) - x + (keep ? lo : 0);
        out[i] = std::uint16_t(std::clamp(std::lround(x), 0L, 65535L));
    }
    const std::string temp = DurableFile::tempNameFor(path) + ".png";
    auto writer = itk::ImageFileWriter<Image>::New();
    writer->SetImageIO(itk::PNGImageIO::New());
    writer->SetFileName(temp);
    writer->SetInput(img);
    try {
        writer->Update();
    } catch (const itk::ExceptionObject& e) {
        fs::remove(temp);
        throw std::runtime_error(path + ": cannot write: " + e.GetDescription());
    }
    DurableFile::commit(temp, path);
}

std::string today() {
    const std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", std::gmtime(&t));
    return buf;
}

}  // namespace

std::string DatasetExporter::imageFileName(const std::string& seriesUid, bool twoD) {
    return seriesUid + (twoD ? ".png" : ".nii.gz");
}

DatasetSummary DatasetExporter::write(const std::string& dir) {
    const fs::path root(dir);
    std::error_code ec;
    if (fs::exists(root, ec) && !fs::is_empty(root, ec))
        throw std::runtime_error(dir + ": not empty; choose an empty or new folder");
    fs::create_directories(root / "images", ec);
    fs::create_directories(root / "masks", ec);
    if (ec) throw std::runtime_error(dir + ": cannot create: " + ec.message());

    std::vector<AnnotationRecord> chosen;
    if (drafts_) {
        std::map<std::string, AnnotationRecord> newest;
        for (AnnotationRecord& r : store_.versions({}))
            if (!newest.count(r.seriesUid) || r.savedAt > newest[r.seriesUid].savedAt)
                newest[r.seriesUid] = r;
        for (auto& [uid, r] : newest) chosen.push_back(r);
    } else {
        chosen = store_.finalVersions();
    }

    DatasetSummary summary;
    std::map<std::string, int> globalValue;  // label name -> value in the exported masks
    json cases = json::array();
    bool anySynthetic = false;
    std::vector<ImageLabelRow> rows;
    CocoDocument coco;
    coco.description = "Radlens annotated dataset, exported " + today();
    std::size_t done = 0;
    std::unique_ptr<Anonymizer> anonymizer;
    if (deidentify_) anonymizer = std::make_unique<Anonymizer>();
    for (const AnnotationRecord& r : chosen) {
        if (cancel_ && cancel_->load()) throw DatasetExportCancelled();
        if (progress_) progress_(done, chosen.size());
        ++done;
        const std::vector<InstanceInfo> infos = db_.seriesInstances(r.seriesUid);
        Volume image(PixelType::UInt8, Geometry{});
        Volume mask(PixelType::UInt8, Geometry{});
        try {
            image = SeriesLoader().loadFromDatabase(db_, r.seriesUid);
            mask = AnnotationStore::load(r);
        } catch (const LoadError& e) {
            summary.skipped.push_back(r.seriesUid + ": " + e.path() + ": " + e.why());
            continue;
        } catch (const std::exception& e) {
            summary.skipped.push_back(r.seriesUid + ": " + e.what());
            continue;
        }
        if (mask.dims() != image.dims()) {
            summary.skipped.push_back(r.seriesUid + ": the mask is not the size of the series");
            continue;
        }
        // One label table for the whole dataset, by name; values are given
        // out as names first occur in a mask.
        std::uint8_t* px = mask.dataAs<std::uint8_t>();
        std::vector<bool> present(256, false);
        for (std::size_t i = 0; i < mask.geometry().voxelCount(); ++i) present[px[i]] = true;
        std::array<std::uint8_t, 256> remap{};
        for (int v = 1; v < 256; ++v) {
            if (!present[std::size_t(v)]) continue;
            auto it = r.maskLabels.find(v);
            const std::string name =
                it != r.maskLabels.end() ? it->second : "Label " + std::to_string(v);
            auto g = globalValue.find(name);
            if (g == globalValue.end()) {
                if (globalValue.size() >= 255)
                    throw std::runtime_error("more than 255 mask labels in the dataset");
                g = globalValue.emplace(name, int(globalValue.size()) + 1).first;
            }
            remap[std::size_t(v)] = std::uint8_t(g->second);
        }
        for (std::size_t i = 0; i < mask.geometry().voxelCount(); ++i) px[i] = remap[px[i]];
        mask.geometry() = image.geometry();

        const bool twoD = image.dims()[2] == 1;
        const std::string seriesId = anonymizer ? anonymizer->replaceUid(r.seriesUid) : r.seriesUid;
        const std::string imageName = imageFileName(seriesId, twoD);
        const std::string maskName = seriesId + ".nii.gz";
        if (twoD)
            writePng(image, (root / "images" / imageName).string());
        else
            VolumeIO::write(image, (root / "images" / imageName).string());
        VolumeIO::write(mask, (root / "masks" / maskName).string());
        const std::string patientId = infos.empty() ? r.seriesUid : infos.front().patientId;
        const std::string patient = anonymizer ? anonymizer->pseudonym(patientId) : patientId;
        cases.push_back({{"image", "images/" + imageName},
                         {"mask", "masks/" + maskName},
                         {"patient_id", patient},
                         {"labels", r.labels},
                         {"series_uid", seriesId},
                         {"annotator", r.annotator},
                         {"version", r.version},
                         {"status", r.status},
                         {"saved_at", r.savedAt},
                         {"synthetic", r.synthetic}});
        anySynthetic = anySynthetic || r.synthetic;
        rows.push_back({imageName, patient, r.labels});
        if (twoD) {
            const std::int64_t id = std::int64_t(coco.images.size()) + 1;
            coco.images.push_back(
                {id, "images/" + imageName, patient, image.dims()[0], image.dims()[1]});
            pendingCoco_.push_back({id, std::move(mask)});
        }
        ++summary.cases;
    }
    if (progress_) progress_(chosen.size(), chosen.size());

    json maskLabels = json::object();
    std::map<int, std::string> byValue;
    for (const auto& [name, v] : globalValue) byValue[v] = name;
    for (const auto& [v, name] : byValue) maskLabels[std::to_string(v)] = name;
    for (const auto& [v, name] : byValue) coco.categories.push_back({v, name});
    int holes = 0;
    for (auto& [id, m] : pendingCoco_)
        holes += coco.addFromLabels(id, m.dataAs<std::uint8_t>(), m.dims()[0], m.dims()[1]);
    pendingCoco_.clear();
    json doc = {{"format", "radlens-dataset-1"},
                {"exported", today()},
                {"mask_labels", maskLabels},
                {"cases", cases}};
    // Annotations seeded by a model trained on synthetic data stay labelled.
    if (anySynthetic) doc["synthetic"] = true;
    if (anonymizer)
        doc["deidentification"] = {{"method", Anonymizer::kMethod},
                                   {"patient_identity_removed", true}};
    DurableFile::write((root / "dataset.json").string(), doc.dump(1) + "\n");
    ImageLabelsCsv::write((root / "labels.csv").string(), rows);
    if (!coco.images.empty()) coco.write((root / "annotations.json").string());

    std::string readme =
        "# Annotated dataset\n\nExported by Radlens on " + today() + ": " +
        std::to_string(summary.cases) + " series, the newest " +
        (drafts_ ? "annotation (final or draft)" : "final annotation") +
        " of each.\n\n## Layout\n\n"
        "- `images/<series uid>.nii.gz`: 3D series, values as stored (HU for CT), "
        "geometry in the NIfTI header (RAS, as NIfTI defines it).\n"
        "- `images/<series uid>.png`: 2D images, 16-bit grey, white = dense.\n"
        "- `masks/<series uid>.nii.gz`: label maps on the same grid as the image; "
        "0 is background, the values are in the table below.\n"
        "- `labels.csv`: image labels, ChestX-ray14 style (`Image Index,Finding "
        "Labels,Patient ID`, labels joined by `|`, `No Finding` when none).\n"
        "- `annotations.json`: COCO polygons of the 2D images (pixel (x, y) covers "
        "[x, x+1) x [y, y+1); a pixel is inside when its centre is; holes are not "
        "kept, COCO polygons cannot carry them).\n"
        "- `dataset.json`: every case (image, mask, labels, patient, annotator, "
        "version, status) and `mask_labels`; `radlens-cli train` reads this folder.\n\n"
        "## Mask labels\n\n| value | label |\n|---|---|\n";
    for (const auto& [v, name] : byValue)
        readme += "| " + std::to_string(v) + " | " + name + " |\n";
    if (holes > 0)
        readme += "\n" + std::to_string(holes) +
                  " hole(s) in 2D masks are not in annotations.json (the masks keep them).\n";
    if (!summary.skipped.empty()) {
        readme += "\n## Skipped\n\n";
        for (const std::string& s : summary.skipped) readme += "- " + s + "\n";
    }
    if (anonymizer)
        readme +=
            "\n## De-identification\n\nSeries UIDs and patient IDs were replaced by ones made "
            "for this export (" +
            std::string(Anonymizer::kMethod) +
            "); the images and masks carry pixels and geometry only. Text burned into the pixels "
            "of 2D images is not removed: look at them before they leave.\n";
    else
        readme += "\nThe data may identify patients: handle it as the originals.\n";
    DurableFile::write((root / "README.md").string(), readme);
    return summary;
}

const ImageLabelRow* DatasetExporter::rowForSeries(const std::vector<ImageLabelRow>& rows,
                                                   const Series& series) {
    std::set<std::string> names{imageFileName(series.uid, true), imageFileName(series.uid, false),
                                series.uid};
    for (const InstanceInfo& i : series.instances)
        names.insert(std::filesystem::path(i.path).filename().string());
    const ImageLabelRow* match = nullptr;
    for (const ImageLabelRow& r : rows)
        if (names.count(r.image)) match = &r;
    if (!match && rows.size() == 1) match = &rows.front();
    return match;
}

}  // namespace radlens::imaging
