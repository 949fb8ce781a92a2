// Stroke width of a drawing, measured on its medial ridge: the pixels of the inked region that
// are locally farthest from the background. A stroke w pixels wide has ridge distance ≈ (w + 0.5)/2
// to the nearest background pixel, so width = 2·median(ridge distance) − 0.5. The median ignores
// junctions and blobs, where strokes merge and the ridge distance is locally larger; that is what
// makes this better than area/perimeter for stars and crosses. Small images are upsampled first so
// that every measurement is made at about the same resolution (longest side ≥ 112, MNIST × 4).
import { squaredDistanceToInk } from './distance-transform.ts';
import { resizePlane } from './resize-plane.ts';

export interface StrokeWidthOptions {
  /** Values strictly above this are ink; default 127 (pixels ≥ 128 of a uint8 image). */
  threshold?: number;
  /** Upsample until the longest side is at least this; default 112. */
  resolution?: number;
}

/** Median stroke width, in pixels of `plane` (row-major width × height, ink bright); 0 when there is no ink. */
export function measureStrokeWidth(plane: ArrayLike<number>, width: number, height: number, options: StrokeWidthOptions = {}): number {
  const threshold = options.threshold ?? 127;
  const factor = Math.max(1, Math.ceil((options.resolution ?? 112) / Math.max(width, height)));
  let values: Float32Array = Float32Array.from(plane);
  if (factor > 1) values = resizePlane(values, width, height, width * factor, height * factor);
  const w = width * factor;
  const h = height * factor;
  // Distance from each ink pixel to the nearest background pixel = distance transform of the background.
  const background = new Uint8Array(w * h);
  for (let i = 0; i < background.length; i++) background[i] = values[i]! > threshold ? 0 : 1;
  const squared = squaredDistanceToInk(background, w, h);
  const ridge: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d = squared[y * w + x]!;
      if (d === 0) continue;
      // Ridge: no 8-neighbour is farther from the background (bounds checked only on the image edge).
      let ridgePixel = true;
      if (x > 0 && y > 0 && x < w - 1 && y < h - 1) {
        const i = y * w + x;
        ridgePixel =
          squared[i - w - 1]! <= d && squared[i - w]! <= d && squared[i - w + 1]! <= d && squared[i - 1]! <= d &&
          squared[i + 1]! <= d && squared[i + w - 1]! <= d && squared[i + w]! <= d && squared[i + w + 1]! <= d;
      } else {
        for (let ny = Math.max(0, y - 1); ny <= Math.min(h - 1, y + 1) && ridgePixel; ny++) {
          for (let nx = Math.max(0, x - 1); nx <= Math.min(w - 1, x + 1); nx++) if (squared[ny * w + nx]! > d) ridgePixel = false;
        }
      }
      if (ridgePixel) ridge.push(Math.sqrt(d));
    }
  }
  if (ridge.length === 0) return 0;
  ridge.sort((a, b) => a - b);
  return (2 * ridge[ridge.length >> 1]! - 0.5) / factor;
}
