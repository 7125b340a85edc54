#!/usr/bin/python3
"""Writes the GENERATED regression inputs of fuzz/regressions/fuzz_manifest/
and fuzz/regressions/fuzz_weights/ (gen-*), each pinning a limit of issue 20,
the .npy stacks of fuzz/regressions/fuzz_npy/ (`npy` writes only those) and
the PNGs of fuzz/regressions/fuzz_png/ (`png` writes only those):
JSON nested past platform::kMaxJsonDepth, a manifest asking for a 10^9-pixel
input, pickles nested too deep, a list holding itself, a memo index of 2^31,
a storage of 2^62 elements, a view larger than its storage, and a zip whose
directory claims more bytes than the file holds. A weights input starts with
a mode byte (fuzz/fuzz_weights.cpp): 0 the whole file, 1 data.pkl only.
Run once; the files are committed."""
import io
import json
import os
import struct
import sys
import zipfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(HERE, "regressions", "fuzz_manifest")
WEIGHTS = os.path.join(HERE, "regressions", "fuzz_weights")
NPY = os.path.join(HERE, "regressions", "fuzz_npy")
PNG = os.path.join(HERE, "regressions", "fuzz_png")


def manifest(**changes):
    m = {"schema_version": 1, "name": "SYNTHETIC fuzz", "version": "1", "task": "classify",
         "architecture": "resnet18", "mode": "multilabel",
         "classes": [{"name": "Nodule", "color": "#ff0000", "threshold": 0.5}],
         "input": {"channels": 3, "size": [224, 224]},
         "preprocessing": {"modality": "DX", "window": None,
                           "normalize": {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}},
         "weights": {"file": "weights.pt", "sha256": "0" * 64},
         "provenance": {"synthetic_data": True}}
    m.update(changes)
    return json.dumps(m).encode()


def write(folder, name, data):
    with open(os.path.join(folder, "gen-" + name), "wb") as f:
        f.write(data)


def text(s):
    b = s.encode()
    return b"X" + struct.pack("<I", len(b)) + b


def long8(v):
    return b"\x8a\x08" + struct.pack("<q", v)


def storage_tensor(numel, sizes, strides, key="0"):
    """A pickle of one tensor as torch.save writes it: _rebuild_tensor_v2 of a
    persistent storage (key, numel) with the given sizes and strides."""
    p = b"\x80\x02" + b"ctorch._utils\n_rebuild_tensor_v2\n" + b"("
    p += b"(" + text("storage") + b"ctorch\nFloatStorage\n" + text(key) + text("cpu") + long8(numel) + b"t" + b"Q"
    p += b"K\x00"
    p += b"(" + b"".join(long8(s) for s in sizes) + b"t"
    p += b"(" + b"".join(long8(s) for s in strides) + b"t"
    p += b"\x89" + b"t" + b"R" + b"."
    return p


def main():
    write(MANIFEST, "deep-nesting.json", b'{"provenance": ' + b"[" * 100000 + b"]" * 100000 + b"}")
    write(MANIFEST, "input-size-huge.json", manifest(input={"channels": 3, "size": [1 << 30, 1 << 30]}))
    write(MANIFEST, "threshold-out-of-range.json", manifest(classes=[{"name": "A", "threshold": -3}]))
    write(MANIFEST, "valid.json", manifest())
    write(MANIFEST, "valid-segmenter.json", manifest(
        task="segment", architecture="unet-efficientnet_b0", mode="multiclass",
        classes=[{"name": "background", "color": "#000000", "threshold": 0.5},
                 {"name": "Lesion", "color": "#ff8000", "threshold": 0.4,
                  "display_names": {"ru": "Очаг", "de": "Läsion"}}],
        input={"channels": 1, "size": [256, 256]},
        preprocessing={"modality": "CT", "window": [-1000, 400], "normalize": {"mean": [0.5], "std": [0.25]}},
        calibration={"method": "temperature", "temperature": [1.0, 1.3]},
        training_summary={"levels": [[0.1, 0.2]], "threshold": 0.9}))

    write(WEIGHTS, "deep-tuples", b"\x01\x80\x02)" + b"\x85" * 100000 + b".")
    write(WEIGHTS, "list-holds-itself", b"\x01\x80\x02]q\x00h\x00a.")
    write(WEIGHTS, "memo-index-2e31", b"\x01\x80\x02]r\xff\xff\xff\x7f.")
    write(WEIGHTS, "storage-2e62-elements", b"\x01" + storage_tensor(1 << 62, [1], [1]))
    write(WEIGHTS, "view-larger-than-storage", b"\x01" + storage_tensor(16, [1 << 20, 1 << 20], [0, 0]))
    write(WEIGHTS, "view-fits", b"\x01" + storage_tensor(16, [4, 4], [4, 1]))
    # A real torch.save file, then the same with its directory claiming 4 GiB
    # for the stored data.pkl (miniz allocates the claim before reading).
    buf = io.BytesIO()
    torch.save({"w": torch.arange(6, dtype=torch.float32).reshape(2, 3)}, buf)
    real = buf.getvalue()
    write(WEIGHTS, "torch-save", b"\x00" + real)
    # A state dict as torchvision publishes one (OrderedDict with _metadata),
    # data.pkl only: eight storages of at most 1024 float32, as the target packs.
    net = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3), torch.nn.BatchNorm2d(4))
    buf = io.BytesIO()
    torch.save(net.state_dict(), buf)
    z = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    pkl = next(n for n in z.namelist() if n.endswith("data.pkl"))
    assert len([n for n in z.namelist() if "/data/" in n]) <= 8
    write(WEIGHTS, "state-dict-pickle", b"\x01" + z.read(pkl))
    z = zipfile.ZipFile(io.BytesIO(real))
    info = next(i for i in z.infolist() if i.filename.endswith("data.pkl"))
    at = real.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", real, at + 28)[0]
        if real[at + 46:at + 46 + name_len].decode() == info.filename:
            break
        at = real.find(b"PK\x01\x02", at + 4)
    bomb = bytearray(real)
    struct.pack_into("<I", bomb, at + 24, 0xfffffff0)  # uncompressed size
    write(WEIGHTS, "zip-claims-4gib", b"\x00" + bytes(bomb))


def npy():
    """fuzz_npy: valid stacks (v1 float32, v2 uint8 one-hot, v3 int16) and a
    stack cut off, in Fortran order, big-endian, of a structured type, with a
    shape past 2^63 bytes."""
    import numpy as np

    os.makedirs(NPY, exist_ok=True)

    def save(name, array, version=None):
        buf = io.BytesIO()
        if version:
            np.lib.format.write_array(buf, array, version=version)
        else:
            np.save(buf, array)
        write(NPY, name, buf.getvalue())
        return buf.getvalue()

    valid = save("valid-f4", np.arange(2 * 4 * 3, dtype=np.float32).reshape(2, 4, 3, 1))
    save("valid-u1-v2", np.eye(4, dtype=np.uint8)[np.arange(24) % 4].reshape(2, 4, 3, 4), (2, 0))
    save("valid-i2-v3", np.full((3, 2, 2), -700, np.int16), (3, 0))
    write(NPY, "cut-off", valid[:-20])
    save("fortran", np.asfortranarray(np.ones((2, 3, 4), np.float32)))
    save("big-endian", np.ones((2, 3, 4), ">f4"))
    save("structured", np.zeros((2, 3), dtype=[("a", "<f4"), ("b", "<i2")]))
    header = b"{'descr': '<f4', 'fortran_order': False, 'shape': (9223372036854775807, 4, 3, 1), }"
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    write(NPY, "shape-past-2-63",
          b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + valid[128:])


def png():
    """fuzz_png: small PNGs as PIL writes them (grey 8 and 16 bits, grey+alpha,
    RGB, RGBA, palette, 1 bit), one with many IDAT chunks, one cut off and
    one whose image data fails its CRC."""
    import zlib

    import numpy as np
    from PIL import Image, PngImagePlugin

    os.makedirs(PNG, exist_ok=True)
    rng = np.random.default_rng(17)
    grey = (np.add.outer(np.arange(12), np.arange(16)) * 9 % 256).astype(np.uint8)
    grey[3:6, 4:9] = rng.integers(0, 256, (3, 5), dtype=np.uint8)

    def save(name, image, **options):
        buf = io.BytesIO()
        image.save(buf, "PNG", **options)
        write(PNG, name, buf.getvalue())
        return buf.getvalue()

    plain = save("grey8.png", Image.fromarray(grey, "L"))
    save("grey16.png", Image.fromarray(grey.astype(np.uint16) * 257))
    save("grey-alpha.png", Image.fromarray(np.dstack([grey, 255 - grey]), "LA"))
    save("rgb.png", Image.fromarray(np.dstack([grey, grey // 2, 255 - grey]), "RGB"))
    save("rgba.png", Image.fromarray(np.dstack([grey, grey, grey, np.full_like(grey, 255)]), "RGBA"))
    save("palette.png", Image.fromarray(grey // 64, "L").convert("P"))
    save("one-bit.png", Image.fromarray(grey > 100))
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "SYNTHETIC fuzz seed")
    save("text-chunk.png", Image.fromarray(grey, "L"), pnginfo=info)
    # Many IDAT chunks: the stream re-cut into 16-byte pieces.
    at = plain.find(b"IDAT") - 4
    length = struct.unpack(">I", plain[at:at + 4])[0]
    data = plain[at + 8:at + 8 + length]
    pieces = b""
    for i in range(0, len(data), 16):
        piece = data[i:i + 16]
        pieces += struct.pack(">I", len(piece)) + b"IDAT" + piece
        pieces += struct.pack(">I", zlib.crc32(b"IDAT" + piece))
    write(PNG, "many-idat.png", plain[:at] + pieces + plain[at + 12 + length:])
    write(PNG, "cut-off.png", plain[:len(plain) - 30])
    bad = bytearray(plain)
    bad[at + 10] ^= 0x55
    write(PNG, "idat-crc.png", bytes(bad))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("npy", "png"):
        {"npy": npy, "png": png}[sys.argv[1]]()
    else:
        main()
        npy()
        png()
