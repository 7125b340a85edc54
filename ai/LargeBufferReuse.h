#pragma once
// Lets a process reuse the freed memory of large buffers instead of giving
// it back to the system after each one (glibc's malloc; elsewhere nothing).
//
// Why: a training run's loader threads decode one 1024 x 1024 image after
// another into buffers of 1-4 MB (ITK's reader, imaging::Volume). With
// glibc's defaults each such buffer is mapped for itself and unmapped when
// freed, and every unmap interrupts the process's other threads (the TLB
// shootdown), so two loader threads decode slower together than apart:
// benchmarks/data_pipeline_benchmark.sh measures both (2 workers, one run:
// decode 14.3 ms an image with the defaults, 9.5 ms with buffers up to 32 MB
// kept in the heap and up to 128 MB of free heap kept before it is trimmed).
//
// Threads: call once, early, before the loader threads start (mallopt is
// process-wide). Throws nothing.

namespace radlens::ai {

/// Sets malloc's mmap threshold to 32 MB and its trim threshold to 128 MB.
/// Returns whether the allocator took the settings (false off glibc).
bool keepLargeBuffersForReuse();

}  // namespace radlens::ai
