import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StrokeDataset, strokeSightings } from '../../src/data/strokes/stroke-dataset.ts';
import { catmullRom } from '../../src/data/strokes/stroke-figure.ts';
import { ArgumentError } from '../../src/util/errors.ts';

const equalBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

test('catmullRom passes through every control point and closes loops back to the start', () => {
  const points = [{ x: 0, y: 0 }, { x: 1, y: 2 }, { x: 3, y: 1 }, { x: 4, y: 4 }];
  const open = catmullRom(points, false, 5);
  assert.equal(open.length, 3 * 5 + 1);
  points.forEach((p, i) => assert.deepEqual(open[i * 5], p));
  assert.deepEqual(open[open.length - 1], points[3]);
  // Uniform Catmull-Rom at t = 1/2 between P1 and P2: (-P0 + 9 P1 + 9 P2 - P3) / 16.
  const mid = catmullRom(points, false, 2)[3]!;
  assert.ok(Math.abs(mid.x - (-0 + 9 * 1 + 9 * 3 - 4) / 16) < 1e-12 && Math.abs(mid.y - (-0 + 9 * 2 + 9 * 1 - 4) / 16) < 1e-12);
  const loop = catmullRom(points, true, 4);
  assert.equal(loop.length, 4 * 4);
  assert.deepEqual(loop[0], points[0]);
});

test('an image depends only on (seed, identity, sighting): larger sets keep the smaller ones, ranges are disjoint', () => {
  const small = new StrokeDataset({ identities: 3, sightingsPerIdentity: 2, seed: 5 });
  const large = new StrokeDataset({ identities: 4, sightingsPerIdentity: 3, seed: 5 });
  assert.ok(equalBytes(small.readSync(1 * 2 + 1), large.readSync(1 * 3 + 1)));
  assert.ok(equalBytes(small.readSync(2 * 2), strokeSightings(5, 2, [0])[0]!));
  const shifted = new StrokeDataset({ identities: 2, sightingsPerIdentity: 1, seed: 5, firstIdentity: 2 });
  assert.deepEqual(shifted.identities, ['stroke-2', 'stroke-3']);
  assert.ok(equalBytes(shifted.readSync(0), large.readSync(2 * 3)));
  const otherSeed = new StrokeDataset({ identities: 1, sightingsPerIdentity: 1, seed: 6 });
  assert.ok(!equalBytes(otherSeed.readSync(0), small.readSync(0)));
  assert.deepEqual([...large.labels], [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
  assert.equal(large.pixels.length, 12 * 784);
});

test('sightings of one identity resemble each other far more than other identities (pixel 1-NN, leave one out)', () => {
  // 40 identities × 5 sightings; chance is 1/40. Measured over seeds 1-6: 0.735-0.775; the bound leaves a wide margin.
  for (const seed of [1, 2]) {
    const set = new StrokeDataset({ identities: 40, sightingsPerIdentity: 5, seed });
    let correct = 0;
    for (let q = 0; q < set.length; q++) {
      let best = -1;
      let bestDistance = Infinity;
      const a = set.readSync(q);
      for (let g = 0; g < set.length; g++) {
        if (g === q) continue;
        const b = set.readSync(g);
        let d = 0;
        for (let i = 0; i < a.length; i++) d += (a[i]! - b[i]!) ** 2;
        if (d < bestDistance) [bestDistance, best] = [d, g];
      }
      if (set.labels[best] === set.labels[q]) correct++;
    }
    assert.ok(correct / set.length > 0.5, `seed ${seed}: 1-NN accuracy ${correct / set.length}`);
  }
});

test('bad sizes are refused naming the option', () => {
  assert.throws(() => new StrokeDataset({ identities: 0, sightingsPerIdentity: 2, seed: 1 }), (e: unknown) => e instanceof ArgumentError && /identities/.test((e as Error).message));
  assert.throws(() => new StrokeDataset({ identities: 2, sightingsPerIdentity: 1.5, seed: 1 }), /sightingsPerIdentity/);
  assert.throws(() => new StrokeDataset({ identities: 2, sightingsPerIdentity: 2, seed: Number.NaN }), /seed/);
});
