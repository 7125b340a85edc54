#!/usr/bin/python3
"""Writes a SYNTHETIC 16-bit CT series (default 512x512x600) for benchmarks:
explicit VR little endian, ImagePositionPatient per slice, rescale to HU.
Generated data: a smooth phantom (body ellipse, lungs, spine) plus noise."""
import os
import sys

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 600
size = int(sys.argv[3]) if len(sys.argv) > 3 else 512
os.makedirs(out, exist_ok=True)
study, series, frame = generate_uid(), generate_uid(), generate_uid()
y, x = np.mgrid[0:size, 0:size] / size - 0.5
body = (x / 0.42) ** 2 + (y / 0.32) ** 2 < 1
lungs = (((x - 0.17) / 0.12) ** 2 + (y / 0.2) ** 2 < 1) | (((x + 0.17) / 0.12) ** 2 + (y / 0.2) ** 2 < 1)
spine = (x / 0.05) ** 2 + ((y - 0.22) / 0.05) ** 2 < 1
rng = np.random.default_rng(1)
for k in range(n):
    hu = np.full((size, size), -1000.0)
    hu[body] = 40
    hu[lungs] = -850 + 30 * np.sin(k / 20)
    hu[spine] = 700
    hu += rng.normal(0, 12, hu.shape)
    stored = np.clip(hu + 1024, 0, 4095).astype(np.uint16)
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.PatientName, ds.PatientID = "SYNTHETIC^BENCHMARK", "SYNTH0001"
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
    ds.Modality, ds.SeriesNumber, ds.InstanceNumber = "CT", 1, k + 1
    ds.SeriesDescription = "SYNTHETIC benchmark phantom - not clinical data"
    ds.ImagePositionPatient = [-250.0, -250.0, -300.0 + 1.0 * k]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.PixelSpacing = [500.0 / size, 500.0 / size]
    ds.SliceThickness = 1.0
    ds.RescaleSlope, ds.RescaleIntercept = 1, -1024
    ds.Rows = ds.Columns = size
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = stored.tobytes()
    ds.save_as(os.path.join(out, f"CT{k:04d}.dcm"), enforce_file_format=True) if hasattr(
        ds, "save_as") and "enforce_file_format" in ds.save_as.__code__.co_varnames else \
        ds.save_as(os.path.join(out, f"CT{k:04d}.dcm"), write_like_original=False)
print(f"wrote {n} slices of {size}x{size} to {out}")
