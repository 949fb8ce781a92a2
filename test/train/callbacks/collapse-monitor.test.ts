// CollapseMonitor: checks every N batches, warns once after `patience` collapsed checks in a row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CollapseMonitor } from '../../../src/train/callbacks/collapse-monitor.ts';
import type { Learner } from '../../../src/train/learner.ts';

const collapsed = { activeFraction: 1, meanPositiveDistance: 0, meanNegativeDistance: 0, triplets: 12 };
const healthy = { activeFraction: 0.3, meanPositiveDistance: 0.5, meanNegativeDistance: 1.2, triplets: 12 };

/** Feeds one batch's stats per entry (batch index = position) and returns the batch indices that warned. */
function warnedAt(monitor: CollapseMonitor, stats: readonly object[], warnings: string[]): number[] {
  const at: number[] = [];
  monitor.beforeFit();
  stats.forEach((lastStats, batchIndex) => {
    const before = warnings.length;
    monitor.afterBatch({ batchIndex, lastStats } as unknown as Learner);
    if (warnings.length > before) at.push(batchIndex);
  });
  return at;
}

test('warns once, at the `patience`-th collapsed check in a row, checking every `every` batches', () => {
  const warnings: string[] = [];
  const monitor = new CollapseMonitor({ every: 2, patience: 3, warn: (m) => warnings.push(m) });
  // Checks at batches 0, 2, 4, 6, 8: all collapsed, so the third check (batch 4) warns, and only it.
  assert.deepEqual(warnedAt(monitor, Array(10).fill(collapsed), warnings), [4]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /single point/);
  assert.equal(monitor.warning, warnings[0]);
});

test('a healthy check resets the streak; unchecked batches do not count', () => {
  const warnings: string[] = [];
  const monitor = new CollapseMonitor({ every: 2, patience: 2, warn: (m) => warnings.push(m) });
  // Checked: 0 collapsed, 2 healthy, 4 collapsed, 6 collapsed → warns at 6. Odd batches are never read.
  const stats = [collapsed, healthy, healthy, collapsed, collapsed, healthy, collapsed, healthy];
  assert.deepEqual(warnedAt(monitor, stats, warnings), [6]);
  // Healthy statistics never warn.
  assert.deepEqual(warnedAt(new CollapseMonitor({ every: 1, patience: 1, warn: (m) => warnings.push(m) }), Array(5).fill(healthy), warnings), []);
});
