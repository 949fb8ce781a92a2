import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cosineAnneal, exponentialAnneal, oneCycle } from '../../src/optim/index.ts';

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

test('oneCycle matches fastai\'s fit_one_cycle curve at hand-computed points', () => {
  const maxLr = 1e-2;
  const at = (pos: number) => oneCycle({ maxLr }, pos);
  // start: maxLr/div (div = 25), momentum 0.95
  close(at(0).lr, maxLr / 25, 'lr(0)');
  close(at(0).momentum, 0.95, 'mom(0)');
  // peak at pct_start = 0.25: maxLr, 0.85
  close(at(0.25).lr, maxLr, 'lr(0.25)');
  close(at(0.25).momentum, 0.85, 'mom(0.25)');
  // end: maxLr/div_final (1e5), back to 0.95
  close(at(1).lr, maxLr / 1e5, 'lr(1)');
  close(at(1).momentum, 0.95, 'mom(1)');
  // halfway through warm-up (phase pos ½): cos(π/2) = 0, so the midpoint of each range
  close(at(0.125).lr, (maxLr / 25 + maxLr) / 2, 'lr(0.125)');
  close(at(0.125).momentum, 0.9, 'mom(0.125)');
  // pos 0.4 is phase pos (0.4 − 0.25)/0.75 = 0.2 of the annealing; cos(π·0.8) = −(1+√5)/4, so the
  // weight (1 + cos(π(1 − 0.2)))/2 = (3 − √5)/8
  const w = (3 - Math.sqrt(5)) / 8;
  close(at(0.4).lr, maxLr + w * (maxLr / 1e5 - maxLr), 'lr(0.4)');
  close(at(0.4).momentum, 0.85 + w * (0.95 - 0.85), 'mom(0.4)');
  // = 0.01 − 0.0954915028·(0.01 − 1e-7) = 0.01 − 0.000954905479 = 0.009045094521
  assert.ok(Math.abs(at(0.4).lr - 0.009045094521) < 1e-12, 'lr(0.4) as a number');
});

test('oneCycle options: pctStart, div, divFinal, moms', () => {
  const o = { maxLr: 1, pctStart: 0.5, div: 10, divFinal: 100, moms: [0.9, 0.8, 0.7] as const };
  close(oneCycle(o, 0).lr, 0.1, 'start');
  close(oneCycle(o, 0.5).lr, 1, 'peak');
  close(oneCycle(o, 0.5).momentum, 0.8, 'mid momentum');
  close(oneCycle(o, 1).lr, 0.01, 'end');
  close(oneCycle(o, 1).momentum, 0.7, 'end momentum');
  close(oneCycle(o, 0.75).lr, (1 + 0.01) / 2, 'three quarters');
});

test('the curve rises monotonically to the peak, then falls monotonically', () => {
  const lrs = Array.from({ length: 101 }, (_, i) => oneCycle({ maxLr: 3e-3 }, i / 100).lr);
  for (let i = 1; i <= 25; i++) assert.ok(lrs[i]! > lrs[i - 1]!, `rise at ${i}`);
  for (let i = 26; i <= 100; i++) assert.ok(lrs[i]! < lrs[i - 1]!, `fall at ${i}`);
});

test('cosineAnneal and exponentialAnneal (fastai SchedCos / SchedExp)', () => {
  close(cosineAnneal(2, 4, 0), 2, 'cos start');
  close(cosineAnneal(2, 4, 0.5), 3, 'cos mid');
  close(cosineAnneal(2, 4, 1), 4, 'cos end');
  close(cosineAnneal(4, 2, 0.25), 4 - (1 - Math.SQRT1_2), 'cos quarter');
  close(exponentialAnneal(1e-7, 10, 0), 1e-7, 'exp start');
  close(exponentialAnneal(1e-7, 10, 0.5), 1e-3, 'exp mid');
  close(exponentialAnneal(1e-7, 10, 1), 10, 'exp end');
});
