// Data-loading throughput against what training consumes: MNIST through BatchLoader with the glyph
// augmentation preset and a P×K sampler, and a folder of JPEG photos (generated once into the temp
// directory) through openImageFolder and BatchLoader with the photo preset, first epoch (decoding on
// read) and second (cached). For context, the small CNN's training throughput at batch 64 (forward,
// MSE to random targets, backward, AdamW, as bench/engine.ts) on each input shape, and the ratio
// loader ÷ training, which should be ≥ 10 so loading never starves a training step.
// Usage: npm run bench -- data [--mnist-batches N] [--photos N] [--photo-size PX] [--steps N] [--regenerate]
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import {
  augmentationPresets, BatchLoader, composeAugmentations, loadMnist, openImageFolder, PKSampler, ShuffledSampler,
  type ImageDataset,
} from '../src/data/index.ts';
import { mapConcurrent } from '../src/data/map-concurrent.ts';
import { EmbeddingNet } from '../src/nn/index.ts';
import { AdamW } from '../src/optim/index.ts';
import { defaultRecipe } from '../src/recipes/index.ts';
import { getNumThreads, manualSeed, mean, rand, randn, square, sub, tidy, torchVersion } from '../src/tensor/index.ts';
import { Random } from '../src/util/random.ts';

interface Options {
  mnistBatches: number;
  photos: number;
  photoSize: number;
  steps: number;
  regenerate: boolean;
}

const identities = 10;

function parseOptions(args: readonly string[]): Options {
  const options: Options = { mnistBatches: 300, photos: 2000, photoSize: 128, steps: 3, regenerate: false };
  const integer = (flag: string, text: string | undefined, min: number): number => {
    const n = Number(text);
    if (text === undefined || !Number.isInteger(n) || n < min) throw new Error(`bench data: expected an integer ≥ ${min} for ${flag} but received ${text ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    if (flag === '--mnist-batches') options.mnistBatches = integer(flag, args[++i], 1);
    else if (flag === '--photos') options.photos = integer(flag, args[++i], identities);
    else if (flag === '--photo-size') options.photoSize = integer(flag, args[++i], 16);
    else if (flag === '--steps') options.steps = integer(flag, args[++i], 1);
    else if (flag === '--regenerate') options.regenerate = true;
    else throw new Error(`bench data: unknown option ${flag}. Options: --mnist-batches N, --photos N, --photo-size PX, --steps N, --regenerate`);
  }
  return options;
}

const emit = (line: Record<string, unknown>): void => console.log(JSON.stringify(line));
const progress = (message: string): void => void process.stderr.write(`data: ${message}\n`);
const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const seconds = (start: number): number => (performance.now() - start) / 1000;
/** Images per second: whole numbers, but one decimal below 100 (a 128-px training step on 2 cores makes a few). */
const rate = (x: number): number => (x >= 100 ? Math.round(x) : Math.round(x * 10) / 10);
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]!;

/** Median training-step throughput (images/s) of the small CNN at batch 64 on C×S×S input, after one warm-up step. */
function trainingThroughput(channels: number, size: number, steps: number): number {
  const batch = 64;
  manualSeed(0);
  const net = new EmbeddingNet({ arch: 'small', dim: 128, inChannels: channels, imageSize: size });
  const optimizer = new AdamW(net.parameters(), { lr: 1e-3, weightDecay: 0.01 });
  const x = rand([batch, channels, size, size]);
  const target = randn([batch, 128]);
  try {
    net.train();
    const times = Array.from({ length: steps + 1 }, () => {
      const start = performance.now();
      tidy(() => {
        optimizer.zeroGrad();
        const loss = mean(square(sub(net.forward(x), target)));
        loss.backward();
        optimizer.step();
        loss.item();
      });
      return seconds(start);
    });
    const step = median(times.slice(1));
    emit({ bench: 'data/train-step', shape: `${channels}×${size}×${size}`, batch, steps, medianMs: Math.round(step * 1e4) / 10, imagesPerSecond: rate(batch / step), threads: getNumThreads() });
    return batch / step;
  } finally {
    for (const t of [x, target]) t.dispose();
    optimizer.dispose();
    net.dispose();
  }
}

/** Pulls every batch of one epoch; returns images and seconds. */
async function drain(loader: BatchLoader, epoch: number): Promise<{ images: number; seconds: number }> {
  const start = performance.now();
  let images = 0;
  for await (const batch of loader.batches(epoch)) images += batch.labels.length;
  return { images, seconds: seconds(start) };
}

function loaderLine(bench: string, measured: { images: number; seconds: number }, training: number, extra: Record<string, unknown>): Record<string, unknown> {
  const imagesPerSecond = measured.images / measured.seconds;
  return {
    bench, ...extra, images: measured.images, seconds: round3(measured.seconds), imagesPerSecond: rate(imagesPerSecond),
    trainingImagesPerSecond: rate(training), ratio: round3(imagesPerSecond / training), target: 10, meetsTarget: imagesPerSecond / training >= 10,
  };
}

/** P and K as trainRun picks them for the default recipe: P capped at the identity count, K raised to keep the batch size. */
function pkFor(dataset: ImageDataset): { p: number; k: number } {
  const p = Math.min(defaultRecipe.p, new Set(dataset.labels).size);
  return { p, k: Math.round((defaultRecipe.p * defaultRecipe.k) / p) };
}

async function benchMnist(options: Options, training: number): Promise<void> {
  const { train } = await loadMnist();
  const { p, k } = pkFor(train);
  const loaderFor = (batches: number, seed: number) => new BatchLoader(train, {
    sampler: new PKSampler(train, { identitiesPerBatch: p, imagesPerIdentity: k, seed, batchesPerEpoch: batches }),
    mean: [0.1307], std: [0.3081], augment: composeAugmentations(augmentationPresets.glyph), seed,
  });
  await drain(loaderFor(2, 1), 0); // warm-up: JIT and first-touch costs
  const measured = await drain(loaderFor(options.mnistBatches, 0), 0);
  emit(loaderLine('data/mnist-loader', measured, training, { dataset: train.name, sampler: `PK ${p}×${k}`, batch: p * k, batches: options.mnistBatches, augmentation: 'glyph preset' }));
}

/** A 128×128 RGB picture of 3–7 coloured ellipses over a tinted background; each identity has its own palette. */
function paintBlobs(identity: number, index: number, size: number): Uint8Array {
  const palette = new Random(1000 + identity);
  const colours = Array.from({ length: 3 }, () => [palette.int(256), palette.int(256), palette.int(256)] as const);
  const random = new Random(identity * 100_003 + index);
  const rgb = new Uint8Array(size * size * 3);
  const tint = colours[0]!.map((c) => (c >> 2) + random.int(40));
  for (let i = 0; i < size * size; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = tint[c]! + random.int(16);
  for (let blob = 3 + random.int(5); blob > 0; blob--) {
    const base = colours[random.int(3)]!;
    const colour = base.map((c) => Math.max(0, Math.min(255, c + random.int(41) - 20)));
    const [cx, cy] = [random.uniform(0, size), random.uniform(0, size)];
    const [rx, ry] = [random.uniform(size / 16, size / 4), random.uniform(size / 16, size / 4)];
    for (let y = Math.max(0, Math.floor(cy - ry)); y < Math.min(size, Math.ceil(cy + ry)); y++) {
      for (let x = Math.max(0, Math.floor(cx - rx)); x < Math.min(size, Math.ceil(cx + rx)); x++) {
        if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) for (let c = 0; c < 3; c++) rgb[(y * size + x) * 3 + c] = colour[c]!;
      }
    }
  }
  return rgb;
}

/** root/<identity>/<n>.jpg, made once per (count, size) and reused; written under a temporary name and renamed when complete. */
async function photoFolder(options: Options): Promise<string> {
  const root = join(tmpdir(), `reid-bench-photos-${options.photos}x${options.photoSize}-v1`);
  const marker = join(root, '.complete');
  if (existsSync(marker) && !options.regenerate) return root;
  const partial = `${root}.partial-${process.pid}`;
  const start = performance.now();
  progress(`writing ${options.photos} JPEGs into ${root}`);
  await rm(partial, { recursive: true, force: true });
  const jobs = Array.from({ length: options.photos }, (_, i) => ({ identity: i % identities, index: Math.floor(i / identities) }));
  for (let identity = 0; identity < identities; identity++) await mkdir(join(partial, `id${identity}`), { recursive: true });
  await mapConcurrent(jobs, 2 * cpus().length, ({ identity, index }) => {
    const size = options.photoSize;
    return sharp(paintBlobs(identity, index, size), { raw: { width: size, height: size, channels: 3 } })
      .jpeg({ quality: 90 }).toFile(join(partial, `id${identity}`, `${String(index).padStart(4, '0')}.jpg`));
  });
  await writeFile(join(partial, '.complete'), `${new Date().toISOString()}\n`);
  await rm(root, { recursive: true, force: true });
  await rename(partial, root);
  emit({ bench: 'data/photo-generate', dir: root, images: options.photos, identities, size: options.photoSize, seconds: round3(seconds(start)) });
  return root;
}

async function benchPhotos(options: Options, training: number): Promise<void> {
  const root = await photoFolder(options);
  const shape = { channels: 3 as const, height: options.photoSize, width: options.photoSize };
  const loaderFor = (dataset: ImageDataset) => new BatchLoader(dataset, {
    sampler: new ShuffledSampler(dataset.length, { batchSize: 64, seed: 0 }), mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25],
    augment: composeAugmentations(augmentationPresets.photo), seed: 0,
  });
  const common = { dataset: 'folder of JPEGs', identities, shape: `3×${shape.height}×${shape.width}`, sampler: 'shuffled, batch 64', augmentation: 'photo preset' };

  const lazy = await openImageFolder(root, { ...shape, preload: false });
  const loader = loaderFor(lazy);
  for (const [epoch, phase] of [[0, 'epoch 1 (decoding on read)'], [1, 'epoch 2 (cached)']] as const) {
    const before = lazy.stats.decoded;
    const measured = await drain(loader, epoch);
    emit(loaderLine('data/photo-folder', measured, training, { ...common, phase, decoded: lazy.stats.decoded - before }));
  }

  // The default: openImageFolder decodes (and vets) every file up front, then epochs read from memory.
  const start = performance.now();
  const preloaded = await openImageFolder(root, shape);
  const took = seconds(start);
  emit(loaderLine('data/photo-folder', { images: preloaded.length, seconds: took }, training, { ...common, phase: 'openImageFolder preload (decoding up front, no augmentation)', sampler: null, augmentation: null, decoded: preloaded.stats.decoded }));
}

export async function main(args: readonly string[]): Promise<void> {
  const options = parseOptions(args);
  const loadBefore = loadavg().map(round3);
  emit({ bench: 'data/setup', threads: getNumThreads(), cpus: cpus().length, libtorch: torchVersion(), ...options, loadAverage: loadBefore });
  progress('training steps at 1×28×28');
  const glyphTraining = trainingThroughput(1, 28, options.steps);
  progress(`MNIST loader, ${options.mnistBatches} batches`);
  await benchMnist(options, glyphTraining);
  progress(`training steps at 3×${options.photoSize}×${options.photoSize}`);
  const photoTraining = trainingThroughput(3, options.photoSize, options.steps);
  await benchPhotos(options, photoTraining);
  emit({ bench: 'data/load', loadAverageBefore: loadBefore, loadAverageAfter: loadavg().map(round3) });
}
