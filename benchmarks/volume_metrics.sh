#!/usr/bin/env bash
# A segmenter's sampled-slice metrics against its whole-volume metrics
# (issue 17), on a GENERATED copy of MosMedData's layout
# (tests/ai/published_layouts.py; not patient data): STUDIES studies of
# SLICES slices at 64 px, every masked study trained on with at most
# PER_GROUP lesion slices and as many without (slices_per_volume), then
# IoU/Dice over those sampled slices (`metrics`, `test_metrics`) and over
# every slice of the same volumes (`volume_metrics`).
#   benchmarks/volume_metrics.sh [BUILD_DIR] [STUDIES] [SLICES] [PER_GROUP]
set -euo pipefail
BUILD=${1:-build}; STUDIES=${2:-40}; SLICES=${3:-32}; PER_GROUP=${4:-3}
CLI="$BUILD/app/radlens-cli"
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
/usr/bin/python3 - "$TMP/mm" "$STUDIES" "$SLICES" <<'PY'
import sys
sys.path.insert(0, "tests/ai")
import published_layouts  # GENERATED studies (not patient data)
made = published_layouts.mosmeddata(sys.argv[1], patients=int(sys.argv[2]), size=64,
                                    slices=int(sys.argv[3]), seed=5, masked_fraction=1.0)
print(f"{made['studies']} GENERATED studies, {made['masked']} with masks")
PY
cat > "$TMP/config.json" <<JSON
{"task": "segment", "arch": "unet-efficientnet_b0", "data": ["$TMP/mm"], "classes": ["lesion"],
 "epochs": 8, "batch_size": 8, "image_size": 64, "val_fraction": 0.25, "test_fraction": 0.2,
 "slices_per_volume": $PER_GROUP, "seed": 1, "device": "cpu", "output": "$TMP/model"}
JSON
RADLENS_DATA_DIR="$TMP/data" "$CLI" train --config "$TMP/config.json" > "$TMP/events.jsonl"
/usr/bin/python3 - "$TMP/events.jsonl" <<'PY'
import json, sys
ev = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
done = ev[-1]
split = next(e["split"] for e in ev if "split" in e)
print("split:", json.dumps(split))
print(f"{'':34} {'IoU':>6} {'Dice':>6} {'slices':>7}")
for name, m, n in (("validation, sampled slices", done["metrics"], split["val"]),
                   ("test, sampled slices", done["test_metrics"], done["test_metrics"]["images"]),
                   ("validation, whole volumes", done["volume_metrics"]["validation"], None),
                   ("test, whole volumes", done["volume_metrics"]["test"], None)):
    print(f"{name:34} {m['iou']:6.3f} {m['dice']:6.3f} {m.get('slices', n) or '':>7}")
PY
