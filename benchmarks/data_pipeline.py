#!/usr/bin/python3
"""The PyTorch peer of data_pipeline.cpp (issue 17): torch's DataLoader with
WORKERS worker processes, PIL decoding each PNG, torchvision transforms doing
what Radlens' pipeline does (resize to twice the training side, a random
rotation, a horizontal flip, a random square crop of 75-100 % of the side
resized to SIZE, to a tensor). One JSON line.
    data_pipeline.py FOLDER WORKERS SIZE"""
import json
import os
import sys
import time

import torch
import torchvision.transforms as T
from PIL import Image


class Files(torch.utils.data.Dataset):
    def __init__(self, files, size):
        self.files = files
        self.transform = T.Compose([
            T.Resize(2 * size),
            T.RandomRotation(180, interpolation=T.InterpolationMode.BILINEAR),
            T.RandomHorizontalFlip(),
            T.RandomResizedCrop(size, scale=(0.5625, 1.0), ratio=(1.0, 1.0)),
            T.ToTensor(),
        ])

    def __len__(self):
        return len(self.files)

    def __getitem__(self, i):
        return self.transform(Image.open(self.files[i]).convert("L"))


def main():
    folder, workers, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".png"))
    torch.manual_seed(0)
    loader = torch.utils.data.DataLoader(Files(files, size), batch_size=16,
                                         num_workers=workers, shuffle=False)
    t0 = time.perf_counter()
    checksum = 0.0
    for batch in loader:
        checksum += float(batch.sum())
    seconds = time.perf_counter() - t0
    print(json.dumps({"images": len(files), "workers": workers, "size": size,
                      "seconds": round(seconds, 3),
                      "images_per_s": round(len(files) / seconds, 2), "checksum": checksum}))


if __name__ == "__main__":
    main()
