// Benchmark helper: forward time of a Radlens network (random weights) in
// LibTorch, as Radlens runs it (eval, InferenceMode). One JSON line.
//   ai_forward ARCH BATCH SIZE THREADS RUNS [channels_last]
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "ai/LoadedModel.h"
#include "ai/Networks.h"

int main(int argc, char** argv) {
    if (argc < 6) {
        std::fprintf(stderr, "usage: ai_forward ARCH BATCH SIZE THREADS RUNS [channels_last]\n");
        return 2;
    }
    const auto arch = radlens::ai::architectureFromName(argv[1]);
    if (!arch) return 2;
    const int batch = std::stoi(argv[2]), size = std::stoi(argv[3]);
    const int threads = std::stoi(argv[4]), runs = std::stoi(argv[5]);
    const bool channelsLast = argc > 6 && std::string(argv[6]) == "channels_last";
    at::set_num_threads(threads);
    torch::manual_seed(0);
    auto net = radlens::ai::createNetwork(*arch, 4, 3);
    net->eval();
    torch::Tensor x = torch::randn({batch, 3, size, size});
    // As Radlens runs inference (LoadedModel): batch norms folded, channels-last on CPU.
    net->foldBatchNorms();
    if (channelsLast) {
        net->toChannelsLast();
        x = x.contiguous(torch::MemoryFormat::ChannelsLast);
    }
    c10::InferenceMode guard;
    net->forward(x);  // warm-up
    std::vector<double> times;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        torch::Tensor y = net->forward(x);
        times.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(times.begin(), times.end());
    std::printf(
        "{\"arch\":\"%s\",\"batch\":%d,\"size\":%d,\"threads\":%d,\"median_s\":%.4f,"
        "\"per_image_s\":%.4f}\n",
        argv[1], batch, size, threads, times[times.size() / 2], times[times.size() / 2] / batch);
    return 0;
}
