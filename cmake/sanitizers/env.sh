# Sourced by scripts/sanitize-test: the sanitizers' options for test
# programs, and the suppressions of this folder and fuzz/ (third-party leaks
# and ITK's pointer arithmetic, by name).
#   radlens_sanitizer_env SOURCE_DIR SCRATCH_DIR
# halt_on_error: the first report ends the program (and fails its test);
# detect_leaks: LSan at exit.
radlens_sanitizer_env() {
  local src="$1" scratch="$2"
  mkdir -p "$scratch"
  local lsan_supp
  lsan_supp="$(cd "$scratch" && pwd)/lsan.supp"
  cat "$src/cmake/sanitizers/lsan.supp" "$src/fuzz/lsan.supp" "$src/fuzz/lsan-dicomdir.supp" >"$lsan_supp"
  export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=0:print_summary=1"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$src/cmake/sanitizers/ubsan.supp"
  export LSAN_OPTIONS="suppressions=$lsan_supp:print_suppressions=0"
}
