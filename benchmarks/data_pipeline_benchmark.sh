#!/usr/bin/env bash
# The training data pipeline alone (issue 17): images per second of decode
# PNG 1024x1024 -> shrink to twice the training side -> augment to SIZE,
# Radlens (benchmarks/data_pipeline.cpp: the training loader's streamed
# decode, which shrinks as the rows come, then the augmentation) against
# PyTorch's DataLoader with PIL and torchvision transforms
# (benchmarks/data_pipeline.py) on the same
# GENERATED radiographs, with the same number of workers, in one run; each
# side runs twice, the better run counts (the first warms the page cache).
# Goal: at least 1.5x PyTorch.
#   benchmarks/data_pipeline_benchmark.sh [BUILD_DIR] [IMAGES] [WORKERS] [SIZE]
set -euo pipefail
BUILD=${1:-build}; N=${2:-300}; WORKERS=${3:-$(nproc)}; SIZE=${4:-224}
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
/usr/bin/python3 - "$TMP/png" "$N" <<'PY'
import os, sys
import numpy as np
from PIL import Image
sys.path.insert(0, "tests/ai")
import published_layouts  # GENERATED radiographs (not patient data)
out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(os.path.join(out, "images"))
labels = ["Image Index,Finding Labels"]
rng = np.random.default_rng(1)
for i in range(n):
    pixels, _ = published_layouts._radiograph(rng, 1024, ["Mass"] if i % 2 else [])
    Image.fromarray(pixels, "L").save(os.path.join(out, "images", f"{i:05d}.png"))
    labels.append(f"{i:05d}.png," + ("Mass" if i % 2 else "No Finding"))
with open(os.path.join(out, "labels.csv"), "w") as f:
    f.write("\n".join(labels) + "\n")
PY
best() { /usr/bin/python3 -c "import json,sys; print(max(json.loads(l)['images_per_s'] for l in sys.stdin))"; }
# The better of two Radlens runs, with its stages' milliseconds per image.
stages() { /usr/bin/python3 -c "
import json, sys
b = max((json.loads(l) for l in sys.stdin), key=lambda r: r['images_per_s'])
print(f\"{b['images_per_s']} {b['decode_shrink_ms']} {b['augment_ms']}\")"; }
read -r radlens decode augment < <(
  { "$BUILD/benchmarks/data_pipeline" "$TMP/png/labels.csv" "$WORKERS" "$SIZE"
    "$BUILD/benchmarks/data_pipeline" "$TMP/png/labels.csv" "$WORKERS" "$SIZE"; } | stages)
# The same with glibc's malloc defaults (what ai::keepLargeBuffersForReuse changes).
read -r plain pdecode paugment < <(
  { "$BUILD/benchmarks/data_pipeline" "$TMP/png/labels.csv" "$WORKERS" "$SIZE" malloc-defaults
    "$BUILD/benchmarks/data_pipeline" "$TMP/png/labels.csv" "$WORKERS" "$SIZE" malloc-defaults; } | stages)
python=$( { /usr/bin/python3 benchmarks/data_pipeline.py "$TMP/png/images" "$WORKERS" "$SIZE"
            /usr/bin/python3 benchmarks/data_pipeline.py "$TMP/png/images" "$WORKERS" "$SIZE"; } | best)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '%-8s %8s %6s %16s %16s %7s\n' images workers size radlens_img_s pytorch_img_s ratio
printf '%-8s %8s %6s %16s %16s %7.2f\n' "$N" "$WORKERS" "$SIZE" "$radlens" "$python" \
  "$(/usr/bin/python3 -c "print($radlens / $python)")"
echo "Radlens ms per image and worker: decode and shrink $decode, augment $augment"
echo "with glibc's malloc defaults: $plain img/s; decode and shrink $pdecode, augment $paugment"
