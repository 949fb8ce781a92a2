// The dataset behind image folders and CSV manifests: a list of (file, identity) decoded with
// sharp on demand or up front, and kept in memory so later epochs cost no decoding.
import { availableParallelism } from 'node:os';
import { ArgumentError, DataError } from '../util/errors.ts';
import { checkIndex } from './check-index.ts';
import type { CropBox } from './crop-box.ts';
import type { ImageDataset } from './dataset.ts';
import { decodeImage, type ResizeFit } from './decode-image.ts';
import { mapConcurrent } from './map-concurrent.ts';

/** What to do with a file that cannot be decoded: stop with a DataError, or leave it out and report it. */
export type BadImagePolicy = 'fail' | 'skip';

export interface ImageCatalogOptions {
  /** 1 (grey) or 3 (RGB); default 3. */
  channels?: 1 | 3;
  /** Default 128. */
  height?: number;
  /** Default 128. */
  width?: number;
  /** Default 'fill'. */
  fit?: ResizeFit;
  /** Default 'fail'. */
  onBadImage?: BadImagePolicy;
  /**
   * Decode every image when the dataset opens (default true): bad files are found before training
   * starts, and 'skip' can leave them out. When false, images decode on first read and a bad one
   * throws a DataError then, whatever onBadImage says.
   */
  preload?: boolean;
  /** Keep decoded pixels in memory (default true): epoch 2 costs no decoding. */
  cache?: boolean;
  /** Images decoded at once; default twice the core count. */
  concurrency?: number;
  /**
   * Turns a file into CHW uint8 pixels at the dataset's shape, instead of decoding and resizing with
   * `fit`. Embedding passes the model's own preprocessing (glyph normalisation for glyph models), so
   * a folder's image embeds exactly as the same file given on its own would. `crop` is the entry's
   * crop box, when its manifest row gives one.
   */
  decode?: (file: string, crop?: CropBox) => Promise<Uint8Array>;
}

export interface CatalogEntry {
  /** Absolute path, already checked to lie inside the catalog's root. */
  file: string;
  identity: string;
  /** Known before decoding (missing file, unsupported extension, empty file): the entry is bad. */
  problem?: string;
  /** The rectangle of the image to use (a manifest's x,y,w,h columns). */
  crop?: CropBox;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface FileImageDatasetParams {
  name: string;
  entries: readonly CatalogEntry[];
  /** Shared identity list (sorted); splits of one catalog pass the same list. */
  identities: readonly string[];
  options: ImageCatalogOptions;
  /** Function named in errors, e.g. "openImageFolder". */
  caller: string;
}

export class FileImageDataset implements ImageDataset {
  readonly name: string;
  readonly channels: 1 | 3;
  readonly height: number;
  readonly width: number;
  readonly length: number;
  readonly labels: Int32Array;
  readonly identities: readonly string[];
  /** Files left out under onBadImage: 'skip', with the reason. */
  readonly skipped: readonly SkippedFile[];
  /** Decoding work done so far; a cached second epoch leaves `decoded` unchanged. */
  readonly stats = { decoded: 0, cacheHits: 0 };
  private readonly files: string[];
  private readonly crops: (CropBox | undefined)[];
  private readonly decode: (file: string, crop?: CropBox) => Promise<Uint8Array>;
  private readonly cached: (Uint8Array | undefined)[];
  private readonly pending = new Map<number, Promise<Uint8Array>>();
  private readonly useCache: boolean;

  /** Builds the dataset, preloading (and vetting) the images unless `options.preload` is false. */
  static async create(params: FileImageDatasetParams): Promise<FileImageDataset> {
    const { options, caller } = params;
    const policy = options.onBadImage ?? 'fail';
    const preload = options.preload ?? true;
    const skipped: SkippedFile[] = [];
    const bad = (file: string, reason: string): void => {
      if (policy === 'fail') {
        throw new DataError(`${caller}: could not use image ${file}: ${reason}. Pass onBadImage: 'skip' to leave such files out.`, { file });
      }
      skipped.push({ file, reason });
    };
    const kept: CatalogEntry[] = [];
    for (const entry of params.entries) (entry.problem === undefined ? kept.push(entry) : bad(entry.file, entry.problem));
    const shape = resolveShape(options, caller);
    let pixels: (Uint8Array | undefined)[] = [];
    if (preload) {
      const concurrency = options.concurrency ?? 2 * availableParallelism();
      const decode = decoder(options, shape);
      pixels = await mapConcurrent(kept, concurrency, (entry) =>
        decode(entry.file, entry.crop).catch((error: Error) => {
          bad(entry.file, error.cause instanceof Error ? error.cause.message : error.message);
          return undefined;
        }),
      );
    }
    const good = preload ? kept.filter((_, i) => pixels[i] !== undefined) : kept;
    const dataset = new FileImageDataset(params, good, skipped);
    if (preload) dataset.stats.decoded = good.length;
    if (preload && dataset.useCache) pixels.filter((p) => p !== undefined).forEach((p, i) => (dataset.cached[i] = p));
    return dataset;
  }

  private constructor(params: FileImageDatasetParams, entries: readonly CatalogEntry[], skipped: SkippedFile[]) {
    const shape = resolveShape(params.options, params.caller);
    this.name = params.name;
    this.channels = shape.channels;
    this.height = shape.height;
    this.width = shape.width;
    this.decode = decoder(params.options, shape);
    this.useCache = params.options.cache ?? true;
    this.identities = params.identities;
    this.files = entries.map((entry) => entry.file);
    this.crops = entries.map((entry) => entry.crop);
    const identityIndex = new Map(params.identities.map((name, i) => [name, i]));
    this.labels = Int32Array.from(entries, (entry) => {
      const label = identityIndex.get(entry.identity);
      if (label === undefined) throw new ArgumentError(`${params.caller}: identity "${entry.identity}" of ${entry.file} is missing from the identity list.`);
      return label;
    });
    this.length = entries.length;
    this.skipped = skipped;
    this.cached = new Array(this.length);
  }

  source(index: number): string {
    checkIndex(`${this.name}.source`, index, this.length);
    return this.files[index]!;
  }

  crop(index: number): CropBox | undefined {
    checkIndex(`${this.name}.crop`, index, this.length);
    return this.crops[index];
  }

  async read(index: number): Promise<Uint8Array> {
    checkIndex(`${this.name}.read`, index, this.length);
    const hit = this.cached[index];
    if (hit !== undefined) {
      this.stats.cacheHits++;
      return hit;
    }
    let job = this.pending.get(index);
    if (job === undefined) {
      job = this.decode(this.files[index]!, this.crops[index]).finally(() => this.pending.delete(index));
      job.then((pixels) => {
        this.stats.decoded++;
        if (this.useCache) this.cached[index] = pixels;
      }, () => undefined);
      this.pending.set(index, job);
    }
    return job;
  }
}

type Shape = { channels: 1 | 3; height: number; width: number };

function decoder(options: ImageCatalogOptions, shape: Shape): (file: string, crop?: CropBox) => Promise<Uint8Array> {
  const custom = options.decode;
  if (custom === undefined) return (file, crop) => decodeImage(file, { ...shape, fit: options.fit, crop }, file);
  const size = shape.channels * shape.height * shape.width;
  return async (file, crop) => {
    const pixels = await custom(file, crop);
    if (pixels.length !== size) {
      throw new DataError(`decode: expected ${size} values (${shape.channels}×${shape.height}×${shape.width}) for ${file} but received ${pixels.length}.`, { file });
    }
    return pixels;
  };
}

function resolveShape(options: ImageCatalogOptions, caller: string): Shape {
  const channels = options.channels ?? 3;
  const height = options.height ?? 128;
  const width = options.width ?? 128;
  if (channels !== 1 && channels !== 3) throw new ArgumentError(`${caller}: expected 1 or 3 for channels but received ${String(channels)}.`);
  for (const [key, value] of [['height', height], ['width', width]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new ArgumentError(`${caller}: expected a positive integer for ${key} but received ${String(value)}.`);
  }
  return { channels, height, width };
}
