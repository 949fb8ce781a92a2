// Turns a dataset and a sampler into training batches: Float32Array N×C×H×W, augmented (optional)
// and normalised per channel as (x/255 − mean)/std. The next `prefetch` batches are prepared while
// the consumer works on the current one: decoding (sharp) runs on libuv threads, and CPU augmentation
// runs whenever the consumer awaits (e.g. a libtorch op off the main thread).
import { ArgumentError } from '../util/errors.ts';
import { Random } from '../util/random.ts';
import type { Augmentation } from './augment/compose-augmentations.ts';
import { toFloatImage } from './augment/float-image.ts';
import { imageSize, type ImageDataset } from './dataset.ts';
import type { BatchSampler } from './samplers/batch-sampler.ts';

export interface Batch {
  /** N × C × H × W, normalised. */
  pixels: Float32Array;
  labels: Int32Array;
  /** Dataset index of each image. */
  indices: Int32Array;
  epoch: number;
  /** Position of this batch in its epoch. */
  batchIndex: number;
}

export interface BatchLoaderOptions {
  sampler: BatchSampler;
  /** Per-channel mean of x/255; one value per channel. */
  mean: readonly number[];
  /** Per-channel standard deviation of x/255; one value per channel. */
  std: readonly number[];
  /** Applied to each image (floats in [0, 1]) before normalisation. */
  augment?: Augmentation;
  /** Seed for augmentation; each batch gets its own stream, so results do not depend on timing. Default 0. */
  seed?: number;
  /** Batches prepared ahead of the consumer; default 2. */
  prefetch?: number;
}

export class BatchLoader {
  private readonly dataset: ImageDataset;
  private readonly options: BatchLoaderOptions;
  private readonly scale: Float32Array;
  private readonly offset: Float32Array;

  constructor(dataset: ImageDataset, options: BatchLoaderOptions) {
    const { mean, std } = options;
    if (mean.length !== dataset.channels || std.length !== dataset.channels || std.some((s) => !(s > 0))) {
      throw new ArgumentError(
        `BatchLoader: expected ${dataset.channels} mean and ${dataset.channels} positive std values for "${dataset.name}" ` +
          `but received mean [${mean.join(', ')}] and std [${std.join(', ')}].`,
      );
    }
    const prefetch = options.prefetch ?? 2;
    if (!Number.isInteger(prefetch) || prefetch < 1) throw new ArgumentError(`BatchLoader: expected a positive integer for prefetch but received ${String(prefetch)}.`);
    this.dataset = dataset;
    this.options = options;
    // (x/255 − mean)/std = x·scale + offset, per channel.
    this.scale = Float32Array.from(std, (s) => 1 / s);
    this.offset = Float32Array.from(mean, (m, c) => -m / std[c]!);
  }

  get batchesPerEpoch(): number {
    return this.options.sampler.batchesPerEpoch;
  }

  /** The batches of `epoch`, in sampler order. */
  async *batches(epoch: number): AsyncGenerator<Batch> {
    const plan = this.options.sampler.batches(epoch);
    const depth = this.options.prefetch ?? 2;
    const inFlight: Promise<Batch>[] = [];
    let next = 0;
    const launch = (): void => {
      while (inFlight.length < depth && next < plan.length) {
        const job = this.prepare(plan[next]!, epoch, next++);
        job.catch(() => undefined); // surfaced when awaited; avoids an unhandled rejection if the consumer stops early
        inFlight.push(job);
      }
    };
    launch();
    while (inFlight.length > 0) {
      const batch = await inFlight.shift()!;
      launch();
      yield batch;
    }
  }

  private async prepare(indices: Int32Array, epoch: number, batchIndex: number): Promise<Batch> {
    // Yield first, so the work starts in a later turn of the event loop, not inside the consumer's.
    await new Promise((resolve) => setImmediate(resolve));
    const { dataset } = this;
    const size = imageSize(dataset);
    const plane = dataset.height * dataset.width;
    const readSync = dataset.readSync?.bind(dataset);
    const images = readSync ? Array.from(indices, (i) => readSync(i)) : await Promise.all(Array.from(indices, (i) => dataset.read(i)));
    const pixels = new Float32Array(indices.length * size);
    const labels = new Int32Array(indices.length);
    const augment = this.options.augment;
    const random = augment ? new Random(this.options.seed ?? 0).fork(epoch).fork(batchIndex) : undefined;
    for (let n = 0; n < indices.length; n++) {
      labels[n] = dataset.labels[indices[n]!]!;
      const base = n * size;
      if (augment) {
        const image = augment(toFloatImage(images[n]!, dataset.channels, dataset.height, dataset.width), random!);
        for (let c = 0; c < dataset.channels; c++) {
          const scale = this.scale[c]!;
          const offset = this.offset[c]!;
          for (let p = c * plane; p < (c + 1) * plane; p++) pixels[base + p] = image.data[p]! * scale + offset;
        }
      } else {
        const source = images[n]!;
        for (let c = 0; c < dataset.channels; c++) {
          const scale = this.scale[c]! / 255;
          const offset = this.offset[c]!;
          for (let p = c * plane; p < (c + 1) * plane; p++) pixels[base + p] = source[p]! * scale + offset;
        }
      }
    }
    return { pixels, labels, indices, epoch, batchIndex };
  }
}
