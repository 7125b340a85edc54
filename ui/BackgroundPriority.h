#pragma once
// Background work below the GUI thread: on a machine with few cores the
// decoders of a series (one per core) would otherwise take the CPU from the
// GUI thread's frames while the first image is shown.
// Threads: call on the worker thread itself; threads it starts afterwards
// inherit the priority (Linux: nice is per thread and inherited).

namespace radlens::ui {

/// Lowers the calling thread's priority (nice +5 on Linux; nothing
/// elsewhere). Never throws; a refusal leaves the priority as it was.
void lowerCurrentThreadPriority();

}  // namespace radlens::ui
