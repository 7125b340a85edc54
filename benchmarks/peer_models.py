"""The peer networks in PyTorch Python (torchvision; a U-Net decoder written like
segmentation_models'), shared by the benchmarks."""
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


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


def make(arch, classes):
    if arch == "unet-efficientnet_b0":
        return UNetEfficientNetB0(classes)
    return getattr(torchvision.models, arch)(num_classes=classes)
