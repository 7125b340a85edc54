# Sourced by fuzz/run.sh: the fuzz tree's
# configuration (clang-14; every Radlens source with libFuzzer's coverage,
# AddressSanitizer and UndefinedBehaviorSanitizer; no PCH, tests or
# benchmarks of the ordinary build).
#   radlens_fuzz_tree_configure BUILD_DIR
radlens_fuzz_tree_configure() {
  local fb="$1"
  if [[ ! -f "$fb/build.ninja" ]]; then
    cmake -S . -B "$fb" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 -DRADLENS_FUZZ=ON \
      -DRADLENS_BUILD_TESTS=OFF -DRADLENS_BUILD_BENCHMARKS=OFF -DRADLENS_USE_PCH=OFF >/dev/null
  fi
}
