#include "platform/Platform.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <new>
#include <stdexcept>

#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#define NOMINMAX
#include <io.h>
#include <process.h>
#include <sys/stat.h>
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#endif
#ifdef __linux__
#include <sys/syscall.h>
#endif
#ifdef __APPLE__
#include <mach-o/dyld.h>
#include <sys/sysctl.h>
#endif

namespace radlens::platform {

namespace {
std::runtime_error osError(const std::string& what, const std::string& path) {
    return std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}
}  // namespace

#ifdef _WIN32

long processId() { return long(::GetCurrentProcessId()); }

bool processRuns(long pid) {
    HANDLE h = ::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(pid));
    if (!h) return ::GetLastError() != ERROR_INVALID_PARAMETER;
    DWORD code = 0;
    const bool running = ::GetExitCodeProcess(h, &code) && code == STILL_ACTIVE;
    ::CloseHandle(h);
    return running;
}

std::uint64_t physicalMemoryBytes() {
    MEMORYSTATUSEX s{};
    s.dwLength = sizeof(s);
    return ::GlobalMemoryStatusEx(&s) ? std::uint64_t(s.ullTotalPhys) : 0;
}

void syncPath(const std::string& path) {
    if (std::filesystem::is_directory(path)) return;  // NTFS: nothing to flush for a folder
    HANDLE h = ::CreateFileA(path.c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                             nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE) throw std::runtime_error("cannot open " + path);
    const BOOL ok = ::FlushFileBuffers(h);
    ::CloseHandle(h);
    if (!ok) throw std::runtime_error("cannot sync " + path);
}

bool fileStamp(const std::string& path, FileStamp& stamp) {
    struct _stat64 st {};
    if (::_stat64(path.c_str(), &st) != 0) return false;
    stamp.regular = (st.st_mode & _S_IFREG) != 0;
    stamp.size = std::int64_t(st.st_size);
    stamp.mtimeNs = std::int64_t(st.st_mtime) * 1000000000LL;
    return true;
}

RandomAccessFile::RandomAccessFile(const std::string& path) {
    HANDLE h = ::CreateFileA(path.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                             FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE) throw std::runtime_error("cannot open " + path);
    handle_ = reinterpret_cast<std::intptr_t>(h);
}

RandomAccessFile::~RandomAccessFile() { ::CloseHandle(reinterpret_cast<HANDLE>(handle_)); }

bool RandomAccessFile::readAt(void* dst, std::size_t n, std::uint64_t offset) {
    auto* p = static_cast<char*>(dst);
    while (n > 0) {
        OVERLAPPED o{};
        o.Offset = DWORD(offset & 0xffffffffu);
        o.OffsetHigh = DWORD(offset >> 32);
        DWORD got = 0;
        const DWORD want = DWORD(std::min<std::size_t>(n, 1u << 30));
        if (!::ReadFile(reinterpret_cast<HANDLE>(handle_), p, want, &got, &o) || got == 0)
            return false;
        p += got;
        n -= got;
        offset += got;
    }
    return true;
}

void* allocatePages(std::size_t bytes) {
    void* m = ::VirtualAlloc(nullptr, bytes, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (!m) throw std::bad_alloc();
    return m;
}

void freePages(void* p, std::size_t) { ::VirtualFree(p, 0, MEM_RELEASE); }

void adviseHugePages(void*, std::size_t) {}

void* alignedAllocate(std::size_t bytes, std::size_t alignment) {
    return ::_aligned_malloc(bytes ? bytes : 1, alignment);
}

void alignedFree(void* p) { ::_aligned_free(p); }

int lowerCurrentThreadPriority() {
    const int now = ::GetThreadPriority(::GetCurrentThread());
    ::SetThreadPriority(::GetCurrentThread(), THREAD_PRIORITY_BELOW_NORMAL);
    return now;
}

void setCurrentThreadPriority(int priority) { ::SetThreadPriority(::GetCurrentThread(), priority); }

namespace {
using NtProcessCall = LONG(NTAPI*)(HANDLE);
bool ntProcessCall(std::int64_t pid, const char* name) {
    auto call =
        reinterpret_cast<NtProcessCall>(::GetProcAddress(::GetModuleHandleA("ntdll.dll"), name));
    if (!call) return false;
    HANDLE h = ::OpenProcess(PROCESS_SUSPEND_RESUME, FALSE, DWORD(pid));
    if (!h) return false;
    const LONG status = call(h);
    ::CloseHandle(h);
    return status >= 0;
}
}  // namespace

bool suspendProcess(std::int64_t pid) { return ntProcessCall(pid, "NtSuspendProcess"); }
bool resumeProcess(std::int64_t pid) { return ntProcessCall(pid, "NtResumeProcess"); }

std::string executablePath() {
    char buffer[MAX_PATH * 4];
    const DWORD n = ::GetModuleFileNameA(nullptr, buffer, DWORD(sizeof(buffer)));
    return std::string(buffer, n);
}

void setEnvironment(const std::string& name, const std::string& value) {
    ::_putenv_s(name.c_str(), value.c_str());
}

void replaceProcess(const std::string& program, const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    argv.push_back(nullptr);
    const intptr_t code = ::_spawnv(_P_WAIT, program.c_str(), argv.data());
    if (code == -1) return;
    std::exit(int(code));
}

#else  // POSIX: Linux and macOS

long processId() { return long(::getpid()); }

bool processRuns(long pid) { return ::kill(pid_t(pid), 0) == 0 || errno != ESRCH; }

std::uint64_t physicalMemoryBytes() {
#ifdef __APPLE__
    std::uint64_t bytes = 0;
    std::size_t len = sizeof(bytes);
    return ::sysctlbyname("hw.memsize", &bytes, &len, nullptr, 0) == 0 ? bytes : 0;
#else
    const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
    return pages > 0 && page > 0 ? std::uint64_t(pages) * std::uint64_t(page) : 0;
#endif
}

void syncPath(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw osError("cannot open", path);
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) throw osError("cannot sync", path);
}

bool fileStamp(const std::string& path, FileStamp& stamp) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;
    stamp.regular = S_ISREG(st.st_mode);
    stamp.size = std::int64_t(st.st_size);
#ifdef __APPLE__
    stamp.mtimeNs = std::int64_t(st.st_mtimespec.tv_sec) * 1000000000LL + st.st_mtimespec.tv_nsec;
#else
    stamp.mtimeNs = std::int64_t(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
#endif
    return true;
}

RandomAccessFile::RandomAccessFile(const std::string& path) {
    handle_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (handle_ < 0) throw osError("cannot open", path);
}

RandomAccessFile::~RandomAccessFile() { ::close(int(handle_)); }

bool RandomAccessFile::readAt(void* dst, std::size_t n, std::uint64_t offset) {
    auto* p = static_cast<char*>(dst);
    while (n > 0) {
        const ssize_t r = ::pread(int(handle_), p, n, off_t(offset));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        p += r;
        n -= std::size_t(r);
        offset += std::uint64_t(r);
    }
    return true;
}

void* allocatePages(std::size_t bytes) {
    void* m = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) throw std::bad_alloc();
    adviseHugePages(m, bytes);
    return m;
}

void freePages(void* p, std::size_t bytes) { ::munmap(p, bytes); }

void adviseHugePages(void* p, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
    ::madvise(p, bytes, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

void* alignedAllocate(std::size_t bytes, std::size_t alignment) {
    void* p = nullptr;
    return ::posix_memalign(&p, alignment, bytes ? bytes : 1) == 0 ? p : nullptr;
}

void alignedFree(void* p) { std::free(p); }

int lowerCurrentThreadPriority() {
#ifdef __linux__
    // Linux applies setpriority to one thread when given its thread id.
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    const int now = ::getpriority(PRIO_PROCESS, tid);
    (void)::setpriority(PRIO_PROCESS, tid, now + 5);
    return now;
#else
    return 0;  // macOS: setpriority would apply to the whole process
#endif
}

void setCurrentThreadPriority(int priority) {
#ifdef __linux__
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    // Raising it back needs no privilege only down to the process's own limit:
    // a refusal leaves the thread lower, which is harmless.
    (void)::setpriority(PRIO_PROCESS, tid, priority);
#else
    (void)priority;
#endif
}

bool suspendProcess(std::int64_t pid) { return ::kill(pid_t(pid), SIGSTOP) == 0; }
bool resumeProcess(std::int64_t pid) { return ::kill(pid_t(pid), SIGCONT) == 0; }

std::string executablePath() {
#ifdef __APPLE__
    char buffer[4096];
    std::uint32_t size = sizeof(buffer);
    return ::_NSGetExecutablePath(buffer, &size) == 0 ? std::string(buffer) : std::string();
#else
    std::error_code ec;
    return std::filesystem::read_symlink("/proc/self/exe", ec).string();
#endif
}

void setEnvironment(const std::string& name, const std::string& value) {
    ::setenv(name.c_str(), value.c_str(), 1);
}

void replaceProcess(const std::string& program, const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(program.c_str(), argv.data());
}

#endif

}  // namespace radlens::platform
