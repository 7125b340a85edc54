#!/usr/bin/python3
"""GENERATED copies of public data sets in their publishers' layouts (issue 17).

Nothing here is real patient data: every image is drawn by this file from a
seed. The layouts are those the publishers ship, so that the loader meets the
files, names and quirks it meets on the real downloads:

- ChestX-ray14 (NIH): Data_Entry_2017.csv (the 2017 header, with its trailing
  empty column) and Data_Entry_2017_v2020.csv, BBox_List_2017.csv,
  train_val_list.txt and test_list.txt (patient-wise), PNGs in
  images_001/images/, images_002/images/, ..., a few of them RGBA.
  Findings are drawn so that they can be learned: "Mass" is a bright disk in
  a lung (its box in BBox_List_2017.csv), "Effusion" a bright band over a
  lung base.
- MosMedData (COVID19_1110): studies/CT-0 ... CT-<k>/study_NNNN.nii.gz (int16
  HU) and masks/study_NNNN_mask.nii.gz for a subset of the CT-1+ studies;
  the lesions are ground-glass blobs (-300 HU) in the lungs (-850 HU).
- medseg / radiopaedia COVID-19 (the reference work's CT sets): NumPy stacks
  images_NAME.npy (N x S x S x 1, float32 HU) beside masks_NAME.npy
  (N x S x S x 4, float32 one-hot: ground glass, consolidation, other lung,
  background), as np.save writes them.

Usage: published_layouts.py chestxray14|mosmeddata|medseg OUT [--patients N]
       [--size S] [--seed S]
"""
import argparse
import os
import sys

import numpy as np

FINDINGS = ["Mass", "Effusion"]
HEADER_2017 = ("Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,"
               "View Position,OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y],\n")
HEADER_2020 = ("Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,"
               "View Position,OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y]\n")


def _radiograph(rng, size, findings):
    """A chest-like radiograph (uint8, size x size) and the Mass box if any."""
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
    img = np.full((size, size), 170.0, np.float32)  # soft tissue
    lungs = []
    for cx in (0.32, 0.68):
        lung = ((xx - cx) / 0.15) ** 2 + ((yy - 0.5) / 0.3) ** 2 < 1
        lungs.append((cx, lung))
        img[lung] = 60.0
    box = None
    if "Effusion" in findings:
        cx, lung = lungs[rng.integers(2)]
        img[lung & (yy > 0.62)] = 185.0
    if "Mass" in findings:
        cx, lung = lungs[rng.integers(2)]
        r = 0.06 + 0.02 * rng.random()
        my = 0.35 + 0.2 * rng.random()
        mx = cx + (rng.random() - 0.5) * 0.1
        disk = (xx - mx) ** 2 + (yy - my) ** 2 < r * r
        img[disk] = 215.0
        box = [(mx - r) * size, (my - r) * size, 2 * r * size, 2 * r * size]
    img += rng.normal(0, 12, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8), box


def chestxray14(out, patients=60, size=128, seed=1, per_folder=40, rgba_every=9,
                test_fraction=0.2):
    from PIL import Image

    rng = np.random.default_rng(seed)
    os.makedirs(out)
    rows2017, rows2020, boxes = [HEADER_2017], [HEADER_2020], [
        "Image Index,Finding Label,Bbox [x,y,w,h],,,\n"]
    train_val, test = [], []
    n = 0
    test_patients = set(rng.choice(np.arange(1, patients + 1),
                                   size=max(1, round(test_fraction * patients)), replace=False))
    for p in range(1, patients + 1):
        for k in range(int(rng.integers(1, 4))):
            findings = [f for f in FINDINGS if rng.random() < 0.4]
            name = f"{p:08d}_{k:03d}.png"
            pixels, box = _radiograph(rng, size, findings)
            folder = os.path.join(out, f"images_{n // per_folder + 1:03d}", "images")
            os.makedirs(folder, exist_ok=True)
            if rgba_every and n % rgba_every == rgba_every - 1:
                rgba = np.stack([pixels, pixels, pixels, np.full_like(pixels, 255)], -1)
                Image.fromarray(rgba, "RGBA").save(os.path.join(folder, name))
            else:
                Image.fromarray(pixels, "L").save(os.path.join(folder, name))
            labels = "|".join(findings) or "No Finding"
            age = int(rng.integers(20, 90))
            sex = "MF"[int(rng.integers(2))]
            rows2017.append(f"{name},{labels},{k},{p:08d},{age:03d}Y,{sex},PA,{size},{size},"
                            f"0.143,0.143,\n")
            rows2020.append(f"{name},{labels},{k},{p:08d},{age},{sex},PA,{size},{size},"
                            f"0.143,0.143\n")
            if box:
                boxes.append(f"{name},Mass,{box[0]:.1f},{box[1]:.1f},{box[2]:.1f},{box[3]:.1f}"
                             ",,,\n")
            (test if p in test_patients else train_val).append(name + "\n")
            n += 1
    for name, lines in (("Data_Entry_2017.csv", rows2017),
                        ("Data_Entry_2017_v2020.csv", rows2020),
                        ("BBox_List_2017.csv", boxes), ("train_val_list.txt", train_val),
                        ("test_list.txt", test)):
        with open(os.path.join(out, name), "w") as f:
            f.writelines(lines)
    with open(os.path.join(out, "README.GENERATED.txt"), "w") as f:
        f.write("GENERATED by tests/ai/published_layouts.py in ChestX-ray14's layout; "
                "not patient data.\n")
    return {"images": n, "test_images": len(test), "test_patients": len(test_patients)}


def mosmeddata(out, patients=12, size=64, slices=12, seed=1, categories=3, masked_fraction=0.6):
    import nibabel

    rng = np.random.default_rng(seed)
    os.makedirs(os.path.join(out, "masks"))
    affine = np.diag([-0.8 * 512 / size, -0.8 * 512 / size, 8.0, 1.0])
    zz, yy, xx = np.mgrid[0:slices, 0:size, 0:size].astype(np.float32)
    yy, xx = yy / size, xx / size
    masked = 0
    for n in range(1, patients + 1):
        category = (n - 1) % categories
        vol = np.full((slices, size, size), 30.0, np.float32)  # soft tissue, HU
        body = ((xx - 0.5) / 0.45) ** 2 + ((yy - 0.5) / 0.35) ** 2 < 1
        vol[~body] = -1000
        lungs = np.zeros_like(body)
        for cx in (0.32, 0.68):
            lungs |= ((xx - cx) / 0.14) ** 2 + ((yy - 0.5) / 0.25) ** 2 < 1
        vol[lungs] = -850
        mask = np.zeros(vol.shape, np.uint8)
        for _ in range(category * 2):
            cx = (0.32, 0.68)[int(rng.integers(2))] + (rng.random() - 0.5) * 0.1
            cy = 0.4 + 0.2 * rng.random()
            cz = rng.integers(2, slices - 2)
            r = 0.05 + 0.03 * rng.random()
            blob = ((xx - cx) ** 2 + (yy - cy) ** 2 < r * r) & (np.abs(zz - cz) < 2) & lungs
            vol[blob] = -300
            mask[blob] = 1
        vol += rng.normal(0, 15, vol.shape)
        name = f"study_{n:04d}"
        folder = os.path.join(out, "studies", f"CT-{category}")
        os.makedirs(folder, exist_ok=True)
        # NIfTI axes: x, y, z.
        nibabel.save(nibabel.Nifti1Image(np.round(vol).astype(np.int16).transpose(2, 1, 0),
                                         affine), os.path.join(folder, name + ".nii.gz"))
        if category > 0 and rng.random() < masked_fraction:
            nibabel.save(nibabel.Nifti1Image(mask.transpose(2, 1, 0), affine),
                         os.path.join(out, "masks", name + "_mask.nii.gz"))
            masked += 1
    with open(os.path.join(out, "README.GENERATED.txt"), "w") as f:
        f.write("GENERATED by tests/ai/published_layouts.py in MosMedData's layout; "
                "not patient data.\n")
    return {"studies": patients, "masked": masked}


def medseg(out, slices=48, size=64, seed=1, names=("medseg", "radiopedia")):
    rng = np.random.default_rng(seed)
    os.makedirs(out)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
    body = ((xx - 0.5) / 0.45) ** 2 + ((yy - 0.5) / 0.35) ** 2 < 1
    lungs = np.zeros_like(body)
    for cx in (0.32, 0.68):
        lungs |= ((xx - cx) / 0.14) ** 2 + ((yy - 0.5) / 0.25) ** 2 < 1
    made = {}
    for name in names:
        images = np.zeros((slices, size, size, 1), np.float32)
        masks = np.zeros((slices, size, size, 4), np.float32)
        for n in range(slices):
            hu = np.where(body, 30.0, -1000.0).astype(np.float32)
            hu[lungs] = -850
            glass = np.zeros_like(body)
            consolidation = np.zeros_like(body)
            for _ in range(int(rng.integers(0, 3))):
                cx = (0.32, 0.68)[int(rng.integers(2))] + (rng.random() - 0.5) * 0.1
                cy = 0.4 + 0.2 * rng.random()
                r = 0.05 + 0.04 * rng.random()
                disk = ((xx - cx) ** 2 + (yy - cy) ** 2 < r * r) & lungs
                if rng.random() < 0.5:
                    glass |= disk
                else:
                    consolidation |= disk
            consolidation &= ~glass
            hu[glass] = -350
            hu[consolidation] = 20
            hu += rng.normal(0, 15, hu.shape).astype(np.float32)
            images[n, :, :, 0] = hu
            other = lungs & ~glass & ~consolidation
            masks[n, :, :, 0] = glass
            masks[n, :, :, 1] = consolidation
            masks[n, :, :, 2] = other
            masks[n, :, :, 3] = ~(glass | consolidation | other)
        np.save(os.path.join(out, f"images_{name}.npy"), images)
        np.save(os.path.join(out, f"masks_{name}.npy"), masks)
        made[name] = slices
    with open(os.path.join(out, "README.GENERATED.txt"), "w") as f:
        f.write("GENERATED by tests/ai/published_layouts.py in the medseg .npy layout; "
                "not patient data.\n")
    return {"slices": slices * len(names)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("layout", choices=["chestxray14", "mosmeddata", "medseg"])
    ap.add_argument("out")
    ap.add_argument("--patients", type=int, default=60)
    ap.add_argument("--size", type=int, default=128)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.layout == "medseg":
        print(medseg(a.out, slices=a.patients, size=a.size, seed=a.seed))
        return
    make = chestxray14 if a.layout == "chestxray14" else mosmeddata
    print(make(a.out, patients=a.patients, size=a.size, seed=a.seed))


if __name__ == "__main__":
    sys.exit(main())
