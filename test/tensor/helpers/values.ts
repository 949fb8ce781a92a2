// Reading tensors back as plain numbers, and comparing them with hand-computed values.
import assert from 'node:assert/strict';
import { Tensor } from '../../../src/tensor/tensor.ts';

/** The elements of t in row-major order as numbers (int64 through Number, bool as 0/1). */
export function values(t: Tensor): number[] {
  return Array.from(t.data() as ArrayLike<number | bigint>, (v) => Number(v));
}

type Numbers = Tensor | ArrayLike<number> | number;

function flat(x: Numbers): number[] {
  if (x instanceof Tensor) return values(x);
  if (typeof x === 'number') return [x];
  return Array.from(x);
}

/**
 * Asserts |actual − expected| ≤ tolerance · max(1, |expected|) elementwise (NaN equals NaN).
 * A tensor's shape is checked too when `shape` is given.
 */
export function assertClose(actual: Numbers, expected: Numbers, tolerance = 1e-6, message = ''): void {
  const a = flat(actual);
  const e = flat(expected);
  assert.equal(a.length, e.length, `${message} length: ${a.length} vs ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, e[i]!];
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (x === y) continue;
    const ok = Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(y));
    assert.ok(ok, `${message} element ${i}: ${x} vs expected ${y} (tolerance ${tolerance})\nactual   ${a.slice(0, 24).join(', ')}\nexpected ${e.slice(0, 24).join(', ')}`);
  }
}

/** Asserts shape, dtype and exact elements. */
export function assertTensor(t: Tensor, shape: readonly number[], expected: ArrayLike<number>, dtype?: Tensor['dtype']): void {
  assert.deepEqual([...t.shape], [...shape], 'shape');
  if (dtype !== undefined) assert.equal(t.dtype, dtype, 'dtype');
  assert.deepEqual(values(t), Array.from(expected));
}
