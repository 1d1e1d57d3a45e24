"""The two Fashion-MNIST networks of the shared activation corpus
(../shared/data/README.md, "Networks"), for `python3 -m cdma.torch.profile
vgg|resnet`: same layers and shapes, so a profile lines up with the dumps
of ../shared/data/<net>/<stage>. Weights are torch's seeded defaults; only
the shapes matter for timing.
"""

import torch
from torch import nn
import torch.nn.functional as F

# Fashion-MNIST zero-padded to 32x32, one grey channel.
INPUT_SHAPE = (1, 32, 32)


class VGGStyle(nn.Module):
    """Three blocks of two 3x3 conv + ReLU and a 2x2 max-pool (16/32/64
    channels), FC 1024->256 and 256->256 with ReLU and dropout, then the
    256->10 classifier."""

    def __init__(self):
        super().__init__()
        convs, cin = [], INPUT_SHAPE[0]
        for width in (16, 32, 64):
            convs += [nn.Conv2d(cin, width, 3, padding=1), nn.Conv2d(width, width, 3, padding=1)]
            cin = width
        self.convs = nn.ModuleList(convs)
        self.fc1 = nn.Linear(cin * 4 * 4, 256)
        self.fc2 = nn.Linear(256, 256)
        self.classifier = nn.Linear(256, 10)
        self.drop = nn.Dropout(0.5)

    def forward(self, x):
        for block in range(3):
            x = F.relu(self.convs[2 * block](x))
            x = F.relu(self.convs[2 * block + 1](x))
            x = F.max_pool2d(x, 2)
        x = torch.flatten(x, 1)
        x = self.drop(F.relu(self.fc1(x)))
        x = self.drop(F.relu(self.fc2(x)))
        return self.classifier(x)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + (x if self.short is None else self.short(x)))


class ResNetStyle(nn.Module):
    """CIFAR-style ResNet-14: a 3x3 stem (16 channels), three stages of two
    basic blocks (16/32/64, stride 2 and a 1x1 conv shortcut entering stages
    2 and 3), global average pooling, a 64->10 classifier."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(INPUT_SHAPE[0], 16, 3, padding=1, bias=False)
        self.stem_bn = nn.BatchNorm2d(16)
        blocks, cin = [], 16
        for stage, width in enumerate((16, 32, 64)):
            for i in range(2):
                blocks.append(BasicBlock(cin, width, 2 if stage > 0 and i == 0 else 1))
                cin = width
        self.blocks = nn.Sequential(*blocks)
        self.classifier = nn.Linear(cin, 10)

    def forward(self, x):
        x = F.relu(self.stem_bn(self.stem(x)))
        x = self.blocks(x)
        return self.classifier(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


NETS = {"vgg": VGGStyle, "resnet": ResNetStyle}
