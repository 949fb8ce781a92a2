// What kind of images a catalogue holds, from a few files' headers (no pixels decoded): enough to
// tell a folder of 28×28 grey glyph drawings from one of colour photographs before choosing how to
// open and train on it.
import sharp, { type Metadata } from 'sharp';
import { DataError } from '../util/errors.ts';
import { uprightSize } from './crop-box.ts';
import type { ImageDataset } from './dataset.ts';

export interface ImageProbe {
  /** Files whose headers were read. */
  probed: number;
  /** True when any probed file has colour (three or four channels, or a palette); grey+alpha is grey. */
  colour: boolean;
  /** Largest width or height among the probed files (upright). */
  maxSide: number;
  /** Smallest width or height among the probed files (upright). */
  minSide: number;
}

/** Reads the headers of up to `sample` evenly spaced images of `dataset` (file-backed datasets: `source` is a path). */
export async function probeImages(dataset: ImageDataset, sample = 16): Promise<ImageProbe> {
  if (dataset.length === 0) throw new DataError(`probeImages: expected images in ${dataset.name} but it holds none.`);
  const count = Math.min(sample, dataset.length);
  const indices = [...new Set(Array.from({ length: count }, (_, i) => Math.floor((i * dataset.length) / count)))];
  const probe: ImageProbe = { probed: 0, colour: false, maxSide: 0, minSide: Number.POSITIVE_INFINITY };
  for (const index of indices) {
    const file = dataset.source(index);
    let meta: Metadata;
    try {
      meta = await sharp(file, { limitInputPixels: false }).metadata();
    } catch (error) {
      throw new DataError(`probeImages: could not read the header of image ${file}: ${(error as Error).message}`, { file, cause: error });
    }
    const { width, height } = uprightSize(meta);
    probe.probed++;
    probe.colour ||= (meta.channels ?? 1) >= 3 && meta.space !== 'b-w';
    probe.maxSide = Math.max(probe.maxSide, width, height);
    probe.minSide = Math.min(probe.minSide, width, height);
  }
  return probe;
}
