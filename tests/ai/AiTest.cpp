#include <gtest/gtest.h>
#include <torch/torch.h>
#include <unistd.h>

#include <caffe2/serialize/inline_container.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>

#include "ai/BundleArchive.h"
#include "ai/ModelBundle.h"
#include "ai/Networks.h"
#include "ai/TorchFileReader.h"
#include "ai/WeightLoader.h"

using namespace radlens::ai;
namespace fs = std::filesystem;

namespace {
class TempDir {
public:
    TempDir() {
        static int n = 0;
        path_ = fs::temp_directory_path() /
                ("radlens-ai-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    std::string file(const std::string& n) const { return (path_ / n).string(); }

private:
    fs::path path_;
};

/// A torch.save archive holding `pickle` as data.pkl and eight 4 KiB storage
/// records data/0 .. data/7 (as fuzz/fuzz_weights.cpp packs them).
void writeArchive(const std::string& pickle, const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    caffe2::serialize::PyTorchStreamWriter writer([&out](const void* b, std::size_t n) {
        out.write(static_cast<const char*>(b), std::streamsize(n));
        return n;
    });
    writer.writeRecord("data.pkl", pickle.data(), pickle.size());
    const std::vector<char> storage(4096, 1);
    for (int k = 0; k < 8; ++k)
        writer.writeRecord("data/" + std::to_string(k), storage.data(), storage.size());
    writer.writeEndOfFile();
}

/// Pickle pieces: BINUNICODE text and an 8-byte LONG1.
std::string pickleText(const std::string& s) {
    const auto n = std::uint32_t(s.size());
    return "X" + std::string(reinterpret_cast<const char*>(&n), 4) + s;
}
std::string pickleLong(std::int64_t v) {
    return std::string("\x8a\x08", 2) + std::string(reinterpret_cast<const char*>(&v), 8);
}
/// One tensor as torch.save writes it: _rebuild_tensor_v2 of storage "0".
std::string pickledTensor(std::int64_t numel, const std::vector<std::int64_t>& sizes,
                          const std::vector<std::int64_t>& strides) {
    std::string p =
        "\x80\x02"
        "ctorch._utils\n_rebuild_tensor_v2\n(";
    p += "(" + pickleText("storage") + "ctorch\nFloatStorage\n" + pickleText("0") +
         pickleText("cpu") + pickleLong(numel) + "tQ";
    p += std::string("K\0", 2) + "(";
    for (std::int64_t v : sizes) p += pickleLong(v);
    p += "t(";
    for (std::int64_t v : strides) p += pickleLong(v);
    p += "t\x89tR.";
    return p;
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no error)";
}

/// Sets the uncompressed size that a zip's central directory gives `entry`.
void claimSize(const std::string& zipPath, const std::string& entry, std::uint32_t size) {
    std::fstream f(zipPath, std::ios::in | std::ios::out | std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    for (std::size_t at = bytes.find("PK\x01\x02"); at != std::string::npos;
         at = bytes.find("PK\x01\x02", at + 4)) {
        std::uint16_t nameLen = 0;
        std::memcpy(&nameLen, &bytes[at + 28], 2);
        const std::string name = bytes.substr(at + 46, nameLen);
        if (name.size() >= entry.size() &&
            name.compare(name.size() - entry.size(), entry.size(), entry) == 0) {
            f.seekp(std::streamoff(at + 24));
            f.write(reinterpret_cast<const char*>(&size), 4);
            return;
        }
    }
    FAIL() << entry << " not found in " << zipPath;
}

bool hasName(Network& net, const std::string& name) {
    for (const auto& [n, t] : WeightLoader::stateDict(net))
        if (n == name) return true;
    return false;
}
}  // namespace

TEST(TorchFile, StateDictAndTensorRoundTrip) {
    TempDir dir;
    NamedTensors in = {{"a.weight", torch::randn({3, 4})},
                       {"b.running_mean", torch::arange(5, torch::kFloat64)},
                       {"b.num_batches_tracked", torch::tensor(7, torch::kInt64)}};
    TorchFileReader::writeStateDict(in, dir.file("sd.pt"));
    NamedTensors out = TorchFileReader::readStateDict(dir.file("sd.pt"));
    ASSERT_EQ(out.size(), in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        EXPECT_EQ(out[i].first, in[i].first);
        EXPECT_TRUE(torch::equal(out[i].second, in[i].second)) << in[i].first;
    }
    torch::Tensor t = torch::randn({2, 1, 5, 6}).transpose(2, 3);  // non-contiguous
    TorchFileReader::writeTensor(t, dir.file("t.pt"));
    EXPECT_TRUE(torch::equal(TorchFileReader::readTensor(dir.file("t.pt")), t));
    EXPECT_THROW(TorchFileReader::readTensor(dir.file("sd.pt")), std::runtime_error);
    EXPECT_THROW(TorchFileReader::readStateDict(dir.file("missing.pt")), std::runtime_error);
}

// One changed byte inside a stored record (a tensor's data) fails that
// record's CRC-32, and the error says so; the file read before the change.
TEST(TorchFile, ChangedRecordByteFailsItsCrc) {
    TempDir dir;
    const std::string path = dir.file("t.pt");
    TorchFileReader::writeTensor(torch::full({64}, 1.5f), path);
    ASSERT_NO_THROW(TorchFileReader::readTensor(path));
    std::string bytes;
    {
        std::ifstream in(path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    const float value = 1.5f;
    const std::string pattern(reinterpret_cast<const char*>(&value), sizeof value);
    const std::size_t at = bytes.find(pattern + pattern + pattern + pattern);
    ASSERT_NE(at, std::string::npos);
    bytes[at + 1] = char(bytes[at + 1] ^ 0x40);
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), std::streamsize(bytes.size()));
    }
    try {
        TorchFileReader::readTensor(path);
        FAIL() << "a changed data byte was read";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("CRC-32"), std::string::npos) << e.what();
    }
}

// Issue 20: a damaged or hostile weights file gets a clear error naming the
// limit, never a crash, a stack overflow or an allocation it cannot back.
TEST(TorchFile, HostileFilesGetClearErrors) {
    TempDir dir;
    const std::string pt = dir.file("w.pt");
    auto readPickle = [&](const std::string& pickle) {
        writeArchive(pickle, pt);
        return errorOf([&] { TorchFileReader::readStateDict(pt); });
    };
    // What the helpers write is read: a 4x4 view of storage 0.
    writeArchive(pickledTensor(16, {4, 4}, {4, 1}), pt);
    EXPECT_EQ(TorchFileReader::readTensor(pt).sizes(), (std::vector<std::int64_t>{4, 4}));

    std::string deep = "\x80\x02)";
    deep += std::string(100000, '\x85');  // a tuple in a tuple in ... 100 000 deep
    deep += ".";
    EXPECT_NE(readPickle(deep).find("deeper than 64 levels"), std::string::npos)
        << readPickle(deep);
    EXPECT_NE(readPickle(std::string("\x80\x02]r\xff\xff\xff\x7f.", 9)).find("memo index"),
              std::string::npos);
    // A list that holds itself: refused as not a dict, and nothing leaks (ASan).
    EXPECT_NE(readPickle(std::string("\x80\x02]q\0h\0a.", 9)).find("holds no dict"),
              std::string::npos);
    EXPECT_NE(
        readPickle(pickledTensor(std::int64_t(1) << 62, {1}, {1})).find("shorter than its tensor"),
        std::string::npos);
    EXPECT_NE(
        readPickle(pickledTensor(16, {1 << 20, 1 << 20}, {0, 0})).find("larger than its storage"),
        std::string::npos);

    // A directory that claims 4 GiB for data.pkl (miniz would allocate it).
    TorchFileReader::writeStateDict({{"w", torch::ones({2, 3})}}, pt);
    claimSize(pt, "data.pkl", 0xfffffff0u);
    const std::string claim = errorOf([&] { TorchFileReader::readStateDict(pt); });
    EXPECT_NE(claim.find("data.pkl says 4294967280 bytes"), std::string::npos) << claim;
}

TEST(Networks, UseTorchvisionAndSegmentationModelsNames) {
    auto r50 = createNetwork(Architecture::ResNet50, 4);
    EXPECT_TRUE(hasName(*r50, "layer1.0.downsample.0.weight"));
    EXPECT_TRUE(hasName(*r50, "layer4.2.bn3.running_var"));
    EXPECT_TRUE(hasName(*r50, "fc.weight"));
    auto eff = createNetwork(Architecture::EfficientNetB0, 4);
    EXPECT_TRUE(hasName(*eff, "features.0.0.weight"));
    EXPECT_TRUE(hasName(*eff, "features.1.0.block.1.fc1.weight"));
    EXPECT_TRUE(hasName(*eff, "features.2.0.block.0.1.num_batches_tracked"));
    EXPECT_TRUE(hasName(*eff, "classifier.1.weight"));
    auto unet = createNetwork(Architecture::UNetResNet34, 2, 1);
    EXPECT_TRUE(hasName(*unet, "encoder.conv1.weight"));
    EXPECT_TRUE(hasName(*unet, "decoder.blocks.0.conv1.0.weight"));
    EXPECT_TRUE(hasName(*unet, "decoder.blocks.4.conv2.1.running_mean"));
    EXPECT_TRUE(hasName(*unet, "segmentation_head.0.weight"));
    EXPECT_FALSE(hasName(*unet, "encoder.fc.weight"));
    EXPECT_THROW(createNetwork(Architecture::ResNet18, 0), std::invalid_argument);
    // 1 (grey), 3 (RGB) or 4 (the interactive segmenter: image, two click maps, mask).
    EXPECT_THROW(createNetwork(Architecture::ResNet18, 2, 0), std::invalid_argument);
    EXPECT_THROW(createNetwork(Architecture::ResNet18, 2, 5), std::invalid_argument);
    EXPECT_NO_THROW(createNetwork(Architecture::UNetResNet34, 1, 4));
}

TEST(Networks, BatchOrOneAtATimeGiveTheSameResult) {
    torch::manual_seed(0);
    for (Architecture a : {Architecture::ResNet18, Architecture::UNetEfficientNetB0}) {
        auto net = createNetwork(a, 3, 1);
        net->eval();
        torch::NoGradGuard g;
        torch::Tensor x = torch::randn({3, 1, 64, 64});
        torch::Tensor batch = net->forward(x);
        for (int i = 0; i < 3; ++i) {
            torch::Tensor one = net->forward(x.slice(0, i, i + 1));
            EXPECT_LT((one - batch.slice(0, i, i + 1)).abs().max().item<float>(), 1e-4)
                << architectureName(a);
        }
    }
}

TEST(Networks, UNetNeedsMultiplesOf32) {
    auto net = createNetwork(Architecture::UNetResNet34, 2);
    net->eval();
    torch::NoGradGuard g;
    EXPECT_EQ(net->forward(torch::zeros({1, 3, 64, 96})).sizes(),
              (std::vector<int64_t>{1, 2, 64, 96}));
    EXPECT_THROW(net->forward(torch::zeros({1, 3, 50, 64})), std::invalid_argument);
}

TEST(WeightLoader, StrictNamesTheOffendingTensor) {
    auto net = createNetwork(Architecture::ResNet18, 2);
    NamedTensors sd = WeightLoader::stateDict(*net);
    NamedTensors missing(sd.begin() + 1, sd.end());
    try {
        WeightLoader::loadStrict(*net, missing);
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("missing tensor " + sd[0].first), std::string::npos)
            << e.what();
    }
    NamedTensors wrong = sd;
    wrong[0].second = torch::zeros({1});
    try {
        WeightLoader::loadStrict(*net, wrong);
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("tensor " + sd[0].first + " has shape [1]"),
                  std::string::npos)
            << e.what();
    }
    NamedTensors extra = sd;
    extra.emplace_back("head.extra", torch::zeros({1}));
    EXPECT_THROW(WeightLoader::loadStrict(*net, extra), std::runtime_error);
    EXPECT_NO_THROW(WeightLoader::loadStrict(*net, sd));
}

TEST(ModelBundle, WriteLoadAndValidate) {
    TempDir dir;
    auto net = createNetwork(Architecture::ResNet18, 2, 1);
    Manifest m;
    m.name = "test";
    m.architecture = Architecture::ResNet18;
    m.classes = {{"Nodule", "#ff0000", 0.4, {{"ru", "Узелок"}, {"de", "Rundherd"}}},
                 {"Mass", "#00ff00", 0.6, {}}};
    m.inputChannels = 1;
    const std::string bundle = dir.file("bundle");
    ModelBundle::write(bundle, m, *net);
    Manifest back;
    auto loaded = ModelBundle::load(bundle, back);
    EXPECT_EQ(back.classes.size(), 2u);
    EXPECT_DOUBLE_EQ(back.classes[1].threshold, 0.6);
    // Display names per language survive the round trip; none is none.
    EXPECT_EQ(back.classes[0].displayNames.at("ru"), "Узелок");
    EXPECT_EQ(back.classes[0].displayNames.at("de"), "Rundherd");
    EXPECT_TRUE(back.classes[1].displayNames.empty());
    EXPECT_EQ(back.weightsSha256.size(), 64u);
    EXPECT_EQ(back.task(), "classify");
    torch::NoGradGuard g;
    net->eval();
    torch::Tensor x = torch::randn({1, 1, 32, 32});
    EXPECT_TRUE(torch::allclose(net->forward(x), loaded->forward(x)));
    // Overwriting keeps a complete bundle and leaves no temporary folder.
    ModelBundle::write(bundle, m, *net);
    int entries = 0;
    for (auto& e : fs::directory_iterator(fs::path(bundle).parent_path())) (void)e, ++entries;
    EXPECT_EQ(entries, 1);

    auto expectError = [&](const std::string& json, const std::string& text) {
        std::ofstream(bundle + "/model.json") << json;
        try {
            Manifest mm;
            ModelBundle::load(bundle, mm);
            FAIL() << "expected an error for " << json;
        } catch (const BundleError& e) {
            EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
        }
    };
    expectError("{not json", "not valid JSON");
    expectError(R"({"schema_version": 1})", "lacks \"name\"");
    nlohmann::json j = back.toJson();
    j["architecture"] = "vgg16";
    expectError(j.dump(), "unknown architecture \"vgg16\"");
    j = back.toJson();
    j["weights"]["file"] = "../elsewhere.pt";
    expectError(j.dump(), "must lie in the bundle folder");
    j = back.toJson();
    j["classes"][0]["display_names"] = {{"ru", 7}};
    expectError(j.dump(), "display_names.ru must be a string");
    // Limits (issue 20): numbers that would become absurd tensors, and nesting.
    j = back.toJson();
    j["input"]["size"] = {1 << 30, 1 << 30};
    expectError(j.dump(), "input.size must lie in 16..4096 pixels");
    j = back.toJson();
    j["input"]["channels"] = 9;
    expectError(j.dump(), "input.channels must be 1 to 4");
    j = back.toJson();
    j["classes"][1]["threshold"] = 2.5;
    expectError(j.dump(), "threshold must lie in 0..1");
    expectError("{\"provenance\": " + std::string(100000, '[') + std::string(100000, ']') + "}",
                "nested deeper than 64 levels");
    EXPECT_THROW(ModelBundle::readManifest(dir.file("nothing")), BundleError);
}

// Issue 20: a zip whose entry claims more than deflate can give (a zip bomb)
// is refused before anything is unpacked.
TEST(ModelBundle, ZipBombIsRefused) {
    TempDir dir;
    auto net = createNetwork(Architecture::ResNet18, 1, 1);
    Manifest m;
    m.name = "bomb";
    m.classes = {{"Nodule", "#ff0000", 0.5, {}}};
    m.inputChannels = 1;
    ModelBundle::write(dir.file("bundle"), m, *net);
    BundleArchive::pack(dir.file("bundle"), dir.file("b.zip"));
    EXPECT_NO_THROW(BundleArchive::resolve(dir.file("b.zip"), dir.file("cache")));
    claimSize(dir.file("b.zip"), "model.json", 0xfffffff0u);
    const std::string e =
        errorOf([&] { BundleArchive::resolve(dir.file("b.zip"), dir.file("cache2")); });
    EXPECT_NE(e.find("more than deflate can give"), std::string::npos) << e;
    EXPECT_FALSE(fs::exists(dir.file("cache2") + "/model.json"));
}

TEST(ModelBundle, SuitsTheModalityItWasTrainedOn) {
    Manifest m;
    EXPECT_TRUE(modelSuitsModality(m, "CT"));  // records none: any series
    m.preprocessing = {{"modality", "CT"}};
    EXPECT_TRUE(modelSuitsModality(m, "CT"));
    EXPECT_FALSE(modelSuitsModality(m, "MR"));
    EXPECT_FALSE(modelSuitsModality(m, "DX"));
    m.preprocessing = {{"modality", "DX"}};
    EXPECT_TRUE(modelSuitsModality(m, "CR"));  // radiographs alike
    EXPECT_TRUE(modelSuitsModality(m, "DR"));
    EXPECT_FALSE(modelSuitsModality(m, "CT"));
}

TEST(Networks, FoldedBatchNormsGiveTheSameOutput) {
    torch::manual_seed(0);
    for (Architecture a : {Architecture::ResNet50, Architecture::EfficientNetB0,
                           Architecture::UNetResNet34, Architecture::UNetEfficientNetB0}) {
        auto net = createNetwork(a, 3, 1);
        // Non-trivial statistics, so that folding has something to fold.
        {
            torch::NoGradGuard g;
            for (auto& b : net->named_buffers(true)) {
                if (b.key().find("running_mean") != std::string::npos) b.value().normal_(0, 0.1);
                if (b.key().find("running_var") != std::string::npos) b.value().uniform_(0.5, 1.5);
            }
        }
        net->eval();
        torch::NoGradGuard g;
        torch::Tensor x = torch::randn({2, 1, 64, 64});
        torch::Tensor before = net->forward(x);
        EXPECT_GT(net->foldBatchNorms(), 10) << architectureName(a);
        net->toChannelsLast();
        torch::Tensor after = net->forward(x.contiguous(torch::MemoryFormat::ChannelsLast));
        const double scale = before.abs().max().item<double>();
        EXPECT_LT((after - before).abs().max().item<double>(), 1e-4 * std::max(1.0, scale))
            << architectureName(a);
    }
}
