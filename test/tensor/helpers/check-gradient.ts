// Gradient check: autograd's gradient of a function against central finite differences,
// in float64. The output is reduced with fixed pseudo-random weights (sum(out ⊙ w)), so every
// output element takes part and a wrong sign or transposed gradient cannot cancel out.
import assert from 'node:assert/strict';
import { tensor } from '../../../src/tensor/creation.ts';
import { mul } from '../../../src/tensor/elementwise.ts';
import { noGrad } from '../../../src/tensor/grad-mode.ts';
import { tidy } from '../../../src/tensor/memory.ts';
import { sum } from '../../../src/tensor/reduction.ts';
import type { Tensor } from '../../../src/tensor/tensor.ts';
import { Random } from '../../../src/util/random.ts';

export interface GradientCheckOptions {
  /** Finite-difference step (default 1e-6). */
  step?: number;
  /** Largest accepted relative error ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖) per input (default 1e-6). */
  tolerance?: number;
  /** Seed of the output weights (default 1). */
  seed?: number;
}

const norm = (v: readonly number[]): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

/**
 * Checks the gradient of fn with respect to each of inputs (float64 tensors, not modified).
 * Non-differentiable arguments (targets, indices) belong in fn's closure. Returns the
 * relative error per input; throws an AssertionError when one exceeds the tolerance.
 */
export function checkGradient(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradientCheckOptions = {}): number[] {
  const step = options.step ?? 1e-6;
  const tolerance = options.tolerance ?? 1e-6;
  for (const [i, t] of inputs.entries()) assert.equal(t.dtype, 'float64', `checkGradient: input ${i} must be float64`);
  const data = inputs.map((t) => Float64Array.from(t.data() as Float64Array));
  const shapes = inputs.map((t) => [...t.shape]);

  return tidy(() => {
    const leaves = data.map((d, i) => tensor(d, shapes[i]).setRequiresGrad(true));
    const out = fn(...leaves);
    const random = new Random(options.seed ?? 1);
    const weights = tensor(Float64Array.from({ length: out.numel }, () => random.uniform(-1, 1)), [...out.shape]);
    const objective = (...xs: Tensor[]): number => noGrad(() => tidy(() => sum(mul(fn(...xs), weights)).item()));
    sum(mul(out, weights)).backward();
    const analytic = leaves.map((leaf) => {
      const g = leaf.grad;
      assert.ok(g, 'checkGradient: an input received no gradient');
      return Array.from(g.data() as Float64Array);
    });

    return data.map((d, which) => {
      const numeric: number[] = [];
      for (let k = 0; k < d.length; k++) {
        const at = (delta: number): number => tidy(() => {
          const moved = Float64Array.from(d);
          moved[k]! += delta;
          return objective(...data.map((other, i) => tensor(i === which ? moved : other, shapes[i])));
        });
        numeric.push((at(step) - at(-step)) / (2 * step));
      }
      const a = analytic[which]!;
      const scale = Math.max(norm(a), norm(numeric));
      const error = scale === 0 ? 0 : norm(a.map((x, k) => x - numeric[k]!)) / scale;
      assert.ok(error < tolerance, `checkGradient: input ${which} relative error ${error.toExponential(2)} ≥ ${tolerance}\nanalytic ${a.slice(0, 8).join(', ')}\nnumeric  ${numeric.slice(0, 8).join(', ')}`);
      return error;
    });
  });
}

/** float64 values in [-1, 1) from a seed, all distinct by at least `gap` (keeps max-pooling away from ties). */
export function distinctValues(count: number, seed: number, gap = 1e-3): Float64Array {
  const random = new Random(seed);
  const levels = random.shuffle(Array.from({ length: count }, (_, i) => i));
  const span = Math.max(2, gap * count);
  return Float64Array.from(levels, (level) => -span / 2 + level * (span / count) + random.uniform(0, 0.1) * (span / count));
}
