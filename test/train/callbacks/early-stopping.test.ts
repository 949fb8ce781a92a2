// EarlyStopping on its own: fed metric values epoch by epoch through a stand-in learner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EarlyStopping } from '../../../src/train/callbacks/early-stopping.ts';
import type { Learner } from '../../../src/train/learner.ts';

/** The epoch (0-based) after which EarlyStopping asks to stop, or -1 if it never does. */
function stopEpoch(stopping: EarlyStopping, values: readonly (number | undefined)[], monitor = 'precisionAt1'): number {
  const learner = { metrics: {} as Record<string, number>, stopRequested: false };
  for (const [epoch, value] of values.entries()) {
    learner.metrics = value === undefined ? {} : { [monitor]: value };
    stopping.afterEpoch(learner as unknown as Learner);
    if (learner.stopRequested) return epoch;
  }
  return -1;
}

test('max mode: stops after `patience` epochs in a row without a new best; a new best resets the count', () => {
  assert.equal(stopEpoch(new EarlyStopping({ monitor: 'precisionAt1', patience: 2 }), [0.5, 0.6, 0.6, 0.55, 0.9]), 3);
  assert.equal(stopEpoch(new EarlyStopping({ monitor: 'precisionAt1', patience: 2 }), [0.5, 0.4, 0.6, 0.5, 0.7, 0.6]), -1);
  // Default patience 3.
  assert.equal(stopEpoch(new EarlyStopping({ monitor: 'precisionAt1' }), [0.5, 0.4, 0.4, 0.4, 0.4]), 3);
});

test('min mode for losses, and minDelta: a gain smaller than minDelta is no improvement', () => {
  assert.equal(stopEpoch(new EarlyStopping({ monitor: 'loss', mode: 'min', patience: 2 }), [1.0, 0.8, 0.9, 0.85], 'loss'), 3);
  assert.equal(stopEpoch(new EarlyStopping({ monitor: 'loss', mode: 'min', patience: 2 }), [1.0, 0.8, 0.7, 0.6], 'loss'), -1);
  assert.equal(stopEpoch(new EarlyStopping({ monitor: 'precisionAt1', patience: 2, minDelta: 0.05 }), [0.5, 0.52, 0.54, 0.7]), 2);
});

test('epochs without the monitored metric (no validation that epoch) neither count nor reset', () => {
  assert.equal(stopEpoch(new EarlyStopping({ monitor: 'precisionAt1', patience: 2 }), [0.5, undefined, 0.4, undefined, undefined, 0.45]), 5);
});
