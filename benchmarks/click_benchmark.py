#!/usr/bin/python3
"""Click-to-segment figures of README (issue 23), on SYNTHETIC data from
`radlens-cli synth` (phantom CT; nodules, masses, consolidations):
- an interactive segmenter (unet-resnet34, 96 px crops) trained on TRAIN
  phantom CTs, 256 x 256 x 32 (seed 3);
- `model click-eval` on HELD held-out phantom CTs (seed 99): NoC@85, NoC@90
  and Dice after 1, 3 and 5 clicks (20 clicks at most), against scripted
  brush strokes (5 mm brush), and the latency of every click;
- `click-segment`'s own elapsed_ms on a 512 x 512 slice (the network's size
  is the crop's; the slice's size does not change the work), median of 20.

Usage: benchmarks/click_benchmark.py BUILD_DIR [TRAIN HELD EPOCHS]
(README: benchmarks/click_benchmark.py build 40 8 24)."""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import nibabel
import numpy as np
from scipy import ndimage

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
TRAIN, HELD, EPOCHS = (int(v) for v in (sys.argv[2:5] if len(sys.argv) >= 5 else (40, 8, 24)))
CLI = os.path.join(BUILD, "app", "radlens-cli")


def cli(*args):
    r = subprocess.run([CLI, *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"radlens-cli {' '.join(args)}: {r.stderr}")
    return r.stdout


def main():
    with tempfile.TemporaryDirectory() as tmp:
        train, held, big = (os.path.join(tmp, n) for n in ("train", "held", "big"))
        cli("synth", "--kind", "ct", "--cases", str(TRAIN), "--size", "256", "--slices", "32",
            "--seed", "3", "-o", train)
        cli("synth", "--kind", "ct", "--cases", str(HELD), "--size", "256", "--slices", "32",
            "--seed", "99", "-o", held)
        cli("synth", "--kind", "ct", "--cases", "1", "--size", "512", "--slices", "8",
            "--seed", "7", "-o", big)
        model = os.path.join(tmp, "model")
        config = {"task": "interactive", "arch": "unet-resnet34", "base": None, "data": [train],
                  "classes": ["nodule", "mass", "consolidation"], "epochs": EPOCHS,
                  "batch_size": 8, "image_size": 96, "val_fraction": 0.15, "seed": 1,
                  "device": "cpu", "lr_step_epochs": 8, "output": model}
        with open(os.path.join(tmp, "run.json"), "w") as f:
            json.dump(config, f)
        start = time.time()
        done = json.loads(cli("train", "--config", os.path.join(tmp, "run.json"))
                          .strip().splitlines()[-1])
        print(f"trained in {time.time() - start:.0f} s; best epoch {done['best_epoch']}, "
              f"validation IoU after 3 clicks {done['metrics']['iou']:.3f}")
        r = json.loads(cli("model", "click-eval", model, "--data", held, "--max-clicks", "20",
                           "--json"))
        print(f"held-out objects: {r['objects']} (SYNTHETIC phantom CT)")
        print(f"{'':8} {'NoC@85':>7} {'NoC@90':>7} {'fail85':>7} {'fail90':>7} "
              f"{'Dice@1':>7} {'Dice@3':>7} {'Dice@5':>7}")
        for what in ("clicks", "brush"):
            s = r[what]
            print(f"{what:8} {s['noc85']:7.2f} {s['noc90']:7.2f} {s['failures85']:7d} "
                  f"{s['failures90']:7d} {s['dice_at']['1']:7.3f} {s['dice_at']['3']:7.3f} "
                  f"{s['dice_at']['5']:7.3f}")
        lat = r["latency_ms"]
        print(f"click latency (click-eval, {lat['clicks']} clicks on 256 x 256 slices): "
              f"median {lat['median']:.1f} ms, p95 {lat['p95']:.1f} ms, max {lat['max']:.1f} ms")

        # click-segment on a 512 x 512 slice: its largest object's deepest pixel.
        case = os.path.join(big, "case_0001")
        truth = np.asarray(nibabel.load(os.path.join(case, "mask.nii.gz")).dataobj)
        z = int(np.argmax((truth > 0).sum(axis=(0, 1))))
        depth = ndimage.distance_transform_edt(np.pad(truth[:, :, z] > 0, 1))[1:-1, 1:-1]
        x, y = np.unravel_index(np.argmax(depth), depth.shape)
        info = json.loads(cli("info", os.path.join(case, "dicom"), "--json", "--no-db"))
        uid = info["studies"][0]["series"][0]["series_uid"]
        times = []
        for _ in range(20):
            out = json.loads(cli("click-segment", os.path.join(case, "dicom"), "--series", uid,
                                 "--model", model, "--slice", str(z), "--point", f"{x},{y}",
                                 "-o", os.path.join(tmp, "one.nii.gz"), "--json", "--no-db"))
            times.append(out["elapsed_ms"])
        print(f"click-segment on a 512 x 512 slice: median {statistics.median(times):.1f} ms, "
              f"max {max(times):.1f} ms (20 runs, {out['device']})")


if __name__ == "__main__":
    main()
