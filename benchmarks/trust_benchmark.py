#!/usr/bin/python3
"""Trust figures of README (issue 22), on SYNTHETIC data from `radlens-cli synth`:
- expected calibration error of a classifier's probabilities on held-out
  phantom radiographs, raw (sigmoid of the logit) and calibrated (the
  bundle's temperatures), 10 bins, every (case, class) pair;
- the out-of-distribution badge: its false-alarm rate on held-out phantom
  radiographs (the cut-off is set for 5 % on the validation split) and its
  detection rate on GENERATED foreign inputs (tests/ai/ood_inputs.py:
  flipped radiographs, noise, MR-like images);
- `model compare` of a 2-epoch and an 8-epoch version on the held-out cases.

Usage: benchmarks/trust_benchmark.py BUILD_DIR [TRAIN_CASES HELD_CASES PER_KIND]
(README: benchmarks/trust_benchmark.py build 400 200 30)."""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "ai"))
import ood_inputs  # noqa: E402

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
TRAIN, HELD, PER_KIND = (int(v) for v in (sys.argv[2:5] if len(sys.argv) >= 5 else (400, 200, 30)))
CLI = os.path.join(BUILD, "app", "radlens-cli")
CLASSES = ["Atelectasis", "Cardiomegaly", "Effusion", "Infiltration", "Mass", "Nodule",
           "Pneumonia", "Pneumothorax"]


def cli(*args):
    r = subprocess.run([CLI, *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"radlens-cli {' '.join(args)}: {r.stderr}")
    return r.stdout


def ece(p, y, bins=10):
    idx = np.clip((p * bins).astype(int), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.sum() * abs(p[m].mean() - y[m].mean())
    return total / len(p)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        train, held = os.path.join(tmp, "train"), os.path.join(tmp, "held")
        cli("synth", "--kind", "cxr", "--cases", str(TRAIN), "--size", "128", "--seed", "11",
            "-o", train)
        cli("synth", "--kind", "cxr", "--cases", str(HELD), "--size", "128", "--seed", "99",
            "-o", held)
        bundles = {}
        # 2 and 8 epochs (compared), and 8 without BCE's positive-class weights.
        for key, epochs, pos_weight in ((2, 2, "auto"), (8, 8, "auto"), ("none", 8, "none")):
            cfg = {"task": "classify", "arch": "resnet18", "data": [train], "classes": CLASSES,
                   "epochs": epochs, "batch_size": 16, "image_size": 64, "val_fraction": 0.25,
                   "seed": 1, "device": "cpu", "output": os.path.join(tmp, f"b{key}"),
                   "augment": {"rotate_p": 0.0}, "best_metric": "auroc", "pos_weight": pos_weight}
            path = os.path.join(tmp, f"c{key}.json")
            with open(path, "w") as f:
                json.dump(cfg, f)
            cli("train", "--config", path)
            bundles[key] = cfg["output"]
        model = bundles[8]
        info = json.loads(cli("model", "info", model, "--json"))
        temps = np.array(info["calibration"]["temperature"])
        with open(os.path.join(held, "dataset.json")) as f:
            cases = json.load(f)["cases"]
        import pydicom
        truth = {}
        for c in cases:
            uid = pydicom.dcmread(os.path.join(held, c["image"]),
                                  stop_before_pixels=True).SeriesInstanceUID
            truth[uid] = [int(k in c["labels"]) for k in CLASSES]
        def held_out(bundle):
            """Raw and calibrated probabilities on the held-out cases, and the truth."""
            series = json.loads(cli("analyze", held, "--model", bundle, "--json",
                                    "--no-db"))["series"]
            logits = np.array([[c["logit"] for c in s["classes"]] for s in series])
            calibrated = np.array([[c["probability"] for c in s["classes"]] for s in series])
            y = np.array([truth[s["series_uid"]] for s in series])
            return series, 1 / (1 + np.exp(-logits)), calibrated, y

        series, raw, calibrated, y = held_out(model)
        assert np.allclose(calibrated, 1 / (1 + np.exp(-np.log(raw / (1 - raw)) / temps)),
                           atol=1e-4)
        info_none = json.loads(cli("model", "info", bundles["none"], "--json"))
        _, raw_none, calibrated_none, y_none = held_out(bundles["none"])
        thresholds = np.array([c["threshold"] for c in info["classes"]])
        thresholds_none = np.array([c["threshold"] for c in info_none["classes"]])

        def sensitivity(p, t, truth_):
            return ((p >= t) & (truth_ == 1)).sum() / max(1, (truth_ == 1).sum())
        held_outside = np.mean([s["ood"]["outside"] for s in series])
        templates = [os.path.join(held, c["image"]) for c in cases]
        made = ood_inputs.make_all(templates, os.path.join(tmp, "ood"), PER_KIND)
        out = json.loads(cli("analyze", os.path.join(tmp, "ood"), "--model", model, "--json",
                             "--no-db"))["series"]
        detected = {}
        by_file = {}
        for kind, paths in made.items():
            for p in paths:
                by_file[pydicom.dcmread(p, stop_before_pixels=True).SeriesInstanceUID] = kind
        for kind in ood_inputs.KINDS:
            flags = [s["ood"]["outside"] for s in out if by_file[s["series_uid"]] == kind]
            detected[kind] = (sum(flags), len(flags))
        compare = json.loads(cli("model", "compare", bundles[2], bundles[8], "--data", held,
                                 "--json"))
        aurocs = [(c["auroc_a"], c["auroc_b"], c["ci95"]) for c in compare["classes"]
                  if c["auroc_a"] is not None]
        better = sum(1 for a, b, ci in aurocs if ci[0] > 0)

        print(f"classifier: resnet18, {TRAIN} SYNTHETIC radiographs (8 epochs, 64 px); "
              f"{HELD} held-out")
        print(f"ECE on the validation split: {info['calibration']['ece_before']:.4f} -> "
              f"{info['calibration']['ece_after']:.4f}")
        print(f"ECE on the held-out cases:   {ece(raw.ravel(), y.ravel()):.4f} -> "
              f"{ece(calibrated.ravel(), y.ravel()):.4f}; held-out sensitivity at the chosen "
              f"thresholds (best F1) {sensitivity(calibrated, thresholds, y):.3f}")
        print(f'without positive-class weights ("pos_weight": "none"): ECE validation '
              f"{info_none['calibration']['ece_before']:.4f} -> "
              f"{info_none['calibration']['ece_after']:.4f}, held-out "
              f"{ece(raw_none.ravel(), y_none.ravel()):.4f} -> "
              f"{ece(calibrated_none.ravel(), y_none.ravel()):.4f}; held-out sensitivity "
              f"{sensitivity(calibrated_none, thresholds_none, y_none):.3f}")
        print(f"OOD cut-off {series[0]['ood']['threshold']:.3f} (5 % of validation inputs); "
              f"held-out in-distribution flagged: {held_outside:.3f}")
        for kind, (k, n) in detected.items():
            print(f"OOD detected, {kind}: {k}/{n} = {k / n:.3f}")
        print(f"compare 2 vs 8 epochs on held-out: mean AUROC "
              f"{np.mean([a for a, _, _ in aurocs]):.3f} -> {np.mean([b for _, b, _ in aurocs]):.3f}; "
              f"{better} of {len(aurocs)} classes better with 95 % confidence (DeLong)")


if __name__ == "__main__":
    main()
