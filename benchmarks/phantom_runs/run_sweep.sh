#!/bin/sh
# Runs the phantom segmentation experiments s*.json side by side on one GPU
# machine (radlens-gpu-check's quality mode); logs go to $OUT.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-/tmp/sweep}
mkdir -p "$out"
"$here/scripts/build-gpu-core" /tmp/bg > "$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }
tail -12 "$out/build.log"
for f in "$here"/benchmarks/phantom_runs/s*.json; do
    n=$(basename "$f" .json)
    OMP_NUM_THREADS=3 timeout "${SWEEP_SECONDS:-380}" /tmp/bg/radlens-gpu-check "$f" > "$out/$n.log" 2>&1 &
done
wait
