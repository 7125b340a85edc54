#pragma once
// LibTorch's CPU allocator, with freed large blocks kept for reuse.
//
// Why: a training step allocates and frees the same activations, gradients
// and oneDNN buffers (tens of MB each) every step. The C library hands large
// freed blocks back to the kernel, so every step faults their pages in again
// and the kernel zeroes them: 16-22 % of a ResNet-50 training step on 2 cores
// (perf; PyTorch Python pays the same). Here a freed block of 256 KiB or more
// goes to a free list and the next request of about its size takes it back,
// already faulted in. Smaller requests go to c10's own aligned allocation.
//
// One process-wide instance, made c10's CPU allocator by install(), so every
// CPU tensor and oneDNN buffer (which come through raw_allocate) use it. It is
// never destroyed: tensors may be freed at any time, exit included. Freed
// blocks stay cached up to a limit (a quarter of the physical memory unless
// set); past it, they are returned to the system.
//
// Threads: any thread may allocate and free; one mutex guards the lists.
// Throws: allocate() throws c10::Error when the system has no memory left
// (after returning the cached blocks and trying once more), as c10's does.

#include <c10/core/Allocator.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <unordered_map>

namespace radlens::ai {

class CachingCpuAllocator final : public c10::Allocator {
public:
    struct Stats {
        std::uint64_t hits = 0;       ///< large requests served from the cache
        std::uint64_t misses = 0;     ///< large requests that went to the system
        std::size_t cachedBytes = 0;  ///< freed blocks kept for reuse
        std::size_t liveBytes = 0;    ///< large blocks in use
    };

    /// Requests from this size up are rounded to a size class and cached.
    static constexpr std::size_t kMinCachedBytes = 256 * 1024;

    /// Makes the process-wide instance c10's CPU allocator (idempotent) and
    /// returns it. Call before the tensors that should use it are made.
    static CachingCpuAllocator& install();

    // LibTorch 1.x declares c10::Allocator::allocate() const; 2.3 and later
    // declare it non-const and add copy_data(). All three are declared here,
    // without `override`, so this builds against either: the matching ones
    // override, the other is an ordinary member doing the same (clang's
    // warning about the missing `override` is off for these three).
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winconsistent-missing-override"
#endif
    c10::DataPtr allocate(std::size_t bytes) const;
    c10::DataPtr allocate(std::size_t bytes);
    void copy_data(void* dest, const void* src, std::size_t count) const;
#if defined(__clang__)
#pragma clang diagnostic pop
#endif
    c10::DeleterFnPtr raw_deleter() const override { return &deallocate; }

    /// Returns every cached block to the system (blocks in use stay).
    void emptyCache();
    /// emptyCache() of the installed instance; nothing when none is. For
    /// callers whose tensor sizes change for good (a new training image size),
    /// so that blocks of the old sizes do not stay cached.
    static void emptyInstalledCache();
    /// Cached bytes are kept up to `bytes`; frees cached blocks beyond it.
    void setCacheLimit(std::size_t bytes);
    std::size_t cacheLimit() const;
    Stats stats() const;

    /// The size a large request is rounded up to: 64 KiB steps below 4 MiB,
    /// 2 MiB (a huge page) steps from there.
    static std::size_t sizeClass(std::size_t bytes);

private:
    CachingCpuAllocator();
    static void deallocate(void* data);
    void* allocateLarge(std::size_t bytes) const;
    void release(void* data);
    void trimTo(std::size_t bytes) const;  // mutex_ held

    mutable std::mutex mutex_;
    mutable std::multimap<std::size_t, void*> freeBlocks_;       // by size
    mutable std::unordered_map<void*, std::size_t> liveBlocks_;  // large ones
    mutable Stats stats_;
    std::size_t limit_;
};

}  // namespace radlens::ai
