#!/usr/bin/env python3
"""Test fixture: an interactive segmenter (task "interactive") trained by
radlens-cli on GENERATED data (radlens-cli synth phantom CT, seed 3), plus a
held-out phantom set (seed 99). Written to $RADLENS_INTERACTIVE_DIR:
  train/    the training phantom      held/    the held-out phantom
  model/    the bundle                train.log  the train event stream
  cxr/, cxr-held/, cxr-model/, cxr-train.log: the same for phantom radiographs
  (DX; Mass, Nodule and Effusion outlines)
The Qt annotation test and tests/ai/test_interactive.py use it (a CTest
fixture, so it is trained once per test run)."""
import json
import os
import shutil
import subprocess
import sys

CLI = os.environ["RADLENS_CLI"]
OUT = os.environ["RADLENS_INTERACTIVE_DIR"]


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    for name, seed, cases in (("train", 3, 24), ("held", 99, 4)):
        subprocess.run([CLI, "synth", "--kind", "ct", "--cases", str(cases), "--size", "128",
                        "--slices", "24", "--seed", str(seed), "-o", os.path.join(OUT, name)],
                       check=True, stdout=subprocess.DEVNULL)
    for name, seed, cases in (("cxr", 3, 40), ("cxr-held", 99, 6)):
        subprocess.run([CLI, "synth", "--kind", "cxr", "--cases", str(cases), "--size", "128",
                        "--seed", str(seed), "-o", os.path.join(OUT, name)],
                       check=True, stdout=subprocess.DEVNULL)
    train({"task": "interactive", "arch": "unet-resnet34", "base": None,
           "data": [os.path.join(OUT, "train")],
           "classes": ["nodule", "mass", "consolidation"], "epochs": 10, "batch_size": 8,
           "image_size": 64, "val_fraction": 0.2, "seed": 1, "device": "cpu",
           "lr_step_epochs": 6, "name": "phantom-clicks",
           "output": os.path.join(OUT, "model")}, "train")
    train({"task": "interactive", "arch": "unet-resnet34", "base": None,
           "data": [os.path.join(OUT, "cxr")], "classes": ["Mass", "Nodule", "Effusion"],
           "epochs": 6, "batch_size": 8, "image_size": 64, "val_fraction": 0.2, "seed": 1,
           "device": "cpu", "name": "phantom-cxr-clicks",
           "output": os.path.join(OUT, "cxr-model")}, "cxr-train")
    print("interactive fixture ready in", OUT)


def train(config, name):
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as f:
        json.dump(config, f)
    with open(os.path.join(OUT, name + ".log"), "w") as log:
        r = subprocess.run([CLI, "train", "--config", path], stdout=log, stderr=subprocess.PIPE,
                           text=True)
    if r.returncode != 0:
        sys.exit(f"training the interactive fixture ({name}) failed: " + r.stderr)


if __name__ == "__main__":
    main()
