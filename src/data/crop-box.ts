// A rectangle of an image to keep (users crop animals out of scenes): pixels in the upright image
// (after EXIF orientation), x and y from the top-left corner. A manifest lists one per row in
// optional x,y,w,h columns; values are refused where they are read (not numbers, negative, zero
// size) and where the image's size is known (outside it), naming the manifest row and column.
import { DataError } from '../util/errors.ts';

export interface CropBox {
  x: number;
  y: number;
  w: number;
  h: number;
  /** Where the box was given, for errors (e.g. "manifest m.csv line 3"). */
  origin?: string;
}

export const cropColumns = ['x', 'y', 'w', 'h'] as const;

/**
 * The crop of one manifest row from its x,y,w,h cells; undefined when all four are empty. `caller`
 * and `origin` ("manifest m.csv line 3") name the row in errors; `file` is the manifest.
 */
export function parseCropCells(cells: Readonly<Record<(typeof cropColumns)[number], string>>, caller: string, origin: string, file: string): CropBox | undefined {
  const empty = cropColumns.filter((c) => cells[c].trim() === '');
  if (empty.length === cropColumns.length) return undefined;
  if (empty.length > 0) {
    throw new DataError(`${caller}: expected all of x,y,w,h or none on ${origin} but column ${empty.join(',')} is empty.`, { file });
  }
  const value = (column: (typeof cropColumns)[number]): number => {
    const text = cells[column].trim();
    const n = Number(text);
    const least = column === 'w' || column === 'h' ? 1 : 0;
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < least) {
      const what = least === 1 ? 'a positive whole number of pixels (the crop cannot be empty)' : 'a whole number of pixels ≥ 0';
      throw new DataError(`${caller}: expected ${what} in column ${column} on ${origin} but received "${text}".`, { file });
    }
    return n;
  };
  return { x: value('x'), y: value('y'), w: value('w'), h: value('h'), origin };
}

/** Refuses a crop that does not lie inside an upright image of width×height; `label` names the image. */
export function checkCropInside(crop: CropBox, width: number, height: number, label: string): void {
  const over = [crop.x + crop.w > width ? 'x,w' : '', crop.y + crop.h > height ? 'y,h' : ''].filter(Boolean);
  if (over.length === 0) return;
  const where = crop.origin === undefined ? '' : ` on ${crop.origin}`;
  throw new DataError(
    `crop: expected x,y,w,h inside image ${label} (${width}×${height})${where} but columns ${over.join(' and ')} reach ${crop.x + crop.w}×${crop.y + crop.h} (x=${crop.x}, y=${crop.y}, w=${crop.w}, h=${crop.h}).`,
    { file: label },
  );
}

/** The upright size of an image from its header: EXIF orientations 5-8 swap width and height. */
export function uprightSize(meta: { width?: number; height?: number; orientation?: number }): { width: number; height: number } {
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  return (meta.orientation ?? 1) >= 5 ? { width: height, height: width } : { width, height };
}
