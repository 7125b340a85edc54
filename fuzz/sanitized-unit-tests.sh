#!/usr/bin/env bash
# Issue 20: the unit tests of the code that reads outside input (imaging_tests:
# DICOM headers and pixels, series assembly, DICOMDIR, NIfTI, annotations, the
# database; net_tests: DIMSE and DICOMweb clients, multipart, the listener)
# built in the fuzz tree -- clang-14 with AddressSanitizer and
# UndefinedBehaviorSanitizer, sharing the objects the fuzz targets already
# need -- and run with the sanitizers' options (cmake/sanitizers/env.sh). A
# failed test or any sanitizer report fails the script. The whole fast label
# under sanitizers (LibTorch included) is `make sanitize`, too long for CI.
#
#   fuzz/sanitized-unit-tests.sh          (ctest: sanitized_unit_tests)
#
# Environment: RADLENS_FUZZ_BUILD (build-fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
FB="${RADLENS_FUZZ_BUILD:-build-fuzz}"
# shellcheck source=tree.sh
source fuzz/tree.sh
radlens_fuzz_tree_configure "$FB"
cmake --build "$FB" --target imaging_tests net_tests
# shellcheck source=../cmake/sanitizers/env.sh
source cmake/sanitizers/env.sh
radlens_sanitizer_env "$PWD" "$FB/sanitized-unit-tests"
status=0
for t in imaging_tests net_tests; do
  log="$FB/sanitized-unit-tests/$t.log"
  if "$FB/fuzz/$t" --gtest_brief=1 >"$log" 2>&1; then rc=0; else rc=$?; fi
  reports=$(grep -c 'ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:' "$log" || true)
  echo "$t: exit status $rc, sanitizer reports $reports ($(grep -m1 -o '[0-9]* tests\? from [0-9]* test suites\? ran' "$log" || echo 'no summary'))"
  if ((rc != 0 || reports > 0)); then
    status=1
    tail -n 60 "$log"
  fi
done
exit $status
