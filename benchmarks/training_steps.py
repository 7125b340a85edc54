#!/usr/bin/python3
"""The peer for training speed: the same network in PyTorch Python eager,
train mode, Adam (amsgrad) and the loss Radlens uses (BCE for a multi-label
classifier; cross-entropy + soft Dice for a multi-class segmenter), on one
fixed random batch, same thread count. Prints one JSON line with the median
step time after a warm-up step. With "channels_last" the network and batch
are in that memory format (a reference: Radlens trains so on the CPU).
    training_steps.py ARCH BATCH SIZE THREADS STEPS [channels_last]"""
import json
import sys
import time

import torch
import torch.nn.functional as F

import peer_models

arch, batch, size, threads, steps = sys.argv[1], *map(int, sys.argv[2:6])
channels_last = sys.argv[6:7] == ["channels_last"]
torch.set_num_threads(threads)
torch.manual_seed(0)
segment = arch.startswith("unet")
classes = 2 if segment else 8
model = peer_models.make(arch, classes).train()
x = torch.randn(batch, 3, size, size)
if channels_last:
    model = model.to(memory_format=torch.channels_last)
    x = x.contiguous(memory_format=torch.channels_last)
if segment:
    y = (torch.rand(batch, size, size) > 0.9).long()
else:
    y = (torch.rand(batch, classes) > 0.7).float()
opt = torch.optim.Adam(model.parameters(), lr=1e-3, amsgrad=True)


def loss_of(out):
    if not segment:
        return F.binary_cross_entropy_with_logits(out, y)
    ce = F.cross_entropy(out, y)
    p = torch.softmax(out, 1)[:, 1:]
    t = F.one_hot(y, classes).permute(0, 3, 1, 2)[:, 1:].float()
    inter = (p * t).sum((0, 2, 3))
    dice = 1 - ((2 * inter + 1) / (p.sum((0, 2, 3)) + t.sum((0, 2, 3)) + 1)).mean()
    return ce + dice


times = []
for i in range(steps + 1):
    t0 = time.perf_counter()
    loss = loss_of(model(x))
    opt.zero_grad()
    loss.backward()
    opt.step()
    if i:
        times.append(time.perf_counter() - t0)
times.sort()
m = times[len(times) // 2]
print(json.dumps({"arch": arch, "batch": batch, "size": size, "threads": threads,
                  "channels_last": channels_last,
                  "median_step_s": round(m, 4), "images_per_s": round(batch / m, 2)}))
