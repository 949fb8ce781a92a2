// A grid of images in one PNG, for looking at samples by eye (one row per class or identity).
import { ArgumentError } from '../util/errors.ts';
import type { ImageShape } from './dataset.ts';
import { writePng } from './write-png.ts';

export interface ContactSheetOptions {
  /** Integer upscale of every image (nearest neighbour, so pixels stay visible); default 2. */
  scale?: number;
  /** Pixels between images; default 2. */
  gap?: number;
  /** Grey level of the gaps; default 96. */
  gapLevel?: number;
}

/** Writes `rows` of CHW uint8 images of one `shape` as a grid PNG; short rows are padded with gap colour. */
export async function writeContactSheet(file: string, rows: readonly (readonly Uint8Array[])[], shape: ImageShape, options: ContactSheetOptions = {}): Promise<void> {
  const scale = options.scale ?? 2;
  const gap = options.gap ?? 2;
  const { channels, height, width } = shape;
  const columns = Math.max(0, ...rows.map((row) => row.length));
  if (rows.length === 0 || columns === 0) throw new ArgumentError(`writeContactSheet: expected at least one image in rows for ${file} but received none.`);
  const cellWidth = width * scale + gap;
  const cellHeight = height * scale + gap;
  const sheetWidth = columns * cellWidth + gap;
  const sheetHeight = rows.length * cellHeight + gap;
  const plane = sheetWidth * sheetHeight;
  const sheet = new Uint8Array(channels * plane).fill(options.gapLevel ?? 96);
  rows.forEach((row, r) =>
    row.forEach((image, c) => {
      if (image.length !== channels * height * width) {
        throw new ArgumentError(`writeContactSheet: expected ${channels * height * width} pixels per image but received ${image.length} at row ${r}, column ${c}.`);
      }
      for (let ch = 0; ch < channels; ch++) {
        for (let y = 0; y < height * scale; y++) {
          for (let x = 0; x < width * scale; x++) {
            const value = image[ch * height * width + Math.floor(y / scale) * width + Math.floor(x / scale)]!;
            sheet[ch * plane + (gap + r * cellHeight + y) * sheetWidth + gap + c * cellWidth + x] = value;
          }
        }
      }
    }),
  );
  await writePng(file, sheet, { channels, height: sheetHeight, width: sheetWidth });
}
