// A dataset whose pixels sit in one contiguous Uint8Array (MNIST, IDX files, generated glyphs):
// reads are zero-copy views, so a loader can assemble thousands of batches per second.
import { ArgumentError } from '../util/errors.ts';
import { checkIndex } from './check-index.ts';
import { imageSize, type ImageDataset, type ImageShape } from './dataset.ts';

export interface InMemoryDatasetOptions extends ImageShape {
  name: string;
  /** All images back to back, N × C × H × W. */
  pixels: Uint8Array;
  labels: Int32Array;
  identities: readonly string[];
  /** Pseudo-path prefix for `source(i)`, e.g. "mnist:train" gives "mnist:train/123". Default: name. */
  sourcePrefix?: string;
}

export class InMemoryDataset implements ImageDataset {
  readonly name: string;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly length: number;
  readonly labels: Int32Array;
  readonly identities: readonly string[];
  readonly pixels: Uint8Array;
  private readonly sourcePrefix: string;
  private readonly stride: number;

  constructor(options: InMemoryDatasetOptions) {
    const { channels, height, width, pixels, labels, identities } = options;
    for (const [key, value] of Object.entries({ channels, height, width })) {
      if (!Number.isInteger(value) || value <= 0) {
        throw new ArgumentError(`InMemoryDataset: expected a positive integer for ${key} but received ${String(value)}.`);
      }
    }
    this.stride = imageSize({ channels, height, width });
    if (pixels.length !== labels.length * this.stride) {
      throw new ArgumentError(
        `InMemoryDataset: expected pixels.length = labels.length × ${this.stride} = ${labels.length * this.stride} ` +
          `for dataset "${options.name}" but received ${pixels.length}.`,
      );
    }
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i]!;
      if (label < 0 || label >= identities.length) {
        throw new ArgumentError(
          `InMemoryDataset: expected labels in [0, ${identities.length}) for dataset "${options.name}" ` +
            `but received ${label} at index ${i}.`,
        );
      }
    }
    this.name = options.name;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.pixels = pixels;
    this.labels = labels;
    this.identities = identities;
    this.length = labels.length;
    this.sourcePrefix = options.sourcePrefix ?? options.name;
  }

  source(index: number): string {
    checkIndex(`${this.name}.source`, index, this.length);
    return `${this.sourcePrefix}/${index}`;
  }

  readSync(index: number): Uint8Array {
    checkIndex(`${this.name}.read`, index, this.length);
    return this.pixels.subarray(index * this.stride, (index + 1) * this.stride);
  }

  read(index: number): Promise<Uint8Array> {
    try {
      return Promise.resolve(this.readSync(index));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
