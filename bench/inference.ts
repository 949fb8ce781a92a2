// Inference throughput, step by step, against PyTorch eager: images/s of embedding uint8 pixels
// (normalise → forward → Float32Array) at batch 1, 64 and 512, for the small CNN at 28×28 and the
// photo network at 128×128. Sides:
//   libtorch-module  the trainable EmbeddingNet in eval mode (BatchNorm as its own op);
//   libtorch-nchw    BatchNorm folded, ReLU fused (InferenceNet), NCHW;
//   libtorch-cl      the same with channels-last activations;
//   libtorch         reid's libtorch engine: the folded network, channels-last from batch 16;
//   onnx-one         ONNX Runtime, one session with REID_THREADS intra-op threads on the whole batch;
//   onnx             the default embedder: one session with REID_THREADS intra-op threads, the batch in runs of ≤ 64;
//   onnx-int8        the opt-in int8 engine (--engine onnx-int8): the same, int8 weights and uint8 activations
//                    over ranges measured on 64 other images; ratio stays the default's, int8Ratio is this one's;
//   pytorch          PyTorch eager (bench/reference/inference_reference.py), same threads.
// Rounds alternate the sides' order so machine noise hits all alike; each line has medians and
// ratios (reid seconds / PyTorch seconds: below 1 is faster) from the same run, and the load average.
// CPU milliseconds per image (all threads of the process) are reported beside wall-clock images/s:
// on a machine shared with other work they say what each engine costs when the wall clock cannot.
// Then: one image, embed (one thread) + identify (its scan on REID_THREADS or every core, scanThreads)
// against a 70k-item gallery, p50/p99 for both engines, beside
// usearch's float32 exact scan of the same gallery, timed in a loop of its own (identify's search is the
// quantised scan, src/gallery/quantised-scan.ts), first on random unit vectors (the hard case: every
// distance near √2, so the scan's certified shortlist widens), then as a user meets it: the shipped
// glyph model embeds one MNIST test image and identifies it against 70k MNIST embeddings (the 60k
// training images, and 10k noisy replicas; bench/gallery-data.ts), digits as identities; and the
// largest difference between the engines' embeddings.
// Usage: npm run bench -- inference [--rounds N] [--only small|photo] [--skip-latency] [--python PATH]
import { cpus, loadavg } from 'node:os';
import { Gallery } from '../src/gallery/index.ts';
import { architectures, EmbeddingNet, InferenceNet, inferencePlan, OrtSession, type Architecture } from '../src/nn/index.ts';
import { getNumThreads, manualSeed, setNumThreads, torchVersion } from '../src/tensor/index.ts';
import { createEmbedder, embedPixels, measureActivationRanges, modelOnnx, type Embedder, type Preprocessing } from '../src/train/index.ts';
import { Random } from '../src/util/random.ts';
import { threadCount } from '../src/binding/thread-count.ts';
import { startPythonReference, type PythonReference } from './python-reference.ts';
import usearch from 'usearch';
import { openDataset } from '../src/data/index.ts';
import { loadModelBundle } from '../src/train/index.ts';
import { galleryRows, realSources } from './gallery-data.ts';

interface Options { rounds: number; only: string | null; latency: boolean; python: string }

function parseOptions(args: readonly string[]): Options {
  const options: Options = { rounds: 5, only: null, latency: true, python: process.env.REID_BENCH_PYTHON ?? '/usr/bin/python3' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => args[++i] ?? (() => { throw new Error(`bench inference: expected a value after ${arg}`); })();
    if (arg === '--rounds') options.rounds = Number(value());
    else if (arg === '--only') options.only = value();
    else if (arg === '--skip-latency') options.latency = false;
    else if (arg === '--python') options.python = value();
    else throw new Error(`bench inference: unknown option ${arg}. Options: --rounds N, --only small|photo, --skip-latency, --python PATH`);
  }
  if (!Number.isInteger(options.rounds) || options.rounds < 1) throw new Error(`bench inference: expected a positive integer for --rounds but received ${options.rounds}`);
  return options;
}

interface Workload { arch: Architecture; p: Preprocessing }
const workloads: Workload[] = [
  { arch: 'small', p: { channels: 1, height: 28, width: 28, mean: [0.1307], std: [0.3081], glyph: false } },
  { arch: 'photo' as Architecture, p: { channels: 3, height: 128, width: 128, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], glyph: false } },
];

type Side = { name: string; run(images: Uint8Array[]): Promise<void>; dispose(): Promise<void> };

async function sidesFor(w: Workload, threads: number): Promise<Side[]> {
  manualSeed(0);
  const net = new EmbeddingNet({ arch: w.arch, dim: 128, inChannels: w.p.channels, imageSize: w.p.height }).eval();
  const folded = await createEmbedder(net, w.p, { engine: 'libtorch', dim: 128 });
  const foldedNchw = new InferenceNet(inferencePlan(net));
  const foldedCl = new InferenceNet(inferencePlan(net), { channelsLast: true });
  const one = await OrtSession.create(modelOnnx(net, w.p, { dim: 128 }), 'bench', { threads });
  const onnx = await createEmbedder(net, w.p, { engine: 'onnx', dim: 128, threads });
  const size = w.p.channels * w.p.height * w.p.width;
  // int8 ranges from other images than the timed ones, as `reid train` measures them on its own.
  const activations = await measureActivationRanges(net, w.p, randomImages(64, size, 99), { dim: 128, threads });
  const int8 = await createEmbedder(net, w.p, { engine: 'onnx-int8', dim: 128, threads, activations });
  const libtorch = (m: InferenceNet | EmbeddingNet) => async (images: Uint8Array[]) => void embedPixels(m, images, w.p);
  return [
    { name: 'libtorch-module', run: libtorch(net), dispose: async () => net.dispose() },
    { name: 'libtorch-nchw', run: libtorch(foldedNchw), dispose: async () => foldedNchw.dispose() },
    { name: 'libtorch-cl', run: libtorch(foldedCl), dispose: async () => foldedCl.dispose() },
    { name: 'libtorch', run: async (images) => void (await folded.embed(images)), dispose: () => folded.dispose() },
    {
      name: 'onnx-one',
      async run(images) {
        const batch = new Uint8Array(images.length * size);
        images.forEach((im, i) => batch.set(im, i * size));
        await one.run(batch, [images.length, w.p.channels, w.p.height, w.p.width]);
      },
      dispose: () => one.dispose(),
    },
    { name: 'onnx', run: async (images) => void (await onnx.embed(images)), dispose: () => onnx.dispose() },
    { name: 'onnx-int8', run: async (images) => void (await int8.embed(images)), dispose: () => int8.dispose() },
  ];
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const quantile = (xs: readonly number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const emit = (line: Record<string, unknown>) => console.log(JSON.stringify(line));

function randomImages(n: number, size: number, seed: number): Uint8Array[] {
  const random = new Random(seed);
  return Array.from({ length: n }, () => Uint8Array.from({ length: size }, () => Math.floor(random.next() * 256)));
}

/** Calls per round for a side whose warm-up call took `seconds`: about 0.3 s of calls, 1 to 40. */
const callsFor = (seconds: number) => Math.max(1, Math.min(40, Math.round(0.3 / Math.max(seconds, 1e-6))));

async function throughput(w: Workload, options: Options, threads: number, torch: PythonReference | null): Promise<void> {
  const sides = await sidesFor(w, threads);
  try {
    for (const batch of [1, 64, 512]) {
      const images = randomImages(batch, w.p.channels * w.p.height * w.p.width, batch);
      const times = new Map<string, number[]>([...sides.map((s) => [s.name, []] as [string, number[]]), ['pytorch', []]]);
      const cpu = new Map<string, number[]>([...times.keys()].map((k) => [k, []]));
      const calls = new Map<string, number>([...times.keys()].map((k) => [k, 1]));
      const runners = [
        ...sides.map((s) => ({ name: s.name, async round() {
          for (let c = 0; c < calls.get(s.name)!; c++) {
            const cpuStart = process.cpuUsage();
            const start = performance.now();
            await s.run(images);
            times.get(s.name)!.push((performance.now() - start) / 1000);
            const used = process.cpuUsage(cpuStart);
            cpu.get(s.name)!.push((used.user + used.system) / 1e6);
          }
        } })),
        ...(torch ? [{ name: 'pytorch', async round() {
          const reply = await torch.ask({ cmd: 'embed', arch: w.arch, batch, iters: calls.get('pytorch')! });
          times.get('pytorch')!.push(...(reply.times as number[]));
          cpu.get('pytorch')!.push(...(reply.cpu as number[]));
        } }] : []),
      ];
      for (const r of runners) await r.round(); // warm-up: one call each, which sets the calls per round
      for (const [name, t] of times) if (t.length) calls.set(name, callsFor(t[0]!));
      for (const t of [...times.values(), ...cpu.values()]) t.length = 0;
      const loadBefore = loadavg()[0]!;
      for (let round = 0; round < options.rounds; round++) for (const r of round % 2 ? [...runners].reverse() : runners) await r.round();
      const line: Record<string, unknown> = { bench: 'inference/throughput', arch: w.arch, input: `${w.p.channels}×${w.p.height}×${w.p.width}`, batch, threads };
      const seconds = (name: string) => median(times.get(name)!);
      for (const name of times.keys()) if (times.get(name)!.length) line[`${name}ImagesPerSecond`] = Math.round(batch / seconds(name));
      for (const name of cpu.keys()) if (cpu.get(name)!.length) line[`${name}CpuMsPerImage`] = round3((median(cpu.get(name)!) * 1000) / batch);
      line.reidDefault = 'onnx';
      if (torch) {
        line.ratio = round3(seconds('onnx') / seconds('pytorch'));
        line.libtorchRatio = round3(seconds('libtorch') / seconds('pytorch'));
        line.speedupOverPytorch = round3(seconds('pytorch') / seconds('onnx'));
        line.cpuRatio = round3(median(cpu.get('onnx')!) / median(cpu.get('pytorch')!));
        line.int8Ratio = round3(seconds('onnx-int8') / seconds('pytorch'));
        line.int8SpeedupOverPytorch = round3(seconds('pytorch') / seconds('onnx-int8'));
      }
      line.int8OverOnnx = round3(seconds('onnx') / seconds('onnx-int8'));
      line.onnxOverLibtorch = round3(seconds('libtorch') / seconds('onnx'));
      line.foldingGain = round3(seconds('libtorch-module') / seconds('libtorch-nchw'));
      line.channelsLastGain = round3(seconds('libtorch-nchw') / seconds('libtorch-cl'));
      line.loadAverage = [round3(loadBefore), round3(loadavg()[0]!)];
      emit(line);
    }
  } finally {
    for (const s of sides) await s.dispose();
  }
}

/** One image at a time, as `reid serve` and `identify` answer it: embed (1 thread) + gallery.identify over 70k items. */
async function latency(): Promise<void> {
  const w = workloads[0]!;
  setNumThreads(1);
  manualSeed(0);
  const net = new EmbeddingNet({ arch: 'small', dim: 128 }).eval();
  const n = 70_000;
  const dim = 128;
  const random = new Random(7);
  const embeddings = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += (embeddings[i * dim + d] = random.next() - 0.5) ** 2;
    for (let d = 0; d < dim; d++) embeddings[i * dim + d]! /= Math.sqrt(s);
  }
  const items = Array.from({ length: n }, (_, i) => ({ id: `id${i % 10}#${i}`, identity: `id${i % 10}`, source: `item${i}` }));
  const gallery = new Gallery({ dim, modelFingerprint: 'bench', items, embeddings, calibration: null });
  const images = randomImages(200, 784, 11);
  const activations = await measureActivationRanges(net, w.p, randomImages(64, 784, 99), { dim });
  const engines: Embedder[] = [
    await createEmbedder(net, w.p, { engine: 'onnx', dim, threads: 1 }), await createEmbedder(net, w.p, { engine: 'libtorch', dim, threads: 1 }),
    await createEmbedder(net, w.p, { engine: 'onnx-int8', dim, threads: 1, activations }),
  ];
  try {
    for (const embedder of engines) {
      const embed: number[] = [];
      const identify: number[] = [];
      const total: number[] = [];
      const scan: number[] = [];
      const queries: Float32Array[] = [];
      for (let i = 0; i < images.length + 20; i++) {
        const start = performance.now();
        const { embeddings: q } = await embedder.embed([images[i % images.length]!]);
        const mid = performance.now();
        gallery.identify(q, { top: 5 });
        const end = performance.now();
        if (i < 20) continue; // warm-up
        embed.push(mid - start);
        identify.push(end - mid);
        total.push(end - start);
        queries.push(q);
      }
      // Same-run reference on a loaded machine: usearch's float32 exact scan for the same 256 nearest
      // items identify asks for, in a loop of its own: between identifies, its pass over 36 MB of rows
      // pushed the codes and the model out of cache and added ~0.5 ms to identify, ~0.2 ms to embed.
      for (const q of queries) {
        const start = performance.now();
        usearch.exactSearch(embeddings, q, dim, 256, usearch.MetricKind.L2sq, 1);
        scan.push(performance.now() - start);
      }
      emit({
        bench: 'inference/one-image-identify', gallery: `random unit vectors ${n}`, engine: embedder.engine, dim, threads: getNumThreads(), scanThreads: threadCount('batch'),
        p50Ms: round3(median(total)), p99Ms: round3(quantile(total, 0.99)), embedP50Ms: round3(median(embed)), identifyP50Ms: round3(median(identify)),
        usearchScanP50Ms: round3(median(scan)), identifyVsUsearchScan: round3(median(identify) / median(scan)),
        targetMs: 1, loadAverage: round3(loadavg()[0]!),
      });
    }
  } finally {
    for (const e of engines) await e.dispose();
    gallery.dispose();
    net.dispose();
  }
}

/** One MNIST test image at a time through the shipped glyph model (ONNX, 1 thread) and identify against 70k MNIST embeddings. */
async function latencyOnMnist(): Promise<void> {
  const modelDir = 'assets/models/glyph-general';
  setNumThreads(1);
  const mnist = (await realSources(modelDir, 0, (m) => process.stderr.write(`${m}\n`))).find((s) => s.name === 'mnist')!;
  const { train, test } = await openDataset('mnist');
  const n = 70_000;
  const embeddings = galleryRows(mnist, n);
  const digit = (i: number) => train.identities[train.labels[i % train.length]!]!;
  const items = Array.from({ length: n }, (_, i) => ({ id: `m${i}`, identity: digit(i), source: i < train.length ? `mnist:train/${i}` : `replica/${i}` }));
  const bundle = await loadModelBundle(modelDir);
  const gallery = new Gallery({ dim: mnist.dim, modelFingerprint: bundle.config.fingerprint, items, embeddings, calibration: bundle.config.calibration ?? null });
  const embedder = await createEmbedder(bundle.model, bundle.config.preprocessing, { engine: 'onnx', dim: mnist.dim, threads: 1 });
  try {
    const images = await Promise.all(Array.from({ length: 200 }, (_, i) => test!.read(i)));
    const embed: number[] = [];
    const identify: number[] = [];
    const total: number[] = [];
    let right = 0;
    for (let i = 0; i < images.length + 20; i++) {
      const start = performance.now();
      const { embeddings: q } = await embedder.embed([images[i % images.length]!]);
      const mid = performance.now();
      const [answer] = gallery.identify(q, { top: 5 });
      const end = performance.now();
      if (i < 20) continue; // warm-up
      if (answer!.identity === test!.identities[test!.labels[i % images.length]!]) right++;
      embed.push(mid - start);
      identify.push(end - mid);
      total.push(end - start);
    }
    emit({
      bench: 'inference/one-image-identify', gallery: `mnist ${n} (glyph-general embeddings)`, engine: embedder.engine, dim: mnist.dim, threads: getNumThreads(), scanThreads: threadCount('batch'),
      p50Ms: round3(median(total)), p99Ms: round3(quantile(total, 0.99)), embedP50Ms: round3(median(embed)), identifyP50Ms: round3(median(identify)),
      top1: round3(right / images.length), targetMs: 1, loadAverage: round3(loadavg()[0]!),
    });
  } finally {
    await embedder.dispose();
    gallery.dispose();
    bundle.model.dispose();
  }
}

/** Largest |onnx − libtorch module| over 64 images, per architecture. */
async function agreement(w: Workload): Promise<void> {
  manualSeed(0);
  const net = new EmbeddingNet({ arch: w.arch, dim: 128, inChannels: w.p.channels, imageSize: w.p.height }).eval();
  const images = randomImages(64, w.p.channels * w.p.height * w.p.width, 5);
  const expected = embedPixels(net, images, w.p).embeddings;
  const onnx = await createEmbedder(net, w.p, { engine: 'onnx', dim: 128, threads: getNumThreads() });
  const actual = (await onnx.embed(images)).embeddings;
  await onnx.dispose();
  net.dispose();
  emit({ bench: 'inference/agreement', arch: w.arch, images: 64, maxAbsDiff: expected.reduce((m, x, i) => Math.max(m, Math.abs(x - actual[i]!)), 0), target: 1e-5 });
}

export async function main(args: readonly string[]): Promise<void> {
  const options = parseOptions(args);
  const threads = getNumThreads();
  const started = await startPythonReference(options.python, 'inference_reference.py', threads);
  const torch = 'note' in started ? null : started;
  const chosen = workloads.filter((w) => (architectures as readonly string[]).includes(w.arch) && (options.only === null || options.only === w.arch));
  emit({
    bench: 'inference/setup', threads, cpus: cpus().length, libtorch: torchVersion(), pytorch: torch?.torch ?? null, onnxruntime: '1.30 (onnxruntime-node, CPU)',
    architectures: chosen.map((w) => w.arch), rounds: options.rounds, loadAverage: loadavg().map(round3), ...('note' in started ? { note: started.note } : {}),
  });
  try {
    for (const w of chosen) {
      await agreement(w);
      await throughput(w, options, threads, torch);
    }
    if (options.latency) {
      await latency();
      await latencyOnMnist();
    }
  } finally {
    torch?.close();
  }
}
