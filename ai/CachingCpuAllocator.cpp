#include "ai/CachingCpuAllocator.h"

#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>
#include <c10/util/Exception.h>

#include "platform/Platform.h"

#include <cstdlib>
#include <cstring>

namespace radlens::ai {

namespace {

constexpr std::size_t kHugePage = 2 * 1024 * 1024;

CachingCpuAllocator* instance = nullptr;

std::size_t physicalMemory() {
    const std::uint64_t bytes = platform::physicalMemoryBytes();
    return bytes > 0 ? std::size_t(bytes) : std::size_t(4) << 30;
}

}  // namespace

CachingCpuAllocator::CachingCpuAllocator() : limit_(physicalMemory() / 4) {}

CachingCpuAllocator& CachingCpuAllocator::install() {
    static CachingCpuAllocator* const once = [] {
        instance = new CachingCpuAllocator();  // never deleted: see the header
        c10::SetCPUAllocator(instance, /*priority=*/1);
        return instance;
    }();
    return *once;
}

std::size_t CachingCpuAllocator::sizeClass(std::size_t bytes) {
    const std::size_t step = bytes < 2 * kHugePage ? 64 * 1024 : kHugePage;
    return (bytes + step - 1) / step * step;
}

c10::DataPtr CachingCpuAllocator::allocate(std::size_t bytes) const {
    void* data = bytes < kMinCachedBytes ? c10::alloc_cpu(bytes) : allocateLarge(bytes);
    return {data, data, &deallocate, c10::Device(c10::DeviceType::CPU)};
}

c10::DataPtr CachingCpuAllocator::allocate(std::size_t bytes) {
    return static_cast<const CachingCpuAllocator*>(this)->allocate(bytes);
}

void CachingCpuAllocator::copy_data(void* dest, const void* src, std::size_t count) const {
    if (count) std::memcpy(dest, src, count);
}

void* CachingCpuAllocator::allocateLarge(std::size_t bytes) const {
    const std::size_t size = sizeClass(bytes);
    std::lock_guard<std::mutex> lock(mutex_);
    // The smallest cached block that fits without wasting more than an
    // eighth: the same shapes come back every step, so most hits are exact.
    auto it = freeBlocks_.lower_bound(size);
    if (it != freeBlocks_.end() && it->first <= size + size / 8) {
        void* data = it->second;
        liveBlocks_.emplace(data, it->first);
        stats_.cachedBytes -= it->first;
        stats_.liveBytes += it->first;
        ++stats_.hits;
        freeBlocks_.erase(it);
        return data;
    }
    void* data = nullptr;
    const std::size_t alignment = size >= kHugePage ? kHugePage : 64;
    data = platform::alignedAllocate(size, alignment);
    if (!data) {
        trimTo(0);
        data = platform::alignedAllocate(size, alignment);
        TORCH_CHECK(data != nullptr,
                    "CachingCpuAllocator: not enough memory: you tried to allocate ", size,
                    " bytes.");
    }
    // Whole huge pages for large blocks: fewer faults and TLB misses. Only
    // a hint; it fails harmlessly where transparent huge pages are off.
    if (size >= kHugePage) platform::adviseHugePages(data, size);
    liveBlocks_.emplace(data, size);
    stats_.liveBytes += size;
    ++stats_.misses;
    return data;
}

void CachingCpuAllocator::deallocate(void* data) {
    if (data && instance) instance->release(data);
}

void CachingCpuAllocator::release(void* data) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = liveBlocks_.find(data);
        if (it != liveBlocks_.end()) {
            const std::size_t size = it->second;
            liveBlocks_.erase(it);
            stats_.liveBytes -= size;
            if (stats_.cachedBytes + size <= limit_) {
                freeBlocks_.emplace(size, data);
                stats_.cachedBytes += size;
            } else {
                platform::alignedFree(data);
            }
            return;
        }
    }
    c10::free_cpu(data);  // a small block from c10::alloc_cpu
}

void CachingCpuAllocator::trimTo(std::size_t bytes) const {
    // Largest first: they hold the most memory for the fewest entries.
    while (stats_.cachedBytes > bytes && !freeBlocks_.empty()) {
        auto last = std::prev(freeBlocks_.end());
        platform::alignedFree(last->second);
        stats_.cachedBytes -= last->first;
        freeBlocks_.erase(last);
    }
}

void CachingCpuAllocator::emptyCache() {
    std::lock_guard<std::mutex> lock(mutex_);
    trimTo(0);
}

void CachingCpuAllocator::emptyInstalledCache() {
    if (instance) instance->emptyCache();
}

void CachingCpuAllocator::setCacheLimit(std::size_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    limit_ = bytes;
    trimTo(bytes);
}

std::size_t CachingCpuAllocator::cacheLimit() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return limit_;
}

CachingCpuAllocator::Stats CachingCpuAllocator::stats() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
}

}  // namespace radlens::ai
