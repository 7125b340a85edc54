# Sourced by scripts/sanitize-test and fuzz/run.sh: the one sanitizer tree
# (CMake preset asan: clang-14; every Radlens source with ASan, UBSan and
# libFuzzer's coverage; the fast tests and the libFuzzer targets), configured
# once. Under CI (CI set) warnings are errors, as in the ordinary build.
#   radlens_sanitizer_tree_configure BUILD_DIR
radlens_sanitizer_tree_configure() {
  local b="$1"
  if [[ ! -f "$b/build.ninja" ]]; then
    cmake --preset asan -B "$b" -DRADLENS_WERROR="$([[ -n "${CI:-}" ]] && echo ON || echo OFF)" >/dev/null
  fi
}
