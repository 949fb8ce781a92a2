// The quantised scan against plain loops: the native int8 top-k equals a JS loop's top-k of the same
// scores, the re-scored search equals a float64 brute force (also when the certificate fails and the
// shortlist widens), and ExactIndex's scan path answers as its engine path does.
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import assert from 'node:assert/strict';
import { ExactIndex } from '../../src/gallery/exact-search.ts';
import { Gallery } from '../../src/gallery/gallery.ts';
import { quantisedRowsOf, quantisedSearch, shortlistFor } from '../../src/gallery/quantised-scan.ts';
import { decodeVectors, encodeVectors } from '../../src/gallery/vector-storage.ts';
import { native } from '../../src/tensor/engine.ts';
import { Random } from '../../src/util/random.ts';

const randomRows = (n: number, dim: number, seed: number) => {
  const random = new Random(seed);
  return Float32Array.from({ length: n * dim }, () => random.normal(0, 1));
};

/** Every row's squared distance to `query` in double, nearest first (ties by index). */
function bruteForce(rows: Float32Array, dim: number, query: Float32Array): { index: number; squared: number }[] {
  const out: { index: number; squared: number }[] = [];
  for (let i = 0; i < rows.length / dim; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += (rows[i * dim + j]! - query[j]!) ** 2;
    out.push({ index: i, squared: s });
  }
  return out.sort((a, b) => a.squared - b.squared || a.index - b.index);
}

test('the native int8 scan keeps the same top-k as a plain loop over its scores, for any dim, k, thread count and layout', () => {
  const random = new Random(3);
  for (const [n, dim] of [[1, 1], [37, 5], [300, 16], [257, 33], [1000, 128], [999, 100], [70_000, 128]] as const) {
    const codes = Uint8Array.from({ length: n * dim }, () => Math.floor(random.next() * 256));
    const bias = Float32Array.from({ length: n }, () => random.next() * 1000);
    // Small weights take the VNNI byte-split kernel where the CPU has it, large ones the i16 kernels.
    const range = n % 2 === 0 ? 2000 : 60_000;
    const weights = Int16Array.from({ length: dim }, () => Math.round((random.next() - 0.5) * range));
    const offset = 3.5, scale = -0.01;
    const expected = Array.from({ length: n }, (_, r) => {
      let dot = 0;
      for (let j = 0; j < dim; j++) dot += codes[r * dim + j]! * weights[j]!;
      // float32 sums (fused or not): a few units in the last place of the largest term.
      return { index: r, score: bias[r]! + offset + scale * dot, slack: 4e-7 * (bias[r]! + Math.abs(offset) + Math.abs(scale * dot)) };
    }).sort((a, b) => a.score - b.score || a.index - b.index);
    for (const k of [1, 10, 512, n + 5]) {
      for (const [threads, blocked] of [[1, false], [2, false], [1, true], [2, true], [3, true]] as const) {
        const layout = blocked ? native().blockCodes(codes, n, dim) : codes;
        const [indices, scores] = native().scanCodesTopK(layout, n, dim, bias, weights, offset, scale, k, threads, blocked);
        const want = expected.slice(0, Math.min(k, n));
        const where = `n ${n} dim ${dim} k ${k} threads ${threads} blocked ${blocked}`;
        // The first ten have distinct scores; deeper into 70k float32 scores, rounding may swap near-ties.
        assert.deepEqual([...indices.subarray(0, 10)], want.slice(0, 10).map((e) => e.index), where);
        assert.deepEqual([...indices].sort((a, b) => a - b), want.map((e) => e.index).sort((a, b) => a - b), where);
        const byIndex = new Map(expected.map((e) => [e.index, e]));
        for (let i = 0; i < indices.length; i++) {
          const e = byIndex.get(indices[i]!)!;
          assert.ok(Math.abs(scores[i]! - e.score) <= e.slack, `${where}: score ${scores[i]} vs ${e.score}`);
          if (i > 0) assert.ok(scores[i]! >= scores[i - 1]!, `${where}: scores in rank order`);
        }
      }
    }
  }
});

test('scans from several threads at once share the native pool and each gets its own top-k', async () => {
  // Four worker threads and this one scan 70k rows on 2 threads each, at the same time: one holds the
  // pool, the others run their parts on their own thread; every answer must be the one-thread answer.
  const random = new Random(5);
  const n = 70_000, dim = 128, k = 512;
  const codes = Uint8Array.from({ length: n * dim }, () => Math.floor(random.next() * 256));
  const bias = Float32Array.from({ length: n }, () => random.next() * 1000);
  const queries = Array.from({ length: 5 }, () => Int16Array.from({ length: dim }, () => Math.round((random.next() - 0.5) * 2000)));
  const alone = queries.map((weights) => [...native().scanCodesTopK(codes, n, dim, bias, weights, 0, -0.01, k, 1, false)[0]]);
  const workers = queries.slice(1).map((weights) => new Promise<number[][]>((resolve, reject) => {
    const worker = new Worker(new URL('../fixtures/scan-worker.mjs', import.meta.url), { workerData: { codes, n, dim, bias, weights, k, threads: 2, repeats: 20 } });
    worker.once('message', resolve);
    worker.once('error', reject);
  }));
  const here: number[][] = [];
  for (let i = 0; i < 20; i++) here.push([...native().scanCodesTopK(codes, n, dim, bias, queries[0]!, 0, -0.01, k, 2, false)[0]]);
  const answers = [here, ...(await Promise.all(workers))];
  answers.forEach((runs, q) => runs.forEach((found, i) => assert.deepEqual(found, alone[q], `query ${q}, repeat ${i}`)));
});

test('re-scored search equals a float64 brute force: any dim, k beyond the gallery, either thread count', () => {
  for (const [n, dim, seed] of [[1, 3, 1], [50, 1, 2], [600, 7, 3], [2000, 64, 4], [5000, 130, 5]] as const) {
    const rows = randomRows(n, dim, seed);
    const layouts = [{ codes: encodeVectors(rows, dim, 'int8-dim'), rows }, quantisedRowsOf(rows, dim)];
    for (let t = 0; t < 3; t++) {
      const query = randomRows(1, dim, 100 + seed * 10 + t);
      const truth = bruteForce(rows, dim, query);
      for (const k of [1, 10, n + 3]) {
        for (const [threads, data] of [[1, layouts[0]!], [2, layouts[0]!], [1, layouts[1]!], [2, layouts[1]!]] as const) {
          const found = quantisedSearch(data, query, k, threads);
          const want = truth.slice(0, Math.min(k, n));
          assert.deepEqual([...found.indices], want.map((e) => e.index), `n ${n} dim ${dim} k ${k}`);
          for (let i = 0; i < want.length; i++) assert.ok(Math.abs(found.squared[i]! - want[i]!.squared) <= 1e-9 * (1 + want[i]!.squared));
        }
      }
    }
  }
});

test('when the codes cannot tell rows apart the shortlist widens, and the answer is still exact', () => {
  // Rows on a shell of radius 1 ± 1e-4 around the query: the int8 error (~1e-2) dwarfs every gap.
  const n = 3000, dim = 16, random = new Random(9);
  const rows = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += (rows[i * dim + j] = random.normal(0, 1)) ** 2;
    const radius = 1 + (random.next() - 0.5) * 2e-4;
    for (let j = 0; j < dim; j++) rows[i * dim + j]! *= radius / Math.sqrt(s);
  }
  const query = new Float32Array(dim);
  const found = quantisedSearch({ codes: encodeVectors(rows, dim, 'int8-dim'), rows }, query, 10, 2);
  assert.ok(found.scans > 1, `expected the first shortlist (${shortlistFor(10)}) to fail its certificate`);
  assert.deepEqual([...found.indices], bruteForce(rows, dim, query).slice(0, 10).map((e) => e.index));
});

test('ExactIndex: the scan path answers as the engine path does, in float32 and int8-dim storage', () => {
  const n = 4000, dim = 24;
  const rows = randomRows(n, dim, 11);
  const queries = randomRows(3, dim, 12);
  for (const storage of ['float32', 'int8-dim'] as const) {
    const scan = new ExactIndex(dim, { storage });
    const engine = new ExactIndex(dim, { storage, quantisedScan: false });
    scan.setVectors(rows);
    engine.setVectors(rows);
    assert.equal(scan.quantisedScan, true);
    const a = scan.search(queries, 20);
    const b = engine.search(queries, 20);
    assert.deepEqual([...a.indices], [...b.indices], storage);
    for (let i = 0; i < a.distances.length; i++) assert.ok(Math.abs(a.distances[i]! - b.distances[i]!) <= 1e-4 * (1 + b.distances[i]!), `${storage}: ${a.distances[i]} vs ${b.distances[i]}`);
    if (storage === 'int8-dim') {
      // The codes' own distances: a brute force over the decoded rows.
      const decoded = decodeVectors(encodeVectors(rows, dim, 'int8-dim'));
      assert.deepEqual([...a.indices.subarray(0, 20)], bruteForce(decoded, dim, queries.subarray(0, dim)).slice(0, 20).map((e) => e.index));
    }
    scan.dispose();
    engine.dispose();
  }
});

test('ExactIndex: an empty index, k beyond its size, and a NaN query refused in one line', () => {
  const dim = 4;
  const index = new ExactIndex(dim);
  assert.equal(index.search(new Float32Array(dim), 5).k, 0);
  index.setVectors(randomRows(3, dim, 1));
  const found = index.search(new Float32Array(dim), 10);
  assert.equal(found.k, 3);
  assert.deepEqual([...found.indices].sort(), [0, 1, 2]);
  assert.throws(() => index.search(Float32Array.of(0, Number.NaN, 0, 0), 2), (e: Error) => /ExactIndex\.search: expected finite values for queries but received NaN at row 0, position 1/.test(e.message) && !e.message.includes('\n'));
  index.dispose();
});

test('int8-dim codes, norms and the error bound are what a plain loop makes, values outside the scale clamped', () => {
  const n = 300, dim = 10;
  const rows = randomRows(n, dim, 21);
  const dimScale = { lo: new Float32Array(dim).fill(-1.5), step: Float32Array.from({ length: dim }, (_, j) => (j === 3 ? 0 : 3 / 255)) };
  const encoded = encodeVectors(rows, dim, 'int8-dim', { dimScale });
  let maxError = 0;
  for (let r = 0; r < n; r++) {
    let sq = 0, error = 0;
    for (let j = 0; j < dim; j++) {
      const { lo, step } = { lo: dimScale.lo[j]!, step: dimScale.step[j]! };
      const v = rows[r * dim + j]!;
      const u = step > 0 ? Math.min(255, Math.max(0, Math.round((v - lo) / step))) : 0;
      assert.equal(encoded.codes[r * dim + j], u);
      const x = Math.fround(lo + step * u);
      sq += x * x;
      error += (v - x) ** 2;
    }
    assert.equal(encoded.sqNorms[r], Math.fround(sq));
    maxError = Math.max(maxError, Math.sqrt(error));
  }
  assert.ok(encoded.maxError! >= maxError && encoded.maxError! <= maxError * 1.00001 + 1e-6, `maxError ${encoded.maxError} vs ${maxError}`);
});

test('a gallery large enough to scan answers searchItems and identify as a brute force over its embeddings', () => {
  const n = 3000, dim = 16;
  const embeddings = randomRows(n, dim, 31);
  const items = Array.from({ length: n }, (_, i) => ({ id: `id${i % 7}#${i}`, identity: `id${i % 7}`, source: `s${i}` }));
  const gallery = new Gallery({ dim, modelFingerprint: 't', items, embeddings });
  const query = randomRows(1, dim, 32);
  const truth = bruteForce(embeddings, dim, query);
  const found = gallery.searchItems(query, 10);
  assert.deepEqual([...found.indices], truth.slice(0, 10).map((e) => e.index));
  const [nearest] = gallery.identify(query, { scoring: { kind: 'nearest' } });
  assert.equal(nearest!.identity, items[truth[0]!.index]!.identity);
  assert.ok(Math.abs(nearest!.distance - Math.sqrt(truth[0]!.squared)) <= 1e-5);
  gallery.dispose();
});
