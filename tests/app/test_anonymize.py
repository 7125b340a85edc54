"""`radlens-cli anonymize` after DICOM PS3.15's Basic Application Level
Confidentiality Profile, checked with pydicom against the profile's action
table (Table E.1-1, for the attributes put into the input here) and against
GDCM's own implementation (gdcmanon) on the same files.

The input is SYNTHETIC: `radlens-cli synth` CT slices to which this test adds
made-up identifying attributes (names, IDs, addresses, dates, device serial
numbers, comments, private attributes, overlay and curve data, nested
sequences), and a DICOM SEG of them (`radlens-cli convert-mask`)."""
import glob
import hashlib
import json
import os
import subprocess
import tempfile
import unittest

import pydicom
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

CLI = os.environ["RADLENS_CLI"]

# Table E.1-1 (Basic Profile) for the attributes this test writes: X removed,
# Z empty (or a dummy), D a dummy (not the original), U a new UID.
PROFILE = {
    "PatientName": "D", "PatientID": "Z", "PatientBirthDate": "Z", "PatientSex": "Z",
    "PatientAddress": "X", "OtherPatientIDs": "X", "PatientAge": "X", "PatientWeight": "X",
    "PatientComments": "X", "InstitutionName": "X", "InstitutionAddress": "X",
    "ReferringPhysicianName": "Z", "PerformingPhysicianName": "X", "OperatorsName": "X",
    "StationName": "X", "DeviceSerialNumber": "X", "AccessionNumber": "Z", "StudyID": "Z",
    "StudyDate": "Z", "StudyTime": "Z", "SeriesDate": "X", "ContentDate": "Z",
    "AcquisitionDateTime": "X", "ProtocolName": "X", "ImageComments": "X",
    "StudyDescription": "X", "SeriesDescription": "X", "RequestAttributesSequence": "X",
    "InstitutionalDepartmentName": "X", "NameOfPhysiciansReadingStudy": "X",
    "StudyInstanceUID": "U", "SeriesInstanceUID": "U", "SOPInstanceUID": "U",
    "FrameOfReferenceUID": "U",
}
PHI_STRINGS = [b"Doe^Jane", b"MRN-4711", b"ACC-0815", b"General Hospital", b"Main Street",
               b"Dr^House", b"CT-SCANNER-7", b"SN-998877", b"secret remark"]


def cli(*args, check=True):
    r = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=300)
    if check and r.returncode != 0:
        raise AssertionError(f"radlens-cli {' '.join(args)}: exit {r.returncode}: {r.stderr}")
    return r


def enrich(path, index):
    ds = pydicom.dcmread(path)
    del ds.PatientIdentityRemoved  # the phantom says it is anonymous; this copy is not
    ds.PatientName = "Doe^Jane"
    ds.PatientID = "MRN-4711"
    ds.PatientBirthDate = "19700101"
    ds.PatientSex = "F"
    ds.PatientAddress = "1 Main Street"
    ds.OtherPatientIDs = "MRN-4711-B"
    ds.PatientAge = "056Y"
    ds.PatientWeight = "70"
    ds.PatientComments = "secret remark"
    ds.InstitutionName = "General Hospital"
    ds.InstitutionAddress = "2 Main Street"
    ds.InstitutionalDepartmentName = "Radiology"
    ds.ReferringPhysicianName = "Dr^House"
    ds.PerformingPhysicianName = "Dr^House"
    ds.NameOfPhysiciansReadingStudy = "Dr^House"
    ds.OperatorsName = "Doe^John"
    ds.StationName = "CT-SCANNER-7"
    ds.DeviceSerialNumber = "SN-998877"
    ds.AccessionNumber = "ACC-0815"
    ds.StudyID = "S-1"
    ds.ContentDate = "20260102"
    ds.AcquisitionDateTime = "20260102101010"
    ds.ProtocolName = "Chest Doe"
    ds.ImageComments = "secret remark"
    request = Dataset()
    request.RequestedProcedureID = "ACC-0815"
    request.ScheduledProcedureStepID = "SPS-1"
    ds.RequestAttributesSequence = Sequence([request])
    if index > 0:  # a nested reference to the previous slice: its UID must follow
        ref = Dataset()
        ref.ReferencedSOPClassUID = ds.SOPClassUID
        ref.ReferencedSOPInstanceUID = enrich.previous
        ds.ReferencedImageSequence = Sequence([ref])
    enrich.previous = str(ds.SOPInstanceUID)
    block = ds.private_block(0x0011, "ACME 1.0", create=True)
    block.add_new(0x01, "LO", "Doe^Jane private")
    ds.add_new(0x60000010, "US", ds.Rows)
    ds.add_new(0x60000011, "US", ds.Columns)
    ds.add_new(0x60000100, "US", 1)
    ds.add_new(0x60003000, "OW", b"\0" * (ds.Rows * ds.Columns // 8))
    ds.add_new(0x60004000, "LT", "secret remark")
    ds.add_new(0x50000005, "US", 2)
    if index == 0:
        ds.BurnedInAnnotation = "YES"
    ds.save_as(path, write_like_original=False)


enrich.previous = None


def walk(ds):
    """Every element of a data set, nested ones included."""
    for elem in ds:
        yield elem
        if elem.VR == "SQ":
            for item in elem.value:
                yield from walk(item)


def digest(ds):
    return hashlib.sha256(ds.PixelData).hexdigest()


class Anonymize(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory()
        tmp = cls._tmp.name
        cli("synth", "--kind", "ct", "--cases", "1", "--size", "32", "--slices", "6", "-o",
            os.path.join(tmp, "synth"))
        cls.input = os.path.join(tmp, "in")
        os.makedirs(cls.input)
        for i, f in enumerate(sorted(glob.glob(os.path.join(tmp, "synth", "case_0001", "dicom", "*.dcm")))):
            target = os.path.join(cls.input, f"IM{i:02d}.dcm")
            os.rename(f, target)
            enrich(target, i)
        cli("convert-mask", os.path.join(tmp, "synth", "case_0001", "mask.nii.gz"), "--reference",
            cls.input, "--no-db", "-o", os.path.join(cls.input, "seg.dcm"))
        with open(os.path.join(cls.input, "notes.txt"), "w") as f:
            f.write("not DICOM\n")
        cls.out = os.path.join(tmp, "out")
        cls.report = json.loads(cli("anonymize", cls.input, "-o", cls.out, "--json").stdout)
        cls.originals = {f: pydicom.dcmread(f) for f in glob.glob(os.path.join(cls.input, "*.dcm"))}
        cls.outputs = {f: pydicom.dcmread(f) for f in glob.glob(os.path.join(cls.out, "**", "*.dcm"),
                                                                recursive=True)}

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def pairs(self):
        """(original, copy) of the CT slices, matched by their pixels."""
        by_pixels = {digest(d): d for d in self.outputs.values() if d.Modality == "CT"}
        for f, d in self.originals.items():
            if d.Modality == "CT":
                yield d, by_pixels[digest(d)]

    def test_report(self):
        self.assertEqual(self.report["anonymized"], 7)
        self.assertEqual(self.report["failed"], 0)
        self.assertEqual(len(self.report["burned_in"]), 1)
        self.assertEqual(len(self.outputs), 7)
        flagged = pydicom.dcmread(self.report["burned_in"][0])
        self.assertEqual(flagged.BurnedInAnnotation, "YES")

    def test_actions_of_the_profile(self):
        pairs = list(self.pairs())
        self.assertEqual(len(pairs), 6)  # pixel data unchanged, every slice found
        for original, copy in pairs:
            for keyword, action in PROFILE.items():
                self.assertIn(keyword, original)
                before = original.data_element(keyword)
                after = copy.data_element(keyword) if keyword in copy else None
                if action == "X":
                    self.assertIsNone(after, keyword)
                elif action == "Z":
                    self.assertTrue(after is None or after.value in ("", None) or
                                    str(after.value) != str(before.value), keyword)
                elif action == "D":
                    self.assertIsNotNone(after, keyword)
                    self.assertNotEqual(str(after.value), str(before.value), keyword)
                    self.assertNotEqual(str(after.value), "", keyword)
                else:  # U
                    self.assertNotEqual(str(after.value), str(before.value), keyword)
                    self.assertTrue(str(after.value).startswith("2.25."), keyword)
                    self.assertLessEqual(len(str(after.value)), 64, keyword)
            self.assertEqual([e for e in copy if e.tag.is_private], [])
            self.assertEqual([e for e in copy if e.tag.group in (0x5000, 0x6000) and
                              e.tag.element in (0x0005, 0x3000, 0x4000)], [])
            self.assertEqual(copy.PatientIdentityRemoved, "YES")
            self.assertIn("PS3.15", copy.DeidentificationMethod)
            self.assertLessEqual(len(copy.DeidentificationMethod), 64)
            self.assertEqual(copy.DeidentificationMethodCodeSequence[0].CodeValue, "113100")
            self.assertEqual(copy.file_meta.MediaStorageSOPInstanceUID, copy.SOPInstanceUID)
            self.assertEqual(copy.file_meta.TransferSyntaxUID, original.file_meta.TransferSyntaxUID)
            self.assertEqual(copy.Rows, original.Rows)  # kept
            self.assertEqual(copy.SOPClassUID, original.SOPClassUID)

    def test_no_identifier_is_left_anywhere(self):
        original_uids = {str(e.value) for d in self.originals.values() for e in walk(d)
                         if e.VR == "UI" and e.keyword not in ("SOPClassUID", "ReferencedSOPClassUID",
                                                               "CodingSchemeUID")}
        original_uids -= {str(d.SOPClassUID) for d in self.originals.values()}
        for path, d in self.outputs.items():
            with open(path, "rb") as f:
                raw = f.read()
            for s in PHI_STRINGS:
                self.assertNotIn(s, raw, f"{s} in {path}")
            for e in walk(d):
                if e.VR == "UI":
                    self.assertNotIn(str(e.value), original_uids, f"{e.keyword} kept in {path}")

    def test_uids_are_replaced_consistently(self):
        cts = [c for _, c in self.pairs()]
        self.assertEqual(len({str(c.SeriesInstanceUID) for c in cts}), 1)
        self.assertEqual(len({str(c.StudyInstanceUID) for c in cts}), 1)
        sops = {str(c.SOPInstanceUID) for c in cts}
        # A nested reference follows its target.
        by_original = {str(o.SOPInstanceUID): str(c.SOPInstanceUID) for o, c in self.pairs()}
        for o, c in self.pairs():
            if "ReferencedImageSequence" in o:
                self.assertEqual(str(c.ReferencedImageSequence[0].ReferencedSOPInstanceUID),
                                 by_original[str(o.ReferencedImageSequence[0].ReferencedSOPInstanceUID)])
        # The SEG still references the CT's series, instances and frame of reference.
        seg = next(d for d in self.outputs.values() if d.Modality == "SEG")
        self.assertEqual(str(seg.StudyInstanceUID), str(cts[0].StudyInstanceUID))
        self.assertEqual(str(seg.FrameOfReferenceUID), str(cts[0].FrameOfReferenceUID))
        ref = seg.ReferencedSeriesSequence[0]
        self.assertEqual(str(ref.SeriesInstanceUID), str(cts[0].SeriesInstanceUID))
        referenced = {str(i.ReferencedSOPInstanceUID) for i in ref.ReferencedInstanceSequence}
        self.assertTrue(referenced and referenced <= sops)
        self.assertEqual(seg.PixelData, next(d for d in self.originals.values()
                                             if d.Modality == "SEG").PixelData)
        # Radlens reads the copies as one series with its SEG.
        info = json.loads(cli("info", self.out, "--json", "--no-db").stdout)
        self.assertEqual(len(info["studies"]), 1)
        self.assertEqual([s["dims"][2] for s in info["studies"][0]["series"]], [6])
        self.assertEqual(len(info["objects"]), 1)  # the SEG

    def test_at_least_what_gdcmanon_removes(self):
        """Every attribute GDCM's Basic Profile removes, empties or replaces in
        these files is removed, emptied or replaced by ours as well."""
        tmp = self._tmp.name
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=test", "-keyout", os.path.join(tmp, "key.pem"), "-out",
                        os.path.join(tmp, "cert.pem")], check=True, capture_output=True)
        by_pixels = {digest(d): d for d in self.outputs.values() if d.Modality == "CT"}
        checked = 0
        for f, original in self.originals.items():
            if original.Modality != "CT":
                continue
            gdcm_out = os.path.join(tmp, "gdcm-" + os.path.basename(f))
            subprocess.run(["gdcmanon", "-e", "-c", os.path.join(tmp, "cert.pem"), "-i", f, "-o",
                            gdcm_out], check=True, capture_output=True)
            theirs, ours = pydicom.dcmread(gdcm_out), by_pixels[digest(original)]
            for elem in original:
                if elem.tag.group == 0x0002 or elem.tag == 0x7FE00010:
                    continue
                def changed(ds):
                    e = ds.get(elem.tag)
                    return e is None or e.value in ("", None) or e.value != elem.value
                if changed(theirs):
                    checked += 1
                    self.assertTrue(changed(ours), f"gdcmanon de-identifies {elem.keyword or elem.tag}, we kept it")
        self.assertGreater(checked, 6 * 25)

    def test_bad_input(self):
        r = cli("anonymize", os.path.join(self._tmp.name, "missing"), "-o",
                os.path.join(self._tmp.name, "x"), check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("no such file", r.stderr)
        r = cli("anonymize", self.input, "-o", self.out, check=False)  # not empty
        self.assertEqual(r.returncode, 1)
        self.assertIn("not empty", r.stderr)
        r = cli("anonymize", self.input, check=False)
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    unittest.main(verbosity=2)
