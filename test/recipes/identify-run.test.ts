// The JSON shape of one identification (printed by `identify --json`, returned by /api/identify),
// and how a gallery's calibration is described and checked before it is saved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Calibration, Identification } from '../../src/gallery/index.ts';
import { describeTarget } from '../../src/recipes/calibrate-run.ts';
import { identificationJson } from '../../src/recipes/identify-run.ts';
import { checkCalibration, describeCalibration } from '../../src/recipes/saved-calibration.ts';
import { ArgumentError } from '../../src/util/errors.ts';

const result: Identification = {
  verdict: 'known', identity: 'star', distance: 0.125, calibrated: true,
  candidates: [
    { identity: 'star', distance: 0.125, support: [{ id: 'star#0', source: 'a.png', distance: 0.1 }, { id: 'star#1', source: 'b.png', distance: 0.2 }] },
    { identity: 'moon', distance: 0.5, support: [] },
  ],
};

test('identificationJson: query first when named, one source per candidate, JSON text as the CLI prints it', () => {
  assert.equal(JSON.stringify(identificationJson(result, 'q.png')),
    '{"query":"q.png","verdict":"known","identity":"star","distance":0.125,"calibrated":true,' +
    '"candidates":[{"identity":"star","distance":0.125,"source":"a.png"},{"identity":"moon","distance":0.5}]}');
  assert.equal('query' in identificationJson(result), false);
  const empty: Identification = { verdict: 'new', identity: null, distance: Number.POSITIVE_INFINITY, candidates: [], calibrated: false };
  assert.equal(JSON.stringify(identificationJson(empty)), '{"verdict":"new","identity":null,"distance":null,"calibrated":false,"candidates":[]}');
});

const calibration: Calibration = { threshold: 0.41234, target: 'precision=0.95', precision: 0.96, recall: 0.5, queries: 20, calibratedAt: 'now' };

test('describeCalibration: the threshold to 4 places with its target; no usable threshold reads "not calibrated"', () => {
  assert.equal(describeCalibration(calibration), '0.4123 (precision=0.95)');
  assert.equal(describeCalibration(null), 'not calibrated');
  assert.equal(describeCalibration({ ...calibration, threshold: Number.NEGATIVE_INFINITY }), 'not calibrated (the saved threshold is -Infinity; run reid calibrate)');
  assert.equal(describeCalibration({ ...calibration, threshold: null as unknown as number }), 'not calibrated (the saved threshold is null; run reid calibrate)');
});

test('checkCalibration refuses a non-finite threshold, precision or recall before anything is saved', () => {
  assert.equal(checkCalibration(calibration, 'here'), calibration);
  for (const field of ['threshold', 'precision', 'recall'] as const) {
    assert.throws(() => checkCalibration({ ...calibration, [field]: Number.NaN }, 'here'),
      (error: unknown) => error instanceof ArgumentError && error.message === `here: expected a finite number for calibration.${field} but received NaN; nothing was saved.`);
  }
});

test('describeTarget spells targets as the CLI takes them', () => {
  assert.equal(describeTarget({ kind: 'precision', precision: 0.95 }), 'precision=0.95');
  assert.equal(describeTarget({ kind: 'f1' }), 'f1');
});
