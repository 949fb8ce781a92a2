import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Adam, AdamW, SGD } from '../../src/optim/index.ts';
import { liveTensors, square, sum, tensor, tidy, type Tensor } from '../../src/tensor/index.ts';
import { ArgumentError } from '../../src/util/errors.ts';
import { values } from '../tensor/helpers/values.ts';

const param = (v: number[]) => tensor(v, undefined, { dtype: 'float64' }).setRequiresGrad();
const backward = (...ps: Tensor[]) => tidy(() => {
  for (const p of ps) sum(square(p)).backward(); // gradient 2p each
});

test('parameter groups keep their own hyper-parameters; unset ones come from the defaults', () => {
  const a = param([1]);
  const b = param([1]);
  const sgd = new SGD([{ params: [a] }, { params: [b], lr: 0.25 }], { lr: 0.1 });
  assert.equal(sgd.groups[0]!.options.lr, 0.1);
  assert.equal(sgd.groups[1]!.options.lr, 0.25);
  assert.equal(sgd.groups[1]!.options.momentum, 0);
  backward(a, b);
  sgd.step();
  assert.deepEqual(values(a), [1 - 0.1 * 2]);
  assert.deepEqual(values(b), [1 - 0.25 * 2]);
  for (const t of [a, b]) t.dispose();
  sgd.dispose();
});

test('setHyper moves lr and momentum of every group (what schedules call)', () => {
  const adam = new Adam([{ params: [param([1])] }, { params: [param([2])], lr: 5 }]);
  adam.setHyper({ lr: 0.5, momentum: 0.8 });
  assert.ok(adam.groups.every((g) => g.options.lr === 0.5 && g.options.momentum === 0.8));
  adam.setHyper({ lr: 0.1 });
  assert.ok(adam.groups.every((g) => g.options.lr === 0.1 && g.options.momentum === 0.8));
  for (const g of adam.groups) for (const p of g.params) p.dispose();
});

test('a parameter without a gradient is left alone; zeroGrad clears gradients', () => {
  const a = param([1]);
  const b = param([1]);
  const sgd = new SGD([a, b], { lr: 0.1 });
  backward(a);
  sgd.step();
  assert.deepEqual(values(b), [1]);
  sgd.zeroGrad();
  assert.equal(a.grad, null);
  a.dispose();
  b.dispose();
});

test('a negative lr is an ArgumentError naming the optimiser', () => {
  const p = param([1]);
  assert.throws(() => new SGD([p], { lr: -1 }), (e: unknown) => e instanceof ArgumentError && /^SGD: /.test(e.message));
  assert.throws(() => new AdamW([{ params: [p], lr: Number.NaN }]), ArgumentError);
  p.dispose();
});

test('optimiser steps leave no temporaries behind; dispose frees the state', () => {
  const p = param([1, 2, 3]);
  const before = liveTensors();
  const opts = [new SGD([p], { momentum: 0.9, nesterov: true, weightDecay: 0.1 }), new Adam([p], { weightDecay: 0.1 }), new AdamW([p])];
  for (const opt of opts) {
    for (let i = 0; i < 3; i++) {
      backward(p);
      opt.step();
      opt.zeroGrad();
    }
  }
  assert.equal(liveTensors(), before + 1 + 2 + 2, 'one momentum buffer, two moment pairs');
  assert.deepEqual([...opts[0]!.stateTensors().keys()], ['0.momentum']);
  assert.deepEqual([...opts[1]!.stateTensors().keys()], ['0.m', '0.v']);
  for (const opt of opts) opt.dispose();
  assert.equal(liveTensors(), before);
  p.dispose();
});

test('Adam resumes exactly from stateTensors() and the step count', () => {
  const run = (resumeAt: number | null): number[] => {
    let p = param([1, -2]);
    let adam = new Adam([p], { lr: 0.1 });
    for (let step = 0; step < 6; step++) {
      if (step === resumeAt) {
        const saved = new Map([...adam.stateTensors()].map(([k, t]) => [k, t.clone()]));
        const q = param(values(p));
        adam.dispose();
        p.dispose();
        p = q;
        adam = new Adam([p], { lr: 0.1 });
        adam.loadStateTensors(saved, step);
        for (const t of saved.values()) t.dispose();
      }
      adam.zeroGrad();
      backward(p);
      adam.step();
    }
    const out = values(p);
    adam.dispose();
    p.dispose();
    return out;
  };
  assert.deepEqual(run(3), run(null));
});
