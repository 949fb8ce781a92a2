// Shared by the nn tests: reading the PyTorch fixture, whose large weights are stored as F16.
import type { SafetensorsTensor } from '../../src/util/safetensors-dtype.ts';

/** IEEE 754 half-precision bit patterns to float32 (exact: every half is a float32). */
export function halfToFloat(bits: Uint16Array): Float32Array {
  return Float32Array.from(bits, (h) => {
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    if (exponent === 0) return sign * fraction * 2 ** -24;
    if (exponent === 31) return fraction ? Number.NaN : sign * Infinity;
    return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  });
}

/** The same entries with F16 upcast to F32 (reid's state dicts hold float32/float64). */
export function upcastHalves(tensors: Record<string, SafetensorsTensor>): Record<string, SafetensorsTensor> {
  const out: Record<string, SafetensorsTensor> = {};
  for (const [name, t] of Object.entries(tensors)) {
    out[name] = t.dtype === 'F16' ? { dtype: 'F32', shape: t.shape, data: halfToFloat(t.data) } : t;
  }
  return out;
}
