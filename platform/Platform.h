#pragma once
// The few operating-system calls Radlens makes, behind one small interface,
// with a branch per platform: Linux (built and tested here), macOS (POSIX,
// the same branch as Linux except where marked) and Windows (Win32; written
// for the NSIS installer's build, not compiled here: this project's CI has
// only Debian). Everything else in the code base is standard C++, Qt, VTK,
// ITK, DCMTK or LibTorch.
//
// Threads: any. Functions that can fail say so: those returning bool never
// throw; syncPath() throws std::runtime_error with the path and the reason.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace radlens::platform {

/// This process's id (for temporary names unique to the process).
long processId();
/// Whether a process with this id runs (true when it cannot be told).
bool processRuns(long pid);

/// Physical memory in bytes (0 when unknown).
std::uint64_t physicalMemoryBytes();

/// Makes a file's (or, where the OS has it, a folder's) contents durable:
/// fsync on POSIX, FlushFileBuffers on Windows (where folders need nothing).
void syncPath(const std::string& path);

/// Size and modification time of a file; false when it cannot be read.
struct FileStamp {
    bool regular = false;
    std::int64_t size = 0;
    std::int64_t mtimeNs = 0;
};
bool fileStamp(const std::string& path, FileStamp& stamp);

/// Reads `n` bytes at `offset` of an open file without moving a shared
/// position (pread; ReadFile with an OVERLAPPED offset on Windows).
class RandomAccessFile {
public:
    /// Throws std::runtime_error when the file cannot be opened.
    explicit RandomAccessFile(const std::string& path);
    ~RandomAccessFile();
    RandomAccessFile(const RandomAccessFile&) = delete;
    RandomAccessFile& operator=(const RandomAccessFile&) = delete;
    /// False when fewer than `n` bytes could be read.
    bool readAt(void* dst, std::size_t n, std::uint64_t offset);

private:
    std::intptr_t handle_ = -1;
};

/// Zeroed memory of `bytes` straight from the OS (lazily faulted), asking for
/// transparent huge pages where the OS has them. Throws std::bad_alloc.
void* allocatePages(std::size_t bytes);
void freePages(void* p, std::size_t bytes);
/// Asks for huge pages for [p, p + bytes) (Linux only; a hint, never fails).
void adviseHugePages(void* p, std::size_t bytes);

/// Memory aligned to `alignment` (a power of two); nullptr when none is left.
void* alignedAllocate(std::size_t bytes, std::size_t alignment);
void alignedFree(void* p);

/// Lowers the calling thread's priority a step (Linux: nice +5, inherited by
/// the threads it starts; Windows: below normal; macOS: nothing) and returns
/// the priority it had, for setCurrentThreadPriority().
int lowerCurrentThreadPriority();
void setCurrentThreadPriority(int priority);

/// Stops and resumes every thread of process `pid` (SIGSTOP / SIGCONT;
/// NtSuspendProcess / NtResumeProcess on Windows). False when refused.
bool suspendProcess(std::int64_t pid);
bool resumeProcess(std::int64_t pid);

/// The running program's own file (for finding programs installed beside it).
std::string executablePath();
/// Sets an environment variable for this process and the programs it starts.
void setEnvironment(const std::string& name, const std::string& value);
/// Runs `program` with `args` in place of this process (execv); on Windows it
/// runs it, waits and exits with its code. Returns only when it cannot start.
void replaceProcess(const std::string& program, const std::vector<std::string>& args);

}  // namespace radlens::platform
