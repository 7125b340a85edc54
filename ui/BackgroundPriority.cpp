#include "ui/BackgroundPriority.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace radlens::ui {

void lowerCurrentThreadPriority() {
#ifdef __linux__
    // Linux applies setpriority to one thread when given its thread id.
    const auto tid = static_cast<id_t>(syscall(SYS_gettid));
    const int now = getpriority(PRIO_PROCESS, tid);
    (void)setpriority(PRIO_PROCESS, tid, now + 5);
#endif
}

}  // namespace radlens::ui
