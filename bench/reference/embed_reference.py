#!/usr/bin/env python3
"""PyTorch side of bench/gallery.ts: embedding throughput of the small EmbeddingNet and exact k-NN
search by one matrix product, timed on request, the way reid's embedPixels and ExactIndex do them.

Protocol (one JSON object per line): the script answers {"ready": true, "torch": ..., "threads": n}
(or {"error": ...} when torch cannot be imported), then for each command line on stdin:
  {"cmd": "embed", "batch": B, "iters": k}      -> {"times": [...]}  uint8 pixels -> normalised -> eval forward -> numpy
  {"cmd": "gallery", "size": N, "dim": D, "seed": s} -> {"seconds": t}  N random unit vectors, stored D x N
  {"cmd": "search", "queries": q, "k": k}       -> {"times": [...]}  one query at a time against the gallery
  {"cmd": "quit"}
Staying alive between commands lets bench/gallery.ts alternate reid and PyTorch rounds. The model
has untrained weights: speed does not depend on their values.
Run with Debian's interpreter: /usr/bin/python3 bench/reference/embed_reference.py --threads N
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
    import torch.nn.functional as F
except Exception as error:  # noqa: BLE001 - any import failure means "no reference"
    reply({"error": f"import torch failed: {error}"})
    sys.exit(0)

# MNIST normalisation, as in reid's glyph preprocessing (model.json "preprocessing").
MEAN, STD = 0.1307, 0.3081


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_reference import embedding_net  # noqa: E402 - the one definition of the reference network


def unit_vectors(count, dim, generator):
    x = torch.randn(count, dim, generator=generator)
    return F.normalize(x, dim=1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, required=True)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = embedding_net().eval()
    pixels = {}
    state = {"matrix_t": None, "dim": 0}

    def images(batch):
        if batch not in pixels:
            pixels[batch] = torch.randint(0, 256, (batch, 1, 28, 28), dtype=torch.uint8).numpy()
        return pixels[batch]

    def embed(batch, iters):
        u8 = images(batch)
        times = []
        with torch.no_grad():
            for _ in range(iters):
                start = time.perf_counter()
                model(torch.from_numpy(u8).float().div_(255).sub_(MEAN).div_(STD)).numpy()
                times.append(time.perf_counter() - start)
        return times

    def gallery(size, dim, seed):
        state["matrix_t"] = None  # free the previous gallery first: 1M x 128 is 512 MB
        start = time.perf_counter()
        generator = torch.Generator().manual_seed(seed)
        state["matrix_t"] = unit_vectors(size, dim, generator).t().contiguous()
        state["dim"] = dim
        return time.perf_counter() - start

    def search(queries, k):
        matrix_t, dim = state["matrix_t"], state["dim"]
        probes = unit_vectors(queries, dim, torch.Generator().manual_seed(12345)).numpy()
        kk = min(k, matrix_t.shape[1])
        times = []
        with torch.no_grad():
            for row in range(queries):
                start = time.perf_counter()
                sims = torch.from_numpy(probes[row:row + 1]) @ matrix_t
                best = torch.topk(sims, kk, dim=1)
                best.indices.int().numpy()
                (2 - 2 * best.values).clamp_min(0).sqrt().numpy()
                times.append(time.perf_counter() - start)
        return times

    reply({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()})
    for line in sys.stdin:
        command = json.loads(line)
        cmd = command["cmd"]
        if cmd == "quit":
            break
        try:
            if cmd == "embed":
                reply({"times": embed(command["batch"], command["iters"])})
            elif cmd == "gallery":
                reply({"seconds": gallery(command["size"], command["dim"], command.get("seed", 0))})
            elif cmd == "search":
                if state["matrix_t"] is None:
                    reply({"error": "search before gallery"})
                else:
                    reply({"times": search(command["queries"], command["k"])})
            else:
                reply({"error": f"unknown command {cmd}"})
        except Exception as error:  # noqa: BLE001 - report, keep serving
            reply({"error": f"{cmd} failed: {error}"})


if __name__ == "__main__":
    main()
