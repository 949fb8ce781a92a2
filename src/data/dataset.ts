// The one shape every image source in reid takes (IDX files, image folders, CSV manifests,
// generated glyphs), so samplers, loaders and exporters never care where pixels come from.
import type { CropBox } from './crop-box.ts';

/** Image geometry: planar CHW, uint8. */
export interface ImageShape {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

export interface ImageDataset extends ImageShape {
  /** Human-readable name, e.g. "mnist:train" or "folder:/data/whales". */
  readonly name: string;
  /** Number of images. */
  readonly length: number;
  /** Identity index (into `identities`) of every image. */
  readonly labels: Int32Array;
  /** Identity name per identity index. Splits of one source share this list, so labels compare across them. */
  readonly identities: readonly string[];
  /** Where image `index` came from: a file path or a pseudo-path like "mnist:train/123". */
  source(index: number): string;
  /** CHW uint8 pixels of image `index` at the dataset's shape. Treat as read-only: it may be shared. */
  read(index: number): Promise<Uint8Array>;
  /**
   * The rectangle of `source(index)` that image `index` shows, when a manifest row crops it (absent
   * or undefined: the whole file). Whoever re-reads the source file (local features) must apply it.
   */
  crop?(index: number): CropBox | undefined;
  /** Synchronous read, present only for in-memory datasets. Same sharing rule as `read`. */
  readSync?(index: number): Uint8Array;
}

/** Number of values in one image of this shape. */
export function imageSize(shape: ImageShape): number {
  return shape.channels * shape.height * shape.width;
}
