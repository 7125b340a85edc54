"""Training (issue 7) end to end, on SYNTHETIC data made by `radlens-cli synth`:

- synth: CT series and DX radiographs that pydicom reads, marked synthetic in
  every header and in dataset.json; masks (nibabel) on the image grid;
  ChestX-ray14-style labels.csv; the same seed gives the same pixels; an
  existing folder is refused.
- train-step parity with PyTorch: the same resnet18 weights, one fixed batch,
  5 Adam (amsgrad) steps of BCE: losses equal within 1e-4.
- train: JSON-lines stream as in docs/cli.md, a bundle whose model.json
  records parent, data digest, split (no patient on both sides), metrics and
  the synthetic note, and which `radlens-cli analyze` runs.
- resume: a run killed (SIGKILL) after its first epoch and resumed with
  --resume ends with exactly the weights of a run that never stopped.
- distributed: two ranks over loopback equal one process on the same global
  batches (losses within 1e-4) and hold identical weights.
- streaming: a classifier streamed from its files, held in memory, and
  streamed through the on-disk image cache (a second run reading it) ends
  with the same weights and the same data digest.
- learning: a short classification run on the phantom is far above chance
  (the full quality numbers are in README, Training).
"""
import json
import os
import signal
import subprocess
import tempfile
import unittest

import nibabel as nib
import numpy as np
import pydicom
import torch
import torchvision

CLI = os.environ["RADLENS_CLI"]


def cli(*args, check=True, timeout=900):
    r = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise AssertionError(f"radlens-cli {' '.join(args)}: exit {r.returncode}: {r.stderr}")
    return r


def events(stdout):
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def read(path):
    with open(path) as f:
        return f.read()


def load_json(path):
    with open(path) as f:
        return json.load(f)


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def load_weights(bundle):
    from torch.serialization import load
    return load(os.path.join(bundle, "weights.pt"))


class Synth(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def test_ct_series_masks_and_markers(self):
        out = os.path.join(self.tmp, "ct")
        cli("synth", "--kind", "ct", "--cases", "3", "--size", "64", "--slices", "12",
            "--seed", "5", "-o", out)
        doc = load_json(os.path.join(out, "dataset.json"))
        self.assertTrue(doc["synthetic"])
        self.assertIn("SYNTHETIC", read(os.path.join(out, "README.txt")))
        self.assertEqual(len(doc["cases"]), 3)
        self.assertEqual(doc["mask_labels"], {"1": "nodule", "2": "mass", "3": "consolidation"})
        for case in doc["cases"]:
            folder = os.path.join(out, case["image"])
            files = sorted(os.listdir(folder))
            self.assertEqual(len(files), 12)
            ds = [pydicom.dcmread(os.path.join(folder, f)) for f in files]
            self.assertTrue(all("SYNTHETIC" in d.ImageComments for d in ds))
            self.assertTrue(all(d.Modality == "CT" for d in ds))
            self.assertEqual(len({d.SeriesInstanceUID for d in ds}), 1)
            hu = np.stack([d.pixel_array * float(d.RescaleSlope) + float(d.RescaleIntercept)
                           for d in ds])
            self.assertLess(hu.min(), -900)   # air
            self.assertGreater(hu.max(), 250)  # bone
            mask = np.asarray(nib.load(os.path.join(out, case["mask"])).dataobj)
            self.assertEqual(mask.shape[:3], (64, 64, 12))
            present = {doc["mask_labels"][str(v)] for v in np.unique(mask) if v}
            self.assertEqual(present, set(case["labels"]))
            # Lesion voxels are denser than the lung around them.
            if present:
                lesion = hu.transpose(2, 1, 0)[mask > 0]
                self.assertGreater(lesion.mean(), -600)

    def test_cxr_labels_and_determinism(self):
        a, b = os.path.join(self.tmp, "a"), os.path.join(self.tmp, "b")
        for out in (a, b):
            cli("synth", "--kind", "cxr", "--cases", "6", "--size", "96", "--seed", "9", "-o", out)
        rows = read(os.path.join(a, "labels.csv")).splitlines()
        self.assertEqual(rows[0], "Image Index,Finding Labels,Patient ID")
        self.assertEqual(len(rows), 7)
        doc = load_json(os.path.join(a, "dataset.json"))
        for row, case in zip(rows[1:], doc["cases"]):
            name, labels, patient = row.split(",")
            expected = "|".join(case["labels"]) or "No Finding"
            self.assertEqual(labels, expected)
            da = pydicom.dcmread(os.path.join(a, "images", name))
            db = pydicom.dcmread(os.path.join(b, "images", name))
            self.assertEqual(da.Modality, "DX")
            self.assertIn("SYNTHETIC", da.ImageComments)
            self.assertEqual(da.SOPInstanceUID, db.SOPInstanceUID)
            np.testing.assert_array_equal(da.pixel_array, db.pixel_array)

    def test_refuses_existing_folder_and_bad_usage(self):
        out = os.path.join(self.tmp, "full")
        os.makedirs(out)
        write(os.path.join(out, "keep.txt"), "mine")
        r = cli("synth", "--kind", "ct", "--cases", "1", "-o", out, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("not an empty folder", r.stderr)
        self.assertEqual(read(os.path.join(out, "keep.txt")), "mine")
        self.assertEqual(cli("synth", "--kind", "mri", "--cases", "1", "-o", out,
                             check=False).returncode, 2)
        self.assertEqual(cli("synth", "--kind", "ct", "--cases", "x", "-o", out,
                             check=False).returncode, 2)


class TrainStepParity(unittest.TestCase):
    """Five Adam steps on one batch: PyTorch (Python) against radlens-cli."""

    def test_resnet18_five_adam_steps(self):
        with tempfile.TemporaryDirectory() as tmp:
            torch.manual_seed(0)
            net = torchvision.models.resnet18(num_classes=4)
            weights = os.path.join(tmp, "init.pth")
            torch.save(net.state_dict(), weights)
            x = torch.randn(6, 3, 64, 64)
            y = (torch.rand(6, 4) > 0.5).float()
            torch.save(x, os.path.join(tmp, "x.pt"))
            torch.save(y, os.path.join(tmp, "y.pt"))
            bundle = os.path.join(tmp, "b")
            cli("model", "import", "--arch", "resnet18", "--weights", weights,
                "--classes", "a,b,c,d", "-o", bundle)
            r = cli("model", "train-steps", bundle, "--input", os.path.join(tmp, "x.pt"),
                    "--target", os.path.join(tmp, "y.pt"), "--steps", "5", "--json")
            ours = json.loads(r.stdout)["losses"]

            net.train()
            opt = torch.optim.Adam(net.parameters(), lr=1e-3, amsgrad=True)
            theirs = []
            for _ in range(5):
                loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x), y)
                opt.zero_grad()
                loss.backward()
                opt.step()
                theirs.append(loss.item())
            print("radlens:", ours, "\npytorch:", theirs)
            self.assertEqual(len(ours), 5)
            for a, b in zip(ours, theirs):
                self.assertAlmostEqual(a, b, delta=1e-4)
            self.assertLess(ours[-1], ours[0])


class Train(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory()
        cls.tmp = cls._tmp.name
        cls.ct = os.path.join(cls.tmp, "ct")
        cli("synth", "--kind", "ct", "--cases", "10", "--size", "96", "--slices", "16",
            "--seed", "3", "-o", cls.ct)

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def config(self, name, **extra):
        c = {"task": "segment", "arch": "unet-efficientnet_b0", "base": None,
             "data": [self.ct], "classes": ["lesion"], "epochs": 3, "batch_size": 8,
             "image_size": 64, "val_fraction": 0.2, "seed": 4, "device": "cpu",
             "output": os.path.join(self.tmp, name)}
        c.update(extra)
        path = os.path.join(self.tmp, name + ".json")
        write(path, json.dumps(c))
        return path

    def test_stream_bundle_and_provenance(self):
        r = cli("train", "--config", self.config("run1", epochs=2))
        ev = events(r.stdout)
        kinds = [e["event"] for e in ev]
        self.assertEqual(kinds[0], "info")
        self.assertEqual(kinds[-1], "done")
        self.assertEqual(kinds.count("epoch"), 2)
        self.assertGreater(kinds.count("step"), 2)
        for e in ev:
            if e["event"] == "step":
                for k in ("epoch", "step", "loss", "lr", "eta_s"):
                    self.assertIn(k, e)
            if e["event"] == "epoch":
                for k in ("iou", "dice", "f1", "accuracy"):
                    self.assertIn(k, e["metrics"])
        m = load_json(os.path.join(self.tmp, "run1", "model.json"))
        p = m["provenance"]
        self.assertEqual(p["data_digest"], ev[0]["data_digest"])
        self.assertEqual(len(p["data_digest"]), 64)
        self.assertIsNone(p["parent"])
        self.assertTrue(p["synthetic_data"])
        self.assertIn("not for clinical use", p["note"])
        self.assertFalse(set(p["split"]["train_patients"]) & set(p["split"]["validation_patients"]))
        self.assertTrue(p["split"]["validation_patients"])
        self.assertIn("iou", p["metrics"])
        self.assertEqual(p["hyperparameters"]["loss"], "dice+bce")
        self.assertEqual(m["input"]["size"], [64, 64])
        self.assertEqual(m["preprocessing"]["window"], [-1500.0, 500.0])
        # The bundle runs in analyze on a synthetic series.
        series = os.path.join(self.ct, "case_0001", "dicom")
        a = cli("analyze", series, "--model", os.path.join(self.tmp, "run1"), "--json",
                "--no-db", "--device", "cpu")
        self.assertIn("segmentation", json.loads(a.stdout)["series"][0])
        # A second run refuses to overwrite the bundle.
        again = cli("train", "--config", self.config("run1", epochs=2), check=False)
        self.assertEqual(again.returncode, 1)
        self.assertIn("exists", again.stderr)
        # Fine-tune from that bundle: the parent is recorded, the version grows.
        cli("train", "--config", self.config("run1b", epochs=1, base=os.path.join(self.tmp, "run1"),
                                             freeze_epochs=1))
        child = load_json(os.path.join(self.tmp, "run1b", "model.json"))
        self.assertEqual(child["provenance"]["parent"]["sha256"], m["weights"]["sha256"])
        self.assertEqual(child["version"], "2")
        self.assertTrue(child["provenance"]["history"][0]["frozen_backbone"])

    def test_resume_after_kill_gives_the_same_weights(self):
        full = self.config("full", epochs=3)
        cli("train", "--config", full)
        part = self.config("part", epochs=3)
        proc = subprocess.Popen([CLI, "train", "--config", part], stdout=subprocess.PIPE,
                                text=True)
        killed = False
        for line in proc.stdout:
            if json.loads(line)["event"] == "epoch":
                proc.send_signal(signal.SIGKILL)
                killed = True
                break
        proc.wait(timeout=300)
        self.assertTrue(killed)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "part")))
        # Without --resume the checkpoint is not silently replaced.
        r = cli("train", "--config", part, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("--resume", r.stderr)
        r = cli("train", "--config", part, "--resume")
        ev = events(r.stdout)
        self.assertTrue(any(e["event"] == "info" and "resumed" in e.get("message", "")
                            for e in ev))
        self.assertEqual([e["epoch"] for e in ev if e["event"] == "epoch"], [2, 3])
        a = load_weights(os.path.join(self.tmp, "full"))
        b = load_weights(os.path.join(self.tmp, "part"))
        self.assertEqual(list(a.keys()), list(b.keys()))
        worst = max((a[k].float() - b[k].float()).abs().max().item() for k in a)
        print("largest weight difference after resume:", worst)
        self.assertEqual(worst, 0.0)

    def test_bad_configs_fail_clearly(self):
        bad = os.path.join(self.tmp, "bad.json")
        write(bad, "{not json")
        r = cli("train", "--config", bad, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("not valid JSON", r.stderr)
        r = cli("train", "--config", self.config("x", arch="resnet18"), check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("classifier", r.stderr)
        r = cli("train", "--config", self.config("y", epochz=3), check=False)
        self.assertIn("unknown key", r.stderr)
        r = cli("train", "--config", self.config("z", classes=["tumour", "cyst"]), check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("not among the mask labels", r.stderr)
        self.assertEqual(json.loads(r.stdout.splitlines()[-1])["event"], "error")


def write_png(path, pixels):
    """A grey 8-bit PNG from a 2D numpy array, with zlib only."""
    import struct
    import zlib
    import numpy as np
    h, w = pixels.shape
    raw = b"".join(b"\x00" + bytes(row) for row in pixels.astype(np.uint8))
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


class Coco(unittest.TestCase):
    """COCO JSON (the reference work's format) as training data: PNG images
    with polygon lesions (GENERATED here: noise plus a bright square) train a
    segmenter and a classifier; the masks are the polygons at pixel centres."""

    def test_segmenter_and_classifier_train_on_coco(self):
        import numpy as np
        with tempfile.TemporaryDirectory() as tmp:
            os.makedirs(os.path.join(tmp, "images"))
            rng = np.random.default_rng(5)
            coco = {"images": [], "annotations": [],
                    "categories": [{"id": 7, "name": "lesion"}, {"id": 9, "name": "other"}]}
            for i in range(12):
                img = rng.integers(20, 60, (64, 64))
                name = f"im{i:02d}.png"
                coco["images"].append({"id": i, "file_name": name, "height": 64, "width": 64})
                if i % 3:
                    x, y = 10 + 3 * i, 12 + 2 * i
                    img[y:y + 12, x:x + 12] = 220  # pixels [x, x+12) x [y, y+12)
                    coco["annotations"].append(
                        {"id": 100 + i, "image_id": i, "category_id": 7,
                         "segmentation": [[x, y, x + 12, y, x + 12, y + 12, x, y + 12]]})
                write_png(os.path.join(tmp, "images", name), img)
            write(os.path.join(tmp, "train.json"), json.dumps(coco))
            for task, arch, classes in (("segment", "unet-efficientnet_b0", ["lesion"]),
                                        ("classify", "resnet18", ["lesion"])):
                with self.subTest(task=task):
                    out = os.path.join(tmp, task)
                    config = os.path.join(tmp, task + ".json")
                    write(config, json.dumps({
                        "task": task, "arch": arch, "base": None,
                        "data": [os.path.join(tmp, "train.json")], "classes": classes,
                        "epochs": 2, "batch_size": 4, "image_size": 64, "val_fraction": 0.25,
                        "seed": 2, "device": "cpu", "output": out}))
                    r = cli("train", "--config", config)
                    ev = events(r.stdout)
                    info = [e for e in ev if e.get("event") == "info" and "samples" in e]
                    self.assertEqual(info[0]["samples"], 12)
                    self.assertEqual(ev[-1]["event"], "done")
                    self.assertTrue(os.path.exists(os.path.join(out, "model.json")))
            # Unknown category in an annotation: a clear error.
            coco["annotations"].append({"id": 1, "image_id": 0, "category_id": 99,
                                        "segmentation": [[0, 0, 4, 0, 4, 4]]})
            write(os.path.join(tmp, "bad.json"), json.dumps(coco))
            config = os.path.join(tmp, "bad-run.json")
            write(config, json.dumps({"task": "segment", "arch": "unet-efficientnet_b0",
                                      "base": None, "data": [os.path.join(tmp, "bad.json")],
                                      "classes": ["lesion"], "epochs": 1, "batch_size": 4,
                                      "image_size": 64, "val_fraction": 0.25, "seed": 2,
                                      "device": "cpu", "output": os.path.join(tmp, "bad")}))
            r = cli("train", "--config", config, check=False)
            self.assertEqual(r.returncode, 1)
            self.assertIn("unknown image or category", r.stderr + r.stdout)


class Distributed(unittest.TestCase):
    """Two processes on loopback (ProcessGroupGloo) against one process on the
    same global batches: identical weights on both ranks, and the same
    losses (batch norms frozen, so statistics do not depend on the shard)."""

    def test_two_ranks_match_one_process(self):
        with tempfile.TemporaryDirectory() as tmp:
            cxr = os.path.join(tmp, "cxr")
            cli("synth", "--kind", "cxr", "--cases", "32", "--size", "64", "--seed", "2", "-o", cxr)

            def config(name):
                path = os.path.join(tmp, name + ".json")
                write(path, json.dumps({
                    "task": "classify", "arch": "resnet18", "data": [cxr],
                    "classes": ["Cardiomegaly", "Effusion"], "epochs": 2, "batch_size": 8,
                    "image_size": 64, "val_fraction": 0.0, "seed": 3, "device": "cpu",
                    "output": os.path.join(tmp, name), "freeze_batchnorm": True}))
                return path

            single = events(cli("train", "--config", config("single")).stdout)
            dist = config("dist")
            import socket
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            master = f"127.0.0.1:{port}"
            env = dict(os.environ, OMP_NUM_THREADS="1")
            ranks = [subprocess.Popen([CLI, "train", "--config", dist, "--rank", str(r),
                                       "--world-size", "2", "--master", master],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                      env=env) for r in (0, 1)]
            outs = [p.communicate(timeout=600) for p in ranks]
            for p, (out, err) in zip(ranks, outs):
                self.assertEqual(p.returncode, 0, err)
            r0 = events(outs[0][0])
            self.assertTrue(any(e.get("world_size") == 2 for e in r0))
            a = [e["loss"] for e in single if e["event"] == "step"]
            b = [e["loss"] for e in r0 if e["event"] == "step"]
            self.assertEqual(len(a), 8)  # 32 samples, batch 8, 2 epochs
            self.assertEqual(len(a), len(b))
            print("single:", [round(x, 6) for x in a], "\ntwo ranks:", [round(x, 6) for x in b])
            for x, y in zip(a, b):
                self.assertAlmostEqual(x, y, delta=1e-4)
            w0 = load_weights(os.path.join(tmp, "dist"))
            w1 = load_weights(os.path.join(tmp, "dist.rank1"))
            ws = load_weights(os.path.join(tmp, "single"))
            self.assertEqual(max((w0[k] - w1[k]).abs().max().item() for k in w0), 0.0)
            worst = max((w0[k].float() - ws[k].float()).abs().max().item() for k in w0)
            print("largest weight difference, two ranks vs one process:", worst)
            self.assertLess(worst, 1e-3)


class Streaming(unittest.TestCase):
    def test_streamed_held_and_cached_runs_learn_the_same_weights(self):
        """SYNTHETIC radiographs (DICOM files): `stream` true (the default)
        decodes images on the loader threads as batches need them; false holds
        them; image_cache keeps the decoded images on disk, and a later run
        reads them from there. All learn the same weights."""
        for name in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT"):
            os.environ.pop(name, None)  # the runs below choose their own
        with tempfile.TemporaryDirectory() as tmp:
            cxr = os.path.join(tmp, "cxr")
            cli("synth", "--kind", "cxr", "--cases", "12", "--size", "96", "--seed", "4",
                "-o", cxr)
            cache = os.path.join(tmp, "cache")
            runs = {"streamed": {}, "held": {"stream": False},
                    "cached": {"image_cache": cache}, "cached_again": {"image_cache": cache},
                    "three_threads": {"loader_threads": 3}}
            digests, weights, cached_files = {}, {}, {}
            for name, extra in runs.items():
                cfg = {"task": "classify", "arch": "resnet18", "data": [cxr],
                       "classes": ["Cardiomegaly", "Effusion"], "epochs": 2, "batch_size": 4,
                       "image_size": 32, "val_fraction": 0.25, "seed": 1, "device": "cpu",
                       "output": os.path.join(tmp, name)}
                cfg.update(extra)
                path = os.path.join(tmp, name + ".json")
                write(path, json.dumps(cfg))
                ev = events(cli("train", "--config", path).stdout)
                self.assertEqual(ev[-1]["event"], "done")
                digests[name] = ev[0]["data_digest"]
                # Streamed runs restart themselves with passive OpenMP waits
                # after a short spin.
                self.assertEqual(ev[0]["openmp_wait_policy"],
                                 "default" if name == "held" else "PASSIVE", name)
                self.assertEqual(ev[0]["openmp_spin_count"],
                                 "default" if name == "held" else "10000", name)
                weights[name] = load_weights(os.path.join(tmp, name))
                cached_files[name] = sorted(
                    os.path.join(d, f) for d, _, files in os.walk(cache) for f in files
                ) if os.path.isdir(cache) else []
            self.assertEqual(len(set(digests.values())), 1, digests)
            # A policy or a spin count the user chose is kept.
            del cfg["loader_threads"]
            for k, (var, value) in enumerate((("OMP_WAIT_POLICY", "ACTIVE"),
                                              ("GOMP_SPINCOUNT", "500"))):
                cfg.update({"output": os.path.join(tmp, "user-policy-%d" % k), "epochs": 1})
                write(path, json.dumps(cfg))
                env = dict(os.environ, **{var: value})
                r = subprocess.run([CLI, "train", "--config", path], capture_output=True,
                                   text=True, env=env, timeout=900)
                self.assertEqual(r.returncode, 0, r.stderr)
                first = events(r.stdout)[0]
                self.assertEqual(first["openmp_wait_policy"],
                                 "ACTIVE" if var == "OMP_WAIT_POLICY" else "default")
                self.assertEqual(first["openmp_spin_count"],
                                 "500" if var == "GOMP_SPINCOUNT" else "default")
            # 12 images of 96 px kept at 64 px (twice the side): one entry each.
            npy = [f for f in cached_files["cached"] if f.endswith(".npy")]
            self.assertEqual(len(npy), 12)
            self.assertEqual(np.load(npy[0]).shape, (1, 64, 64))
            self.assertEqual(cached_files["cached"], cached_files["cached_again"])
            for name in runs:
                worst = max((weights[name][k].float() - weights["streamed"][k].float())
                            .abs().max().item() for k in weights[name])
                self.assertEqual(worst, 0.0, name)


class Photometry(unittest.TestCase):
    def test_monochrome1_copy_trains_on_the_same_pixels(self):
        """SYNTHETIC radiographs and a copy stored as MONOCHROME1 (v -> max - v):
        the network sees the same pixels and learns the same weights (the data
        digests differ: they are made from the files, which differ)."""
        import shutil
        with tempfile.TemporaryDirectory() as tmp:
            cxr = os.path.join(tmp, "cxr")
            cli("synth", "--kind", "cxr", "--cases", "8", "--size", "64", "--seed", "2",
                "-o", cxr)
            mono1 = os.path.join(tmp, "mono1")
            shutil.copytree(cxr, mono1)
            inverted = 0
            for d, _, files in os.walk(mono1):
                for f in files:
                    if not f.endswith(".dcm"):
                        continue
                    ds = pydicom.dcmread(os.path.join(d, f))
                    arr = ds.pixel_array
                    top = 2 ** int(ds.BitsStored) - 1
                    ds.PixelData = (top - arr.astype(np.int64)).astype(arr.dtype).tobytes()
                    ds.PhotometricInterpretation = "MONOCHROME1"
                    ds.save_as(os.path.join(d, f))
                    inverted += 1
            self.assertEqual(inverted, 8)
            digests, weights = [], []
            for name, data in (("a", cxr), ("b", mono1)):
                cfg = {"task": "classify", "arch": "resnet18", "data": [data],
                       "classes": ["Cardiomegaly", "Effusion"], "epochs": 1, "batch_size": 4,
                       "image_size": 32, "val_fraction": 0.25, "seed": 1, "device": "cpu",
                       "output": os.path.join(tmp, name)}
                path = os.path.join(tmp, name + ".json")
                write(path, json.dumps(cfg))
                ev = events(cli("train", "--config", path).stdout)
                digests.append(ev[0]["data_digest"])
                weights.append(load_weights(os.path.join(tmp, name)))
            self.assertNotEqual(digests[0], digests[1])
            worst = max((weights[0][k].float() - weights[1][k].float()).abs().max().item()
                        for k in weights[0])
            self.assertLess(worst, 1e-5)


class Learns(unittest.TestCase):
    def test_classifier_learns_the_phantom_findings(self):
        """A short run far above chance (mean AUROC 0.5); the full numbers are
        in README (Training) with the runs that measured them."""
        with tempfile.TemporaryDirectory() as tmp:
            cxr = os.path.join(tmp, "cxr")
            cli("synth", "--kind", "cxr", "--cases", "240", "--size", "128", "--seed", "11",
                "-o", cxr)
            cfg = {"task": "classify", "arch": "resnet18", "data": [cxr],
                   "classes": ["Atelectasis", "Cardiomegaly", "Effusion", "Infiltration", "Mass",
                               "Nodule", "Pneumonia", "Pneumothorax"],
                   "epochs": 8, "batch_size": 16, "image_size": 64, "val_fraction": 0.25,
                   "seed": 1, "device": "cpu", "output": os.path.join(tmp, "b"),
                   "augment": {"rotate_p": 0.0}, "best_metric": "auroc"}
            path = os.path.join(tmp, "c.json")
            write(path, json.dumps(cfg))
            r = cli("train", "--config", path)
            done = events(r.stdout)[-1]
            print("mean AUROC after 8 epochs at 64 px:", done["metrics"]["auroc"],
                  round(done["seconds"], 1), "s")
            self.assertGreater(done["metrics"]["auroc"], 0.75)


if __name__ == "__main__":
    unittest.main(verbosity=2)
