#include "ai/LargeBufferReuse.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace radlens::ai {

bool keepLargeBuffersForReuse() {
#if defined(__GLIBC__)
    // Both or neither: a fixed mmap threshold alone also fixes the trim
    // threshold at its 128 kB default, and trimming after every image is
    // slower still than unmapping.
    return mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024) == 1 &&
           mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024) == 1;
#else
    return false;
#endif
}

}  // namespace radlens::ai
