// Benchmark helper (issue 17): images per second of the training data
// pipeline alone, as `radlens-cli train` runs it on every streamed image:
// ai::TrainingDataLoader decodes a PNG and shrinks it by area to twice the
// training side as the rows come (imaging::PngReader into
// imaging::AreaShrinker), then ai::Augmentation augments it to the training
// side (rotation, flip, crop, one affine resampling), with malloc set as
// `radlens-cli train` sets it (ai/LargeBufferReuse.h; with `malloc-defaults`
// as the fourth argument, glibc's defaults). LABELS is a CSV of the
// ChestX-ray14 kind ("Image Index,Finding Labels", images in images/ beside
// it; the class is Mass). WORKERS threads take images in turn, one LibTorch
// thread each (as PyTorch's DataLoader workers run); indexing the files is
// not timed. One JSON line, with the milliseconds per image of each stage
// (decode and shrink, augment; summed over workers).
//   data_pipeline LABELS WORKERS SIZE [malloc-defaults]
#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "ai/Augmentation.h"
#include "ai/LargeBufferReuse.h"
#include "ai/TrainingConfig.h"
#include "ai/TrainingDataLoader.h"

using namespace radlens;

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: data_pipeline LABELS WORKERS SIZE [malloc-defaults]\n");
        return 2;
    }
    const int workers = std::max(1, std::stoi(argv[2]));
    const int size = std::stoi(argv[3]);
    ai::TrainingConfig config;
    config.task = "classify";
    config.mode = "multilabel";
    config.data = {argv[1]};
    config.classes = {"Mass"};
    config.imageSize = size;
    config.imageCache = false;  // every image decoded, as in a first epoch
    ai::TrainingSamples samples;
    try {
        samples = ai::TrainingDataLoader::load(config, ai::TrainingDataLoader::Pixels::Streamed)
                      .trainingSamples();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "data_pipeline: %s\n", e.what());
        return 2;
    }
    if (samples.empty() || !samples.streamed(0)) {
        std::fprintf(stderr, "data_pipeline: no streamed images in %s\n", argv[1]);
        return 2;
    }
    at::set_num_threads(1);
    const bool mallocDefaults = argc > 4 && std::string(argv[4]) == "malloc-defaults";
    if (!mallocDefaults) ai::keepLargeBuffersForReuse();  // as radlens-cli train does
    const ai::Augmentation augment{ai::AugmentConfig{}};
    std::atomic<std::size_t> next{0};
    std::atomic<double> checksum{0};
    std::atomic<double> decodeS{0}, augmentS{0};
    const auto add = [](std::atomic<double>& total, double v) {
        double old = total.load();
        while (!total.compare_exchange_weak(old, old + v)) {
        }
    };
    auto work = [&](int id) {
        std::mt19937_64 rng(std::uint64_t(id) + 1);
        double sum = 0, decode = 0, augmented = 0;
        using Clock = std::chrono::steady_clock;
        const auto since = [](Clock::time_point t) {
            return std::chrono::duration<double>(Clock::now() - t).count();
        };
        for (std::size_t i = next++; i < samples.size(); i = next++) {
            Clock::time_point t = Clock::now();
            const ai::TrainingSample s = samples.withPixels(i);
            decode += since(t);
            t = Clock::now();
            const ai::Batch b = augment.trainBatch({s.image}, {}, size, rng);
            augmented += since(t);
            sum += b.images.sum().item<double>();
        }
        add(checksum, sum);
        add(decodeS, decode);
        add(augmentS, augmented);
    };
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w) threads.emplace_back(work, w);
    for (auto& t : threads) t.join();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double n = double(samples.size());
    std::printf(
        "{\"images\": %zu, \"workers\": %d, \"size\": %d, \"seconds\": %.3f, "
        "\"images_per_s\": %.2f, \"checksum\": %.6g, \"decode_shrink_ms\": %.2f, "
        "\"augment_ms\": %.2f}\n",
        samples.size(), workers, size, s, n / s, checksum.load(), 1000 * decodeS.load() / n,
        1000 * augmentS.load() / n);
    return 0;
}
