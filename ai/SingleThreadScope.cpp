#include "ai/SingleThreadScope.h"

#include <ATen/Parallel.h>

#if defined(_OPENMP)
#include <omp.h>
#define RADLENS_HAVE_OPENMP 1
#elif defined(RADLENS_OPENMP_GNU_RUNTIME)
// GNU libgomp's, which LibTorch runs on (ai/CMakeLists.txt links it).
extern "C" void omp_set_num_threads(int);
#define RADLENS_HAVE_OPENMP 1
#endif

namespace radlens::ai {

SingleThreadScope::SingleThreadScope() {
    // First let ATen set this thread's count from its global one, so that it
    // does not do so later over ours.
    previous_ = at::get_num_threads();
#ifdef RADLENS_HAVE_OPENMP
    omp_set_num_threads(1);
#endif
}

SingleThreadScope::~SingleThreadScope() {
#ifdef RADLENS_HAVE_OPENMP
    omp_set_num_threads(previous_);
#endif
}

}  // namespace radlens::ai
