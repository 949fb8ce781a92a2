// Optimisers against torch.optim: trajectories recorded by scripts/make-torch-fixtures.py on a
// float64 quadratic, reproduced to 1e-10.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Adam, AdamW, SGD, type AdamOptions, type SgdOptions } from '../../src/optim/index.ts';
import { add, liveTensors, mul, square, sub, sum, tensor, tidy, type Tensor } from '../../src/tensor/index.ts';
import { assertClose } from '../tensor/helpers/values.ts';

interface TorchOptions {
  lr?: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weight_decay?: number;
  betas?: [number, number];
  eps?: number;
}
interface Case {
  name: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW';
  options: TorchOptions;
  groups: TorchOptions[] | null;
  trajectory: { p1: number[]; p2: number[] }[];
}
interface Fixture {
  quadratic: { a: number[]; b: number[]; c: number[][]; t: number[][]; p1: number[]; p2: number[][] };
  cases: Case[];
}

const fixture = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'torch-optim.json'), 'utf8')) as Fixture;
const q = fixture.quadratic;
const f64 = (v: number[] | number[][]) => tensor(v, undefined, { dtype: 'float64' });

/** torch.optim keyword arguments → reid's option names (beta1 is `momentum`). */
function reidOptions(o: TorchOptions): Partial<SgdOptions & AdamOptions> {
  const out: Partial<SgdOptions & AdamOptions> = {};
  if (o.lr !== undefined) out.lr = o.lr;
  if (o.momentum !== undefined) out.momentum = o.momentum;
  if (o.dampening !== undefined) out.dampening = o.dampening;
  if (o.nesterov !== undefined) out.nesterov = o.nesterov;
  if (o.weight_decay !== undefined) out.weightDecay = o.weight_decay;
  if (o.betas !== undefined) [out.momentum, out.beta2] = o.betas;
  if (o.eps !== undefined) out.eps = o.eps;
  return out;
}

function quadraticLoss(p1: Tensor, p2: Tensor): Tensor {
  const first = sum(add(mul(mul(mul(f64(q.a), 0.5), p1), p1), mul(f64(q.b), p1)));
  const second = sum(mul(mul(f64(q.c), 0.5), square(sub(p2, f64(q.t)))));
  return add(first, second);
}

for (const c of fixture.cases) {
  test(`${c.optimizer} matches torch.optim.${c.optimizer} (${c.name})`, () => {
    const before = liveTensors();
    const p1 = f64(q.p1).setRequiresGrad();
    const p2 = f64(q.p2).setRequiresGrad();
    const defaults = reidOptions(c.options);
    const params = c.groups === null ? [p1, p2] : [p1, p2].map((p, i) => ({ params: [p], ...reidOptions(c.groups![i]!) }));
    const optimizer = c.optimizer === 'SGD' ? new SGD(params, defaults) : c.optimizer === 'Adam' ? new Adam(params, defaults) : new AdamW(params, defaults);
    c.trajectory.forEach((expected, step) => {
      optimizer.zeroGrad();
      tidy(() => quadraticLoss(p1, p2).backward());
      optimizer.step();
      assertClose(p1, expected.p1, 1e-10, `${c.name} step ${step + 1} p1`);
      assertClose(p2, expected.p2, 1e-10, `${c.name} step ${step + 1} p2`);
    });
    assert.equal(optimizer.steps, c.trajectory.length);
    optimizer.dispose();
    p1.dispose();
    p2.dispose();
    assert.equal(liveTensors(), before);
  });
}
