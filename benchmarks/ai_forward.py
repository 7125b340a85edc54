#!/usr/bin/python3
"""The peer: the same network in PyTorch Python eager (Debian python3-torch and
torchvision; segmentation decoder written like segmentation_models'), eval,
inference_mode, same thread count. One JSON line.
    ai_forward.py ARCH BATCH SIZE THREADS RUNS [channels_last]"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

arch, batch, size, threads, runs = sys.argv[1], *map(int, sys.argv[2:6])
channels_last = len(sys.argv) > 6 and sys.argv[6] == "channels_last"
torch.set_num_threads(threads)
torch.manual_seed(0)


class Block(nn.Module):
    def __init__(self, cin, skip, cout):
        super().__init__()
        def cbr(i, o):
            return nn.Sequential(nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o),
                                 nn.ReLU(inplace=True))
        self.conv1, self.conv2 = cbr(cin + skip, cout), cbr(cout, cout)

    def forward(self, x, skip=None):
        x = F.interpolate(x, scale_factor=2, mode="nearest")
        if skip is not None:
            x = torch.cat([x, skip], 1)
        return self.conv2(self.conv1(x))


class UNetEfficientNetB0(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.encoder = torchvision.models.efficientnet_b0().features[:8]
        chans, dec = [16, 24, 40, 112, 320], [256, 128, 64, 32, 16]
        cin, blocks = 320, []
        for i in range(5):
            skip = chans[3 - i] if i < 4 else 0
            blocks.append(Block(cin, skip, dec[i]))
            cin = dec[i]
        self.blocks = nn.ModuleList(blocks)
        self.head = nn.Conv2d(16, classes, 3, padding=1)

    def forward(self, x):
        feats = []
        for i, stage in enumerate(self.encoder):
            x = stage(x)
            if i in (1, 2, 3, 5, 7):
                feats.append(x)
        y = feats[4]
        for i, b in enumerate(self.blocks):
            y = b(y, feats[3 - i] if i < 4 else None)
        return self.head(y)


model = (UNetEfficientNetB0(4) if arch == "unet-efficientnet_b0"
         else getattr(torchvision.models, arch)(num_classes=4)).eval()
x = torch.randn(batch, 3, size, size)
if channels_last:
    model = model.to(memory_format=torch.channels_last)
    x = x.contiguous(memory_format=torch.channels_last)
with torch.inference_mode():
    model(x)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        model(x)
        times.append(time.perf_counter() - t0)
times.sort()
m = times[len(times) // 2]
print(json.dumps({"arch": arch, "batch": batch, "size": size, "threads": threads,
                  "channels_last": channels_last,
                  "median_s": round(m, 4), "per_image_s": round(m / batch, 4)}))
