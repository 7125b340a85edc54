#!/usr/bin/env bash
# Renders the PNG sizes of the Radlens icon from radlens.svg (librsvg2-bin).
# Run after changing the SVG; the PNGs are committed so builds need no renderer.
set -euo pipefail
cd "$(dirname "$0")"
for s in 16 22 24 32 48 64 128 256 512; do
  rsvg-convert -w "$s" -h "$s" radlens.svg -o "radlens-$s.png"
done
# radlens.ico for the Windows installer: PNG images in an ICO container.
python3 - <<'PY'
import struct
sizes = [16, 24, 32, 48, 64, 128, 256]
images = [open(f"radlens-{s}.png", "rb").read() for s in sizes]
out = struct.pack("<HHH", 0, 1, len(sizes))
offset = 6 + 16 * len(sizes)
for s, data in zip(sizes, images):
    out += struct.pack("<BBBBHHII", s % 256, s % 256, 0, 0, 1, 32, len(data), offset)
    offset += len(data)
open("radlens.ico", "wb").write(out + b"".join(images))
PY
