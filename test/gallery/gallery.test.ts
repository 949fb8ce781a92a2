import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { ExactIndex, Gallery, HnswIndex, loadGallery, saveGallery, updateGallery } from '../../src/gallery/index.ts';
import { DataError } from '../../src/util/errors.ts';
import { Random } from '../../src/util/random.ts';

function unitVectors(n: number, dim: number, seed: number): Float32Array {
  const r = new Random(seed);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += (out[i * dim + d] = r.normal()) ** 2;
    for (let d = 0; d < dim; d++) out[i * dim + d]! /= Math.sqrt(norm);
  }
  return out;
}

function bruteForce(gallery: Float32Array, query: Float32Array, dim: number): { index: number; distance: number }[] {
  const n = gallery.length / dim;
  return Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let d = 0; d < dim; d++) s += (gallery[i * dim + d]! - query[d]!) ** 2;
    return { index: i, distance: Math.sqrt(s) };
  }).sort((a, b) => a.distance - b.distance);
}

test('exact search matches a brute-force loop (indices and distances)', () => {
  const dim = 16;
  const vectors = unitVectors(300, dim, 1);
  const queries = unitVectors(5, dim, 2);
  const index = new ExactIndex(dim);
  index.setVectors(vectors);
  const found = index.search(queries, 10);
  for (let q = 0; q < 5; q++) {
    const expected = bruteForce(vectors, queries.subarray(q * dim, (q + 1) * dim), dim).slice(0, 10);
    assert.deepEqual(Array.from(found.indices.subarray(q * 10, q * 10 + 10)), expected.map((e) => e.index));
    expected.forEach((e, j) => assert.ok(Math.abs(found.distances[q * 10 + j]! - e.distance) < 1e-5));
  }
  index.dispose();
});

test('identity ranking by nearest item or by centroid matches hand values, and identify gives the verdict by threshold', () => {
  const dim = 2;
  const g = new Gallery({ dim, modelFingerprint: 'm' });
  g.add([{ id: 'a1', identity: 'a', source: 'x' }, { id: 'a2', identity: 'a', source: 'y' }, { id: 'b1', identity: 'b', source: 'z' }],
    Float32Array.from([1, 0, 0.6, 0.8, 0, 1]));
  const [ranked] = g.rankIdentities(Float32Array.from([0.8, 0.6]), { top: 2, scoring: { kind: 'nearest' } });
  // Distances to a1 = sqrt((0.2)^2+(0.6)^2) = 0.6325, a2 = 0.2828, b1 = sqrt(0.64+0.16) = 0.8944.
  assert.equal(ranked![0]!.identity, 'a');
  assert.ok(Math.abs(ranked![0]!.distance - Math.sqrt(0.08)) < 1e-5);
  assert.equal(ranked![0]!.support[0]!.id, 'a2');
  assert.equal(ranked![1]!.identity, 'b');
  // Centroid scoring (the default): a's prototype is normalise((1,0) + (0.6,0.8)) = (2,1)/√5.
  const [byCentroid] = g.rankIdentities(Float32Array.from([0.8, 0.6]), { top: 2 });
  const expected = Math.hypot(0.8 - 2 / Math.sqrt(5), 0.6 - 1 / Math.sqrt(5));
  assert.equal(byCentroid![0]!.identity, 'a');
  assert.ok(Math.abs(byCentroid![0]!.distance - expected) < 1e-5, `${byCentroid![0]!.distance} vs ${expected}`);
  assert.deepEqual(byCentroid![0]!.support.map((x) => x.id), ['a2', 'a1']);
  assert.ok(Math.abs(byCentroid![1]!.distance - Math.hypot(0.8, 0.4)) < 1e-5);
  g.calibration = { threshold: 0.15, target: 'test', precision: 1, recall: 1, queries: 1, calibratedAt: '' };
  assert.equal(g.identify(Float32Array.from([0.8, 0.6]))[0]!.verdict, 'new');
  g.calibration.threshold = 0.2;
  const [known] = g.identify(Float32Array.from([0.8, 0.6]));
  assert.equal(known!.verdict, 'known');
  assert.equal(known!.identity, 'a');
  g.dispose();
});

test('an uncalibrated gallery decides nothing ("uncalibrated"); a probability map gives every candidate its probability', () => {
  const g = new Gallery({ dim: 2, modelFingerprint: 'm' });
  g.add([{ id: 'a1', identity: 'a', source: 'x' }, { id: 'b1', identity: 'b', source: 'z' }], Float32Array.from([1, 0, 0, 1]));
  const [uncalibrated] = g.identify(Float32Array.from([1, 0]));
  assert.deepEqual([uncalibrated!.verdict, uncalibrated!.identity, uncalibrated!.calibrated], ['uncalibrated', 'a', false]);
  assert.equal(uncalibrated!.probability, undefined);
  const probability = { kind: 'logistic' as const, intercept: 4, slope: -5 };
  g.calibration = { threshold: 0.5, target: 'test', precision: 1, recall: 1, queries: 1, calibratedAt: '', probability };
  const [r] = g.identify(Float32Array.from([0.8, 0.6]), { top: 2 });
  // Distances: to a √(0.04 + 0.36) = 0.6325 (beyond the threshold), to b √(0.64 + 0.16) = 0.8944.
  assert.equal(r!.verdict, 'new');
  for (const c of r!.candidates) assert.ok(Math.abs(c.probability! - 1 / (1 + Math.exp(-(4 - 5 * c.distance)))) < 1e-12);
  assert.equal(r!.probability, r!.candidates[0]!.probability);
  assert.ok(r!.candidates[0]!.probability! > r!.candidates[1]!.probability!);
  g.dispose();
});

test('with a probability threshold the verdict reads the probability, not the distance threshold', () => {
  const g = new Gallery({ dim: 2, modelFingerprint: 'm' });
  g.add([{ id: 'a1', identity: 'a', source: 'x' }, { id: 'b1', identity: 'b', source: 'z' }], Float32Array.from([1, 0, 0, 1]));
  const probability = { kind: 'logistic' as const, intercept: 4, slope: -5 };
  // The query at distance 0.6325 from a: P = 1/(1 + e^-(4 - 3.162)) = 0.698, beyond the distance threshold 0.5.
  const p = 1 / (1 + Math.exp(-(4 - 5 * Math.sqrt(0.4))));
  const verdictAt = (probabilityThreshold: number) => {
    g.calibration = { threshold: 0.5, target: 'test', precision: 1, recall: 1, queries: 1, calibratedAt: '', probability, probabilityThreshold };
    return g.identify(Float32Array.from([0.8, 0.6]))[0]!.verdict;
  };
  assert.equal(verdictAt(p - 1e-6), 'known', 'P just above the probability threshold is known though the distance is beyond 0.5');
  assert.equal(verdictAt(p + 1e-6), 'new'); // (the distance is float32: 1e-6 of slack)
  // And a near query (distance 0.1, P 0.971) is new when the probability threshold asks for more, though within 0.5.
  g.calibration = { threshold: 0.5, target: 'test', precision: 1, recall: 1, queries: 1, calibratedAt: '', probability, probabilityThreshold: 0.99 };
  const near = Float32Array.from([Math.cos(0.1), Math.sin(0.1)]);
  assert.equal(g.identify(near)[0]!.verdict, 'new');
  g.dispose();
});

test('identify on an empty gallery answers "new individual" rather than failing', () => {
  const g = new Gallery({ dim: 4, modelFingerprint: 'm' });
  const [r] = g.identify(unitVectors(1, 4, 3));
  assert.equal(r!.verdict, 'new');
  assert.equal(r!.identity, null);
  assert.deepEqual(r!.candidates, []);
});

test('enrol, remove and rename keep embeddings aligned with items', () => {
  const dim = 3;
  const g = new Gallery({ dim, modelFingerprint: 'm' });
  g.enroll('star', Float32Array.from([1, 0, 0, 0, 1, 0]), ['s0.png', 's1.png']);
  g.enroll('heart', Float32Array.from([0, 0, 1]), ['h0.png']);
  assert.deepEqual([...g.identities()], [['star', 2], ['heart', 1]]);
  assert.equal(g.remove(['star#0']), 1);
  assert.deepEqual(Array.from(g.embeddings), [0, 1, 0, 0, 0, 1]);
  assert.equal(g.renameIdentity('heart', 'love'), 1);
  assert.equal(g.identify(Float32Array.from([0, 0.1, 1]))[0]!.identity, 'love');
  assert.throws(() => g.renameIdentity('nobody', 'x'), /nobody/);
  assert.throws(() => g.add([{ id: 'star#1', identity: 'star', source: '' }], new Float32Array(3)), /already in the gallery/);
  g.dispose();
});

test('renaming an identity after a query renames its centroid too (identify answers the new name, at the same distance)', () => {
  const dim = 2;
  const g = new Gallery({ dim, modelFingerprint: 'm' });
  g.enroll('a', Float32Array.from([1, 0]), ['a0']);
  g.enroll('b', Float32Array.from([0, 1]), ['b0']);
  const query = Float32Array.from([0.6, 0.8]);
  // Centroid b = (0, 1): distance |(0.6, -0.2)| = √0.4; a = (1, 0): |(-0.4, 0.8)| = √0.8.
  assert.equal(g.identify(query)[0]!.identity, 'b'); // the centroids are computed (and cached) here
  g.renameIdentity('b', 'bee');
  const [after] = g.identify(query, { top: 2 });
  assert.deepEqual(after!.candidates.map((c) => c.identity), ['bee', 'a']);
  assert.ok(Math.abs(after!.distance - Math.sqrt(0.4)) < 1e-6, `distance ${after!.distance}`);
  assert.ok(Math.abs(after!.candidates[1]!.distance - Math.sqrt(0.8)) < 1e-6);
  assert.deepEqual(after!.candidates[0]!.support.map((s) => s.id), ['b#1']);
  assert.throws(() => g.renameIdentity('a', ' '), /non-empty name for to/);
  g.dispose();
});

test('item ids never repeat: enrol, remove, enrol the same identity again gets a fresh id', () => {
  const dim = 2;
  const g = new Gallery({ dim, modelFingerprint: 'm' });
  g.enroll('star', Float32Array.from([1, 0, 0, 1]), ['s0', 's1']);
  assert.equal(g.remove(['star#0']), 1);
  const again = g.enroll('star', Float32Array.from([1, 0]), ['s2']);
  assert.deepEqual(again.map((i) => i.id), ['star#2']);
  assert.deepEqual(g.items.map((i) => i.id), ['star#1', 'star#2']);
  assert.equal(g.nextItemNumber, 3);
  // A gallery loaded without a counter (older gallery.json) starts past every "#n" id it holds.
  const old = new Gallery({ dim, modelFingerprint: 'm', items: [{ id: 'star#7', identity: 'star', source: '' }], embeddings: Float32Array.from([1, 0]) });
  assert.deepEqual(old.enroll('star', Float32Array.from([0, 1]), ['x']).map((i) => i.id), ['star#8']);
  g.dispose();
  old.dispose();
});

test('a gallery round-trips through its directory, and a mismatched model is refused with a clear error', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'reid-gallery-')), 'g');
  const g = new Gallery({ dim: 4, modelFingerprint: 'abc', items: [{ id: '1', identity: 'x', source: 'f' }], embeddings: Float32Array.from([0.5, 0.5, 0.5, 0.5]) });
  g.calibration = { threshold: 0.4, target: 'f1', precision: 0.9, recall: 0.8, queries: 10, calibratedAt: 'now' };
  await saveGallery(dir, g);
  const back = await loadGallery(dir, { model: { fingerprint: 'abc', dim: 4 } });
  assert.deepEqual(Array.from(back.embeddings), [0.5, 0.5, 0.5, 0.5]);
  assert.deepEqual(back.items, g.items);
  assert.equal(back.calibration?.threshold, 0.4);
  await assert.rejects(loadGallery(dir, { model: { fingerprint: 'zzz', dim: 4, dir: 'models/other' } }), (e: unknown) =>
    e instanceof DataError && /built with model abc/.test(e.message) && /models\/other/.test(e.message));
  await assert.rejects(loadGallery(join(dir, 'missing')), (e: unknown) => e instanceof DataError && /gallery\.json/.test(e.message));
});

test('killing a process in the middle of a gallery save leaves the previous state intact', async () => {
  const root = mkdtempSync(join(tmpdir(), 'reid-gallery-kill-'));
  const dir = join(root, 'g');
  const script = join(root, 'writer.mts');
  const galleryModule = new URL('../../src/gallery/index.ts', import.meta.url).pathname;
  writeFileSync(script, `
    import { Gallery, saveGallery } from ${JSON.stringify(galleryModule)};
    const n = Number(process.argv[2]);
    const dim = 64;
    const g = new Gallery({ dim, modelFingerprint: 'v' + n, items: Array.from({ length: 20000 }, (_, i) => ({ id: String(i), identity: String(n), source: 'x' })), embeddings: new Float32Array(20000 * dim).fill(n) });
    await saveGallery(${JSON.stringify(dir)}, g);
    process.stdout.write('saved\\n');
    for (;;) await saveGallery(${JSON.stringify(dir)}, new Gallery({ dim, modelFingerprint: 'next', items: g.items.slice(), embeddings: new Float32Array(20000 * dim).fill(n + 1) }));
  `);
  for (let trial = 0; trial < 3; trial++) {
    const child = spawn(process.execPath, ['--import', 'tsx', script, String(trial)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
    });
    await new Promise((r) => setTimeout(r, 150 + 200 * trial));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const back = await loadGallery(dir);
    const fill = back.embeddings[0]!;
    assert.ok(back.modelFingerprint === `v${trial}` || back.modelFingerprint === 'next', `fingerprint ${back.modelFingerprint}`);
    assert.ok(back.embeddings.every((v) => v === fill), 'embeddings are all from one save');
    assert.equal(fill, back.modelFingerprint === 'next' ? trial + 1 : trial);
    assert.equal(back.size, 20000);
    back.dispose();
    // The killed writer's lock (dead pid) is taken over, and the next locked update keeps every item.
    const size = await updateGallery(dir, (g) => (g.enroll('late', new Float32Array(64).fill(1), ['late.png']), g.size));
    assert.equal(size, 20001);
    const names = readdirSync(dir).sort();
    assert.equal(names.length, 2, `only gallery.json and one embeddings file remain: ${names.join(', ')}`);
    assert.equal((await loadGallery(dir)).identities().get('late'), 1);
  }
  assert.ok(existsSync(join(dir, 'gallery.json')));
});

test('readers running while a writer saves again and again never break it, and always see one whole gallery', { timeout: 120_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'reid-gallery-readers-'));
  const dir = join(root, 'g');
  const script = join(root, 'writer.mts');
  const galleryModule = new URL('../../src/gallery/index.ts', import.meta.url).pathname;
  writeFileSync(script, `
    import { Gallery, saveGallery } from ${JSON.stringify(galleryModule)};
    const dim = 16;
    for (let n = 0; n < 40; n++) {
      const g = new Gallery({ dim, modelFingerprint: 'v' + n, items: Array.from({ length: 2000 + n }, (_, i) => ({ id: String(i), identity: 'x', source: 'x' })), embeddings: new Float32Array((2000 + n) * dim).fill(n) });
      await saveGallery(${JSON.stringify(dir)}, g);
      if (n === 0) process.stdout.write('first\\n');
    }
  `);
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  const seen = new Set<string>();
  while (running) {
    const g = await loadGallery(dir);
    const n = Number(g.modelFingerprint.slice(1));
    assert.equal(g.size, 2000 + n, 'items and embeddings from the same save');
    assert.ok(g.embeddings.every((v) => v === n), `generation ${n} has only its own embeddings`);
    seen.add(g.modelFingerprint);
  }
  assert.equal(await exited, 0, `the writer failed: ${stderr}`);
  assert.equal(stderr, '');
  assert.ok(seen.size >= 1);
  assert.equal((await loadGallery(dir)).modelFingerprint, 'v39');
});

test('HNSW search finds most exact nearest neighbours (recall@10 well above chance)', () => {
  const dim = 32;
  const vectors = unitVectors(3000, dim, 5);
  const queries = unitVectors(20, dim, 6);
  const hnsw = new HnswIndex(dim);
  hnsw.add(vectors);
  const approx = hnsw.search(queries, 10);
  let hits = 0;
  for (let q = 0; q < 20; q++) {
    const exact = new Set(bruteForce(vectors, queries.subarray(q * dim, (q + 1) * dim), dim).slice(0, 10).map((e) => e.index));
    for (let j = 0; j < 10; j++) if (exact.has(approx.indices[q * 10 + j]!)) hits++;
  }
  assert.ok(hits / 200 > 0.9, `recall@10 ${hits / 200}`);
});
