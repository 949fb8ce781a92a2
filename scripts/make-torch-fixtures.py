#!/usr/bin/env python3
"""Writes the PyTorch reference fixtures of reid's engine tests, once; the outputs are committed.

  test/fixtures/torch-embedding-net.safetensors
      The state dict of the small EmbeddingNet (arch 'small', dim 32) built in PyTorch with reid's
      layer names, plus "test.input" (4x1x28x28) and "test.output" (the model's output on it in
      eval mode). Weight matrices and kernels are stored as F16 (rounded in PyTorch before the
      output is computed, so the output is exact for them) to keep the file under 200 KB; the
      BatchNorm vectors are F32 and num_batches_tracked I64, as PyTorch keeps them.
  test/fixtures/torch-optim.json
      A few steps of torch.optim.SGD / Adam / AdamW on a tiny float64 quadratic, with parameter
      groups, as reference trajectories.

Needs only PyTorch (Debian's python3-torch 1.13 works):  /usr/bin/python3 scripts/make-torch-fixtures.py
The safetensors file is written with plain struct/json (the `safetensors` module is not needed),
following the format: u64 little-endian header length N, N bytes of JSON padded with spaces to a
multiple of 8, then the tensors back to back in C order.
"""
import json
import struct
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

FIXTURES = Path(__file__).resolve().parent.parent / "test" / "fixtures"


# ---- the small EmbeddingNet, mirroring src/nn/models/embedding-net.ts -------------------------

class AdaptiveConcatPool2d(nn.Module):
    """fastai's: [max, avg] pooled to 1x1, concatenated on channels."""

    def forward(self, x):
        return torch.cat([F.adaptive_max_pool2d(x, 1), F.adaptive_avg_pool2d(x, 1)], 1)


class L2Normalize(nn.Module):
    def forward(self, x):
        return F.normalize(x, dim=1)


def conv_bn_relu(i, o):
    return [nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU()]


def embedding_net(dim, in_channels=1):
    body = nn.Sequential(
        *conv_bn_relu(in_channels, 32), *conv_bn_relu(32, 32), nn.MaxPool2d(2),
        *conv_bn_relu(32, 64), *conv_bn_relu(64, 64), nn.MaxPool2d(2),
    )
    head = nn.Sequential(
        AdaptiveConcatPool2d(), nn.Flatten(), nn.BatchNorm1d(128), nn.Dropout(0.25),
        nn.Linear(128, dim, bias=False), L2Normalize(),
    )
    return nn.Sequential(body, head)


# ---- safetensors by hand ----------------------------------------------------------------------

DTYPES = {torch.float16: "F16", torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}
# Python's safetensors orders tensors by descending dtype rank (alignment), then by name.
RANK = {"F16": 7, "F32": 11, "F64": 12, "I64": 13}


def write_safetensors(path, tensors, metadata):
    entries = sorted(tensors.items(), key=lambda kv: (-RANK[DTYPES[kv[1].dtype]], kv[0]))
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, t in entries:
        blob = t.detach().contiguous().cpu().numpy().tobytes()  # numpy writes host order; x86/arm are LE
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def make_embedding_net():
    torch.manual_seed(0)
    model = embedding_net(dim=32)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
        # Three training-mode passes give the running statistics (and num_batches_tracked = 3) real values.
        model.train()
        for _ in range(3):
            model(torch.rand(16, 1, 28, 28) * 2 - 0.5)
        for name, p in model.named_parameters():
            if p.dim() >= 2:
                p.copy_(p.half().float())  # exactly what the F16 file holds
    model.eval()
    x = torch.rand(4, 1, 28, 28)
    with torch.no_grad():
        y = model(x)
    tensors = {}
    for name, t in model.state_dict().items():
        tensors[name] = t.half() if t.dim() >= 2 else t
    tensors["test.input"] = x
    tensors["test.output"] = y
    path = FIXTURES / "torch-embedding-net.safetensors"
    write_safetensors(path, tensors, {
        "generator": "scripts/make-torch-fixtures.py",
        "torch": torch.__version__,
        "model": "EmbeddingNet arch=small dim=32 inChannels=1",
    })
    print(f"wrote {path} ({path.stat().st_size} bytes)")


# ---- optimiser trajectories -------------------------------------------------------------------

# loss = sum(0.5·a·p1² + b·p1) + sum(0.5·c·(p2 − t)²), in float64
QUADRATIC = {
    "a": [1.0, 3.0, 0.5],
    "b": [0.5, -1.0, 0.25],
    "c": [[2.0, 0.5], [1.0, 4.0]],
    "t": [[1.0, -2.0], [0.5, 3.0]],
    "p1": [1.0, -0.5, 2.0],
    "p2": [[0.0, 1.0], [-1.0, 0.5]],
}
STEPS = 6

CASES = [
    ("sgd", "SGD", {"lr": 0.1}, None),
    ("sgd-momentum-wd", "SGD", {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.01}, None),
    ("sgd-nesterov", "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.05}, None),
    ("sgd-dampening", "SGD", {"lr": 0.1, "momentum": 0.8, "dampening": 0.3}, None),
    ("sgd-groups", "SGD", {"lr": 0.1, "momentum": 0.9}, [{"lr": 0.02}, {"lr": 0.2, "momentum": 0.5}]),
    ("adam", "Adam", {"lr": 0.1}, None),
    ("adam-l2", "Adam", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}, None),
    ("adamw", "AdamW", {"lr": 0.1, "weight_decay": 0.1}, None),
    ("adamw-default-wd", "AdamW", {"lr": 0.01}, None),
    ("adam-groups", "Adam", {"lr": 0.1, "betas": (0.9, 0.999)}, [{"lr": 0.01}, {"lr": 0.3, "weight_decay": 0.05}]),
    ("adamw-groups", "AdamW", {"lr": 0.05, "weight_decay": 0.02}, [{}, {"lr": 0.2, "weight_decay": 0.5}]),
]


def quadratic_loss(p1, p2):
    q = {k: torch.tensor(v, dtype=torch.float64) for k, v in QUADRATIC.items() if k in "abct"}
    return (0.5 * q["a"] * p1 * p1 + q["b"] * p1).sum() + (0.5 * q["c"] * (p2 - q["t"]) ** 2).sum()


def trajectory(kind, options, groups):
    p1 = torch.tensor(QUADRATIC["p1"], dtype=torch.float64, requires_grad=True)
    p2 = torch.tensor(QUADRATIC["p2"], dtype=torch.float64, requires_grad=True)
    params = [p1, p2] if groups is None else [{"params": [p], **g} for p, g in zip([p1, p2], groups)]
    opt = getattr(torch.optim, kind)(params, **options)
    out = []
    for _ in range(STEPS):
        opt.zero_grad()
        quadratic_loss(p1, p2).backward()
        opt.step()
        out.append({"p1": p1.detach().tolist(), "p2": p2.detach().flatten().tolist()})
    return out


def make_optim():
    cases = []
    for name, kind, options, groups in CASES:
        cases.append({
            "name": name,
            "optimizer": kind,
            "options": {k: list(v) if isinstance(v, tuple) else v for k, v in options.items()},
            "groups": groups,
            "trajectory": trajectory(kind, options, groups),
        })
    doc = {
        "generator": "scripts/make-torch-fixtures.py",
        "torch": torch.__version__,
        "loss": "sum(0.5*a*p1^2 + b*p1) + sum(0.5*c*(p2 - t)^2), float64; groups[i] holds param i (p1, p2)",
        "quadratic": QUADRATIC,
        "cases": cases,
    }
    path = FIXTURES / "torch-optim.json"
    # One line per top-level key and per case: readable diffs without a 1,000-line file.
    lines = [f" {json.dumps(k)}: {json.dumps(v)}" for k, v in doc.items() if k != "cases"]
    lines.append(' "cases": [\n' + ",\n".join(f"  {json.dumps(c)}" for c in cases) + "\n ]")
    path.write_text("{\n" + ",\n".join(lines) + "\n}\n")
    print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    FIXTURES.mkdir(parents=True, exist_ok=True)
    make_embedding_net()
    make_optim()
