"""Compare two NIfTI files of the same series written by different tools
(axes may be permuted or flipped): shared by test_dcm2niix_parity.py and
benchmarks/imaging_benchmark.sh. Needs only numpy and nibabel."""
import numpy as np


def to_reference_order(a, b):
    """Returns a's data and voxel-centre world positions rearranged into b's
    index order (axes permuted and flipped by comparing the affines)."""
    data = np.asarray(a.get_fdata()).reshape(a.shape[:3])
    ijk = np.indices(data.shape).reshape(3, -1)
    xyz = (a.affine[:3, :3] @ ijk + a.affine[:3, 3:4]).reshape((3,) + data.shape)
    da = a.affine[:3, :3] / np.linalg.norm(a.affine[:3, :3], axis=0)
    db = b.affine[:3, :3] / np.linalg.norm(b.affine[:3, :3], axis=0)
    dots = db.T @ da  # dots[j, i]: b axis j against a axis i
    order = [int(np.argmax(np.abs(dots[j]))) for j in range(3)]
    data = np.transpose(data, order)
    xyz = np.transpose(xyz, [0] + [o + 1 for o in order])
    for j in range(3):
        if dots[j, order[j]] < 0:
            data = np.flip(data, axis=j)
            xyz = np.flip(xyz, axis=j + 1)
    return data, xyz


def positions(img):
    ijk = np.indices(img.shape[:3]).reshape(3, -1)
    return (img.affine[:3, :3] @ ijk + img.affine[:3, 3:4]).reshape((3,) + img.shape[:3])
