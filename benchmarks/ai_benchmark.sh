#!/usr/bin/env bash
# AI speed against peers (issue 4), same thread count, medians of RUNS runs.
#   benchmarks/ai_benchmark.sh [BUILD_DIR] [THREADS] [RUNS] [SLICES]
# 1. Forward per image, resnet101 and unet-efficientnet_b0 at 512x512, batch 1
#    and 8: Radlens (LibTorch C++, batch norms folded, channels-last,
#    InferenceMode) vs PyTorch Python eager (Debian python3-torch), the goal
#    being at most 0.9x Python's time; Python with channels-last too, for
#    reference.
# 2. Segmentation of a SYNTHETIC 300-slice 512x512 CT with radlens-cli analyze
#    (unet-efficientnet_b0, random weights, input 256 and 512), goal <= 30 s.
set -euo pipefail
BUILD=${1:-build}; THREADS=${2:-$(nproc)}; RUNS=${3:-3}; SLICES=${4:-300}
py() { /usr/bin/python3 "$@"; }
field() { py -c "import json,sys;print(json.load(sys.stdin)['$1'])"; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $THREADS threads"
printf '%-22s %5s %10s %10s %10s %8s\n' network batch radlens_s python_s py_cl_s ratio
for arch in resnet101 unet-efficientnet_b0; do
  for batch in 1 8; do
    ours=$("$BUILD/benchmarks/ai_forward" $arch $batch 512 "$THREADS" "$RUNS" channels_last | field per_image_s)
    theirs=$(py benchmarks/ai_forward.py $arch $batch 512 "$THREADS" "$RUNS" | field per_image_s)
    theirs_cl=$(py benchmarks/ai_forward.py $arch $batch 512 "$THREADS" "$RUNS" channels_last | field per_image_s)
    printf '%-22s %5s %10s %10s %10s %8s\n' $arch $batch "$ours" "$theirs" "$theirs_cl" \
      "$(py -c "print(f'{$ours/$theirs:.2f}x')")"
  done
done

DATA="$(scripts/install-deps --print-data-dir)/bench-ct-512x512x$SLICES"
if [[ ! -f "$DATA/.complete" ]]; then
  py benchmarks/make_ct_series.py "$DATA" "$SLICES" 512 >/dev/null && touch "$DATA/.complete"
fi
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
py -c "
import torch, torchvision
torch.manual_seed(0)
torch.save(torchvision.models.efficientnet_b0().state_dict(), '$TMP/effb0.pth')"
for size in 256 512; do
  B="$TMP/seg$size"
  "$BUILD/app/radlens-cli" model import --arch unet-efficientnet_b0 --weights "$TMP/effb0.pth" \
    --classes background,lesion --channels 1 -o "$B" >/dev/null
  py - "$B/model.json" $size <<'PY'
import json, sys
p, size = sys.argv[1], int(sys.argv[2])
m = json.load(open(p)); m["input"]["size"] = [size, size]
m["preprocessing"] = {"window": [-1500, 500], "mean": -500.0, "std": 500.0}
json.dump(m, open(p, "w"))
PY
  s=$(date +%s.%N)
  "$BUILD/app/radlens-cli" analyze "$DATA" --model "$B" --no-cache --json > "$TMP/out.json"
  e=$(date +%s.%N)
  inner=$(py -c "import json;print(round(json.load(open('$TMP/out.json'))['series'][0]['elapsed_ms']/1000,2))")
  echo "segmentation of $SLICES slices 512x512, network input $size: $(echo "$e - $s" | bc) s wall (load+scan+inference), $inner s inference+statistics (goal <= 30 s)"
done
