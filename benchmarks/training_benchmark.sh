#!/usr/bin/env bash
# Training speed against PyTorch Python (issue 7): images per second of
# training steps (forward, loss, backward, Adam amsgrad) at 256x256, batch 8,
# resnet50 (multi-label BCE) and unet-efficientnet_b0 (cross-entropy + Dice),
# one fixed random batch, every core for both. Goal: at least 1.0x Python's rate
# (Python as written: NCHW tensors). Python with channels-last tensors, as
# Radlens trains on the CPU, is printed for reference.
#   benchmarks/training_benchmark.sh [BUILD_DIR] [STEPS]
set -euo pipefail
BUILD=${1:-build}; STEPS=${2:-5}
THREADS=$(nproc)
py() { /usr/bin/python3 "$@"; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
# Images per second of the PyTorch peer: peer_rate ARCH [channels_last]
peer_rate() {
  (cd benchmarks && py training_steps.py "$1" 8 256 "$THREADS" "$STEPS" ${2:-}) |
    py -c "import json,sys; print(json.load(sys.stdin)['images_per_s'])"
}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '%-22s %6s %14s %14s %8s %16s\n' network batch radlens_img_s python_img_s ratio python_cl_img_s
for arch in resnet50 unet-efficientnet_b0; do
  classes=a,b,c,d,e,f,g,h; [[ $arch == unet* ]] && classes=background,lesion
  py - "$arch" "$TMP" <<'PY'
import sys, torch
sys.path.insert(0, "benchmarks")
import peer_models
arch, tmp = sys.argv[1], sys.argv[2]
seg = arch.startswith("unet")
torch.manual_seed(0)
net = peer_models.make(arch, 2 if seg else 8)
state = net.state_dict()
if seg:  # our U-Net's names: torchvision's features.* in the encoder, smp's decoder
    def rename(k):
        if k.startswith("encoder."):
            return "features." + k[len("encoder."):]
        if k.startswith("blocks."):
            return "decoder." + k
        return k.replace("head.", "segmentation_head.0.", 1)
    state = {rename(k): v for k, v in state.items()}
torch.save(state, f"{tmp}/w.pth")
torch.save(torch.randn(8, 3, 256, 256), f"{tmp}/x.pt")
torch.save((torch.rand(8, 256, 256) > 0.9).long() if seg else (torch.rand(8, 8) > 0.7).float(),
           f"{tmp}/y.pt")
PY
  rm -rf "$TMP/b"
  "$BUILD/app/radlens-cli" model import --arch "$arch" --weights "$TMP/w.pth" --classes "$classes" \
    -o "$TMP/b" >/dev/null
  ours=$("$BUILD/app/radlens-cli" model train-steps "$TMP/b" --input "$TMP/x.pt" --target "$TMP/y.pt" \
    --steps $((STEPS + 1)) --json | py -c "
import json,sys; s=json.load(sys.stdin)['step_seconds'][1:]; s.sort(); print(round(8/s[len(s)//2],2))")
  theirs=$(peer_rate "$arch")
  theirs_cl=$(peer_rate "$arch" channels_last)
  printf '%-22s %6s %14s %14s %8s %16s\n' "$arch" 8 "$ours" "$theirs" \
    "$(py -c "print(f'{$ours/$theirs:.2f}x')")" "$theirs_cl"
done
