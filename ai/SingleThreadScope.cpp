#include "ai/SingleThreadScope.h"

#include <ATen/Parallel.h>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace radlens::ai {

SingleThreadScope::SingleThreadScope() {
    // First let ATen set this thread's count from its global one, so that it
    // does not do so later over ours.
    previous_ = at::get_num_threads();
#ifdef _OPENMP
    omp_set_num_threads(1);
#endif
}

SingleThreadScope::~SingleThreadScope() {
#ifdef _OPENMP
    omp_set_num_threads(previous_);
#endif
}

}  // namespace radlens::ai
