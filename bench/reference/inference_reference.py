#!/usr/bin/env python3
"""PyTorch side of bench/inference.ts: eager eval-mode embedding of uint8 pixels (normalise ->
forward -> numpy) for the small CNN at 28x28 and the photo network at 128x128, timed on request.

Protocol (one JSON object per line): the script answers {"ready": true, "torch": ..., "threads": n}
(or {"error": ...} when torch cannot be imported), then for each command line on stdin:
  {"cmd": "embed", "arch": "small"|"photo", "batch": B, "iters": k}  -> {"times": [wall seconds per call], "cpu": [CPU seconds per call]}
  {"cmd": "quit"}
The networks mirror reid's EmbeddingNet (src/nn/models/embedding-net.ts, src/nn/layers/photo-body.ts)
with untrained weights: speed does not depend on their values.
Run with Debian's interpreter: /usr/bin/python3 bench/reference/inference_reference.py --threads N
"""
import argparse
import json
import os
import sys
import time


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


try:
    import torch
    import torch.nn as nn
except Exception as error:  # noqa: BLE001 - any import failure means "no reference"
    reply({"error": f"import torch failed: {error}"})
    sys.exit(0)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_reference import AdaptiveConcatPool2d, L2Normalize, embedding_net  # noqa: E402


class BasicBlock(nn.Module):
    def __init__(self, i, o, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(i, o, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(o)
        self.conv2 = nn.Conv2d(o, o, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(o)
        self.downsample = (nn.Sequential(nn.Conv2d(i, o, 1, stride=stride, bias=False), nn.BatchNorm2d(o))
                           if stride != 1 or i != o else None)

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu(out + (self.downsample(x) if self.downsample is not None else x))


def photo_net(dim=128, widths=(32, 64, 128, 256)):
    layers = [nn.Conv2d(3, widths[0], 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(widths[0]), nn.ReLU(),
              nn.MaxPool2d(3, stride=2, padding=1)]
    c = widths[0]
    for i, w in enumerate(widths):
        layers.append(nn.Sequential(BasicBlock(c, w, 2 if i > 0 else 1)))
        c = w
    head = nn.Sequential(AdaptiveConcatPool2d(), nn.Flatten(), nn.BatchNorm1d(2 * c), nn.Dropout(0.25),
                         nn.Linear(2 * c, dim, bias=False), L2Normalize())
    return nn.Sequential(nn.Sequential(*layers), head)


SHAPES = {"small": (1, 28, 28), "photo": (3, 128, 128)}
MEAN = {"small": [0.1307], "photo": [0.485, 0.456, 0.406]}
STD = {"small": [0.3081], "photo": [0.229, 0.224, 0.225]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, required=True)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    models = {"small": embedding_net().eval(), "photo": photo_net().eval()}
    pixels = {}

    def embed(arch, batch, iters):
        key = (arch, batch)
        if key not in pixels:
            pixels[key] = torch.randint(0, 256, (batch, *SHAPES[arch]), dtype=torch.uint8).numpy()
        u8 = pixels[key]
        mean = torch.tensor(MEAN[arch]).view(1, -1, 1, 1)
        std = torch.tensor(STD[arch]).view(1, -1, 1, 1)
        model = models[arch]
        times, cpu = [], []
        with torch.no_grad():
            for _ in range(iters):
                start, cpu_start = time.perf_counter(), time.process_time()
                model(torch.from_numpy(u8).float().div_(255).sub_(mean).div_(std)).numpy()
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - cpu_start)
        return times, cpu

    reply({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()})
    for line in sys.stdin:
        command = json.loads(line)
        cmd = command["cmd"]
        if cmd == "quit":
            break
        try:
            if cmd == "embed":
                times, cpu = embed(command["arch"], command["batch"], command["iters"])
                reply({"times": times, "cpu": cpu})
            else:
                reply({"error": f"unknown command {cmd}"})
        except Exception as error:  # noqa: BLE001 - report, keep serving
            reply({"error": f"{cmd} failed: {error}"})


if __name__ == "__main__":
    main()
