#pragma once
// Runs LibTorch's CPU kernels on the calling thread alone while it lives
// (OpenMP's thread count of this thread only; other threads, such as the
// inference engine's worker, keep theirs), and restores the count after.
//
// What for: a click's forward pass at the interactive segmenter's crop size
// (96 px) takes about 35 ms on one core and hardly less on two, and on the
// 2-core machine two threads now and then waited about 150 ms for each other
// (`click-segment` on a 512 x 512 slice, 10 runs: 37-41 ms or 150-215 ms with
// two threads; 32-62 ms with one).
//
// Threads: construct and destroy on the same thread.

namespace radlens::ai {

class SingleThreadScope {
public:
    SingleThreadScope();
    ~SingleThreadScope();
    SingleThreadScope(const SingleThreadScope&) = delete;
    SingleThreadScope& operator=(const SingleThreadScope&) = delete;

private:
    int previous_ = 0;
};

}  // namespace radlens::ai
