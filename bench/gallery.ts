// Galleries of millions: exact search (blocked, float32/float16/int8 storage) and HNSW (usearch,
// batch add on its threads, tuned) on reid's own embeddings of MNIST and of unseen stroke identities
// replicated with noise, and on random unit vectors; numpy brute force as the exact reference.
// Per size: p50/p99 of one query, per-query time in batches of 32, recall@10 against float32 exact,
// build time, bytes per item; 10M (--10m, or --file-size N) is answered from an index file read block by block,
// and from an HNSW graph built from the same rows when --hnsw-max reaches it (--hnsw-scalars f16: ~4.6 GB, ~20 min on 2 cores).
// JSON lines to stdout (each with `bench`, load average, and `ratio` against numpy), progress to stderr.
// Usage: npm run bench -- gallery [--quick] [--10m] [--file-size N] [--model DIR] [--sizes N,N] [--queries N]
//   [--sources mnist,strokes,random] [--hnsw-max N] [--hnsw-connectivity N,N] [--hnsw-expansion-add N,N]
//   [--hnsw-scalars f32,f16,i8] [--hnsw-threads N] [--ef N,N] [--no-exact] [--python PATH]
// Lists of connectivity and expansion_add build one graph per pair (a tuning grid); --no-exact skips
// the exact-search rows (the float32 truth is still computed), for HNSW tuning runs.
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startPythonReference, type PythonReference } from './python-reference.ts';
import { galleryBlock, galleryRows, randomSource, realSources, type EmbeddingSource } from './gallery-data.ts';
import { epsilonRecall, exactDistances, recallAt, type RowsOf } from './gallery-recall.ts';
import { ExactIndex, ExactIndexFileWriter, HnswIndex, encodeVectors, vectorStorages, type HnswOptions, type HnswScalar } from '../src/gallery/index.ts';
import { getNumThreads, torchVersion } from '../src/tensor/index.ts';

interface Options {
  model: string;
  sizes: number[];
  queries: number;
  sources: string[];
  hnswMax: number;
  connectivities: number[];
  expansionAdds: number[];
  scalars: HnswScalar[];
  hnswThreads: number;
  exact: boolean;
  efs: number[];
  tenMillion: boolean;
  fileSize: number;
  python: string;
}

function parseOptions(args: readonly string[]): Options {
  const o: Options = {
    model: 'assets/models/glyph-general', sizes: [10_000, 100_000, 1_000_000], queries: 100, sources: ['mnist', 'strokes', 'random'],
    hnswMax: 1_000_000, connectivities: [16], expansionAdds: [64], scalars: ['f32', 'f16'], hnswThreads: 0, exact: true, efs: [64, 128, 256, 512], tenMillion: false, fileSize: 10_000_000,
    python: process.env.REID_BENCH_PYTHON ?? '/usr/bin/python3',
  };
  const int = (flag: string, text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`bench gallery: expected a positive integer for ${flag} but received ${text}`);
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const value = () => args[++i] ?? (() => { throw new Error(`bench gallery: expected a value after ${flag}`); })();
    if (flag === '--quick') Object.assign(o, { sizes: [10_000, 100_000], queries: 40, hnswMax: 100_000, efs: [64, 256] });
    else if (flag === '--10m') o.tenMillion = true;
    else if (flag === '--file-size') Object.assign(o, { tenMillion: true, fileSize: int(flag, value()) });
    else if (flag === '--model') o.model = value();
    else if (flag === '--sizes') o.sizes = value().split(',').map((s) => int(flag, s));
    else if (flag === '--queries') o.queries = int(flag, value());
    else if (flag === '--sources') o.sources = value().split(',');
    else if (flag === '--hnsw-max') o.hnswMax = Number(value());
    else if (flag === '--hnsw-connectivity') o.connectivities = value().split(',').map((s) => int(flag, s));
    else if (flag === '--hnsw-expansion-add') o.expansionAdds = value().split(',').map((s) => int(flag, s));
    else if (flag === '--hnsw-threads') o.hnswThreads = Number(value());
    else if (flag === '--no-exact') o.exact = false;
    else if (flag === '--hnsw-scalars') o.scalars = value().split(',') as HnswScalar[];
    else if (flag === '--ef') o.efs = value().split(',').map((s) => int(flag, s));
    else if (flag === '--python') o.python = value();
    else throw new Error(`bench gallery: unknown option ${flag}. See the usage at the top of bench/gallery.ts`);
  }
  return o;
}

const emit = (line: Record<string, unknown>): void => console.log(JSON.stringify({ ...line, load1: round(loadavg()[0]!, 2) }));
const progress = (m: string): void => void process.stderr.write(`gallery: ${m}\n`);
const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;
const ms = (seconds: number): number => round(seconds * 1000, 2);
const since = (start: number): number => (performance.now() - start) / 1000;
function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** Seconds per query: one query per call. */
function singleTimes(index: { search(q: Float32Array, k: number): { indices: Int32Array } }, queries: Float32Array, dim: number, from: number, to: number, found: Int32Array): number[] {
  const times: number[] = [];
  for (let q = from; q < to; q++) {
    const start = performance.now();
    const result = index.search(queries.subarray(q * dim, (q + 1) * dim), 10);
    times.push(since(start));
    found.set(result.indices, q * 10);
  }
  return times;
}

/** Seconds per query in batches of `batch`. */
function batchedPerQuery(index: ExactIndex, queries: Float32Array, dim: number, batch: number): number {
  const count = Math.min(queries.length / dim, batch * 2);
  const start = performance.now();
  for (let q = 0; q < count; q += batch) index.search(queries.subarray(q * dim, Math.min(count, q + batch) * dim), 10);
  return since(start) / count;
}

type Reference = PythonReference;

async function benchExact(source: EmbeddingSource, size: number, rows: Float32Array, truth: Int32Array, reference: Reference | null, scratch: string): Promise<void> {
  const { dim, queries } = source;
  const q = queries.length / dim;
  let numpy: { p50: number; p99: number; times: number[] } | null = null;
  if (reference) {
    await writeFile(join(scratch, 'gallery.f32'), new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength));
    await writeFile(join(scratch, 'queries.f32'), new Uint8Array(queries.buffer, queries.byteOffset, queries.byteLength));
    await reference.ask({ cmd: 'load', path: join(scratch, 'gallery.f32'), count: size, dim });
  }
  // float32 twice: the quantised scan + exact re-score (the default for a few queries) and the engine's matrix-vector path.
  const configs = [...vectorStorages.map((storage) => ({ storage, quantisedScan: true })), { storage: 'float32' as const, quantisedScan: false }];
  for (const { storage, quantisedScan } of configs) {
    const index = new ExactIndex(dim, { storage, quantisedScan });
    let start = performance.now();
    index.setVectors(rows);
    const encodeSeconds = since(start);
    const found = new Int32Array(q * 10);
    index.search(queries.subarray(0, dim), 10); // warm-up
    // float32 alternates halves with numpy, so a change of load hits both alike.
    const times = singleTimes(index, queries, dim, 0, q >> 1, found);
    if (storage === 'float32' && quantisedScan && reference) {
      const reply = await reference.ask({ cmd: 'search', path: join(scratch, 'queries.f32'), count: q, k: 10, batch: 1 });
      const t = reply.times as number[];
      numpy = { p50: percentile(t, 0.5), p99: percentile(t, 0.99), times: t };
    }
    times.push(...singleTimes(index, queries, dim, q >> 1, q, found));
    if (quantisedScan) index.search(queries.subarray(0, 4 * dim), 10); // the engine's tensors are made at the first batch, outside the timing
    const batch32 = batchedPerQuery(index, queries, dim, 32);
    const p50 = percentile(times, 0.5);
    emit({
      bench: 'gallery/exact', source: source.name, kind: source.kind, size, dim, storage, search: index.quantisedScan ? 'quantised scan' : 'engine', k: 10, queries: q, threads: getNumThreads(),
      p50Ms: ms(p50), p99Ms: ms(percentile(times, 0.99)), batch32PerQueryMs: ms(batch32), recallAt10: recallAt(truth, found, 10),
      encodeSeconds: round(encodeSeconds), bytesPerItem: index.bytesPerItem, blockRows: index.blockRows,
      ...(storage === 'float32' && numpy ? { numpyP50Ms: ms(numpy.p50), numpyP99Ms: ms(numpy.p99), ratio: round(p50 / numpy.p50), reference: 'numpy brute force (‖g‖² − 2 g·q, argpartition), one query per call' } : {}),
    });
    start = performance.now();
    index.dispose();
  }
}

/** Exact float32 top-10 of every query (the truth recall is measured against), a block at a time. */
function exactTruth(source: EmbeddingSource, size: number, rows: Float32Array | null): Int32Array {
  const { dim, queries } = source;
  const q = queries.length / dim;
  const best = Array.from({ length: q }, () => [] as { index: number; distance: number }[]);
  const step = 262_144;
  for (let start = 0; start < size; start += step) {
    const n = Math.min(step, size - start);
    const index = new ExactIndex(dim);
    index.setVectors(rows ? rows.subarray(start * dim, (start + n) * dim) : galleryBlock(source, start, n));
    const found = index.search(queries, 10);
    index.dispose();
    for (let i = 0; i < q; i++) {
      for (let j = 0; j < found.k; j++) best[i]!.push({ index: start + found.indices[i * found.k + j]!, distance: found.distances[i * found.k + j]! });
      best[i]!.sort((a, b) => a.distance - b.distance || a.index - b.index).splice(10);
    }
    residentPeak.sample();
    if (size > 2_000_000) progress(`truth ${start + n}/${size}, ${mib(process.memoryUsage().rss)} MiB resident`);
  }
  return Int32Array.from(best.flatMap((row) => row.map((x) => x.index)));
}

async function benchHnsw(source: EmbeddingSource, size: number, rowsOf: RowsOf, truth: Int32Array, options: Options, scratch: string): Promise<void> {
  for (const scalar of options.scalars) {
    for (const connectivity of options.connectivities) {
      for (const expansionAdd of options.expansionAdds) await benchHnswGraph(source, size, rowsOf, truth, options, scratch, { scalar, connectivity, expansionAdd, threads: options.hnswThreads });
    }
  }
}

/** One graph: built in memory (wall and CPU time of the build), saved, then searched memory-mapped at every ef. */
async function benchHnswGraph(source: EmbeddingSource, size: number, rowsOf: RowsOf, truth: Int32Array, options: Options, scratch: string, graph: Required<Pick<HnswOptions, 'scalar' | 'connectivity' | 'expansionAdd' | 'threads'>>): Promise<void> {
  const { dim, queries } = source;
  const q = queries.length / dim;
  const hnsw = new HnswIndex(dim, graph);
  const loadBefore = loadavg()[0]!;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const chunk = 100_000; // each chunk is one batch add on usearch's threads; progress between them
  for (let at = 0; at < size; at += chunk) {
    hnsw.add(rowsOf(at, Math.min(size, at + chunk) - at), at);
    residentPeak.sample();
    if (size > chunk) progress(`HNSW ${source.name} ${graph.scalar} M=${graph.connectivity} ef_add=${graph.expansionAdd} ${Math.min(size, at + chunk)}/${size} after ${Math.round(since(start))} s, ${mib(process.memoryUsage().rss)} MiB resident`);
  }
  const buildSeconds = since(start);
  const cpu = process.cpuUsage(cpuBefore);
  // CPU time (all threads) is less sensitive to a shared machine's load than wall time.
  const buildCpuSeconds = (cpu.user + cpu.system) / 1e6;
  const file = join(scratch, `hnsw-${source.name}-${size}-${graph.scalar}.usearch`);
  hnsw.save(file);
  const buildResidentMiB = mib(residentPeak.bytes);
  const fileBytes = (await stat(file)).size;
  const truthDistances = exactDistances(rowsOf, size, dim, queries, truth, 10);
  for (const ef of options.efs) {
    const viewed = HnswIndex.view(file, dim, { ...graph, expansionSearch: ef });
    const found = new Int32Array(q * 10);
    viewed.search(queries.subarray(0, dim), 10);
    const times = singleTimes(viewed, queries, dim, 0, q, found);
    const foundDistances = exactDistances(rowsOf, size, dim, queries, found, 10);
    emit({
      bench: 'gallery/hnsw', source: source.name, kind: source.kind, size, dim, scalar: graph.scalar, connectivity: graph.connectivity, expansionAdd: graph.expansionAdd, expansionSearch: ef,
      threads: graph.threads === 0 ? cpus().length : graph.threads, buildSeconds: round(buildSeconds), buildCpuSeconds: round(buildCpuSeconds), insertsPerSecond: Math.round(size / buildSeconds),
      insertsPerCpuSecond: Math.round(size / buildCpuSeconds), buildLoad1: round(loadBefore, 2), bytesPerItem: round(fileBytes / size, 1), searchedFrom: 'memory-mapped file (usearch view)',
      buildResidentPeakMiB: buildResidentMiB,
      queries: q, p50Ms: ms(percentile(times, 0.5)), p99Ms: ms(percentile(times, 0.99)), recallAt10: recallAt(truth, found, 10),
      epsilonRecallAt10: epsilonRecall(truthDistances, foundDistances, 10, 0.01), epsilon: 0.01,
    });
  }
  await rm(file, { force: true });
}

/** Resident memory, sampled at every progress step: the peak of each phase goes in the result line. */
const residentPeak = { bytes: 0, sample(): number { return (this.bytes = Math.max(this.bytes, process.memoryUsage().rss)); } };
const mib = (bytes: number): number => Math.round(bytes / 2 ** 20);

/**
 * 10M (--file-size) replicated rows, made a block at a time: their float32 truth, streamed; unless
 * --no-exact, written as an int8-row index file and answered from it a block at a time; and when
 * --hnsw-max reaches the size, an HNSW graph built from the same blocks and searched memory-mapped.
 */
async function benchTenMillion(source: EmbeddingSource, scratch: string, options: Options): Promise<void> {
  const size = options.fileSize;
  progress(`${size}-row truth (float32, streamed)`);
  const truth = exactTruth(source, size, null);
  if (options.exact) await benchExactFile(source, size, truth, scratch, options);
  if (size <= options.hnswMax) {
    residentPeak.bytes = 0;
    await benchHnsw(source, size, (at, n) => galleryBlock(source, at, n), truth, options, scratch);
  }
}

async function benchExactFile(source: EmbeddingSource, size: number, truth: Int32Array, scratch: string, options: Options): Promise<void> {
  const { dim, queries } = source;
  const file = join(scratch, `exact-${source.name}-${size}-int8-row.safetensors`);
  const peaks: Record<string, number> = { truthMiB: mib(residentPeak.sample()) };
  residentPeak.bytes = 0;
  let start = performance.now();
  const writer = new ExactIndexFileWriter(file, 'int8-row', size, dim);
  for (let at = 0; at < size; at += 65_536) {
    writer.append(encodeVectors(galleryBlock(source, at, Math.min(65_536, size - at)), dim, 'int8-row'));
    residentPeak.sample();
    if (at % 1_048_576 === 0) progress(`writing the ${size}-row index file ${at}/${size}, ${mib(process.memoryUsage().rss)} MiB resident`);
  }
  await writer.close();
  const writeSeconds = since(start);
  peaks.writeMiB = mib(residentPeak.bytes);
  residentPeak.bytes = 0;
  const index = ExactIndex.openFile(file);
  const q = Math.min(queries.length / dim, Math.max(10, options.queries / 5));
  const found = new Int32Array(q * 10);
  const times = singleTimes(index, queries, dim, 0, q, found);
  residentPeak.sample();
  start = performance.now();
  const all = index.search(queries, 10);
  const batchPerQuery = since(start) / (queries.length / dim);
  peaks.searchMiB = mib(residentPeak.sample());
  emit({
    bench: 'gallery/exact-file', source: source.name, kind: source.kind, size, dim, storage: 'int8-row', searchedFrom: 'index file, read block by block',
    fileBytes: (await stat(file)).size, bytesPerItem: index.bytesPerItem, writeSeconds: round(writeSeconds), queries: q,
    p50Ms: ms(percentile(times, 0.5)), p99Ms: ms(percentile(times, 0.99)), recallAt10: recallAt(truth.subarray(0, q * 10), found, 10),
    batchPerQueryMs: ms(batchPerQuery), batchQueries: queries.length / dim, batchRecallAt10: recallAt(truth, all.indices, 10),
    // Peak resident memory of the process per phase (sampled per block): the file search holds one block, not the gallery.
    residentPeakMiB: peaks, residentBytesPerItemWhileSearching: round((peaks.searchMiB! * 2 ** 20) / size, 1),
  });
  index.dispose();
  await rm(file, { force: true });
}

export async function main(args: readonly string[]): Promise<void> {
  const options = parseOptions(args);
  const scratch = join('runs/gallery-bench', `scratch-${process.pid}`);
  await mkdir(scratch, { recursive: true });
  const started = await startPythonReference(options.python, 'exact_reference.py', getNumThreads());
  const reference = 'note' in started ? null : started;
  emit({
    bench: 'gallery/setup', model: options.model, threads: getNumThreads(), cpus: cpus().length, libtorch: torchVersion(), reference: reference?.torch ?? null,
    sizes: options.sizes, queries: options.queries, sources: options.sources, hnswMax: options.hnswMax, tenMillion: options.tenMillion, loadAverage: loadavg().map((x) => round(x, 2)),
    ...('note' in started ? { note: started.note } : {}),
  });
  try {
    const real = await realSources(options.model, options.queries, progress);
    const sources = [...real, randomSource(real[0]!.dim, options.queries)].filter((s) => options.sources.includes(s.name));
    for (const source of sources) {
      for (const size of options.sizes) {
        progress(`${source.name} at ${size}`);
        const rows = galleryRows(source, size);
        const truth = exactTruth(source, size, rows);
        if (options.exact) await benchExact(source, size, rows, truth, reference, scratch);
        if (size <= options.hnswMax) await benchHnsw(source, size, (at, n) => rows.subarray(at * source.dim, (at + n) * source.dim), truth, options, scratch);
      }
    }
    if (options.tenMillion) await benchTenMillion(real[0]!, scratch, options);
  } finally {
    reference?.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
