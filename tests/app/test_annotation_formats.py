"""Annotation files (issue 6), against independent tools:
- COCO polygons -> label map: `radlens-cli convert-mask` rasterises each of 40
  random polygons on pydicom's CT_small.dcm (128 x 128, real third-party data)
  and scikit-image's `draw.polygon` does the same; the same pixels for every
  one (Dice 1.0).
  The convention compared: COCO pixel (x, y) covers [x, x+1) x [y, y+1) and is
  inside when its centre is; scikit-image's pixel centres are whole numbers, so
  its coordinates are COCO's minus 0.5.
- COCO -> NIfTI -> COCO -> NIfTI is exact (nibabel), also for a 3D series
  (one COCO image per slice, the SYNTHETIC phantom's lesion mask).
- The annotation store from the command line: `annotation import` (NIfTI,
  COCO), `annotation list --json`, `annotation export-dataset`: images,
  masks (one label table by name), labels.csv (ChestX-ray14 style),
  dataset.json and README.md, read back with nibabel; and `radlens-cli train`
  runs on the exported folder and on the store itself (`"data": ["store"]`)."""
import csv
import json
import os
import random
import sys
import tempfile
import unittest

import nibabel
import numpy as np
import pydicom
from skimage.draw import polygon as sk_polygon

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "imaging"))
from radlens_testlib import PYDICOM_DATA, cli  # noqa: E402

CT_SMALL = os.path.join(PYDICOM_DATA, "CT_small.dcm")


def star(rng, cx, cy, r_min, r_max, n):
    """A random star-shaped polygon (no self-intersections) around (cx, cy)."""
    import math
    pts = []
    for k in range(n):
        a = 2 * math.pi * (k + rng.uniform(0, 0.8)) / n
        r = rng.uniform(r_min, r_max)
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def dice(a, b):
    return 2.0 * np.logical_and(a, b).sum() / max(a.sum() + b.sum(), 1)


def coco(polygons, width, height, file_name="image.png"):
    return {"images": [{"id": 1, "file_name": file_name, "width": width, "height": height}],
            "categories": [{"id": 1, "name": "Lesion"}],
            "annotations": [{"id": i + 1, "image_id": 1, "category_id": 1, "iscrowd": 0,
                             "segmentation": [[c for p in poly for c in p]]}
                            for i, poly in enumerate(polygons)]}


class Formats(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory()
        cls.tmp = cls._tmp.name
        cls.env = dict(os.environ, RADLENS_DATA_DIR=os.path.join(cls.tmp, "data"))

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def convert(self, src, dst, reference, *extra):
        cli("convert-mask", src, "--reference", reference, "-o", dst, "--no-db", *extra)

    def test_polygons_match_scikit_image(self):
        ds = pydicom.dcmread(CT_SMALL)
        h, w = int(ds.Rows), int(ds.Columns)
        rng = random.Random(12)
        dices = []
        for i in range(40):
            poly = star(rng, rng.uniform(30, 98), rng.uniform(30, 98), rng.uniform(3, 10),
                        rng.uniform(12, 28), rng.randint(3, 12))
            src = os.path.join(self.tmp, f"p{i}.json")
            with open(src, "w") as f:
                json.dump(coco([poly], w, h), f)
            out = os.path.join(self.tmp, f"p{i}.nii.gz")
            self.convert(src, out, CT_SMALL)
            ours = np.asarray(nibabel.load(out).dataobj)[:, :, 0].T > 0  # (y, x)
            xs = np.array([p[0] for p in poly]) - 0.5
            ys = np.array([p[1] for p in poly]) - 0.5
            ref = np.zeros((h, w), bool)
            rr, cc = sk_polygon(ys, xs, shape=(h, w))
            ref[rr, cc] = True
            d = dice(ours, ref)
            dices.append(d)
            # The same convention: the same pixels, every one.
            self.assertEqual(int((ours != ref).sum()), 0,
                             f"polygon {i}: Dice {d:.6f} ({ours.sum()} vs {ref.sum()} px)")
        print(f"Dice against scikit-image over {len(dices)} polygons: min {min(dices):.6f}, "
              f"mean {sum(dices) / len(dices):.6f}")

    def test_coco_round_trip_2d_is_exact(self):
        ds = pydicom.dcmread(CT_SMALL)
        rng = random.Random(5)
        polys = [star(rng, rng.uniform(25, 100), rng.uniform(25, 100), 4, 15, 8) for _ in range(5)]
        src = os.path.join(self.tmp, "rt.json")
        with open(src, "w") as f:
            json.dump(coco(polys, int(ds.Columns), int(ds.Rows)), f)
        a = os.path.join(self.tmp, "rt_a.nii.gz")
        back = os.path.join(self.tmp, "rt_b.json")
        b = os.path.join(self.tmp, "rt_b.nii.gz")
        self.convert(src, a, CT_SMALL)
        self.convert(a, back, CT_SMALL)
        self.convert(back, b, CT_SMALL)
        ma = np.asarray(nibabel.load(a).dataobj)
        mb = np.asarray(nibabel.load(b).dataobj)
        self.assertGreater(ma.sum(), 0)
        np.testing.assert_array_equal(ma, mb)
        with open(back) as f:
            doc = json.load(f)
        self.assertEqual([c["name"] for c in doc["categories"]], ["Label 1"])  # NIfTI keeps no names
        for ann in doc["annotations"]:
            self.assertEqual(ann["iscrowd"], 0)
            self.assertEqual(len(ann["bbox"]), 4)

    def test_coco_round_trip_3d_is_exact_and_store_exports_a_dataset(self):
        data = os.path.join(self.tmp, "phantom")
        cli("synth", "--kind", "ct", "--cases", "2", "--size", "64", "--slices", "16",
            "--seed", "33", "-o", data)
        dicom = os.path.join(data, "case_0001", "dicom")
        mask = os.path.join(data, "case_0001", "mask.nii.gz")
        as_coco = os.path.join(self.tmp, "ct.json")
        back = os.path.join(self.tmp, "ct_back.nii.gz")
        r = cli("convert-mask", mask, "--reference", dicom, "-o", as_coco, "--no-db")
        self.convert(as_coco, back, dicom)
        original = np.asarray(nibabel.load(mask).dataobj)
        again = np.asarray(nibabel.load(back).dataobj)
        self.assertGreater(original.sum(), 0)
        if "hole" not in r.stderr:
            np.testing.assert_array_equal(original, again)
        with open(as_coco) as f:
            doc = json.load(f)
        uid = pydicom.dcmread(os.path.join(dicom, sorted(os.listdir(dicom))[0])).SeriesInstanceUID
        self.assertTrue(all(im["file_name"].startswith(uid + "/") for im in doc["images"]))

        # The store: two versions by two annotators, one final.
        env = self.env
        cli("annotation", "import", mask, "--reference", dicom, "--annotator", "Dr A",
            "--status", "draft", "--mask-labels", "1=nodule,2=mass,3=consolidation", env=env)
        r = cli("annotation", "import", as_coco, "--reference", dicom, "--annotator", "Dr B",
                "--status", "final", "--labels", "Nodule|Mass",
                "--mask-labels", "1=nodule,2=mass,3=consolidation", env=env)
        self.assertEqual(json.loads(r.stdout)["version"], 1)
        cli("annotation", "import", os.path.join(data, "case_0002", "mask.nii.gz"), "--reference",
            os.path.join(data, "case_0002", "dicom"), "--annotator", "Dr B", "--status", "final",
            "--mask-labels", "1=nodule,2=mass,3=consolidation", env=env)
        listed = json.loads(cli("annotation", "list", "--json", env=env).stdout)["annotations"]
        self.assertEqual(sorted((a["annotator"], a["status"]) for a in listed),
                         [("Dr A", "draft"), ("Dr B", "final"), ("Dr B", "final")])
        bad = cli("annotation", "import", mask, "--reference", CT_SMALL, "--annotator", "X",
                  env=env, check=False)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("voxels", bad.stderr)

        out = os.path.join(self.tmp, "dataset")
        r = cli("annotation", "export-dataset", "-o", out, env=env)
        self.assertEqual(json.loads(r.stdout)["cases"], 2)
        with open(os.path.join(out, "dataset.json")) as f:
            ds = json.load(f)
        case = [c for c in ds["cases"] if c["series_uid"] == uid][0]
        self.assertEqual((case["annotator"], case["status"], case["labels"]), ("Dr B", "final", ["Nodule", "Mass"]))
        image = nibabel.load(os.path.join(out, case["image"]))
        exported = np.asarray(nibabel.load(os.path.join(out, case["mask"])).dataobj)
        self.assertEqual(image.shape, original.shape)
        np.testing.assert_allclose(image.affine, nibabel.load(mask).affine, atol=1e-3)
        # Same voxels per label name (values follow the dataset's own table).
        names = {int(v): n for v, n in ds["mask_labels"].items()}
        src_names = {1: "nodule", 2: "mass", 3: "consolidation"}
        for v, n in src_names.items():
            mine = [k for k, m in names.items() if m == n]
            if (original == v).any():
                self.assertEqual(len(mine), 1, n)
                np.testing.assert_array_equal(exported == mine[0], again == v)  # Dr B imported the COCO
        with open(os.path.join(out, "labels.csv")) as f:
            rows = {r["Image Index"]: r for r in csv.DictReader(f)}
        self.assertEqual(rows[uid + ".nii.gz"]["Finding Labels"], "Nodule|Mass")
        self.assertEqual(len(rows), 2)
        with open(os.path.join(out, "README.md")) as f:
            readme = f.read()
        self.assertIn("masks/<series uid>.nii.gz", readme)
        # De-identified: new series UIDs and patient pseudonyms everywhere, same pixels.
        anon = os.path.join(self.tmp, "dataset-anon")
        cli("annotation", "export-dataset", "-o", anon, "--deidentify", env=env)
        with open(os.path.join(anon, "dataset.json")) as f:
            ads = json.load(f)
        self.assertIn("PS3.15", ads["deidentification"]["method"])
        self.assertEqual(len(ads["cases"]), 2)
        originals = {c["series_uid"] for c in ds["cases"]} | {c["patient_id"] for c in ds["cases"]}
        for c in ads["cases"]:
            self.assertTrue(c["series_uid"].startswith("2.25."))
            self.assertTrue(c["patient_id"].startswith("ANON-"))
        for name in ("dataset.json", "labels.csv", "README.md"):
            with open(os.path.join(anon, name)) as f:
                text = f.read()
            for o in originals:
                self.assertNotIn(o, text, name)
        for sub in ("images", "masks"):
            for o in originals:
                self.assertFalse([n for n in os.listdir(os.path.join(anon, sub)) if o in n])
        anon_case = [c for c in ads["cases"] if c["annotator"] == "Dr B" and c["labels"]][0]
        np.testing.assert_array_equal(
            np.asarray(nibabel.load(os.path.join(anon, anon_case["image"])).dataobj),
            np.asarray(image.dataobj))
        # An exported folder must not be overwritten.
        again = cli("annotation", "export-dataset", "-o", out, env=env, check=False)
        self.assertEqual(again.returncode, 1)
        self.assertIn("not empty", again.stderr)

        # radlens-cli train reads it.
        run = {"task": "segment", "arch": "unet-efficientnet_b0", "base": None, "data": [out],
               "classes": ["nodule", "mass", "consolidation"], "epochs": 1, "batch_size": 4,
               "image_size": 64, "val_fraction": 0.5, "seed": 1, "device": "cpu",
               "output": os.path.join(self.tmp, "model"), "slices_per_volume": 4}
        cfg = os.path.join(self.tmp, "run.json")
        with open(cfg, "w") as f:
            json.dump(run, f)
        for data in ([out], ["store"]):  # the exported folder, and the store itself
            run["data"] = data
            run["output"] = os.path.join(self.tmp, "model-" + str(len(data[0])))
            with open(cfg, "w") as f:
                json.dump(run, f)
            r = cli("train", "--config", cfg, env=env, check=False)
            events = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
            self.assertEqual(r.returncode, 0, r.stderr + "\n".join(map(str, events[-3:])))
            self.assertTrue(any(e.get("event") == "done" for e in events), data)
            info = [e for e in events if e.get("event") == "info" and "samples" in e][0]
            self.assertGreater(info["samples"], 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
