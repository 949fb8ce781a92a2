// The photo protocol's rows on a tiny `reid synth` catalogue (local-only, no model), and the fused
// and local parts fitted on held-out individuals (what a trained photo model ships).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractFeatures } from '../../src/features/index.ts';
import { fitMatcherPartsOnHeldOut, photoProtocol, synthRun } from '../../src/recipes/index.ts';
import { Random } from '../../src/util/random.ts';
import { randomPattern, renderPattern } from '../features/textured-image.ts';

test('photoProtocol: local-only rows from files, calibrated on disjoint individuals', { timeout: 240_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'reid-photo-protocol-'));
  await synthRun({ pattern: 'spots', individuals: 6, sightings: 3, out: join(root, 'test'), size: 80 });
  await synthRun({ pattern: 'spots', individuals: 6, sightings: 3, first: 50, out: join(root, 'calib'), size: 80 });
  const rows = await photoProtocol({ data: `folder:${join(root, 'test')}`, calibrationData: `folder:${join(root, 'calib')}`, latencyQueries: 2, quiet: true });
  assert.equal(rows.length, 1);
  const [row] = rows;
  assert.equal(row!.matcher, 'local');
  assert.equal(row!.enrolledIdentities, 4);
  assert.equal(row!.enrolledImages, 8);
  assert.equal(row!.knownQueries, 4);
  assert.equal(row!.unknownQueries, 6);
  for (const key of ['top1', 'top5', 'unknownAuroc'] as const) assert.ok(row![key] >= 0 && row![key] <= 1, `${key} ${row![key]}`);
  assert.ok(row!.top5 >= row!.top1);
  assert.ok(row!.p50LatencyMs > 0 && row!.queriesPerSecond > 0);
  await assert.rejects(photoProtocol({ data: `folder:${join(root, 'test')}`, matchers: ['fused'] }), /expected a model/);
});

test('held-out individuals give the fused and local parts a photo model ships', async () => {
  const random = new Random(4);
  const dim = 8, identities: string[] = [], vectors: number[] = [];
  const features = [];
  for (let id = 0; id < 9; id++) {
    const centre = Array.from({ length: dim }, () => random.normal());
    for (let view = 0; view < 4; view++) {
      identities.push(`id${id}`);
      const v = centre.map((c) => c + 0.6 * random.normal());
      const norm = Math.hypot(...v);
      vectors.push(...v.map((x) => x / norm));
      features.push(await extractFeatures({ pixels: renderPattern(randomPattern(100 + id), 96, { rotationDeg: 12 * view, scale: 1 - 0.04 * view }), height: 96, width: 96 }));
    }
  }
  const parts = await fitMatcherPartsOnHeldOut({ embeddings: Float32Array.from(vectors), dim, identities, features }, { fittedOn: '9 identities held out', shortlist: 3 });
  assert.ok(parts.fused && parts.local, JSON.stringify(parts));
  assert.ok(parts.fused.probability.inliers > 0 && parts.fused.probability.distance <= 0);
  assert.equal(parts.local.probability.distance, 0);
  assert.equal(parts.fused.shortlist, 3);
  assert.equal(parts.fused.fittedOn, '9 identities held out');
  assert.ok(parts.fused.threshold >= 0 && parts.fused.threshold <= 1);
});
