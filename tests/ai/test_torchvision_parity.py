"""Radlens' LibTorch networks against torchvision (Debian python3-torchvision,
built on the same LibTorch 1.13): the same random weights, exported from Python
with torch.save(model.state_dict()) -- an OrderedDict with _metadata, as
torchvision publishes its weights -- imported with `radlens-cli model import`,
give the same logits (`model forward`) within 1e-4 in eval mode, and the U-Net
encoders give the same feature maps. Batch-norm running statistics are
randomised so that they matter."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import torch
import torchvision

CLI = os.environ["RADLENS_CLI"]
TOL = 1e-4


def cli(*args, check=True):
    r = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=600)
    if check and r.returncode != 0:
        raise AssertionError(f"radlens-cli {' '.join(args)}: exit {r.returncode}: {r.stderr}")
    return r


def random_model(arch, classes, seed=0):
    torch.manual_seed(seed)
    m = getattr(torchvision.models, arch)(num_classes=classes)
    with torch.no_grad():
        for name, b in m.named_buffers():
            if name.endswith("running_mean"):
                b.normal_(0, 0.1)
            elif name.endswith("running_var"):
                b.uniform_(0.5, 1.5)
    return m.eval()


class TorchvisionParity(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = self._tmp.name
        os.environ["RADLENS_DATA_DIR"] = os.path.join(self.tmp, "data")  # zip cache
        torch.set_num_threads(os.cpu_count() or 1)

    def tearDown(self):
        self._tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp, name)

    def import_bundle(self, model, arch, classes, channels=3):
        weights = self.path(f"{arch}.pth")
        torch.save(model.state_dict(), weights)
        bundle = self.path(f"bundle-{arch}-{channels}")
        r = cli("model", "import", "--arch", arch, "--weights", weights, "--classes",
                ",".join(f"c{i}" for i in range(classes)), "--channels", str(channels),
                "-o", bundle, "--json")
        return bundle, json.loads(r.stdout)

    def forward(self, bundle, x, features=False):
        torch.save(x, self.path("x.pt"))
        out = self.path("y.pt")
        cli("model", "forward", bundle, "--input", self.path("x.pt"), "-o", out,
            *(["--features"] if features else []))
        return torch.load(out)

    def check_classifier(self, arch, batch, size=224):
        model = random_model(arch, 7)
        bundle, report = self.import_bundle(model, arch, 7)
        self.assertEqual(report["loaded"], len(model.state_dict()), report)
        self.assertEqual(report["mismatched"], [])
        self.assertEqual(report["initialised"], [])
        torch.manual_seed(1)
        x = torch.randn(batch, 3, size, size)
        with torch.no_grad():
            ref = model(x)
        got = self.forward(bundle, x)
        self.assertEqual(tuple(got.shape), (batch, 7))
        diff = (got - ref).abs().max().item()
        print(f"{arch}: max |logit difference| = {diff:.3g}")
        self.assertLess(diff, TOL)

    def test_resnet18(self):
        self.check_classifier("resnet18", 2)

    def test_resnet50(self):
        self.check_classifier("resnet50", 2)

    def test_resnet101(self):
        self.check_classifier("resnet101", 1)

    def test_efficientnet_b0(self):
        self.check_classifier("efficientnet_b0", 2)

    def test_unet_resnet34_encoder_features(self):
        model = random_model("resnet34", 1000)
        bundle, report = self.import_bundle(model, "unet-resnet34", 3)
        self.assertEqual(sorted(report["unused"]), ["fc.bias", "fc.weight"])
        torch.manual_seed(2)
        x = torch.randn(1, 3, 128, 160)
        with torch.no_grad():
            s = model.relu(model.bn1(model.conv1(x)))
            refs = [s]
            y = model.maxpool(s)
            for layer in (model.layer1, model.layer2, model.layer3, model.layer4):
                y = layer(y)
                refs.append(y)
        got = self.forward(bundle, x, features=True)
        for i, ref in enumerate(refs):
            self.assertLess((got[str(i)] - ref).abs().max().item(), TOL, f"feature {i}")
        logits = self.forward(bundle, x)
        self.assertEqual(tuple(logits.shape), (1, 3, 128, 160))

    def test_unet_efficientnet_b0_encoder_features(self):
        model = random_model("efficientnet_b0", 1000)
        bundle, report = self.import_bundle(model, "unet-efficientnet_b0", 2)
        self.assertTrue(all(n.startswith(("features.8.", "classifier.")) for n in report["unused"]),
                        report["unused"])
        torch.manual_seed(3)
        x = torch.randn(1, 3, 96, 128)
        refs = []
        with torch.no_grad():
            y = x
            for i in range(8):
                y = model.features[i](y)
                if i in (1, 2, 3, 5, 7):
                    refs.append(y)
        got = self.forward(bundle, x, features=True)
        for i, ref in enumerate(refs):
            self.assertLess((got[str(i)] - ref).abs().max().item(), TOL, f"feature {i}")
        self.assertEqual(tuple(self.forward(bundle, x).shape), (1, 2, 96, 128))

    def test_one_channel_input_sums_the_first_convolution(self):
        model = random_model("resnet18", 4)
        bundle, report = self.import_bundle(model, "resnet18", 4, channels=1)
        self.assertEqual(report["adapted"], ["conv1.weight"])
        torch.manual_seed(4)
        grey = torch.randn(2, 1, 64, 64)
        with torch.no_grad():
            ref = model(grey.repeat(1, 3, 1, 1))
        self.assertLess((self.forward(bundle, grey) - ref).abs().max().item(), TOL)

    def test_new_head_is_reported(self):
        model = random_model("resnet18", 1000)
        _, report = self.import_bundle(model, "resnet18", 3)
        self.assertEqual(sorted(m.split(":")[0] for m in report["mismatched"]),
                         ["fc.bias", "fc.weight"])

    def test_zip_bundles(self):
        import zipfile
        model = random_model("resnet18", 3)
        bundle, _ = self.import_bundle(model, "resnet18", 3)
        packed = self.path("packed.zip")
        cli("model", "pack", bundle, "-o", packed)
        torch.manual_seed(5)
        x = torch.randn(1, 3, 64, 64)
        with torch.no_grad():
            ref = model(x)
        self.assertLess((self.forward(packed, x) - ref).abs().max().item(), TOL)
        # A zip made by another tool, files inside one top-level folder.
        nested = self.path("nested.zip")
        with zipfile.ZipFile(nested, "w") as z:
            for name in os.listdir(bundle):
                z.write(os.path.join(bundle, name), f"my-model/{name}")
        self.assertLess((self.forward(nested, x) - ref).abs().max().item(), TOL)
        # Entries that climb out of the bundle are refused.
        evil = self.path("evil.zip")
        with zipfile.ZipFile(evil, "w") as z:
            z.write(os.path.join(bundle, "model.json"), "model.json")
            z.writestr("../../escaped.txt", "x")
        r = cli("model", "info", evil, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("outside the bundle", r.stderr)
        empty = self.path("empty.zip")
        with zipfile.ZipFile(empty, "w") as z:
            z.writestr("readme.txt", "no model here")
        r = cli("model", "info", empty, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("no model.json", r.stderr)

    def test_bad_files_and_bundles_say_what_is_wrong(self):
        model = random_model("resnet18", 2)
        bundle, _ = self.import_bundle(model, "resnet18", 2)
        # Another architecture in model.json: a named tensor is missing.
        manifest_path = os.path.join(bundle, "model.json")
        with open(manifest_path) as f:
            manifest = json.load(f)
        manifest["architecture"] = "resnet34"
        with open(manifest_path, "w") as f:
            json.dump(manifest, f)
        r = cli("model", "info", bundle, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, r"^radlens-cli: error: .*missing tensor layer\d\.\d\.")
        # Changed weights: the checksum says so.
        manifest["architecture"] = "resnet18"
        with open(manifest_path, "w") as f:
            json.dump(manifest, f)
        self.assertEqual(cli("model", "info", bundle, check=False).returncode, 0)
        with open(os.path.join(bundle, "weights.pt"), "r+b") as f:
            f.seek(200)
            f.write(b"\x00\x01\x02")
        r = cli("model", "info", bundle, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("SHA-256", r.stderr)
        # Truncated and non-PyTorch weight files.
        weights = self.path("resnet18.pth")
        with open(weights, "rb") as f:
            data = f.read()
        with open(self.path("cut.pth"), "wb") as f:
            f.write(data[: len(data) // 2])
        with open(self.path("text.pth"), "w") as f:
            f.write("not a checkpoint")
        for bad in ("cut.pth", "text.pth"):
            r = cli("model", "import", "--arch", "resnet18", "--weights", self.path(bad),
                    "--classes", "a", "-o", self.path("out-" + bad), check=False)
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
            self.assertFalse(os.path.exists(self.path("out-" + bad)))
        # A pickle holding arbitrary Python objects is refused, not run.
        import datetime
        torch.save({"x": torch.zeros(1), "obj": datetime.date(2020, 1, 1)}, self.path("obj.pth"))
        r = cli("model", "import", "--arch", "resnet18", "--weights", self.path("obj.pth"),
                "--classes", "a", "-o", self.path("out-obj"), check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("holds a Python object", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
