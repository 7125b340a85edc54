"""Inputs a chest-radiograph model never saw, GENERATED from one of our
SYNTHETIC radiographs (no patient data): the radiograph upside down, pure
noise over its grey range, and an MR-like image (an ellipse of soft-tissue
signal with texture, Modality MR). Used by tests/ai/test_trust.py and
benchmarks/trust_benchmark.py."""
import copy
import os

import numpy as np
import pydicom
from pydicom.uid import generate_uid

KINDS = ("flipped", "noise", "mr")


def _save(template, pixels, path, modality=None):
    ds = copy.deepcopy(template)
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    if modality:
        ds.Modality = modality
        ds.SeriesDescription = "GENERATED out-of-distribution test image"
    pixels = np.clip(pixels, 0, 2 ** int(ds.BitsStored) - 1).astype(np.uint16)
    ds.Rows, ds.Columns = pixels.shape
    ds.PixelData = pixels.tobytes()
    ds.save_as(path)
    return path


def make(template_path, kind, out_path, seed=0):
    """Writes one input of `kind` (KINDS) made from the radiograph at
    template_path; returns out_path."""
    ds = pydicom.dcmread(template_path)
    image = ds.pixel_array.astype(np.float64)
    rng = np.random.default_rng(seed)
    if kind == "flipped":
        return _save(ds, image[::-1, :], out_path)
    if kind == "noise":
        return _save(ds, rng.uniform(0, image.max() + 1, image.shape), out_path)
    if kind == "mr":
        h, w = image.shape
        yy, xx = np.mgrid[0:h, 0:w]
        a, b = rng.uniform(0.3, 0.42) * h, rng.uniform(0.25, 0.35) * w
        inside = ((yy - h / 2) / a) ** 2 + ((xx - w / 2) / b) ** 2 < 1
        texture = 200 * np.sin(xx / rng.uniform(4, 8)) * np.cos(yy / rng.uniform(6, 10))
        mr = np.where(inside, 600 + texture, 0) + rng.normal(0, 20, image.shape)
        return _save(ds, mr, out_path, "MR")
    raise ValueError(kind)


def make_all(templates, folder, per_kind=1, seed=0):
    """per_kind inputs of every kind in folder, the i-th made from
    templates[i % len(templates)]: {kind: [paths]}."""
    os.makedirs(folder, exist_ok=True)
    out = {}
    for k, kind in enumerate(KINDS):
        out[kind] = [make(templates[i % len(templates)], kind,
                          os.path.join(folder, f"{kind}_{i:03d}.dcm"), seed * 1000 + k * 100 + i)
                     for i in range(per_kind)]
    return out
