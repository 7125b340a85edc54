#!/usr/bin/python3
"""Writes the GENERATED regression inputs of fuzz/regressions/ (gen-*): small
DICOM files with pydicom whose headers promise more than their pixel data
holds (issue 20: a grey 16-bit image said to have 3 samples crashed export),
text without a text VR, and duplicate SOP Instance UIDs. Run once; the
files are committed."""
import os

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import generate_uid

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "regressions", "fuzz_dicom")


def base(rows=16, cols=12):
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    ds.file_meta.MediaStorageSOPInstanceUID = "2.25.1000" + str(rows * 1000 + cols)
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.PatientName, ds.PatientID = "SYNTHETIC^FUZZ", "SYNTH"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = "2.25.11", "2.25.12"
    ds.Modality, ds.SeriesNumber, ds.InstanceNumber = "CT", 1, 1
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = (np.arange(rows * cols, dtype=np.uint16) % 4096).tobytes()
    return ds


def save(ds, name, syntax="1.2.840.10008.1.2.1"):
    ds.file_meta.TransferSyntaxUID = syntax
    ds.is_little_endian = syntax != "1.2.840.10008.1.2.2"
    ds.is_implicit_VR = syntax == "1.2.840.10008.1.2"
    ds.save_as(os.path.join(OUT, "gen-" + name + ".dcm"), write_like_original=True)


def main():
    os.makedirs(OUT, exist_ok=True)
    for syntax, tag in (("1.2.840.10008.1.2.1", "le"), ("1.2.840.10008.1.2.2", "be")):
        ds = base()
        ds.SamplesPerPixel = 3
        save(ds, f"grey-said-3-samples-{tag}", syntax)
        ds = base()
        ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = 3, "RGB", 1
        save(ds, f"grey-said-rgb-{tag}", syntax)
        ds = base()
        ds.NumberOfFrames = 100000
        save(ds, f"frames-promised-{tag}", syntax)
        ds = base()
        ds.Rows, ds.Columns = 65535, 65535
        save(ds, f"size-promised-{tag}", syntax)
        ds = base()
        ds.BitsAllocated, ds.BitsStored, ds.HighBit = 32, 32, 31
        save(ds, f"bits-promised-{tag}", syntax)
    ds = base()
    ds.add_new(0x00100010, "UN", b"SYNTHETIC^UNKNOWN^VR")
    ds.add_new(0x0008103E, "UN", bytes([1, 2, 0xFF, 0]))
    save(ds, "text-as-un")
    print("wrote", len(os.listdir(OUT)), "files to", OUT)


if __name__ == "__main__":
    main()
