#!/usr/bin/env python3
"""Writes test/fixtures/python.safetensors with Python's own `safetensors` library, once.

The file is committed; tests compare reid's reader and writer against it and never need Python.
Rerun only to change the fixture:  python3 scripts/make-safetensors-fixture.py
(needs `pip install safetensors numpy`).
"""
from pathlib import Path

import numpy as np
import safetensors
from safetensors.numpy import save_file

OUT = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "python.safetensors"

tensors = {
    "weight": (np.arange(6, dtype=np.float32) / 7).reshape(2, 3),
    # Beyond 2**53, so a reader that goes through float64 would lose the low bits.
    "ids": np.array([2**40, -(2**40) - 1, 2**62 + 1], dtype=np.int64),
    "pixels": np.array([0, 1, 127, 255], dtype=np.uint8),
    "mask": np.array([[True, False], [False, True]], dtype=np.bool_),
    "half": np.array([1.0, -2.5, 65504.0], dtype=np.float16),
    "scale": np.array([1.0 / 3.0, -1e300], dtype=np.float64),
    "labels": np.array([-7, 0, 2**31 - 1], dtype=np.int32),
}
# One metadata entry only: the library writes metadata in hash order, so several keys would make
# the bytes differ from run to run, and the test checks the bytes.
metadata = {"source": f"safetensors {safetensors.__version__} via make-safetensors-fixture.py, café"}

OUT.parent.mkdir(parents=True, exist_ok=True)
save_file(tensors, str(OUT), metadata=metadata)
print(f"wrote {OUT} ({OUT.stat().st_size} bytes) with safetensors {safetensors.__version__}")
