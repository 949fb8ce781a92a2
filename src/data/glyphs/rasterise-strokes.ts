// Anti-aliased thick-line rasteriser: a pixel's ink is its distance to the nearest segment of the
// pen path, mapped to coverage with a one-pixel soft edge. Overlaps take the maximum, as a pen
// crossing its own stroke does not make the ink darker.
import type { Point } from '../pixels/centre-of-mass.ts';

/** A pen path: consecutive points are joined by straight segments (a single point draws a dot). */
export type Stroke = readonly Point[];

/** Coverage in [0, 1], row-major height × width, of `strokes` drawn with a round pen `penWidth` pixels wide. */
export function rasteriseStrokes(strokes: readonly Stroke[], width: number, height: number, penWidth: number): Float32Array {
  const canvas = new Float32Array(width * height);
  const radius = penWidth / 2;
  for (const stroke of strokes) {
    if (stroke.length === 1) drawSegment(canvas, width, height, stroke[0]!, stroke[0]!, radius);
    for (let i = 1; i < stroke.length; i++) drawSegment(canvas, width, height, stroke[i - 1]!, stroke[i]!, radius);
  }
  return canvas;
}

function drawSegment(canvas: Float32Array, width: number, height: number, a: Point, b: Point, radius: number): void {
  const reach = radius + 1;
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - reach));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(a.x, b.x) + reach));
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - reach));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(a.y, b.y) + reach));
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSquared = dx * dx + dy * dy;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      // Distance from the pixel centre to the segment: project, clamp to the ends.
      const t = lengthSquared === 0 ? 0 : Math.min(1, Math.max(0, ((x - a.x) * dx + (y - a.y) * dy) / lengthSquared));
      const ex = x - (a.x + t * dx);
      const ey = y - (a.y + t * dy);
      const coverage = Math.min(1, Math.max(0, radius + 0.5 - Math.sqrt(ex * ex + ey * ey)));
      const i = y * width + x;
      if (coverage > canvas[i]!) canvas[i] = coverage;
    }
  }
}
