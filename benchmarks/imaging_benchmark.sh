#!/usr/bin/env bash
# Imaging speed against peers (issue 2), warm cache, medians of RUNS runs.
#   benchmarks/imaging_benchmark.sh [BUILD_DIR] [SLICES] [RUNS]
# Generates a SYNTHETIC 512x512xSLICES 16-bit CT series once (cached).
set -euo pipefail
BUILD=${1:-build}; SLICES=${2:-600}; RUNS=${3:-5}
DATA="$(scripts/install-deps --print-data-dir)/bench-ct-512x512x$SLICES"
if [[ ! -f "$DATA/.complete" ]]; then
  /usr/bin/python3 benchmarks/make_ct_series.py "$DATA" "$SLICES" 512 && touch "$DATA/.complete"
fi
CLI="$BUILD/app/radlens-cli"; DEC="$BUILD/benchmarks/decode_to_memory"
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
UID_=$("$CLI" info "$DATA" --json --no-db | /usr/bin/python3 -c 'import json,sys;print(json.load(sys.stdin)["studies"][0]["series"][0]["series_uid"])')
cat "$DATA"/*.dcm > /dev/null  # warm the page cache

median() { /usr/bin/python3 -c 'import sys,statistics;print("%.3f"%statistics.median(map(float,sys.argv[1:])))' "$@"; }
# Outputs are removed and dirty pages flushed before each run: otherwise the
# kernel's writeback of the previous 300 MB file lands in the next timing.
timeit() {
  local s e
  rm -f "$TMP"/*.nii "$TMP"/*.nii.gz; sync
  s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc
}
runs() { local out=(); for ((i=0;i<RUNS;i++)); do out+=("$(timeit "$@")"); done; median "${out[@]}"; }
dec() { local out=(); for ((i=0;i<RUNS;i++)); do out+=("$("$DEC" "$1" "$DATA" | /usr/bin/python3 -c 'import json,sys;print(json.load(sys.stdin)["seconds"])')"); done; median "${out[@]}"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "data: $SLICES slices 512x512 int16 ($(du -sh "$DATA" | cut -f1)), median of $RUNS runs, warm cache"
t_export=$(runs "$CLI" export "$DATA" --series "$UID_" -o "$TMP/r.nii" --no-db)
t_d2n=$(runs dcm2niix -z n -f d -o "$TMP" "$DATA")
t_export_gz=$(runs "$CLI" export "$DATA" --series "$UID_" -o "$TMP/r.nii.gz" --no-db)
t_d2n_gz=$(runs dcm2niix -z y -f d -o "$TMP" "$DATA")
# Both files once more, kept for their sizes and a voxel comparison.
"$CLI" export "$DATA" --series "$UID_" -o "$TMP/r.nii.gz" --no-db >/dev/null
dcm2niix -z y -f d -o "$TMP" "$DATA" >/dev/null
size_ours=$(stat -c %s "$TMP/r.nii.gz")
size_d2n=$(stat -c %s "$TMP/d.nii.gz")
# The two compressed files hold the same voxels at the same positions.
same_gz=$(/usr/bin/python3 - "$TMP/r.nii.gz" "$TMP/d.nii.gz" <<'PY'
import sys
import nibabel as nib, numpy as np
sys.path.insert(0, "tests/imaging")
from nifti_compare import positions, to_reference_order
a, b = nib.load(sys.argv[1]), nib.load(sys.argv[2])
data, xyz = to_reference_order(a, b)
same = data.shape == b.shape and np.array_equal(data, np.asarray(b.dataobj)) and \
    np.allclose(xyz, positions(b), atol=0.01)
print("identical" if same else "DIFFERENT")
PY
)
t_ours=$(dec radlens); t_itk=$(dec itk); t_raw=$(dec raw)
rm -f "$TMP/scan.db"*
t_scan1=$(median "$(timeit "$CLI" info "$DATA" --db "$TMP/scan.db")")
t_rescan=$(runs "$CLI" info "$DATA" --db "$TMP/scan.db")
t_rescan_nodb=$(runs "$CLI" info "$DATA" --no-db)
printf '%-52s %8s\n' "measurement" "seconds"
printf '%-52s %8s\n' "radlens-cli export -> .nii" "$t_export"
printf '%-52s %8s\n' "dcm2niix -z n (peer)" "$t_d2n"
printf '%-52s %8s\n' "radlens-cli export -> .nii.gz (every core)" "$t_export_gz"
printf '%-52s %8s\n' "dcm2niix -z y (peer)" "$t_d2n_gz"
printf '%-52s %8s\n' "radlens decode to memory" "$t_ours"
printf '%-52s %8s\n' "ITK ImageSeriesReader + GDCMImageIO (peer)" "$t_itk"
printf '%-52s %8s\n' "plain sequential read of the files (floor)" "$t_raw"
printf '%-52s %8s\n' "scan, first (new database)" "$t_scan1"
printf '%-52s %8s\n' "re-scan, unchanged (database)" "$t_rescan"
printf '%-52s %8s\n' "scan without database (headers parsed)" "$t_rescan_nodb"
/usr/bin/python3 - "$t_export" "$t_d2n" "$t_ours" "$t_itk" "$t_raw" "$t_export_gz" "$t_d2n_gz" "$size_ours" "$size_d2n" "$same_gz" <<'PY'
import sys
e, d, o, i, r, eg, dg, so, sd = map(float, sys.argv[1:10])
print(f"export vs dcm2niix: {e/d:.2f}x its time (goal <= 0.5)")
print(f".nii.gz export vs dcm2niix -z y: {eg/dg:.2f}x its time (goal <= 0.2); "
      f"files {so/1e6:.1f} MB vs {sd/1e6:.1f} MB ({so/sd:.3f}x)")
print("voxels and positions of the two .nii.gz: " + sys.argv[10])
print(f"ITK vs radlens decode: {i/o:.1f}x faster (goal >= 5)")
print(f"decode vs raw read: {o/r:.2f}x (goal <= 2.5)")
PY
