"""DICOM SEG and SR out and in, against independent tools: `radlens-cli convert-mask`
turns the SYNTHETIC phantom's NIfTI lesion mask into a SEG on its CT series
and back; dciodvfy (dicom3tools) finds no errors in the SEG; pydicom reads
the segments, and every frame sits at the position of the source image it
references and holds that slice's lesion pixels; NIfTI -> SEG -> NIfTI is
exact (nibabel: same voxels, same affine). `radlens-cli export-seg` writes a
model's segmentation as a SEG that names the model and its version. A SEG of
a series that is not given (pydicom's liver_1frame.dcm) is refused with a
clear message, and so is a mask on another grid. `radlens-cli export-sr`
writes the findings (class probabilities, lesion volumes and diameters) as a
Comprehensive SR structured after TID 1500: dciodvfy finds no errors, and
pydicom reads back the model, the measurement groups and the values that
`radlens-cli analyze --json` reports."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import nibabel
import numpy as np
import pydicom

CLI = os.environ["RADLENS_CLI"]
LIVER = os.path.join(os.environ["RADLENS_PYDICOM_DATA"], "liver_1frame.dcm")


def cli(*args, check=True):
    r = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=600)
    if check and r.returncode != 0:
        raise AssertionError(f"radlens-cli {' '.join(args)}: exit {r.returncode}: {r.stderr}")
    return r


def dciodvfy(path):
    r = subprocess.run(["dciodvfy", path], capture_output=True, text=True, timeout=120)
    lines = (r.stdout + r.stderr).splitlines()
    return [line for line in lines if line.startswith("Error")], \
        [line for line in lines if line.startswith("Warning")]


class DicomSeg(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory()
        cls.tmp = cls._tmp.name
        cls.data = os.path.join(cls.tmp, "phantom")
        cli("synth", "--kind", "ct", "--cases", "1", "--size", "64", "--slices", "16",
            "--seed", "21", "-o", cls.data)
        cls.dicom = os.path.join(cls.data, "case_0001", "dicom")
        cls.mask = os.path.join(cls.data, "case_0001", "mask.nii.gz")
        cls.sources = {}
        for name in os.listdir(cls.dicom):
            ds = pydicom.dcmread(os.path.join(cls.dicom, name), stop_before_pixels=True)
            cls.sources[ds.SOPInstanceUID] = ds

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def test_nifti_to_seg_is_valid_and_back_is_exact(self):
        seg = os.path.join(self.tmp, "mask.dcm")
        cli("convert-mask", self.mask, "--reference", self.dicom, "-o", seg, "--no-db")
        errors, warnings = dciodvfy(seg)
        self.assertEqual(errors, [], "\n".join(errors + warnings))
        print("dciodvfy warnings:", warnings or "none")

        ds = pydicom.dcmread(seg)
        self.assertEqual(ds.SOPClassUID, pydicom.uid.SegmentationStorage)
        self.assertEqual(ds.SegmentationType, "BINARY")
        mask = nibabel.load(self.mask)
        values = np.asarray(mask.dataobj).astype(np.uint8)
        labels = sorted(int(v) for v in np.unique(values) if v)
        self.assertTrue(labels, "the phantom has no lesion")
        self.assertEqual(len(ds.SegmentSequence), max(labels))
        series = {s.SeriesInstanceUID for s in self.sources.values()}
        self.assertEqual(ds.ReferencedSeriesSequence[0].SeriesInstanceUID, series.pop())
        frames = ds.pixel_array.reshape(int(ds.NumberOfFrames), ds.Rows, ds.Columns)
        # NIfTI (RAS, x fastest) -> the DICOM grid: our volume is the series'
        # (columns, rows, slices) in LPS, which nibabel shows with x and y flipped
        # against RAS; compare by position instead of by index: each frame's
        # source image gives the slice, and its pixels must equal the mask's
        # voxels of that label at that slice's position.
        inverse = np.linalg.inv(mask.affine)
        checked = 0
        for i, frame_fg in enumerate(ds.PerFrameFunctionalGroupsSequence):
            number = frame_fg.SegmentIdentificationSequence[0].ReferencedSegmentNumber
            ipp = [float(v) for v in frame_fg.PlanePositionSequence[0].ImagePositionPatient]
            ref = frame_fg.DerivationImageSequence[0].SourceImageSequence[0]
            source = self.sources[ref.ReferencedSOPInstanceUID]
            np.testing.assert_allclose(ipp, [float(v) for v in source.ImagePositionPatient],
                                       atol=1e-3)
            # Every pixel of the frame: LPS position -> RAS -> NIfTI voxel.
            row, col = np.mgrid[0:ds.Rows, 0:ds.Columns]
            o = np.array(ipp)
            r = np.array([float(v) for v in source.ImageOrientationPatient[:3]])
            c = np.array([float(v) for v in source.ImageOrientationPatient[3:]])
            dy, dx = (float(v) for v in source.PixelSpacing)
            lps = o + col[..., None] * dx * r + row[..., None] * dy * c
            ras = lps * np.array([-1, -1, 1])
            ijk = np.rint(np.c_[ras.reshape(-1, 3), np.ones(ras.size // 3)] @ inverse.T)[:, :3]
            ijk = ijk.astype(int)
            expected = (values[ijk[:, 0], ijk[:, 1], ijk[:, 2]] == number).reshape(ds.Rows, ds.Columns)
            np.testing.assert_array_equal(frames[i].astype(bool), expected, f"frame {i + 1}")
            checked += int(expected.sum())
        self.assertEqual(checked, int((values > 0).sum()), "every lesion voxel is in a frame")

        back = os.path.join(self.tmp, "back.nii.gz")
        cli("convert-mask", seg, "--reference", self.dicom, "-o", back, "--no-db")
        again = nibabel.load(back)
        np.testing.assert_array_equal(np.asarray(again.dataobj).astype(np.uint8), values)
        np.testing.assert_allclose(again.affine, mask.affine, atol=1e-4)

    def test_export_seg_names_the_model(self):
        # A segmenter trained for one epoch on the phantom by radlens-cli train,
        # under a long name (54 characters).
        NAME = "seg-test of the lesion segmenter for the chest phantom"
        bundle = os.path.join(self.tmp, "unet")
        config = os.path.join(self.tmp, "run.json")
        with open(config, "w") as f:
            json.dump({"task": "segment", "arch": "unet-efficientnet_b0", "base": None,
                       "data": [self.data], "classes": ["lesion"], "epochs": 1,
                       "batch_size": 4, "image_size": 64, "val_fraction": 0, "seed": 1,
                       "device": "cpu", "name": NAME, "output": bundle}, f)
        cli("train", "--config", config)
        info = json.loads(cli("info", self.dicom, "--json", "--no-db").stdout)
        uid = info["studies"][0]["series"][0]["series_uid"]
        out = os.path.join(self.tmp, "model.dcm")
        r = cli("export-seg", self.dicom, "--series", uid, "--model", bundle, "-o", out,
                "--no-db", "--json")
        self.assertEqual(json.loads(r.stdout)["segments"], 1)
        errors, warnings = dciodvfy(out)
        self.assertEqual(errors, [], "\n".join(errors + warnings))
        ds = pydicom.dcmread(out)
        # Trained on the SYNTHETIC phantom: the description says so first,
        # and a long name is what the 64-character limit cuts.
        self.assertTrue(ds.SeriesDescription.startswith("SYNTHETIC - AI segmentation: seg-test"),
                        ds.SeriesDescription)
        self.assertLessEqual(len(ds.SeriesDescription), 64)
        self.assertIn(NAME + " 1", ds.SegmentSequence[0].SegmentAlgorithmName)
        self.assertEqual(ds.SegmentSequence[0].SegmentAlgorithmType, "AUTOMATIC")
        self.assertEqual(ds.SegmentSequence[0].SegmentLabel, "lesion")
        # The SR too: SYNTHETIC first (then, when the input is outside the
        # training data, that warning), and as the first comment.
        sr = os.path.join(self.tmp, "synthetic-sr.dcm")
        cli("export-sr", self.dicom, "--series", uid, "--model", bundle, "-o", sr, "--no-db")
        ds = pydicom.dcmread(sr)
        self.assertTrue(ds.SeriesDescription.startswith("SYNTHETIC - "), ds.SeriesDescription)
        self.assertIn("AI findings: seg-test", ds.SeriesDescription)
        self.assertLessEqual(len(ds.SeriesDescription), 64)
        measurements = [c for c in ds.ContentSequence
                        if c.ConceptNameCodeSequence[0].CodeValue == "126010"][0]
        self.assertTrue(measurements.ContentSequence[0].TextValue.startswith("SYNTHETIC"))
        # A classifier is refused; so is a missing series.
        r = cli("export-seg", self.dicom, "--series", "1.2.3", "--model", bundle, "-o", out,
                "--no-db", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("1.2.3: no such series", r.stderr)

    def sr_content(self, ds):
        """{tracking id: {concept meaning: value}} of the report's measurement groups."""
        groups = {}
        for item in ds.ContentSequence:
            if item.ConceptNameCodeSequence[0].CodeValue != "126010":
                continue
            for g in item.ContentSequence:
                if g.ValueType != "CONTAINER":  # a comment (nothing found, out of distribution)
                    continue
                values = {}
                for c in g.ContentSequence:
                    meaning = c.ConceptNameCodeSequence[0].CodeMeaning
                    if c.ValueType == "TEXT":
                        values[meaning] = c.TextValue
                    elif c.ValueType == "NUM":
                        values[meaning] = float(c.MeasuredValueSequence[0].NumericValue)
                    elif c.ValueType == "CODE":
                        values[meaning] = c.ConceptCodeSequence[0].CodeMeaning
                groups[values["Tracking Identifier"]] = values
        return groups

    def test_export_sr_holds_the_findings(self):
        import torch
        import torchvision
        torch.manual_seed(1)
        weights = os.path.join(self.tmp, "r18.pth")
        torch.save(torchvision.models.resnet18(num_classes=2).state_dict(), weights)
        bundle = os.path.join(self.tmp, "r18")
        cli("model", "import", "--arch", "resnet18", "--weights", weights, "--classes",
            "Nodule,Effusion", "--channels", "1", "--name", "sr-test", "-o", bundle)
        info = json.loads(cli("info", self.dicom, "--json", "--no-db").stdout)
        uid = info["studies"][0]["series"][0]["series_uid"]
        out = os.path.join(self.tmp, "findings.dcm")
        cli("export-sr", self.dicom, "--series", uid, "--model", bundle, "-o", out, "--no-db")
        errors, warnings = dciodvfy(out)
        self.assertEqual(errors, [], "\n".join(errors + warnings))
        # The only warnings: the private coding scheme of the probability concepts.
        self.assertTrue(all("99RADLENS" in w for w in warnings), warnings)
        ds = pydicom.dcmread(out)
        self.assertEqual(ds.SOPClassUID, pydicom.uid.ComprehensiveSRStorage)
        self.assertEqual(ds.ContentTemplateSequence[0].TemplateIdentifier, "1500")
        self.assertEqual(ds.ConceptNameCodeSequence[0].CodeValue, "126000")
        self.assertEqual(ds.StudyInstanceUID, self.sources[next(iter(self.sources))].StudyInstanceUID)
        observer = [c.TextValue for c in ds.ContentSequence
                    if c.ConceptNameCodeSequence[0].CodeValue == "121013"]
        self.assertEqual(observer, ["sr-test"])
        analysis = json.loads(cli("analyze", self.dicom, "--series", uid, "--model", bundle,
                                  "--json", "--no-db").stdout)
        groups = self.sr_content(ds)
        for c in analysis["series"][0]["classes"]:
            g = groups["AI finding: " + c["name"]]
            self.assertAlmostEqual(g["Probability of finding"], c["probability"], places=4)
            self.assertEqual(g["Flagged by the model"], "Yes" if c["flagged"] else "No")

        # A segmenter's lesions: volume and diameter per lesion. One epoch
        # may find nothing, so the trained bundle is made to find something
        # known: as a multilabel segmenter with threshold 0 every voxel is
        # lesion, one lesion the size of the whole series.
        seg_bundle = os.path.join(self.tmp, "unet")
        if not os.path.exists(seg_bundle):
            self.test_export_seg_names_the_model()
        everything = os.path.join(self.tmp, "unet-everything")
        shutil.copytree(seg_bundle, everything)
        with open(os.path.join(everything, "model.json")) as f:
            manifest = json.load(f)
        manifest["mode"] = "multilabel"
        for c in manifest["classes"]:
            c["threshold"] = 0.0
        with open(os.path.join(everything, "model.json"), "w") as f:
            json.dump(manifest, f)
        out = os.path.join(self.tmp, "lesions-sr.dcm")
        cli("export-sr", self.dicom, "--series", uid, "--model", everything, "-o", out,
            "--no-db")
        errors, _ = dciodvfy(out)
        self.assertEqual(errors, [])
        groups = self.sr_content(pydicom.dcmread(out))
        lesions = [g for k, g in groups.items() if k.startswith("AI lesion")]
        analysis = json.loads(cli("analyze", self.dicom, "--series", uid, "--model", everything,
                                  "--json", "--no-db").stdout)["series"][0]["segmentation"]
        self.assertEqual(len(analysis["lesions"]), 1)
        self.assertEqual(len(lesions), 1, groups.keys())
        first = self.sources[next(iter(self.sources))]
        series_ml = (len(self.sources) * int(first.Rows) * int(first.Columns)
                     * float(first.PixelSpacing[0]) * float(first.PixelSpacing[1])
                     * float(first.SliceThickness) / 1000.0)
        self.assertAlmostEqual(lesions[0]["Volume"], series_ml, delta=0.01 * series_ml)
        self.assertAlmostEqual(lesions[0]["Volume"], analysis["lesions"][0]["volume_ml"],
                               delta=1e-3 * series_ml)
        self.assertAlmostEqual(lesions[0]["Diameter"], analysis["lesions"][0]["diameter_mm"],
                               delta=0.01)

    def test_foreign_and_misfit_masks_are_refused(self):
        r = cli("convert-mask", LIVER, "--reference", self.dicom, "-o",
                os.path.join(self.tmp, "x.nii.gz"), "--no-db", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("open the images it was made on first", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "x.nii.gz")))
        small = os.path.join(self.tmp, "small.nii.gz")
        nibabel.save(nibabel.Nifti1Image(np.zeros((8, 8, 4), np.uint8), np.eye(4)), small)
        r = cli("convert-mask", small, "--reference", self.dicom, "-o",
                os.path.join(self.tmp, "y.dcm"), "--no-db", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("8x8x4 voxels", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "y.dcm")))
        r = cli("convert-mask", self.mask, "-o", os.path.join(self.tmp, "z.dcm"), check=False)
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    unittest.main(verbosity=2)
