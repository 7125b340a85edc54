#include "imaging/ParallelGzipWriter.h"

#include <libdeflate.h>
#include <sched.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <thread>

namespace radlens::imaging {

ParallelGzipWriter::ParallelGzipWriter(std::FILE* out, std::string name, Options options)
    : out_(out), name_(std::move(name)), options_(options) {
    options_.level = std::clamp(options_.level, 1, 12);
    if (options_.threads <= 0) options_.threads = defaultThreads();
    options_.blockBytes = std::max<std::size_t>(options_.blockBytes, 64 * 1024);
}

ParallelGzipWriter::ParallelGzipWriter(std::FILE* out, std::string name)
    : ParallelGzipWriter(out, std::move(name), Options{}) {}

ParallelGzipWriter::~ParallelGzipWriter() = default;

int ParallelGzipWriter::defaultThreads() {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
    return int(std::max(1u, std::thread::hardware_concurrency()));
}

void ParallelGzipWriter::add(const void* data, std::size_t size) {
    if (finished_) throw std::logic_error("ParallelGzipWriter::add after finish");
    const auto* p = static_cast<const unsigned char*>(data);
    while (size > 0) {
        const std::size_t n = std::min(size, options_.blockBytes);
        blocks_.push_back({p, n});
        p += n;
        size -= n;
    }
}

void ParallelGzipWriter::finish() {
    if (finished_) throw std::logic_error("ParallelGzipWriter::finish called twice");
    finished_ = true;
    if (blocks_.empty()) blocks_.push_back({nullptr, 0});  // one empty member: valid gzip
    const std::size_t total = blocks_.size();
    const std::size_t workers = std::min<std::size_t>(std::size_t(options_.threads), total);
    const std::size_t ahead = 2 * workers;  // blocks compressed but not yet written, at most

    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::vector<unsigned char>> output(total);
    std::vector<char> ready(total, 0);
    std::size_t next = 0, written = 0;
    bool stop = false;
    std::string workerError;

    auto work = [&] {
        std::unique_ptr<libdeflate_compressor, decltype(&libdeflate_free_compressor)> compressor(
            libdeflate_alloc_compressor(options_.level), &libdeflate_free_compressor);
        std::unique_lock<std::mutex> lock(mutex);
        if (!compressor) {
            workerError = "out of memory for the compressor";
            stop = true;
            changed.notify_all();
            return;
        }
        for (;;) {
            changed.wait(lock, [&] { return stop || next >= total || next < written + ahead; });
            if (stop || next >= total) return;
            const std::size_t i = next++;
            lock.unlock();
            const Piece block = blocks_[i];
            std::vector<unsigned char> member;
            std::size_t n = 0;
            try {
                member.resize(libdeflate_gzip_compress_bound(compressor.get(), block.size));
                n = libdeflate_gzip_compress(compressor.get(), block.data, block.size,
                                             member.data(), member.size());
                member.resize(n);
            } catch (const std::bad_alloc&) {
                n = 0;  // reported below, as a compressor failure
            }
            lock.lock();
            if (n == 0) {
                workerError = "out of memory, or the compressor's output did not fit its bound";
                stop = true;
            } else {
                output[i] = std::move(member);
                ready[i] = 1;
            }
            changed.notify_all();
        }
    };
    std::vector<std::thread> threads;
    threads.reserve(workers);
    for (std::size_t t = 0; t < workers; ++t) threads.emplace_back(work);

    std::string error;
    for (std::size_t i = 0; i < total && error.empty(); ++i) {
        std::vector<unsigned char> member;
        {
            std::unique_lock<std::mutex> lock(mutex);
            changed.wait(lock, [&] { return ready[i] || stop; });
            if (!ready[i]) {
                error = workerError;
                break;
            }
            member.swap(output[i]);
        }
        if (std::fwrite(member.data(), 1, member.size(), out_) != member.size())
            error = std::strerror(errno);
        std::lock_guard<std::mutex> lock(mutex);
        written = i + 1;
        changed.notify_all();
    }
    {
        std::lock_guard<std::mutex> lock(mutex);
        stop = true;
        changed.notify_all();
    }
    for (auto& t : threads) t.join();
    blocks_.clear();
    if (!error.empty()) throw std::runtime_error(name_ + ": cannot write: " + error);
}

}  // namespace radlens::imaging
