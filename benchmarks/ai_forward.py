#!/usr/bin/python3
"""The peer: the same network in PyTorch Python eager (Debian python3-torch and
torchvision; segmentation decoder written like segmentation_models'), eval,
inference_mode, same thread count. One JSON line.
    ai_forward.py ARCH BATCH SIZE THREADS RUNS [channels_last]"""
import json
import sys
import time

import torch

import peer_models

arch, batch, size, threads, runs = sys.argv[1], *map(int, sys.argv[2:6])
channels_last = len(sys.argv) > 6 and sys.argv[6] == "channels_last"
torch.set_num_threads(threads)
torch.manual_seed(0)


model = peer_models.make(arch, 4).eval()
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
