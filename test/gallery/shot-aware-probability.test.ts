import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Gallery, loadGallery, saveGallery } from '../../src/gallery/index.ts';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

test('a shot-aware probability map scores each candidate with its own enrolled count, and survives a save and load', async () => {
  const g = new Gallery({ dim: 2, modelFingerprint: 'm' });
  // a: one image at (1, 0); b: three images whose centroid is (0, 1).
  g.add([{ id: 'a1', identity: 'a', source: 'x' }, ...[1, 2, 3].map((i) => ({ id: `b${i}`, identity: 'b', source: 'y' }))], Float32Array.from([1, 0, 0, 1, 0, 1, 0, 1]));
  const probability = { kind: 'shot-logistic' as const, intercept: 2, slope: -3, logShots: 0.5, slopeLogShots: -1, maxShots: 2 };
  g.calibration = { threshold: 0.7, target: 'test', precision: 1, recall: 1, queries: 1, calibratedAt: '', probability };
  const [r] = g.identify(Float32Array.from([0.8, 0.6]), { top: 2 });
  const [a, b] = [r!.candidates.find((c) => c.identity === 'a')!, r!.candidates.find((c) => c.identity === 'b')!];
  // a: ln 1 = 0; b: 3 images, clamped to maxShots 2.
  assert.ok(Math.abs(a.probability! - sigmoid(2 - 3 * a.distance)) < 1e-12);
  const m = Math.log(2);
  assert.ok(Math.abs(b.probability! - sigmoid(2 - 3 * b.distance + 0.5 * m - b.distance * m)) < 1e-12);
  const dir = mkdtempSync(join(tmpdir(), 'reid-shot-aware-'));
  await saveGallery(dir, g);
  const loaded = await loadGallery(dir);
  assert.deepEqual(loaded.calibration?.probability, probability);
  // A map whose slope turns positive at some enrolled count is refused where it enters.
  const file = join(dir, 'gallery.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  json.calibration.probability.slopeLogShots = 5;
  writeFileSync(file, JSON.stringify(json));
  await assert.rejects(() => loadGallery(dir), /calibration\.probability/);
  g.dispose();
  loaded.dispose();
});

test('a margin-weighted map reads each candidate\'s nearest rival, also when one candidate is asked for, and survives a save and load', async () => {
  const g = new Gallery({ dim: 2, modelFingerprint: 'm' });
  g.add(['a', 'b', 'c'].map((identity) => ({ id: identity, identity, source: identity })), Float32Array.from([1, 0, 0, 1, -1, 0]));
  const probability = { kind: 'shot-logistic' as const, intercept: 1, slope: -2, logShots: 0, slopeLogShots: 0, maxShots: 1, margin: 3, marginCap: 1.5 };
  g.calibration = { threshold: 0.7, target: 'test', precision: 1, recall: 1, queries: 1, calibratedAt: '', probability };
  const q = Float32Array.from([0.8, 0.6]);
  const [all] = g.identify(q, { top: 3 });
  const [da, db] = [Math.hypot(0.2, 0.6), Math.hypot(0.8, 0.4)];
  assert.deepEqual(all!.candidates.map((c) => c.identity), ['a', 'b', 'c']);
  // Best: its rival is b, margin db − da; the others trail a, margin 0.
  assert.ok(Math.abs(all!.probability! - sigmoid(1 - 2 * da + 3 * (db - da))) < 1e-6, `${all!.probability}`);
  assert.ok(Math.abs(all!.candidates[1]!.probability! - sigmoid(1 - 2 * db)) < 1e-6);
  const [one] = g.identify(q, { top: 1 });
  assert.equal(one!.candidates.length, 1);
  assert.equal(one!.probability, all!.probability);
  const dir = mkdtempSync(join(tmpdir(), 'reid-margin-'));
  await saveGallery(dir, g);
  const loaded = await loadGallery(dir);
  assert.deepEqual(loaded.calibration?.probability, probability);
  assert.equal(loaded.identify(q, { top: 1 })[0]!.probability, one!.probability);
  g.dispose();
  loaded.dispose();
});
