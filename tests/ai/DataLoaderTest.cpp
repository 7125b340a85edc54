// TrainingDataLoader on the published layouts (issue 17), on small GENERATED
// copies written here: ChestX-ray14 (both label CSVs with their real headers,
// images split over images_001/images and images_002/images, an RGBA PNG,
// the official test list, a listed image missing) and MosMedData (studies/
// CT-0 ... CT-2, masks for a subset) and the medseg NumPy stacks (images_*.npy
// beside masks_*.npy, one-hot), with broken .npy files.
#include <gtest/gtest.h>
#include <itkImage.h>
#include <itkImageFileWriter.h>
#include <itkPNGImageIOFactory.h>
#include <itkRGBAPixel.h>
#include <torch/torch.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "ai/DataSplit.h"
#include "ai/HeatmapHitRate.h"
#include "ai/Trainer.h"
#include "ai/TrainingConfig.h"
#include "ai/TrainingDataLoader.h"
#include "imaging/AreaResize.h"
#include "imaging/PngReader.h"
#include "imaging/VolumeIO.h"

namespace fs = std::filesystem;
using namespace radlens;
using namespace radlens::ai;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() /
               ("radlens-loader-" + std::to_string(std::random_device{}()));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

void writeText(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

/// A grey 8-bit PNG of `pixels` (row-major, side x side), or the same grey as
/// RGBA (R = G = B = grey, opaque), as some ChestX-ray14 files are.
void writePng(const fs::path& p, const std::vector<std::uint8_t>& pixels, int width, int height,
              bool rgba) {
    fs::create_directories(p.parent_path());
    itk::PNGImageIOFactory::RegisterOneFactory();
    auto write = [&](auto image) {
        using ImageType = typename decltype(image)::ObjectType;
        auto writer = itk::ImageFileWriter<ImageType>::New();
        writer->SetFileName(p.string());
        writer->SetInput(image);
        writer->Update();
    };
    typename itk::Image<std::uint8_t, 2>::RegionType region;
    region.SetSize({{std::size_t(width), std::size_t(height)}});
    if (!rgba) {
        auto image = itk::Image<std::uint8_t, 2>::New();
        image->SetRegions(region);
        image->Allocate();
        std::copy(pixels.begin(), pixels.end(), image->GetBufferPointer());
        write(image);
    } else {
        using Rgba = itk::RGBAPixel<std::uint8_t>;
        auto image = itk::Image<Rgba, 2>::New();
        image->SetRegions(region);
        image->Allocate();
        for (std::size_t i = 0; i < pixels.size(); ++i) {
            Rgba v;
            v.Set(pixels[i], pixels[i], pixels[i], 255);
            image->GetBufferPointer()[i] = v;
        }
        write(image);
    }
}

void writePng(const fs::path& p, const std::vector<std::uint8_t>& pixels, int side, bool rgba) {
    writePng(p, pixels, side, side, rgba);
}

std::vector<std::uint8_t> pattern(int side, int seed) {
    std::vector<std::uint8_t> v(std::size_t(side * side));
    std::mt19937 rng{static_cast<unsigned>(seed)};
    for (auto& x : v) x = std::uint8_t(rng() % 256);
    return v;
}

// The publisher's headers, the trailing empty column of the 2017 file included.
const char* kHeader2017 =
    "Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,View "
    "Position,OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y],\n";
const char* kHeader2020 =
    "Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,View "
    "Position,OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y]\n";

/// 12 images of 6 patients (2 each) over two archive folders; patients 5 and
/// 6 on test_list.txt. 00000003_001.png is RGBA, the twin of 00000003_000.png.
/// `labels2017` / `labels2020` give the "Finding Labels" per image.
fs::path writeChestXray14(const fs::path& root, bool withMissing) {
    std::string rows2017 = kHeader2017, rows2020 = kHeader2020, trainVal, test;
    for (int p = 1; p <= 6; ++p)
        for (int k = 0; k < 2; ++k) {
            char name[32];
            std::snprintf(name, sizeof name, "%08d_%03d.png", p, k);
            const fs::path folder = root / (p <= 3 ? "images_001" : "images_002") / "images";
            const bool rgba = p == 3 && k == 1;
            writePng(folder / name, pattern(32, p == 3 ? 3 : p * 10 + k), 32, rgba);
            const std::string l2017 = p % 2 ? "Mass|Effusion" : "No Finding";
            const std::string l2020 = p % 2 ? "Mass" : "No Finding";
            char pid[16];
            std::snprintf(pid, sizeof pid, "%08d", p);
            rows2017 += std::string(name) + "," + l2017 + "," + std::to_string(k) + "," + pid +
                        ",058Y,M,PA,2682,2749,0.143,0.143,\n";
            rows2020 += std::string(name) + "," + l2020 + "," + std::to_string(k) + "," + pid +
                        ",58,M,PA,2682,2749,0.143,0.143\n";
            (p >= 5 ? test : trainVal) += std::string(name) + "\n";
        }
    if (withMissing) {
        rows2020 += "00000099_000.png,Mass,0,00000099,40,F,PA,2048,2500,0.168,0.168\n";
        trainVal += "00000099_000.png\n";
    }
    writeText(root / "Data_Entry_2017.csv", rows2017);
    writeText(root / "Data_Entry_2017_v2020.csv", rows2020);
    writeText(root / "BBox_List_2017.csv",
              "Image Index,Finding Label,Bbox [x,y,w,h],,,\n00000001_000.png,Mass,10,10,8,8\n");
    writeText(root / "train_val_list.txt", trainVal);
    writeText(root / "test_list.txt", test);
    return root;
}

TrainingConfig classifyConfig(const fs::path& data, std::vector<std::string> classes) {
    TrainingConfig c;
    c.task = "classify";
    c.mode = "multilabel";
    c.data = {data.string()};
    c.classes = std::move(classes);
    return c;
}

/// A small CT volume in HU as NIfTI: a body of 0 HU, lungs of -800 HU and,
/// when `lesion`, a -300 HU blob on the middle slices; its mask beside.
void writeStudy(const fs::path& image, const fs::path* mask, bool lesion) {
    imaging::Geometry g;
    g.dims = {24, 24, 6};
    g.spacing = {1.5, 1.5, 5};
    imaging::Volume v(imaging::PixelType::Int16, g), m(imaging::PixelType::UInt8, g);
    auto* px = v.dataAs<std::int16_t>();
    auto* mk = m.dataAs<std::uint8_t>();
    for (int z = 0; z < 6; ++z)
        for (int y = 0; y < 24; ++y)
            for (int x = 0; x < 24; ++x) {
                const std::size_t i = std::size_t((z * 24 + y) * 24 + x);
                const bool lung = x > 3 && x < 20 && y > 5 && y < 18;
                const bool blob =
                    lesion && z >= 2 && z <= 3 && (x - 8) * (x - 8) + (y - 11) * (y - 11) < 9;
                px[i] = std::int16_t(blob ? -300 : lung ? -800 : 0);
                mk[i] = blob ? 1 : 0;
            }
    fs::create_directories(image.parent_path());
    imaging::VolumeIO::write(v, image.string());
    if (mask) {
        fs::create_directories(mask->parent_path());
        imaging::VolumeIO::write(m, mask->string());
    }
}

/// studies/CT-0 (2 studies), CT-1 (2), CT-2 (1); masks for 3 of them.
fs::path writeMosMed(const fs::path& root) {
    int n = 0;
    for (const auto& [category, count] :
         std::vector<std::pair<std::string, int>>{{"CT-0", 2}, {"CT-1", 2}, {"CT-2", 1}})
        for (int k = 0; k < count; ++k) {
            ++n;
            char name[32];
            std::snprintf(name, sizeof name, "study_%04d", n);
            const fs::path maskPath = root / "masks" / (std::string(name) + "_mask.nii.gz");
            const bool masked = n >= 3;  // CT-1 and CT-2: MosMedData masks a subset
            writeStudy(root / "studies" / category / (std::string(name) + ".nii.gz"),
                       masked ? &maskPath : nullptr, category != "CT-0");
        }
    return root;
}

/// A NumPy .npy file (version 1.0, C order) of `descr` holding `bytes`, as
/// numpy.save writes it: magic, version, header length, the dict padded with
/// spaces to a multiple of 64 bytes and ended by a newline.
void writeNpy(const fs::path& p, const std::string& descr, const std::vector<std::int64_t>& shape,
              const void* data, std::size_t bytes, const std::string& fortran = "False") {
    std::string dims;
    for (std::int64_t d : shape) dims += std::to_string(d) + ", ";
    if (shape.size() > 1) dims.resize(dims.size() - 1);
    std::string header =
        "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': (" + dims + "), }";
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write("\x93NUMPY\x01\x00", 8);
    const std::uint16_t len = std::uint16_t(header.size());
    out.put(char(len & 0xff));
    out.put(char(len >> 8));
    out << header;
    out.write(static_cast<const char*>(data), std::streamsize(bytes));
}

/// The medseg layout: images_medseg.npy (6 x 20 x 16 x 1, float32 HU) and
/// masks_medseg.npy (6 x 20 x 16 x 4, one-hot: ground glass, consolidation,
/// other lung, background); slice i has ground glass in row i and
/// consolidation in column 2 + i of rows >= 10. images_extra.npy has no masks.
fs::path writeMedseg(const fs::path& root) {
    const int N = 6, H = 20, W = 16, C = 4;
    std::vector<float> images(std::size_t(N * H * W)), masks(std::size_t(N * H * W * C));
    for (int n = 0; n < N; ++n)
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < W; ++x) {
                const std::size_t p = std::size_t((n * H + y) * W + x);
                const int cls = y == n ? 0 : (y >= 10 && x == 2 + n) ? 1 : x < 8 ? 2 : 3;
                images[p] = float(-1000 + 100 * cls + n);
                masks[p * C + std::size_t(cls)] = 1;
            }
    writeNpy(root / "images_medseg.npy", "<f4", {N, H, W, 1}, images.data(), images.size() * 4);
    writeNpy(root / "masks_medseg.npy", "<f4", {N, H, W, C}, masks.data(), masks.size() * 4);
    std::vector<std::int16_t> extra(std::size_t(2 * H * W), -700);
    writeNpy(root / "images_extra.npy", "<i2", {2, H, W}, extra.data(), extra.size() * 2);
    return root;
}

/// classifyConfig's run as a segmenter.
TrainingConfig segmentConfig(const fs::path& root, const std::vector<std::string>& classes) {
    TrainingConfig c = classifyConfig(root, classes);
    c.task = "segment";
    return c;
}

bool mentions(const std::vector<std::string>& warnings, const std::string& text) {
    for (const std::string& w : warnings)
        if (w.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST(DataLoader, ChestXray14FolderAsPublished) {
    TempDir tmp;
    const fs::path root = writeChestXray14(tmp.path / "CXR8", true);
    const LoadedTrainingData d =
        TrainingDataLoader::load(classifyConfig(root, {"Mass", "Effusion"}));
    // The 2020 labels (no Effusion), the missing image left out and said.
    ASSERT_EQ(d.samples.size(), 12u);
    EXPECT_TRUE(mentions(d.warnings, "Data_Entry_2017_v2020.csv")) << d.warnings.size();
    EXPECT_TRUE(mentions(d.warnings, "00000099_000.png"));
    EXPECT_EQ(d.perClass[0], 6);  // patients 1, 3, 5: Mass
    EXPECT_EQ(d.perClass[1], 0);
    int test = 0;
    for (const TrainingSample& s : d.samples) {
        EXPECT_EQ(s.testSet, s.patientId == "00000005" || s.patientId == "00000006") << s.source;
        test += s.testSet;
        EXPECT_EQ(s.image.sizes(), (std::vector<int64_t>{1, 32, 32}));
    }
    EXPECT_EQ(test, 4);
    // The RGBA image reads as its grey twin.
    const TrainingSample* grey = nullptr;
    const TrainingSample* rgba = nullptr;
    for (const TrainingSample& s : d.samples) {
        if (s.path.find("00000003_000.png") != std::string::npos) grey = &s;
        if (s.path.find("00000003_001.png") != std::string::npos) rgba = &s;
    }
    ASSERT_TRUE(grey && rgba);
    EXPECT_TRUE(torch::allclose(grey->image, rgba->image, 0, 0.51))
        << (grey->image - rgba->image).abs().max().item<float>();
    EXPECT_GT(grey->image.max().item<float>(), 200);
    // The split keeps the official test images out of training and validation.
    const DataSplit split = DataSplit::byPatient(d.samples, 0.25, 1);
    EXPECT_EQ(split.test.size(), 4u);
    for (int i : split.train) EXPECT_FALSE(d.samples[std::size_t(i)].testSet);
    for (int i : split.validation) EXPECT_FALSE(d.samples[std::size_t(i)].testSet);

    // The index alone says the same without decoding an image.
    const TrainingDataIndex index =
        TrainingDataLoader::index(classifyConfig(root, {"Mass", "Effusion"}));
    EXPECT_EQ(index.cases, 12u);
    EXPECT_EQ(index.patients, 6u);
    EXPECT_EQ(index.labelled, 12u);
    EXPECT_EQ(index.testCases, 4u);
    EXPECT_EQ(index.testPatients, 2u);
    EXPECT_EQ(index.perClass, (std::vector<int>{6, 0}));
    EXPECT_FALSE(index.synthetic);
    EXPECT_TRUE(mentions(index.warnings, "00000099_000.png"));
    std::atomic<bool> cancel{true};
    EXPECT_THROW(TrainingDataLoader::index(classifyConfig(root, {"Mass"}), &cancel),
                 std::runtime_error);

    // The CSV named directly: its own labels (2017: Effusion too).
    const LoadedTrainingData d2017 = TrainingDataLoader::load(
        classifyConfig(root / "Data_Entry_2017.csv", {"Mass", "Effusion"}));
    EXPECT_EQ(d2017.perClass[1], 6);
    EXPECT_EQ(d2017.samples.size(), 12u);
}

TEST(DataLoader, LargeImagesAreShrunkAsTheyAreRead) {
    // A 256 x 256 radiograph and mask trained at 32: held as 64 x 64 (twice
    // the side), the mean kept, the size on disk recorded.
    TempDir tmp;
    std::vector<std::uint8_t> pixels(256 * 256);
    for (int y = 0; y < 256; ++y)
        for (int x = 0; x < 256; ++x) pixels[std::size_t(y * 256 + x)] = std::uint8_t(x);
    writePng(tmp.path / "images" / "a.png", pixels, 256, false);
    writePng(tmp.path / "images" / "b.png", pattern(16, 1), 16, false);
    writeText(tmp.path / "labels.csv",
              "Image Index,Finding Labels\na.png,Mass\nb.png,No Finding\n");
    TrainingConfig c = classifyConfig(tmp.path / "labels.csv", {"Mass"});
    c.imageSize = 32;
    const LoadedTrainingData d = TrainingDataLoader::load(c);
    ASSERT_EQ(d.samples.size(), 2u);
    const TrainingSample& a = d.samples[0];
    EXPECT_EQ(a.image.sizes(), (std::vector<int64_t>{1, 64, 64}));
    EXPECT_EQ(a.originalRows, 256);
    EXPECT_EQ(a.originalColumns, 256);
    EXPECT_NEAR(a.image.mean().item<double>(), 127.5, 0.01);
    EXPECT_NEAR(a.image[0][10][5].item<double>(), 21.5, 0.01);  // columns 20..23 averaged
    EXPECT_DOUBLE_EQ(a.pixelSpacing, 4.0);
    // Small images stay as they are; progressive sizes count.
    EXPECT_EQ(d.samples[1].image.sizes(), (std::vector<int64_t>{1, 16, 16}));
    c.progressive = {{0, 32}, {2, 64}};
    EXPECT_EQ(TrainingDataLoader::load(c).samples[0].image.size(1), 128);
}

TEST(DataLoader, LayoutErrorsNameTheFileAndTheProblem) {
    TempDir tmp;
    // Two label CSVs, neither the publisher's: which one is meant?
    writeText(tmp.path / "a" / "one.csv", "Image Index,Finding Labels\nx.png,Mass\n");
    writeText(tmp.path / "a" / "two.csv", "Image Index,Finding Labels\nx.png,Mass\n");
    try {
        TrainingDataLoader::load(classifyConfig(tmp.path / "a", {"Mass"}));
        FAIL() << "two CSV files were accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("one.csv, two.csv"), std::string::npos) << e.what();
    }
    // No listed image on disk.
    writeText(tmp.path / "b" / "Data_Entry_2017.csv",
              std::string(kHeader2017) + "00000001_000.png,Mass,0,00000001,058Y,M,PA,1,1,1,1,\n");
    try {
        TrainingDataLoader::load(classifyConfig(tmp.path / "b", {"Mass"}));
        FAIL() << "a CSV without images was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("00000001_000.png"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("Data_Entry_2017.csv"), std::string::npos);
    }
    // A folder of nothing known.
    fs::create_directories(tmp.path / "c");
    writeText(tmp.path / "c" / "notes.txt", "x");
    EXPECT_THROW(TrainingDataLoader::load(classifyConfig(tmp.path / "c", {"Mass"})),
                 std::runtime_error);
}

TEST(DataLoader, MosMedDataStudiesAsPublished) {
    TempDir tmp;
    const fs::path root = writeMosMed(tmp.path / "COVID19_1110");
    // A segmenter: the three studies with masks, the two without said.
    const TrainingConfig seg = segmentConfig(root, {"lesion"});
    const LoadedTrainingData s = TrainingDataLoader::load(seg);
    std::set<std::string> studies;
    for (const TrainingSample& x : s.samples) {
        studies.insert(x.patientId);
        EXPECT_EQ(x.modality, "CT") << x.source;  // NIfTI from MosMedData is CT
        EXPECT_EQ(x.image.min().item<float>(), -800);
    }
    EXPECT_EQ(studies, (std::set<std::string>{"study_0003", "study_0004", "study_0005"}));
    EXPECT_TRUE(mentions(s.warnings, "2 of 5 cases have no mask")) << s.warnings.front();
    EXPECT_GT(s.perClass[0], 0);
    // A classifier: every study, labelled by its category folder.
    const LoadedTrainingData c = TrainingDataLoader::load(classifyConfig(root, {"CT-1", "CT-2"}));
    ASSERT_EQ(c.samples.size(), 5u);
    EXPECT_EQ(c.perClass, (std::vector<int>{2, 1}));
    // Without any mask a segmenter has nothing to learn from: a clear error.
    fs::remove_all(root / "masks");
    fs::create_directories(root / "masks");
    try {
        TrainingDataLoader::load(seg);
        FAIL() << "a segmenter without masks was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("none of the 5 cases"), std::string::npos) << e.what();
    }
}

TEST(DataLoader, MedsegNpyStacksAreMappedSliceBySlice) {
    TempDir tmp;
    const fs::path root = writeMedseg(tmp.path / "medseg");
    TrainingConfig seg = classifyConfig(root, {"ground glass", "consolidation"});
    seg.task = "segment";
    seg.maskChannels = {0, 1};
    const LoadedTrainingData d = TrainingDataLoader::load(seg);
    ASSERT_EQ(d.samples.size(), 6u);  // images_extra.npy has no masks: skipped, said
    EXPECT_TRUE(mentions(d.warnings, "2 of 8 cases have no mask"));
    EXPECT_TRUE(mentions(d.warnings, "no patient IDs"));
    for (int n = 0; n < 6; ++n) {
        const TrainingSample& s = d.samples[std::size_t(n)];
        EXPECT_EQ(s.modality, "CT");
        ASSERT_EQ(s.image.sizes(), (std::vector<int64_t>{1, 20, 16}));
        ASSERT_EQ(s.mask.sizes(), (std::vector<int64_t>{20, 16}));
        // Rows are rows, columns columns; HU as stored.
        EXPECT_EQ(s.image[0][n][0].item<float>(), float(-1000 + n));
        EXPECT_EQ(s.image[0][15][2 + n].item<float>(), float(-900 + n));
        EXPECT_EQ(s.image[0][15][15].item<float>(), float(-700 + n));
        EXPECT_EQ(s.mask[n].eq(1).sum().item<int64_t>(), 16);  // ground glass: row n
        EXPECT_EQ(s.mask[15][2 + n].item<int64_t>(), 2);       // consolidation
        EXPECT_EQ(s.mask.eq(2).sum().item<int64_t>(), 10);
        EXPECT_EQ(s.mask[15][0].item<int64_t>(), 0);  // other lung is no class here
        EXPECT_EQ(s.labels[0].item<float>(), 1);
        EXPECT_EQ(s.labels[1].item<float>(), 1);
        EXPECT_EQ(s.source,
                  (root / "images_medseg.npy").string() + " slice " + std::to_string(n + 1));
    }
    // mask_channels chooses the channels: "lung" is channel 2.
    seg.classes = {"lung"};
    seg.maskChannels = {2};
    const LoadedTrainingData lung = TrainingDataLoader::load(seg);
    EXPECT_EQ(lung.samples[0].mask.sum().item<int64_t>(),
              20 * 8 - 8 - 10);  // x < 8 less rows 0, 10..19 at x = 2
    // Multiclass: class 0 is the background, the others count from 1.
    seg.mode = "multiclass";
    seg.classes = {"background", "ground glass", "consolidation"};
    seg.maskChannels = {3, 0, 1};
    const LoadedTrainingData mc = TrainingDataLoader::load(seg);
    EXPECT_EQ(mc.samples[2].mask[2][5].item<int64_t>(), 1);
    EXPECT_EQ(mc.samples[2].mask[15][4].item<int64_t>(), 2);
    // A channel the masks do not have: the file and the key are named.
    seg.maskChannels = {3, 0, 7};
    try {
        TrainingDataLoader::load(seg);
        FAIL() << "channel 7 of 4 was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("masks_medseg.npy"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("mask_channels"), std::string::npos) << e.what();
    }
    // The index counts slices from the headers alone.
    const TrainingDataIndex index = TrainingDataLoader::index(seg);
    EXPECT_EQ(index.cases, 6u);
    EXPECT_EQ(index.withMask, 6u);
    // A classifier reads every slice, the mask-less stack too (int16 HU).
    const LoadedTrainingData all = TrainingDataLoader::load(classifyConfig(root, {"x"}));
    ASSERT_EQ(all.samples.size(), 8u);
    EXPECT_EQ(all.samples[0].image.max().item<float>(), -700);
}

TEST(DataLoader, BrokenNpyFilesAreNamedNotRead) {
    TempDir tmp;
    const std::vector<float> data(2 * 4 * 4, 1.0f);
    auto expectError = [&](const std::string& folder, const std::string& what) {
        try {
            TrainingDataLoader::load(classifyConfig(tmp.path / folder, {"x"}));
            FAIL() << folder << " was accepted";
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("images_a.npy"), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
        }
    };
    // Cut off: the header promises 2 x 4 x 4 floats, the file holds half.
    writeNpy(tmp.path / "cut" / "images_a.npy", "<f4", {2, 4, 4}, data.data(), data.size() * 2);
    expectError("cut", "cut off");
    writeNpy(tmp.path / "fortran" / "images_a.npy", "<f4", {2, 4, 4}, data.data(), data.size() * 4,
             "True");
    expectError("fortran", "Fortran order");
    writeNpy(tmp.path / "big" / "images_a.npy", ">f4", {2, 4, 4}, data.data(), data.size() * 4);
    expectError("big", "big-endian");
    writeNpy(tmp.path / "rgb" / "images_a.npy", "<f4", {2, 4, 1, 4}, data.data(), data.size() * 4);
    expectError("rgb", "N x H x W");
    // An empty stack whose items would each be 10^10 floats: refused, not
    // allocated (fuzz_npy found it).
    writeNpy(tmp.path / "empty" / "images_a.npy", "<f4", {0, 100000, 100000}, data.data(), 0);
    expectError("empty", "one item of the shape needs");
    writeText(tmp.path / "text" / "images_a.npy", "not numpy at all");
    expectError("text", "not a NumPy .npy file");
    // Masks of another size than their images.
    writeNpy(tmp.path / "mismatch" / "images_b.npy", "<f4", {2, 4, 4}, data.data(),
             data.size() * 4);
    writeNpy(tmp.path / "mismatch" / "masks_b.npy", "<f4", {2, 4, 2, 2}, data.data(),
             data.size() * 4);
    try {
        TrainingDataLoader::load(classifyConfig(tmp.path / "mismatch", {"x"}));
        FAIL() << "masks of another shape were accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("masks_b.npy"), std::string::npos) << e.what();
    }
}

/// Whether two samples are the same: pixels, mask, labels, provenance.
void expectSameSample(const TrainingSample& a, const TrainingSample& b) {
    ASSERT_TRUE(a.image.defined());
    ASSERT_TRUE(b.image.defined());
    EXPECT_TRUE(torch::equal(a.image, b.image)) << a.source;
    EXPECT_EQ(a.mask.defined(), b.mask.defined()) << a.source;
    if (a.mask.defined() && b.mask.defined()) {
        EXPECT_TRUE(torch::equal(a.mask, b.mask));
    }
    EXPECT_TRUE(torch::equal(a.labels, b.labels)) << a.source;
    EXPECT_EQ(a.maskCounts, b.maskCounts) << a.source;
    EXPECT_EQ(a.patientId, b.patientId);
    EXPECT_EQ(a.modality, b.modality);
    EXPECT_EQ(a.source, b.source);
    EXPECT_EQ(a.slice, b.slice);
    EXPECT_EQ(a.originalRows, b.originalRows);
    EXPECT_EQ(a.originalColumns, b.originalColumns);
    EXPECT_DOUBLE_EQ(a.pixelSpacing, b.pixelSpacing);
    EXPECT_EQ(a.testSet, b.testSet);
}

std::size_t filesUnder(const fs::path& dir, const std::string& extension) {
    std::size_t n = 0;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == extension) ++n;
    return n;
}

TEST(DataLoader, PngsShrunkAsTheyAreDecodedEqualTheWholeImageShrunk) {
    // The loader shrinks a PNG's rows as the decoder makes them; the values
    // must be those of the whole image read, then shrunk (what every other
    // format gets), bit for bit: non-square, a fractional ratio, grey and
    // RGBA, held and streamed.
    TempDir tmp;
    std::mt19937 rng{41};
    std::vector<std::uint8_t> pixels(250 * 190);
    for (auto& v : pixels) v = std::uint8_t(rng() % 256);
    writePng(tmp.path / "images" / "grey.png", pixels, 250, 190, false);
    writePng(tmp.path / "images" / "rgba.png", pixels, 250, 190, true);
    writeText(tmp.path / "labels.csv",
              "Image Index,Finding Labels\ngrey.png,Mass\nrgba.png,No Finding\n");
    TrainingConfig c = classifyConfig(tmp.path / "labels.csv", {"Mass"});
    c.imageSize = 32;  // kept at most 64: 64 x 49 (190 * 64 / 250 = 48.6)
    const LoadedTrainingData held = TrainingDataLoader::load(c);
    const LoadedTrainingData streamed =
        TrainingDataLoader::load(c, TrainingDataLoader::Pixels::Streamed);
    ASSERT_EQ(held.samples.size(), 2u);
    const TrainingSamples streamedSamples = streamed.trainingSamples();
    for (std::size_t i = 0; i < 2; ++i) {
        const std::string name = i == 0 ? "grey.png" : "rgba.png";
        const radlens::imaging::Volume whole =
            *radlens::imaging::PngReader::readGrey((tmp.path / "images" / name).string());
        torch::Tensor expected = torch::full({1, 49, 64}, -1.0f);
        radlens::imaging::resizeArea(whole.dataAs<float>(), 190, 250, expected.data_ptr<float>(),
                                     49, 64);
        const TrainingSample& s = held.samples[i];
        EXPECT_NE(s.source.find(name), std::string::npos) << s.source;
        EXPECT_TRUE(torch::equal(s.image, expected)) << name;
        EXPECT_EQ(s.originalRows, 190);
        EXPECT_EQ(s.originalColumns, 250);
        EXPECT_DOUBLE_EQ(s.pixelSpacing, 250.0 / 64.0);
        expectSameSample(streamedSamples.withPixels(i), s);
    }
}

TEST(DataLoader, StreamedSamplesAreDecodedAsBatchesNeedThemAndEqualHeldOnes) {
    TempDir tmp;
    const fs::path root = writeChestXray14(tmp.path / "cxr", false);
    // One large image: shrunk as it is decoded, as when held.
    std::vector<std::uint8_t> big(200 * 200);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = std::uint8_t(i * 7 % 251);
    writePng(root / "images_001" / "images" / "00000001_000.png", big, 200, false);
    TrainingConfig c = classifyConfig(root, {"Mass"});
    c.imageSize = 32;
    const LoadedTrainingData held = TrainingDataLoader::load(c);
    const LoadedTrainingData streamed =
        TrainingDataLoader::load(c, TrainingDataLoader::Pixels::Streamed);
    ASSERT_EQ(held.samples.size(), 12u);
    ASSERT_EQ(streamed.samples.size(), 12u);
    EXPECT_FALSE(held.decode);
    ASSERT_TRUE(streamed.decode);
    EXPECT_EQ(held.digest, streamed.digest);
    EXPECT_EQ(held.perClass, streamed.perClass);
    const TrainingSamples samples = streamed.trainingSamples();
    for (std::size_t i = 0; i < 12; ++i) {
        // The entry holds what splits need, no pixels.
        const TrainingSample& e = streamed.samples[i];
        EXPECT_FALSE(e.image.defined());
        EXPECT_TRUE(samples.streamed(i));
        EXPECT_TRUE(torch::equal(e.labels, held.samples[i].labels));
        EXPECT_EQ(e.patientId, held.samples[i].patientId);
        EXPECT_EQ(e.testSet, held.samples[i].testSet);
        expectSameSample(samples.withPixels(i), held.samples[i]);
    }
    EXPECT_EQ(samples.withPixels(0).image.sizes(), (std::vector<int64_t>{1, 64, 64}));
    // The split of the entries is the split of the held samples.
    const DataSplit a = DataSplit::byPatient(held.samples, 0.25, 3);
    const DataSplit b = DataSplit::byPatient(streamed.samples, 0.25, 3);
    EXPECT_EQ(a.train, b.train);
    EXPECT_EQ(a.validation, b.validation);
    EXPECT_EQ(a.test, b.test);

    // A file that changes after indexing is decoded as it is now; one that
    // became unreadable is an error naming it, when its batch comes.
    writeText(root / "images_002" / "images" / "00000004_000.png", "not a PNG any more");
    try {
        samples.withPixels(6);
        ADD_FAILURE() << "a damaged image decoded";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("00000004_000.png"), std::string::npos) << e.what();
    }
}

// A damaged PNG among many is found while the index is made (its chunks are
// checked as it is hashed), left out with a warning naming it, held or
// streamed alike; all of them damaged is an error.
TEST(DataLoader, DamagedPngsAreLeftOutWhenTheIndexIsMade) {
    TempDir tmp;
    const fs::path root = writeChestXray14(tmp.path / "cxr", false);
    const fs::path cut = root / "images_001" / "images" / "00000002_000.png";
    fs::resize_file(cut, fs::file_size(cut) / 2);
    const fs::path crc = root / "images_002" / "images" / "00000005_001.png";
    {
        std::fstream f(crc, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(std::streamoff(fs::file_size(crc) - 20));  // in the image data
        char b = 0;
        f.read(&b, 1);
        f.seekp(std::streamoff(fs::file_size(crc) - 20));
        b = char(b ^ 0x21);
        f.write(&b, 1);
    }
    const TrainingConfig c = classifyConfig(root, {"Mass"});
    const LoadedTrainingData held = TrainingDataLoader::load(c);
    const LoadedTrainingData streamed =
        TrainingDataLoader::load(c, TrainingDataLoader::Pixels::Streamed);
    EXPECT_EQ(held.samples.size(), 10u);
    EXPECT_EQ(streamed.samples.size(), 10u);
    EXPECT_EQ(held.digest, streamed.digest);
    for (const auto* w : {&held.warnings, &streamed.warnings}) {
        EXPECT_TRUE(mentions(*w, "2 damaged images are left out")) << ::testing::PrintToString(*w);
        EXPECT_TRUE(mentions(*w, "00000002_000.png: truncated")) << ::testing::PrintToString(*w);
    }
    // Every streamed sample left decodes.
    const TrainingSamples samples = streamed.trainingSamples();
    for (std::size_t i = 0; i < samples.size(); ++i)
        EXPECT_TRUE(samples.withPixels(i).image.defined());
    // Every image damaged: an error naming the first.
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.path().extension() == ".png") fs::resize_file(e.path(), 40);
    try {
        TrainingDataLoader::load(c, TrainingDataLoader::Pixels::Streamed);
        ADD_FAILURE() << "a set of damaged images loaded";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("every image is damaged"), std::string::npos)
            << e.what();
    }
}

TEST(DataLoader, TheDigestComesFromTheFiles) {
    TempDir tmp;
    const fs::path root = writeChestXray14(tmp.path / "cxr", false);
    TrainingConfig c = classifyConfig(root, {"Mass"});
    const std::string before = TrainingDataLoader::load(c).digest;
    EXPECT_EQ(before.size(), 64u);
    EXPECT_EQ(TrainingDataLoader::load(c, TrainingDataLoader::Pixels::Streamed).digest, before);
    // One byte of one file (a PNG text chunk: the pixels decode the same).
    const fs::path f = root / "images_001" / "images" / "00000002_001.png";
    std::vector<std::uint8_t> same = pattern(32, 21);
    writePng(f, same, 32, false);
    EXPECT_EQ(TrainingDataLoader::load(c).digest, before);  // the same bytes again
    {
        std::ofstream out(f, std::ios::app | std::ios::binary);
        out << "trailing bytes";
    }
    EXPECT_NE(TrainingDataLoader::load(c, TrainingDataLoader::Pixels::Streamed).digest, before);
    // Other labels, other digest.
    writePng(f, same, 32, false);
    EXPECT_NE(TrainingDataLoader::load(classifyConfig(root, {"Effusion"})).digest, before);
}

TEST(DataLoader, TheImageCacheServesLaterEpochsTheSamePixels) {
    TempDir tmp;
    const fs::path root = writeChestXray14(tmp.path / "cxr", false);
    TrainingConfig c = classifyConfig(root, {"Mass"});
    c.imageSize = 8;  // 32 x 32 images kept at 16 x 16
    c.imageCache = true;
    c.imageCacheDir = (tmp.path / "cache").string();
    const LoadedTrainingData held = TrainingDataLoader::load(classifyConfig(root, {"Mass"}));
    TrainingConfig plain = c;
    plain.imageCache = false;
    const LoadedTrainingData reference = TrainingDataLoader::load(plain);
    const TrainingSamples samples =
        TrainingDataLoader::load(c, TrainingDataLoader::Pixels::Streamed).trainingSamples();
    EXPECT_EQ(filesUnder(tmp.path / "cache", ".npy"), 0u);
    for (std::size_t i = 0; i < samples.size(); ++i)
        expectSameSample(samples.withPixels(i), reference.samples[i]);
    EXPECT_EQ(filesUnder(tmp.path / "cache", ".npy"), 12u);
    EXPECT_EQ(filesUnder(tmp.path / "cache", ".json"), 12u);
    // Later epochs read the cache: with the PNGs gone, the pixels still come.
    fs::remove_all(root / "images_001");
    for (std::size_t i = 0; i < samples.size(); ++i)
        expectSameSample(samples.withPixels(i), reference.samples[i]);
    // A damaged entry is a miss, never wrong pixels: decoded (and stored)
    // again where the file is there, an error naming the file where not.
    for (const auto& e : fs::recursive_directory_iterator(tmp.path / "cache"))
        if (e.path().extension() == ".npy") writeText(e.path(), "\x93NUMPY damaged");
    for (std::size_t i = 6; i < samples.size(); ++i)  // images_002: still on disk
        expectSameSample(samples.withPixels(i), reference.samples[i]);
    EXPECT_THROW(samples.withPixels(0), std::runtime_error);  // images_001: gone
    fs::remove_all(root / "images_002");
    for (std::size_t i = 6; i < samples.size(); ++i)  // stored again, whole
        expectSameSample(samples.withPixels(i), reference.samples[i]);
    // Another kept size is another entry, not the 16 x 16 one.
    TrainingConfig larger = c;
    larger.imageSize = 32;
    writeChestXray14(tmp.path / "cxr", false);
    const TrainingSamples big =
        TrainingDataLoader::load(larger, TrainingDataLoader::Pixels::Streamed).trainingSamples();
    EXPECT_EQ(big.withPixels(0).image.sizes(), (std::vector<int64_t>{1, 32, 32}));
    EXPECT_TRUE(torch::equal(big.withPixels(0).image, held.samples[0].image));
}

TEST(DataLoader, StreamedSegmentationEntriesKnowTheirLabelsAndClassPixels) {
    TempDir tmp;
    const fs::path root = writeMedseg(tmp.path / "medseg");
    TrainingConfig seg = classifyConfig(root, {"ground glass", "consolidation"});
    seg.task = "segment";
    seg.maskChannels = {0, 1};
    const LoadedTrainingData held = TrainingDataLoader::load(seg);
    const LoadedTrainingData streamed =
        TrainingDataLoader::load(seg, TrainingDataLoader::Pixels::Streamed);
    ASSERT_EQ(streamed.samples.size(), 6u);
    EXPECT_EQ(held.digest, streamed.digest);
    const TrainingSamples samples = streamed.trainingSamples();
    for (std::size_t i = 0; i < 6; ++i) {
        const TrainingSample& e = streamed.samples[i];
        EXPECT_FALSE(e.image.defined());
        EXPECT_FALSE(e.mask.defined());
        ASSERT_EQ(e.maskCounts.size(), 3u);  // values 0, 1, 2
        EXPECT_EQ(e.maskCounts[1], 16);      // ground glass: one row
        EXPECT_EQ(e.maskCounts[2], 10);      // consolidation
        EXPECT_EQ(e.maskCounts[0], 20 * 16 - 26);
        EXPECT_TRUE(torch::equal(e.labels, held.samples[i].labels));
        expectSameSample(samples.withPixels(i), held.samples[i]);
    }
    // Volumes are held whole (their slices chosen from the mask).
    const fs::path mos = writeMosMed(tmp.path / "mosmed");
    TrainingConfig vol = classifyConfig(mos, {"lesion"});
    vol.task = "segment";
    const LoadedTrainingData v =
        TrainingDataLoader::load(vol, TrainingDataLoader::Pixels::Streamed);
    ASSERT_FALSE(v.samples.empty());
    for (const TrainingSample& s : v.samples) EXPECT_TRUE(s.image.defined()) << s.source;
    EXPECT_FALSE(v.decode);
    EXPECT_EQ(v.digest, TrainingDataLoader::load(vol).digest);
}

TEST(HeatmapHitRate, ReadsTheBoxListAsPublished) {
    TempDir tmp;
    // The publisher's header (its Bbox column split by its own commas, three
    // empty columns), Windows line ends, rows with trailing empty fields.
    writeText(tmp.path / "cxr" / "BBox_List_2017.csv",
              "Image Index,Finding Label,Bbox [x,y,w,h],,,\r\n"
              "00013118_008.png,Atelectasis,225.084745762712,547.019216763771,86.7796610169491,"
              "79.1864406779661,,,\r\n"
              "00014716_007.png,Mass,686.,425.,12.5,30\r\n");
    writeText(tmp.path / "cxr" / "Data_Entry_2017.csv", kHeader2017);
    // The folder and its CSV both given: the boxes once.
    const std::vector<FindingBox> boxes = HeatmapHitRate::readBoxes(
        {(tmp.path / "cxr").string(), (tmp.path / "cxr" / "Data_Entry_2017.csv").string()});
    ASSERT_EQ(boxes.size(), 2u);
    EXPECT_EQ(boxes[0].image, "00013118_008.png");
    EXPECT_EQ(boxes[0].finding, "Atelectasis");
    EXPECT_NEAR(boxes[0].x, 225.0847, 1e-3);
    EXPECT_NEAR(boxes[0].height, 79.1864, 1e-3);
    EXPECT_EQ(boxes[1].finding, "Mass");
    EXPECT_DOUBLE_EQ(boxes[1].width, 12.5);
    // None beside other data.
    EXPECT_TRUE(HeatmapHitRate::readBoxes({tmp.path.string(), "store"}).empty());
    // A damaged row: the file and the line are named.
    writeText(tmp.path / "bad" / "BBox_List_2017.csv",
              "Image Index,Finding Label,Bbox [x,y,w,h],,,\n"
              "a.png,Mass,1,2,3,4\n"
              "b.png,Mass,1,two,3,4\n");
    try {
        HeatmapHitRate::readBoxes({(tmp.path / "bad").string()});
        FAIL() << "a box with a word for a coordinate was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("BBox_List_2017.csv, line 3"), std::string::npos)
            << e.what();
    }
    writeText(tmp.path / "empty" / "BBox_List_2017.csv",
              "Image Index,Finding Label,Bbox [x,y,w,h],,,\nc.png,Mass,1,2,0,4\n");
    EXPECT_THROW(HeatmapHitRate::readBoxes({(tmp.path / "empty").string()}), std::runtime_error);
}

TEST(DataLoader, EverySliceOfAHeldVolumeIsReadAgainForWholeVolumeMetrics) {
    TempDir tmp;
    const fs::path root = writeMosMed(tmp.path / "COVID19_1110");
    const TrainingConfig seg = segmentConfig(root, {"lesion"});
    const LoadedTrainingData d = TrainingDataLoader::load(seg);
    ASSERT_TRUE(d.readVolume);
    const TrainingSamples samples = d.trainingSamples();
    ASSERT_TRUE(samples.readsVolumes());
    for (std::size_t i = 0; i < d.samples.size(); ++i) {
        const std::vector<TrainingSample> all = samples.wholeVolume(i);
        ASSERT_EQ(all.size(), 6u) << d.samples[i].source;
        for (int z = 0; z < 6; ++z) {
            EXPECT_EQ(all[std::size_t(z)].slice, z);
            EXPECT_EQ(all[std::size_t(z)].path, d.samples[i].path);
            // The blob lies on slices 2 and 3 (writeStudy).
            EXPECT_EQ(all[std::size_t(z)].mask.gt(0).any().item<bool>(), z == 2 || z == 3);
        }
        // The sampled slice is one of them, pixel for pixel.
        expectSameSample(all[std::size_t(d.samples[i].slice)], d.samples[i]);
    }
    // One-image files and .npy slices are no slices of a volume.
    const fs::path medseg = writeMedseg(tmp.path / "medseg");
    TrainingConfig npy = classifyConfig(medseg, {"ground glass", "consolidation"});
    npy.task = "segment";
    npy.maskChannels = {0, 1};
    EXPECT_FALSE(TrainingDataLoader::load(npy).readVolume);
}

TEST(DataLoader, WholeVolumeMetricsCountEverySliceOfEachValidationVolumeOnce) {
    // Six volumes of 5 slices, one slice of each sampled (as the loader
    // does); the Trainer's whole-volume figures must cover every slice of
    // each validation volume once: the truth's pixel count says so.
    std::vector<std::vector<TrainingSample>> volumes;
    std::vector<TrainingSample> sampled;
    for (int p = 0; p < 6; ++p) {
        std::vector<TrainingSample> slices;
        for (int z = 0; z < 5; ++z) {
            const torch::Tensor yy = torch::arange(32).view({32, 1}).expand({32, 32});
            const torch::Tensor xx = torch::arange(32).view({1, 32}).expand({32, 32});
            const int r = z == 0 || z == 4 ? 0 : 3 + p + z;  // no lesion on the end slices
            const torch::Tensor disc = ((yy - 16) * (yy - 16) + (xx - 14) * (xx - 14)) < r * r;
            TrainingSample s;
            s.mask = disc.to(torch::kInt64);
            s.image = (torch::rand({1, 32, 32}) * 50 + s.mask.unsqueeze(0) * 400 - 800)
                          .to(torch::kFloat32);
            s.labels = torch::full({1}, disc.any().item<bool>() ? 1.0 : 0.0);
            s.patientId = "P" + std::to_string(p);
            s.modality = "CT";
            s.path = "volume-" + s.patientId;
            s.slice = z;
            s.source = s.path + " slice " + std::to_string(z + 1);
            slices.push_back(s);
        }
        sampled.push_back(slices[2]);
        volumes.push_back(slices);
    }
    TrainingSamples samples(sampled);
    samples.setVolumeReader([&](std::size_t i) { return volumes.at(i); });
    const nlohmann::json j = {{"task", "segment"},
                              {"arch", "unet-resnet34"},
                              {"data", {"generated"}},
                              {"classes", {"lesion"}},
                              {"epochs", 1},
                              {"batch_size", 2},
                              {"image_size", 32},
                              {"val_fraction", 0.34},
                              {"device", "cpu"},
                              {"seed", 1},
                              {"output", testing::TempDir() + "volume-metrics"},
                              {"checkpoint_dir", testing::TempDir() + "volume-metrics.run"}};
    Trainer trainer(TrainingConfig::fromJson(j));
    const TrainingResult result = trainer.run(samples);
    const nlohmann::json& v = result.volumeMetrics["validation"];
    ASSERT_TRUE(v.is_object()) << result.volumeMetrics.dump();
    double truth = 0;
    int count = 0;
    for (const std::string p : result.split["validation_patients"]) {
        ++count;
        for (const TrainingSample& s : volumes.at(std::size_t(std::stoi(p.substr(1)))))
            truth += s.mask.sum().item<double>();
    }
    ASSERT_GT(count, 0);
    EXPECT_EQ(v["volumes"].get<int>(), count);
    EXPECT_EQ(v["slices"].get<int>(), 5 * count);
    EXPECT_DOUBLE_EQ(v["per_class"]["lesion"]["pixels"].get<double>(), truth);
    EXPECT_GE(v["dice"].get<double>(), 0.0);
    EXPECT_LE(v["dice"].get<double>(), 1.0);
    // The sampled slices' figures stay where they were.
    EXPECT_TRUE(result.metrics.contains("dice"));
}
