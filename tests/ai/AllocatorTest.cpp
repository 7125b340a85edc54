// The caching CPU allocator: reuse, limits, threads, and training steps that
// stop asking the system for memory once the first step has run.
#include <c10/core/CPUAllocator.h>
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <thread>
#include <vector>

#include "ai/CachingCpuAllocator.h"

using radlens::ai::CachingCpuAllocator;

namespace {

constexpr std::size_t MiB = 1024 * 1024;

}  // namespace

TEST(CachingCpuAllocator, SizeClasses) {
    EXPECT_EQ(CachingCpuAllocator::sizeClass(256 * 1024), 256 * 1024u);
    EXPECT_EQ(CachingCpuAllocator::sizeClass(256 * 1024 + 1), 320 * 1024u);
    EXPECT_EQ(CachingCpuAllocator::sizeClass(4 * MiB - 1), 4 * MiB);
    EXPECT_EQ(CachingCpuAllocator::sizeClass(4 * MiB + 1), 6 * MiB);
    EXPECT_EQ(CachingCpuAllocator::sizeClass(33 * MiB), 34 * MiB);
}

TEST(CachingCpuAllocator, FreedTensorMemoryIsReused) {
    CachingCpuAllocator& a = CachingCpuAllocator::install();
    EXPECT_EQ(c10::GetCPUAllocator(), &a);
    EXPECT_EQ(&CachingCpuAllocator::install(), &a);
    a.emptyCache();
    const CachingCpuAllocator::Stats before = a.stats();
    void* first = nullptr;
    {
        torch::Tensor t = torch::empty({1024, 1024});  // 4 MiB
        first = t.data_ptr();
        EXPECT_EQ(a.stats().liveBytes, before.liveBytes + 4 * MiB);
        t.fill_(7.0f);
    }
    EXPECT_EQ(a.stats().cachedBytes, 4 * MiB);
    EXPECT_EQ(a.stats().liveBytes, before.liveBytes);
    torch::Tensor u = torch::ones({1024, 1024});
    EXPECT_EQ(u.data_ptr(), first);
    EXPECT_EQ(a.stats().hits, before.hits + 1);
    EXPECT_EQ(a.stats().misses, before.misses + 1);
    EXPECT_EQ(a.stats().cachedBytes, 0u);
    EXPECT_FLOAT_EQ(u.sum().item<float>(), 1024.0f * 1024.0f);  // ones() wrote the old block
    // A request a little smaller takes the same block; one much smaller does not.
    u = torch::Tensor();
    torch::Tensor v = torch::empty({1000, 1024});
    EXPECT_EQ(v.data_ptr(), first);
    v = torch::Tensor();
    torch::Tensor w = torch::empty({256, 1024});
    EXPECT_NE(w.data_ptr(), first);
    // Small tensors are not cached.
    const CachingCpuAllocator::Stats mid = a.stats();
    for (int i = 0; i < 10; ++i) torch::Tensor s = torch::zeros({100});
    EXPECT_EQ(a.stats().hits, mid.hits);
    EXPECT_EQ(a.stats().misses, mid.misses);
    EXPECT_EQ(a.stats().cachedBytes, mid.cachedBytes);
}

TEST(CachingCpuAllocator, RawAllocationsAsOneDnnMakesThem) {
    CachingCpuAllocator& a = CachingCpuAllocator::install();
    a.emptyCache();
    void* p = a.raw_allocate(3 * MiB);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % 64, 0u);
    static_cast<char*>(p)[3 * MiB - 1] = 1;
    a.raw_deallocate(p);
    EXPECT_EQ(a.stats().cachedBytes, 3 * MiB);
    void* q = a.raw_allocate(3 * MiB);
    EXPECT_EQ(q, p);
    a.raw_deallocate(q);
    void* small = a.raw_allocate(100);
    ASSERT_NE(small, nullptr);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(small) % 64, 0u);
    a.raw_deallocate(small);
    EXPECT_EQ(a.raw_allocate(0), nullptr);
}

TEST(CachingCpuAllocator, LimitAndEmptyCache) {
    CachingCpuAllocator& a = CachingCpuAllocator::install();
    a.emptyCache();
    const std::size_t limit = a.cacheLimit();
    a.setCacheLimit(8 * MiB);
    {
        torch::Tensor x = torch::empty({6 * 1024 * 1024 / 4});
        torch::Tensor y = torch::empty({6 * 1024 * 1024 / 4});
    }
    // The second block would pass the limit: it went back to the system.
    EXPECT_EQ(a.stats().cachedBytes, 6 * MiB);
    a.setCacheLimit(4 * MiB);
    EXPECT_EQ(a.stats().cachedBytes, 0u);
    { torch::Tensor x = torch::empty({1024 * 1024 / 4}); }
    EXPECT_EQ(a.stats().cachedBytes, 1 * MiB);
    { torch::Tensor x = torch::empty({1024 * 1024 / 4}); }
    CachingCpuAllocator::emptyInstalledCache();
    EXPECT_EQ(a.stats().cachedBytes, 0u);
    a.setCacheLimit(limit);
    EXPECT_EQ(a.cacheLimit(), limit);
}

TEST(CachingCpuAllocator, ThreadsAllocateAndFreeTogether) {
    CachingCpuAllocator& a = CachingCpuAllocator::install();
    const CachingCpuAllocator::Stats before = a.stats();
    // Tensors made on one thread and freed on another, by four threads at once.
    std::vector<std::thread> threads;
    std::vector<torch::Tensor> handed(4);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([t, &handed] {
            for (int i = 0; i < 200; ++i) {
                torch::Tensor x = torch::full({(t + 1) * 100000}, float(i));
                ASSERT_FLOAT_EQ(x[x.numel() - 1].item<float>(), float(i));
                handed[t] = x;  // the one before is freed here, the last one by the main thread
            }
        });
    for (auto& th : threads) th.join();
    handed.clear();
    EXPECT_EQ(a.stats().liveBytes, before.liveBytes);
    EXPECT_GT(a.stats().hits, before.hits + 700);
}

TEST(CachingCpuAllocator, TrainingStepsStopAskingTheSystemAfterTheFirst) {
    CachingCpuAllocator& a = CachingCpuAllocator::install();
    torch::manual_seed(0);
    torch::nn::Sequential net(torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 16, 3).padding(1)),
                              torch::nn::BatchNorm2d(16), torch::nn::ReLU(),
                              torch::nn::Conv2d(torch::nn::Conv2dOptions(16, 2, 1)));
    torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(1e-3));
    const torch::Tensor x = torch::randn({4, 3, 64, 64});
    const torch::Tensor y = torch::randint(0, 2, {4, 64, 64});
    std::vector<std::uint64_t> misses;
    std::vector<double> losses;
    for (int step = 0; step < 4; ++step) {
        opt.zero_grad();
        torch::Tensor loss = torch::nn::functional::cross_entropy(net->forward(x), y);
        loss.backward();
        opt.step();
        losses.push_back(loss.item<double>());
        misses.push_back(a.stats().misses);
    }
    EXPECT_EQ(misses[3], misses[1]);  // steps 3 and 4 came wholly from the cache
    EXPECT_LT(losses[3], losses[0]);  // and the network still learns
}
