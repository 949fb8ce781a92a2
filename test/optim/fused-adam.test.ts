// The fused Adam/AdamW step (one native call, native/src/optim.cc) gives bit-identical parameters
// and moments to the op-by-op update it replaced, for both weight-decay modes and with a parameter
// that has no gradient, at whatever thread count the runner uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Adam, AdamW, type AdamOptions } from '../../src/optim/index.ts';
import { noGrad } from '../../src/tensor/grad-mode.ts';
import { manualSeed, mul, randn, sum, tidy, type Tensor } from '../../src/tensor/index.ts';

/** The same optimiser, stepping each parameter through update() (the JS op-by-op path). */
function opByOp<T extends Adam>(base: T): T {
  const stepper = base as unknown as { update(p: Tensor, g: Tensor, o: AdamOptions): void; stepCount: number };
  base.step = () => {
    stepper.stepCount++;
    noGrad(() => {
      for (const group of base.groups) for (const p of group.params) tidy(() => {
        const g = p.grad;
        if (g) stepper.update(p, g, group.options);
      });
    });
  };
  return base;
}

function run(make: (params: Tensor[]) => Adam, fused: boolean): number[][] {
  manualSeed(3);
  // Sizes on both sides of ATen's parallel grain (32,768 elements), and one left without a gradient.
  const params = [randn([40000]), randn([7, 5]), randn([3]), randn([300])].map((t) => t.setRequiresGrad());
  const inputs = params.map((p) => randn(p.shape));
  const optimizer = fused ? make(params) : opByOp(make(params));
  for (let step = 0; step < 4; step++) {
    optimizer.zeroGrad();
    tidy(() => {
      const losses = params.slice(0, 3).map((p, i) => sum(mul(mul(p, p), inputs[i]!)));
      for (const l of losses) l.backward();
    });
    optimizer.step();
  }
  const out = [...params.map((p) => Array.from(p.data() as Float32Array)), ...[...optimizer.stateTensors().values()].map((t) => Array.from(t.data() as Float32Array))];
  optimizer.dispose();
  for (const t of [...params, ...inputs]) t.dispose();
  return out;
}

for (const [name, make] of [
  ['AdamW (decoupled decay)', (ps: Tensor[]) => new AdamW(ps, { lr: 0.01, weightDecay: 0.05, beta2: 0.99, eps: 1e-5 })],
  ['Adam (L2 decay)', (ps: Tensor[]) => new Adam(ps, { lr: 0.003, weightDecay: 0.1 })],
  ['Adam (no decay, two groups)', (ps: Tensor[]) => new Adam([{ params: ps.slice(0, 2) }, { params: ps.slice(2), lr: 0.02, momentum: 0.8 }])],
] as const) {
  test(`fused ${name} step equals the op-by-op update bit for bit`, () => {
    const fused = run(make, true);
    const reference = run(make, false);
    assert.equal(fused.length, reference.length);
    fused.forEach((values, i) => assert.deepEqual(values, reference[i], `tensor ${i} differs`));
    assert.equal(fused.length, 4 + 2 * 3); // four parameters, moments only for the three with gradients
  });
}
