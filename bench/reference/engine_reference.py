#!/usr/bin/env python3
"""PyTorch side of bench/engine.ts: the same small EmbeddingNet, timed step by step on request.

Protocol (one JSON object per line): the script answers {"ready": true, "torch": ..., "threads": n}
(or {"error": ...} when torch cannot be imported), then for each command line on stdin:
  {"cmd": "train", "batch": B, "steps": k, "channelsLast": bool}    -> {"times": [seconds per step]}
  {"cmd": "forward", "batch": B, "iters": k, "channelsLast": bool}  -> {"times": [seconds per pass]}
  {"cmd": "quit"}
Staying alive between commands lets bench/engine.ts alternate reid and PyTorch rounds.
Run with Debian's interpreter: /usr/bin/python3 bench/reference/engine_reference.py --threads N
"""
import argparse
import json
import sys
import time


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except Exception as error:  # noqa: BLE001 - any import failure means "no reference"
    reply({"error": f"import torch failed: {error}"})
    sys.exit(0)


class AdaptiveConcatPool2d(nn.Module):
    def forward(self, x):
        return torch.cat([F.adaptive_max_pool2d(x, 1), F.adaptive_avg_pool2d(x, 1)], 1)


class L2Normalize(nn.Module):
    def forward(self, x):
        return F.normalize(x, dim=1)


def conv_bn_relu(i, o):
    return [nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU()]


def embedding_net(dim=128):
    body = nn.Sequential(
        *conv_bn_relu(1, 32), *conv_bn_relu(32, 32), nn.MaxPool2d(2),
        *conv_bn_relu(32, 64), *conv_bn_relu(64, 64), nn.MaxPool2d(2),
    )
    head = nn.Sequential(
        AdaptiveConcatPool2d(), nn.Flatten(), nn.BatchNorm1d(128), nn.Dropout(0.25),
        nn.Linear(128, dim, bias=False), L2Normalize(),
    )
    return nn.Sequential(body, head)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, required=True)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = embedding_net()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    inputs = {}

    def data(batch, channels_last):
        key = (batch, channels_last)
        if key not in inputs:
            x = torch.rand(batch, 1, 28, 28)
            if channels_last:
                x = x.contiguous(memory_format=torch.channels_last)
            inputs[key] = (x, torch.randn(batch, 128))
        return inputs[key]

    def train(batch, steps, channels_last):
        model.train()
        x, target = data(batch, channels_last)
        times = []
        for _ in range(steps):
            start = time.perf_counter()
            optimizer.zero_grad(set_to_none=True)
            loss = ((model(x) - target) ** 2).mean()
            loss.backward()
            optimizer.step()
            loss.item()
            times.append(time.perf_counter() - start)
        return times

    def forward(batch, iters, channels_last):
        model.eval()
        x, _ = data(batch, channels_last)
        times = []
        with torch.no_grad():
            for _ in range(iters):
                start = time.perf_counter()
                model(x).sum().item()
                times.append(time.perf_counter() - start)
        model.train()
        return times

    reply({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()})
    for line in sys.stdin:
        command = json.loads(line)
        if command["cmd"] == "quit":
            break
        if command["cmd"] == "train":
            reply({"times": train(command["batch"], command["steps"], command.get("channelsLast", False))})
        elif command["cmd"] == "forward":
            reply({"times": forward(command["batch"], command["iters"], command.get("channelsLast", False))})
        else:
            reply({"error": f"unknown command {command['cmd']}"})


if __name__ == "__main__":
    main()
