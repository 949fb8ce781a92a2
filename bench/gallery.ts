// Gallery-side speed and quality: embedding throughput of the small CNN against PyTorch, exact k-NN
// query latency (p50/p99) at 10k, 70k and 1M items against PyTorch, "embed one image + identify" end
// to end, HNSW build time, recall@10 and latency, and (with a trained bundle) k-shot open-set accuracy.
// PyTorch runs in a long-lived Python process (bench/reference/embed_reference.py) with the same thread
// count; the two alternate round by round, as in bench/engine.ts. JSON lines go to stdout, progress to stderr.
// Usage: npm run bench -- gallery [--model DIR] [--sizes 10000,70000,1000000] [--queries N] [--rounds N]
//   [--hnsw-size N] [--hnsw-budget SECONDS] [--hnsw-connectivity N] [--hnsw-expansion-add N]
//   [--hnsw-expansion-search N] [--python PATH]
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPythonReference, type PythonReference } from './python-reference.ts';
import { loadMnist, subset, writePng, type ImageDataset } from '../src/data/index.ts';
import { kShotEnrolment } from '../src/eval/index.ts';
import { ExactIndex, Gallery, HnswIndex, type GalleryItem, type HnswOptions } from '../src/gallery/index.ts';
import { EmbeddingNet } from '../src/nn/index.ts';
import { embedFiles, evaluateRun } from '../src/recipes/index.ts';
import { div, getNumThreads, manualSeed, noGrad, norm, randn, tidy, torchVersion } from '../src/tensor/index.ts';
import { embedDataset, embedPixels, engineDistances, loadModelBundle, saveModelBundle, type ModelBundle, type Preprocessing } from '../src/train/index.ts';

interface Options {
  model?: string;
  sizes: number[];
  queries: number;
  rounds: number;
  hnswSize: number;
  hnswBudgetSeconds: number;
  hnsw: Required<HnswOptions>;
  python: string;
}

const usage = 'Options: --model DIR, --sizes N,N,..., --queries N, --rounds N, --hnsw-size N (0 skips), --hnsw-budget SECONDS (0: none), ' +
  '--hnsw-connectivity N, --hnsw-expansion-add N, --hnsw-expansion-search N, --python PATH';

function parseOptions(args: readonly string[]): Options {
  const options: Options = {
    sizes: [10_000, 70_000, 1_000_000], queries: 200, rounds: 4, hnswSize: 1_000_000, hnswBudgetSeconds: 180,
    hnsw: { connectivity: 32, expansionAdd: 200, expansionSearch: 128, scalar: 'f32', threads: 0 }, python: process.env.REID_BENCH_PYTHON ?? '/usr/bin/python3',
  };
  const integer = (flag: string, text: string, min: number): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`bench gallery: expected an integer ≥ ${min} for ${flag} but received ${text}`);
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new Error(`bench gallery: expected a value after ${flag}`);
      return v;
    };
    if (flag === '--model') options.model = value();
    else if (flag === '--sizes') options.sizes = value().split(',').map((s) => integer('--sizes', s.trim(), 1));
    else if (flag === '--queries') options.queries = integer(flag, value(), 10);
    else if (flag === '--rounds') options.rounds = integer(flag, value(), 1);
    else if (flag === '--hnsw-size') options.hnswSize = integer(flag, value(), 0);
    else if (flag === '--hnsw-budget') options.hnswBudgetSeconds = integer(flag, value(), 0);
    else if (flag === '--hnsw-connectivity') options.hnsw.connectivity = integer(flag, value(), 2);
    else if (flag === '--hnsw-expansion-add') options.hnsw.expansionAdd = integer(flag, value(), 1);
    else if (flag === '--hnsw-expansion-search') options.hnsw.expansionSearch = integer(flag, value(), 1);
    else if (flag === '--python') options.python = value();
    else throw new Error(`bench gallery: unknown option ${flag}. ${usage}`);
  }
  options.sizes = [...new Set(options.sizes)].sort((a, b) => a - b);
  return options;
}

/** The PyTorch reference (bench/reference/embed_reference.py). */
type Reference = PythonReference & { times(command: Record<string, unknown>): Promise<number[]> };

async function startReference(python: string, threads: number): Promise<Reference | { note: string }> {
  const reference = await startPythonReference(python, 'embed_reference.py', threads);
  if ('note' in reference) return reference;
  return { ...reference, times: async (command: Record<string, unknown>) => (await reference.ask(command)).times as number[] };
}

const emit = (line: Record<string, unknown>): void => console.log(JSON.stringify(line));
const progress = (message: string): void => void process.stderr.write(`gallery: ${message}\n`);
const ms = (seconds: number): number => Math.round(seconds * 1e5) / 100;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const seconds = (start: number): number => (performance.now() - start) / 1000;

/** Nearest-rank percentile (p in (0, 1]). */
function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** Seconds per call of `body`, once per count. */
function timeEach(count: number, body: (i: number) => void): number[] {
  return Array.from({ length: count }, (_, i) => {
    const start = performance.now();
    body(i);
    return seconds(start);
  });
}

type Run = (count: number) => Promise<number[]>;

/** One warm-up call each, then `rounds` rounds alternating which side goes first, so load hits both alike. */
async function alternate(rounds: number, perRound: number, reid: Run, torch: Run | null): Promise<{ reid: number[]; pytorch: number[] | null }> {
  const sides = torch ? [reid, torch] : [reid];
  for (const side of sides) await side(Math.max(1, Math.min(3, perRound)));
  const times = new Map<Run, number[]>(sides.map((side) => [side, []]));
  for (let r = 0; r < rounds; r++) {
    for (const side of r % 2 === 0 ? sides : [...sides].reverse()) times.get(side)!.push(...(await side(perRound)));
  }
  return { reid: times.get(reid)!, pytorch: torch ? times.get(torch)! : null };
}

/** `count` random unit vectors (rows), made on the engine: 1M × 128 in a second or two. */
function unitVectors(count: number, dim: number, seed: number): Float32Array {
  manualSeed(seed);
  return noGrad(() => tidy(() => {
    const x = randn([count, dim]);
    return div(x, norm(x, { dim: 1, keepdim: true })).data<'float32'>();
  }));
}

const glyphPreprocessing: Preprocessing = { channels: 1, height: 28, width: 28, mean: [0.1307], std: [0.3081], glyph: true };

/** The --model bundle, or an untrained small EmbeddingNet saved as a bundle (so file embedding runs the real path). */
async function openBundle(options: Options, scratch: string): Promise<ModelBundle> {
  if (options.model) {
    const bundle = await loadModelBundle(options.model);
    const p = bundle.config.preprocessing;
    if (p.channels !== 1 || p.height !== 28 || p.width !== 28) {
      bundle.model.dispose();
      throw new Error(`bench gallery: expected a glyph model (1×28×28 input, trained on MNIST) for --model but ${options.model} takes ${p.channels}×${p.height}×${p.width}`);
    }
    return bundle;
  }
  manualSeed(0);
  const model = new EmbeddingNet({ arch: 'small', dim: 128 });
  const dir = join(scratch, 'untrained-model');
  await saveModelBundle(dir, model, { preprocessing: glyphPreprocessing, recipe: { note: 'untrained, for benchmarks' }, seed: 0, trainedIdentities: [], metrics: {} });
  model.dispose();
  return loadModelBundle(dir);
}

async function benchEmbedding(bundle: ModelBundle, images: Uint8Array[], reference: Reference | null, options: Options, note: string[]): Promise<void> {
  const { rounds } = options;
  const p = bundle.config.preprocessing;
  const isSmallGlyph = bundle.config.arch === 'small' && bundle.config.dim === 128 && p.channels === 1 && p.height === 28 && p.width === 28;
  if (!isSmallGlyph) note.push(`the bundle is ${bundle.config.arch}/${bundle.config.dim} at ${p.channels}×${p.height}×${p.width}: embedding throughput uses an untrained small net`);
  const model = isSmallGlyph ? bundle.model : new EmbeddingNet({ arch: 'small', dim: 128 });
  const preprocessing = isSmallGlyph ? p : glyphPreprocessing;
  const batch = images.length;
  try {
    // Batch 512 from uint8 pixels, as embedDataset and `reid gallery build` run it.
    const bulk = await alternate(rounds, 1, async (n) => timeEach(n, () => void embedPixels(model, images, preprocessing)),
      reference ? (n) => reference.times({ cmd: 'embed', batch, iters: n }) : null);
    const reidMedian = percentile(bulk.reid, 0.5);
    const torchMedian = bulk.pytorch ? percentile(bulk.pytorch, 0.5) : null;
    emit({
      bench: 'gallery/embed', arch: 'small', dim: 128, batch, mode: 'eval, noGrad', path: 'uint8 pixels → normalise → forward → Float32Array (embedPixels)', threads: getNumThreads(),
      reidImagesPerSecond: Math.round(batch / reidMedian), pytorchImagesPerSecond: torchMedian === null ? null : Math.round(batch / torchMedian),
      reidMs: ms(reidMedian), pytorchMs: torchMedian === null ? null : ms(torchMedian), ...(torchMedian === null ? {} : { ratio: round3(reidMedian / torchMedian) }),
      ...(note.length ? { note: note.join('; ') } : {}),
    });

    // One image at a time, as a query arrives: latency, where thread hand-offs can outweigh the work.
    let cursor = 0;
    const one = await alternate(rounds, Math.ceil(options.queries / rounds), async (n) => timeEach(n, () => void embedPixels(model, [images[cursor++ % batch]!], preprocessing)),
      reference ? (n) => reference.times({ cmd: 'embed', batch: 1, iters: n }) : null);
    emit({
      bench: 'gallery/embed-one', arch: 'small', dim: 128, batch: 1, path: 'embedPixels(1 image)', queries: one.reid.length, threads: getNumThreads(),
      reidP50Ms: ms(percentile(one.reid, 0.5)), reidP99Ms: ms(percentile(one.reid, 0.99)),
      pytorchP50Ms: one.pytorch ? ms(percentile(one.pytorch, 0.5)) : null, pytorchP99Ms: one.pytorch ? ms(percentile(one.pytorch, 0.99)) : null,
      ...(one.pytorch ? { ratio: round3(percentile(one.reid, 0.5) / percentile(one.pytorch, 0.5)) } : {}),
    });
  } finally {
    if (!isSmallGlyph) model.dispose();
  }
}

/** MNIST train then test, the first `count` images, embedded with the bundle (embedDataset, batch 512). */
async function embedMnist(bundle: ModelBundle, train: ImageDataset, test: ImageDataset, count: number): Promise<{ embeddings: Float32Array; labels: Int32Array }> {
  const start = performance.now();
  const parts = [subset(train, range(Math.min(count, train.length))), ...(count > train.length ? [subset(test, range(count - train.length))] : [])];
  const embeddings = new Float32Array(count * bundle.config.dim);
  let offset = 0;
  let lastReport = performance.now();
  for (const part of parts) {
    const done = offset;
    const result = await embedDataset(bundle.model, part, bundle.config.preprocessing, {
      onProgress: (n) => {
        if (performance.now() - lastReport < 5000) return;
        lastReport = performance.now();
        progress(`embedding MNIST ${done + n}/${count} (${Math.round((done + n) / seconds(start))} img/s)`);
      },
    });
    embeddings.set(result.embeddings, offset * bundle.config.dim);
    offset += part.length;
  }
  const labels = Int32Array.from({ length: count }, (_, i) => (i < train.length ? train.labels[i]! : test.labels[i - train.length]!));
  const took = seconds(start);
  emit({ bench: 'gallery/mnist-embedded', images: count, path: 'embedDataset, batch 512', seconds: round3(took), imagesPerSecond: Math.round(count / took) });
  return { embeddings, labels };
}

const range = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

interface GallerySource {
  vectors: Float32Array;
  queries: Float32Array;
  kind: 'mnist embeddings' | 'random unit vectors';
  labels?: Int32Array;
}

async function benchExactSearch(size: number, source: GallerySource, dim: number, reference: Reference | null, options: Options): Promise<void> {
  const index = new ExactIndex(dim);
  try {
    let start = performance.now();
    index.setVectors(source.vectors.subarray(0, size * dim));
    const indexSeconds = seconds(start);
    let pytorchGallerySeconds: number | null = null;
    if (reference) pytorchGallerySeconds = (await reference.ask({ cmd: 'gallery', size, dim, seed: size })).seconds as number;
    const perRound = Math.ceil(options.queries / options.rounds);
    let cursor = 0;
    const reidRun: Run = async (n) => timeEach(n, () => {
      const q = cursor++ % (source.queries.length / dim);
      index.search(source.queries.subarray(q * dim, (q + 1) * dim), 10);
    });
    start = performance.now();
    const result = await alternate(options.rounds, perRound, reidRun, reference ? (n) => reference.times({ cmd: 'search', queries: n, k: 10 }) : null);
    const line: Record<string, unknown> = {
      bench: 'gallery/exact-search', size, dim, k: 10, source: source.kind, queries: result.reid.length, threads: getNumThreads(),
      reidP50Ms: ms(percentile(result.reid, 0.5)), reidP99Ms: ms(percentile(result.reid, 0.99)),
      pytorchP50Ms: result.pytorch ? ms(percentile(result.pytorch, 0.5)) : null, pytorchP99Ms: result.pytorch ? ms(percentile(result.pytorch, 0.99)) : null,
      indexSeconds: round3(indexSeconds), pytorchGallerySeconds: pytorchGallerySeconds === null ? null : round3(pytorchGallerySeconds),
    };
    if (result.pytorch) {
      line.ratio = round3(percentile(result.reid, 0.5) / percentile(result.pytorch, 0.5));
      line.ratioP99 = round3(percentile(result.reid, 0.99) / percentile(result.pytorch, 0.99));
    }
    emit(line);
  } finally {
    index.dispose();
  }
}

/** One query image → embedding → Gallery.identify (top 5), from pixels and from a PNG file. */
async function benchIdentify(bundle: ModelBundle, size: number, source: GallerySource, queryImages: Uint8Array[], scratch: string, options: Options): Promise<void> {
  const dim = bundle.config.dim;
  const items: GalleryItem[] = Array.from({ length: size }, (_, i) => ({
    id: `item${i}`, identity: String(source.labels ? source.labels[i]! : i % 10), source: source.kind === 'mnist embeddings' ? `mnist:${i}` : `random:${i}`,
  }));
  const gallery = new Gallery({ dim, modelFingerprint: bundle.config.fingerprint, items, embeddings: source.vectors.slice(0, size * dim) });
  const file = join(scratch, 'query.png');
  await writePng(file, queryImages[0]!, { channels: 1, height: 28, width: 28 });
  try {
    gallery.identify(embedPixels(bundle.model, [queryImages[0]!], bundle.config.preprocessing).embeddings); // builds the index
    const embedTimes: number[] = [];
    const searchTimes: number[] = [];
    const totalTimes: number[] = [];
    for (let i = 0; i < options.queries; i++) {
      const start = performance.now();
      const { embeddings } = embedPixels(bundle.model, [queryImages[i % queryImages.length]!], bundle.config.preprocessing);
      const embedded = performance.now();
      gallery.identify(embeddings, { top: 5 });
      embedTimes.push((embedded - start) / 1000);
      searchTimes.push(seconds(embedded));
      totalTimes.push(seconds(start));
    }
    const fileTimes: number[] = [];
    for (let i = 0; i < Math.min(options.queries, 100); i++) {
      const start = performance.now();
      gallery.identify((await embedFiles(bundle, [file])).embeddings, { top: 5 });
      fileTimes.push(seconds(start));
    }
    const pct = (xs: number[]) => ({ p50Ms: ms(percentile(xs, 0.5)), p99Ms: ms(percentile(xs, 0.99)) });
    emit({
      bench: 'gallery/identify-e2e', gallerySize: size, source: source.kind, model: options.model ?? 'untrained small EmbeddingNet', queries: options.queries,
      path: 'embedPixels(1 image) + Gallery.identify(top 5, exact)', ...pct(totalTimes),
      embedP50Ms: ms(percentile(embedTimes, 0.5)), searchP50Ms: ms(percentile(searchTimes, 0.5)), targetMs: 10, meetsTarget: percentile(totalTimes, 0.5) < 0.01,
      fromFile: { path: 'embedFiles(PNG: decode + glyph normalise) + Gallery.identify', queries: fileTimes.length, ...pct(fileTimes) },
    });
  } finally {
    gallery.dispose();
  }
}

async function benchHnsw(pool: Float32Array, dim: number, options: Options): Promise<void> {
  const requested = options.hnswSize;
  const budget = options.hnswBudgetSeconds;
  const hnsw = new HnswIndex(dim, options.hnsw);
  const chunk = Math.min(5_000, requested); // the budget is checked between chunks
  const start = performance.now();
  let built = 0;
  let lastReport = start;
  while (built < requested && !(budget > 0 && seconds(start) >= budget)) {
    const end = Math.min(requested, built + chunk);
    hnsw.add(pool.subarray(built * dim, end * dim), built);
    built = end;
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      progress(`HNSW ${built}/${requested} after ${Math.round(seconds(start))} s`);
    }
  }
  const buildSeconds = seconds(start);
  const queries = unitVectors(200, dim, 7);
  const exact = new ExactIndex(dim);
  exact.setVectors(pool.subarray(0, built * dim));
  try {
    const q = (i: number) => queries.subarray(i * dim, (i + 1) * dim);
    hnsw.search(q(0), 10);
    const truth: Int32Array[] = [];
    const exactTimes = timeEach(200, (i) => void truth.push(exact.search(q(i), 10).indices));
    const found: Int32Array[] = [];
    const hnswTimes = timeEach(200, (i) => void found.push(hnsw.search(q(i), 10).indices));
    let hits = 0;
    for (let i = 0; i < 200; i++) {
      const expected = new Set(truth[i]!);
      for (const index of found[i]!) if (expected.has(index)) hits++;
    }
    const stopped = built < requested;
    emit({
      bench: 'gallery/hnsw', requestedSize: requested, size: built, dim, source: 'random unit vectors', ...options.hnsw,
      buildSeconds: round3(buildSeconds), insertsPerSecond: Math.round(built / buildSeconds), budgetSeconds: budget || null, stoppedByBudget: stopped,
      queries: 200, k: 10, recallAt10: round3(hits / 2000),
      p50Ms: ms(percentile(hnswTimes, 0.5)), p99Ms: ms(percentile(hnswTimes, 0.99)),
      exactP50Ms: ms(percentile(exactTimes, 0.5)), exactP99Ms: ms(percentile(exactTimes, 0.99)), speedupP50: round3(percentile(exactTimes, 0.5) / percentile(hnswTimes, 0.5)),
      ...(stopped ? { note: `build stopped at ${built} of ${requested} items after the ${budget} s budget (--hnsw-budget 0 builds them all; at ${Math.round(built / buildSeconds)} inserts/s the rest would take ≥ ${Math.round((requested - built) / (built / buildSeconds))} s more)` } : {}),
    });
  } finally {
    exact.dispose();
  }
}

/**
 * k-shot top-1 and unknown AUROC with a gallery of the held-out identities' enrolled shots only (evaluateRun's
 * gallery also holds every test item of the seen digits, which unseen digits often lie closest to).
 */
function heldOutOnlyKShot(embeddings: Float32Array, dim: number, labels: Int32Array, heldOut: number[], shots: number): { top1: number; auroc: number } {
  const rows = Array.from(labels.keys()).filter((i) => heldOut.includes(labels[i]!));
  const vectors = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => vectors.set(embeddings.subarray(row * dim, (row + 1) * dim), i * dim));
  const source = engineDistances(vectors, dim);
  const subLabels = Int32Array.from(rows, (row) => labels[row]!);
  try {
    const top1 = kShotEnrolment(source, subLabels, { enrolIdentities: heldOut, shots, seed: 0 }).top1Accuracy;
    const aurocs = heldOut.length < 2 ? [Number.NaN] : heldOut.map((left) =>
      kShotEnrolment(source, subLabels, { enrolIdentities: heldOut.filter((i) => i !== left), unenrolledIdentities: [left], shots, seed: 0 }).knownVsUnknownAuroc);
    return { top1, auroc: aurocs.reduce((a, b) => a + b, 0) / aurocs.length };
  } finally {
    source.dispose();
  }
}

async function benchOpenSet(bundle: ModelBundle, test: ImageDataset, modelDir: string, testEmbeddings: Float32Array | null): Promise<void> {
  const recipeHoldout = bundle.config.recipe.holdout;
  const holdout = Array.isArray(recipeHoldout) && recipeHoldout.length > 0 ? recipeHoldout.map(String) : ['7', '8', '9'];
  const seen = holdout.filter((digit) => bundle.config.trainedIdentities.includes(digit));
  const start = performance.now();
  const report = await evaluateRun(bundle, test, { holdout, shots: [1, 5], seed: 0 });
  const took = round3(seconds(start));
  const heldOutIds = holdout.map((name) => test.identities.indexOf(name)).filter((i) => i >= 0);
  const embeddings = report.kShot.length === 0 ? null : testEmbeddings ?? (await embedDataset(bundle.model, test, bundle.config.preprocessing)).embeddings;
  for (const k of report.kShot) {
    const alone = heldOutOnlyKShot(embeddings!, bundle.config.dim, test.labels, heldOutIds, k.shots);
    emit({
      bench: 'gallery/open-set', model: modelDir, fingerprint: bundle.config.fingerprint, dataset: report.dataset, holdout, shots: k.shots, queries: k.queries,
      protocol: 'evaluateRun: gallery = all test items of seen digits + k shots of each held-out digit',
      top1: round3(k.top1), unknownAuroc: round3(k.auroc), ...(Number.isFinite(k.threshold)
        ? { threshold: round3(k.threshold), balancedOpenSetAccuracy: round3(k.balancedAccuracy) }
        : { threshold: null, balancedOpenSetAccuracy: null, thresholdNote: 'no distance threshold reaches precision 0.95 (evaluateRun calibration)' }),
      heldOutOnly: { protocol: 'gallery = k shots of each held-out digit only', top1: round3(alone.top1), unknownAuroc: round3(alone.auroc) },
      heldOutPrecisionAt1: report.heldOut ? round3(report.heldOut.precisionAt1) : null, closedSetPrecisionAt1: round3(report.closedSet.precisionAt1), evaluateSeconds: took,
      ...(seen.length ? { note: `the model was trained on ${seen.join(',')}: these are not unseen identities` } : {}),
    });
  }
  if (report.kShot.length === 0) emit({ bench: 'gallery/open-set', model: modelDir, holdout, note: 'no held-out identity found in the test set' });
}

export async function main(args: readonly string[]): Promise<void> {
  const options = parseOptions(args);
  const threads = getNumThreads();
  const scratch = await mkdtemp(join(tmpdir(), 'reid-bench-gallery-'));
  const bundle = await openBundle(options, scratch);
  const { train, test } = await loadMnist();
  const started = await startReference(options.python, threads);
  let reference = 'note' in started ? null : started;
  const note = 'note' in started ? [started.note] : [];
  const loadBefore = loadavg().map(round3);
  emit({
    bench: 'gallery/setup', model: options.model ?? 'untrained small EmbeddingNet', arch: bundle.config.arch, dim: bundle.config.dim, threads, cpus: cpus().length,
    libtorch: torchVersion(), pytorch: reference?.torch ?? null, sizes: options.sizes, queries: options.queries, rounds: options.rounds,
    hnswSize: options.hnswSize, hnswBudgetSeconds: options.hnswBudgetSeconds, loadAverage: loadBefore, ...(note.length ? { note: note.join('; ') } : {}),
  });
  const dim = bundle.config.dim;
  try {
    const queryImages = Array.from({ length: 512 }, (_, i) => test.readSync!(test.length - 512 + i));
    await benchEmbedding(bundle, queryImages, reference, options, [...note]);

    // Galleries up to MNIST's size are MNIST embedded with --model; the rest, and all without one, random unit vectors.
    const mnistSize = options.model ? Math.max(0, ...options.sizes.filter((s) => s <= train.length + test.length)) : 0;
    const randomSize = Math.max(0, ...options.sizes.filter((s) => s > mnistSize), options.hnswSize);
    const mnist = mnistSize > 0 ? await embedMnist(bundle, train, test, mnistSize) : null;
    const mnistSource: GallerySource | null = mnist && {
      vectors: mnist.embeddings, labels: mnist.labels, kind: 'mnist embeddings',
      queries: embedPixels(bundle.model, queryImages.slice(0, options.queries), bundle.config.preprocessing).embeddings,
    };
    if (randomSize > 0) progress(`making ${randomSize} random unit vectors`);
    const randomSource: GallerySource = { vectors: randomSize > 0 ? unitVectors(randomSize, dim, 1) : new Float32Array(0), queries: unitVectors(options.queries, dim, 2), kind: 'random unit vectors' };
    const sourceFor = (size: number): GallerySource => (mnistSource && size <= mnistSize ? mnistSource : randomSource);

    for (const size of options.sizes) {
      progress(`exact search at ${size}`);
      await benchExactSearch(size, sourceFor(size), dim, reference, options);
    }
    reference?.close(); // frees the reference's gallery (512 MB at 1M) before HNSW
    reference = null;

    const e2eSize = options.sizes.includes(70_000) ? 70_000 : Math.min(...options.sizes);
    progress(`embed + identify against ${e2eSize}`);
    await benchIdentify(bundle, e2eSize, sourceFor(e2eSize), queryImages, scratch, options);

    if (options.hnswSize > 0) {
      progress(`HNSW build of up to ${options.hnswSize} items${options.hnswBudgetSeconds ? ` (budget ${options.hnswBudgetSeconds} s)` : ''}`);
      await benchHnsw(randomSource.vectors, dim, options);
    }
    if (options.model) {
      progress('evaluateRun on the MNIST test set');
      await benchOpenSet(bundle, test, options.model, mnistSize === train.length + test.length ? mnist!.embeddings.subarray(train.length * dim) : null);
    }
    emit({ bench: 'gallery/load', loadAverageBefore: loadBefore, loadAverageAfter: loadavg().map(round3) });
  } finally {
    reference?.close();
    bundle.model.dispose();
    await rm(scratch, { recursive: true, force: true });
  }
}
