#!/usr/bin/env python3
"""numpy side of bench/gallery.ts: exact k-NN by brute force (‖g‖² − 2 g·q, then argpartition),
the plain reference for reid's blocked ExactIndex. float32 throughout, BLAS threads as asked.

Protocol (one JSON object per line): {"ready": true, "torch": "numpy <version>"} first, then
  {"cmd": "load", "path": P, "count": N, "dim": D}   -> {"seconds": t}   raw float32 N×D rows (file written by the bench)
  {"cmd": "search", "path": Q, "count": q, "k": k, "batch": b} -> {"times": [...], "indices": [[...]...]}
        q queries from raw float32 file Q, b at a time (b = 1: one query per call); times per call
  {"cmd": "quit"}
Run with Debian's interpreter: /usr/bin/python3 bench/reference/exact_reference.py --threads N
"""
import argparse
import json
import os
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=1)
args = parser.parse_args()
# BLAS reads these when numpy loads.
for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[name] = str(args.threads)


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


try:
    import numpy as np
except Exception as error:  # noqa: BLE001 - any import failure means "no reference"
    reply({"error": f"import numpy failed: {error}"})
    sys.exit(0)

reply({"ready": True, "torch": f"numpy {np.__version__}"})
gallery = None
sq_norms = None
for line in sys.stdin:
    command = json.loads(line)
    try:
        if command["cmd"] == "quit":
            break
        if command["cmd"] == "load":
            start = time.perf_counter()
            gallery = np.fromfile(command["path"], dtype=np.float32, count=command["count"] * command["dim"]).reshape(command["count"], command["dim"])
            sq_norms = np.einsum("ij,ij->i", gallery, gallery)
            reply({"seconds": time.perf_counter() - start})
        elif command["cmd"] == "search":
            queries = np.fromfile(command["path"], dtype=np.float32).reshape(-1, gallery.shape[1])[: command["count"]]
            k, batch = command["k"], command["batch"]
            times, found = [], []
            for at in range(0, len(queries), batch):
                q = queries[at : at + batch]
                start = time.perf_counter()
                partial = sq_norms[None, :] - 2.0 * (q @ gallery.T)
                top = np.argpartition(partial, k - 1, axis=1)[:, :k]
                order = np.take_along_axis(partial, top, axis=1).argsort(axis=1)
                best = np.take_along_axis(top, order, axis=1)
                times.append((time.perf_counter() - start) / len(q))
                found.extend(best.tolist())
            reply({"times": times, "indices": found})
        else:
            reply({"error": f"unknown command {command['cmd']}"})
    except Exception as error:  # noqa: BLE001 - reported to the bench, which stops
        reply({"error": str(error)})
