#!/usr/bin/env python3
"""Click to segment from the command line (docs/cli.md, "Click to segment"),
on the interactive fixture (tests/ai/interactive_fixture.py: a model trained on
GENERATED phantom CT, and a held-out phantom set): the train stream's click
metrics, the bundle, click-segment's answer against the phantom's own mask
(independent truth: the generator's label map, read with nibabel), refining
with --mask and a negative click, model click-eval's NoC and brush baseline,
and clear errors."""
import json
import os
import subprocess
import tempfile
import unittest

import nibabel
import numpy as np
from scipy import ndimage

CLI = os.environ["RADLENS_CLI"]
FIXTURE = os.environ["RADLENS_INTERACTIVE_DIR"]
MODEL = os.path.join(FIXTURE, "model")
HELD = os.path.join(FIXTURE, "held")


def cli(*args, check=True):
    r = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=600)
    if check and r.returncode != 0:
        raise AssertionError(f"{args}: exit {r.returncode}: {r.stderr}")
    return r


def series_uid(path):
    info = json.loads(cli("info", path, "--json", "--no-db").stdout)
    return info["studies"][0]["series"][0]["series_uid"]


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dice(a, b):
    s = a.sum() + b.sum()
    return 1.0 if s == 0 else 2.0 * np.logical_and(a, b).sum() / s


def biggest_object(case):
    """(slice, object mask (x, y), deepest pixel (x, y)) of the largest
    4-connected object on any axial slice of a held-out case's truth."""
    truth = np.asarray(nibabel.load(os.path.join(HELD, case, "mask.nii.gz")).dataobj)
    best = None
    for z in range(truth.shape[2]):
        lab, n = ndimage.label(truth[:, :, z] > 0)
        for k in range(1, n + 1):
            obj = lab == k
            if best is None or obj.sum() > best[1].sum():
                best = (z, obj)
    z, obj = best
    depth = ndimage.distance_transform_edt(np.pad(obj, 1))[1:-1, 1:-1]
    x, y = np.unravel_index(np.argmax(depth), depth.shape)
    return z, obj, (int(x), int(y))


class Interactive(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory()
        cls.tmp = cls._tmp.name

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def test_training_stream_and_bundle(self):
        with open(os.path.join(FIXTURE, "train.log")) as f:
            events = [json.loads(line) for line in f if line.strip()]
        epochs = [e for e in events if e["event"] == "epoch"]
        self.assertEqual(len(epochs), 10)
        for e in epochs:
            m = e["metrics"]
            for key in ("iou", "dice", "noc85", "noc90", "objects"):
                self.assertIn(key, m)
            self.assertEqual(set(m["dice_at"]), {"1", "3", "5"})
            self.assertGreater(m["objects"], 0)
        # It learned: the best epoch's IoU after three clicks.
        done = events[-1]
        self.assertEqual(done["event"], "done")
        self.assertGreater(done["metrics"]["iou"], 0.5, done["metrics"])
        with open(os.path.join(MODEL, "model.json")) as f:
            m = json.load(f)
        self.assertEqual(m["task"], "interactive")
        self.assertEqual(m["input"]["channels"], 4)
        self.assertEqual(len(m["classes"]), 1)
        self.assertTrue(m["provenance"]["synthetic_data"])
        info = json.loads(cli("model", "info", MODEL, "--json").stdout)
        self.assertEqual(info["task"], "interactive")

    def test_click_segment_finds_the_object(self):
        case = "case_0001"
        series = os.path.join(HELD, case, "dicom")
        uid = series_uid(series)
        z, obj, (x, y) = biggest_object(case)
        out = os.path.join(self.tmp, "one.nii.gz")
        r = cli("click-segment", series, "--series", uid, "--model", MODEL, "--slice", str(z),
                "--point", f"{x},{y}", "-o", out, "--json", "--no-db")
        doc = json.loads(r.stdout)
        self.assertGreater(doc["elapsed_ms"], 0)
        img = nibabel.load(out)
        truth = nibabel.load(os.path.join(HELD, case, "mask.nii.gz"))
        np.testing.assert_allclose(img.affine, truth.affine, atol=1e-4)
        mask = np.asarray(img.dataobj) > 0
        self.assertEqual(int(mask.sum()), doc["voxels"])
        # Only slice z, and the clicked object.
        self.assertEqual(int(mask[:, :, z].sum()), doc["voxels"])
        d = dice(mask[:, :, z], obj)
        self.assertGreater(d, 0.6, f"Dice {d:.3f} after one click on slice {z}")

        # Refining: the previous answer plus a negative click at its deepest
        # pixel shrinks it (the network decides by how much).
        depth = ndimage.distance_transform_edt(np.pad(mask[:, :, z], 1))[1:-1, 1:-1]
        nx, ny = np.unravel_index(np.argmax(depth), depth.shape)
        out2 = os.path.join(self.tmp, "two.nii.gz")
        r2 = json.loads(cli("click-segment", series, "--series", uid, "--model", MODEL,
                            "--slice", str(z), "--point", f"{x},{y}", "--point",
                            f"{nx},{ny},neg", "--mask", out, "-o", out2, "--json",
                            "--no-db").stdout)
        mask2 = np.asarray(nibabel.load(out2).dataobj) > 0
        self.assertLess(r2["voxels"], doc["voxels"])
        self.assertEqual(int(mask2.sum()), r2["voxels"])

        # A negative click alone describes no object.
        out3 = os.path.join(self.tmp, "three.nii.gz")
        r3 = json.loads(cli("click-segment", series, "--series", uid, "--model", MODEL,
                            "--slice", str(z), "--point", f"{x},{y},neg", "-o", out3,
                            "--json", "--no-db").stdout)
        self.assertEqual(r3["voxels"], 0)

    def test_click_segment_on_a_radiograph(self):
        # The largest Mass or Nodule of the held-out radiographs (mask values
        # 5 and 6: ChestX-ray8's order). Effusions, long and thin along the
        # lung base, are left out: the fixture's 6-epoch model reaches only
        # Dice 0.34-0.39 on one in three clicks.
        held = os.path.join(FIXTURE, "cxr-held")
        best = None
        for name in sorted(os.listdir(os.path.join(held, "masks"))):
            truth = np.asarray(nibabel.load(os.path.join(held, "masks", name)).dataobj)[:, :, 0]
            lab, n = ndimage.label(np.isin(truth, (5, 6)))
            for k in range(1, n + 1):
                if best is None or (lab == k).sum() > best[1].sum():
                    best = (name.split(".")[0], lab == k)
        case, obj = best
        depth = ndimage.distance_transform_edt(np.pad(obj, 1))[1:-1, 1:-1]
        x, y = np.unravel_index(np.argmax(depth), depth.shape)
        image = os.path.join(held, "images", case + ".dcm")
        out = os.path.join(self.tmp, "cxr.nii.gz")
        doc = json.loads(cli("click-segment", image, "--series", series_uid(image), "--model",
                             os.path.join(FIXTURE, "cxr-model"), "--slice", "0", "--point",
                             f"{x},{y}", "-o", out, "--json", "--no-db").stdout)
        mask = np.asarray(nibabel.load(out).dataobj)[:, :, 0] > 0
        self.assertEqual(mask.shape, obj.shape)
        self.assertTrue(mask[x, y])
        d = dice(mask, obj)
        self.assertGreater(d, 0.7, f"Dice {d:.3f} on {case}, {doc['voxels']} voxels")

    def test_clear_errors(self):
        series = os.path.join(HELD, "case_0001", "dicom")
        uid = series_uid(series)
        out = os.path.join(self.tmp, "bad.nii.gz")
        base = ["click-segment", series, "--series", uid, "--model", MODEL, "-o", out, "--no-db"]
        r = cli(*base, "--slice", "3", "--point", "5000,4", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("outside the slice", r.stderr)
        r = cli(*base, "--slice", "999", "--point", "4,4", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("slices", r.stderr)
        r = cli(*base, "--slice", "3", "--point", "4;4", check=False)
        self.assertEqual(r.returncode, 2)
        self.assertFalse(os.path.exists(out))
        # analyze refuses an interactive model with the reason.
        r = cli("analyze", series, "--model", MODEL, "--no-db", "--json", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("needs clicks", r.stderr)
        # So does the listening node (before it listens).
        r = subprocess.run([CLI, "listen", "--model", MODEL, "--port", str(free_port()), "-o",
                            os.path.join(self.tmp, "store"), "--db",
                            os.path.join(self.tmp, "listen.db")],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 1)
        self.assertIn("needs clicks", r.stderr)

    def test_click_eval_against_the_brush(self):
        r = cli("model", "click-eval", MODEL, "--data", HELD, "--max-clicks", "10", "--limit",
                "60", "--json")
        doc = json.loads(r.stdout)
        self.assertTrue(doc["synthetic_data"])
        self.assertGreater(doc["objects"], 5)
        for what in ("clicks", "brush"):
            s = doc[what]
            self.assertEqual(s["objects"], doc["objects"])
            for key in ("noc85", "noc90"):
                self.assertGreaterEqual(s[key], 1)
                self.assertLessEqual(s[key], 10)
            self.assertLessEqual(s["dice_at"]["1"], s["dice_at"]["5"] + 0.05)
        # Clicks beat the scripted brush on the first stroke and in clicks to 85 %.
        self.assertGreater(doc["clicks"]["dice_at"]["1"], doc["brush"]["dice_at"]["1"])
        self.assertLess(doc["clicks"]["noc85"], doc["brush"]["noc85"])
        self.assertGreater(doc["latency_ms"]["median"], 0)
        self.assertEqual(doc["latency_ms"]["clicks"] > 0, True)


if __name__ == "__main__":
    unittest.main()
