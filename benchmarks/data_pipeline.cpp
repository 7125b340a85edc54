// Benchmark helper (issue 17): images per second of the training data
// pipeline alone, as Radlens runs it on every image it reads: decode a PNG
// (ai::ImageFile: imaging::PngReader), shrink it by area to twice the
// training side (imaging::resizeArea, what TrainingDataLoader keeps), and
// augment it to the training side (ai::Augmentation: rotation, flip, crop,
// one affine resampling), with malloc set as `radlens-cli train` sets it
// (ai/LargeBufferReuse.h; with `malloc-defaults` as the fourth argument,
// glibc's defaults). WORKERS threads take files in turn, one LibTorch thread
// each (as PyTorch's DataLoader workers run). One JSON line, with the
// milliseconds per image of each stage (decode, shrink, augment; summed
// over workers).
//   data_pipeline FOLDER WORKERS SIZE [malloc-defaults]
#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "ai/Augmentation.h"
#include "ai/ImageFile.h"
#include "ai/LargeBufferReuse.h"
#include "ai/TensorView.h"
#include "imaging/AreaResize.h"

namespace fs = std::filesystem;
using namespace radlens;

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: data_pipeline FOLDER WORKERS SIZE\n");
        return 2;
    }
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(argv[1]))
        if (e.path().extension() == ".png") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    const int workers = std::max(1, std::stoi(argv[2]));
    const int size = std::stoi(argv[3]);
    if (files.empty()) {
        std::fprintf(stderr, "data_pipeline: no .png files in %s\n", argv[1]);
        return 2;
    }
    at::set_num_threads(1);
    const bool mallocDefaults = argc > 4 && std::string(argv[4]) == "malloc-defaults";
    if (!mallocDefaults) ai::keepLargeBuffersForReuse();  // as radlens-cli train does
    const ai::Augmentation augment{ai::AugmentConfig{}};
    std::atomic<std::size_t> next{0};
    std::atomic<double> checksum{0};
    std::atomic<double> decodeS{0}, shrinkS{0}, augmentS{0};
    const auto add = [](std::atomic<double>& total, double v) {
        double old = total.load();
        while (!total.compare_exchange_weak(old, old + v)) {
        }
    };
    auto work = [&](int id) {
        std::mt19937_64 rng(std::uint64_t(id) + 1);
        double sum = 0, decode = 0, shrink = 0, augmented = 0;
        using Clock = std::chrono::steady_clock;
        const auto since = [](Clock::time_point t) {
            return std::chrono::duration<double>(Clock::now() - t).count();
        };
        for (std::size_t i = next++; i < files.size(); i = next++) {
            Clock::time_point t = Clock::now();
            const imaging::Volume v = ai::ImageFile::read(files[i]);
            decode += since(t);
            t = Clock::now();
            torch::Tensor image = ai::tensorView(v).select(1, 0);  // (1, H, W)
            const int64_t H = image.size(1), W = image.size(2), keep = 2 * int64_t(size);
            image = image.to(torch::kFloat32).contiguous();
            if (std::max(H, W) > keep) {
                const double s = double(keep) / double(std::max(H, W));
                const int64_t h = std::max<int64_t>(1, std::llround(double(H) * s)),
                              w = std::max<int64_t>(1, std::llround(double(W) * s));
                torch::Tensor shrunk = torch::empty({1, h, w}, torch::kFloat32);
                imaging::resizeArea(image.data_ptr<float>(), H, W, shrunk.data_ptr<float>(), h, w);
                image = shrunk;
            }
            shrink += since(t);
            t = Clock::now();
            const ai::Batch b = augment.trainBatch({image}, {}, size, rng);
            augmented += since(t);
            sum += b.images.sum().item<double>();
        }
        add(checksum, sum);
        add(decodeS, decode);
        add(shrinkS, shrink);
        add(augmentS, augmented);
    };
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w) threads.emplace_back(work, w);
    for (auto& t : threads) t.join();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf(
        "{\"images\": %zu, \"workers\": %d, \"size\": %d, \"seconds\": %.3f, "
        "\"images_per_s\": %.2f, \"checksum\": %.6g, \"decode_ms\": %.2f, \"shrink_ms\": %.2f, "
        "\"augment_ms\": %.2f}\n",
        files.size(), workers, size, s, double(files.size()) / s, checksum.load(),
        1000 * decodeS.load() / double(files.size()), 1000 * shrinkS.load() / double(files.size()),
        1000 * augmentS.load() / double(files.size()));
    return 0;
}
