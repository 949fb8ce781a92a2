// Separable resampling of one float plane. Shrinking averages the exact source area under each
// output pixel (no aliasing of thin strokes); enlarging interpolates bilinearly (no blocks).
// Both are linear filters, so each axis is a table of (source index, weight) per output index.

interface AxisWeights {
  start: Int32Array;
  count: Int32Array;
  index: Int32Array;
  weight: Float32Array;
}

export function resizePlane(source: Float32Array, sourceWidth: number, sourceHeight: number, width: number, height: number): Float32Array {
  const alongX = axisWeights(sourceWidth, width);
  const alongY = axisWeights(sourceHeight, height);
  const rows = new Float32Array(sourceHeight * width);
  for (let y = 0; y < sourceHeight; y++) applyAxis(source, y * sourceWidth, 1, rows, y * width, 1, alongX);
  const out = new Float32Array(height * width);
  for (let x = 0; x < width; x++) applyAxis(rows, x, width, out, x, width, alongY);
  return out;
}

function applyAxis(src: Float32Array, srcOffset: number, srcStep: number, dst: Float32Array, dstOffset: number, dstStep: number, w: AxisWeights): void {
  for (let o = 0; o < w.start.length; o++) {
    let sum = 0;
    const begin = w.start[o]!;
    const end = begin + w.count[o]!;
    for (let k = begin; k < end; k++) sum += w.weight[k]! * src[srcOffset + w.index[k]! * srcStep]!;
    dst[dstOffset + o * dstStep] = sum;
  }
}

function axisWeights(sourceSize: number, size: number): AxisWeights {
  const scale = size / sourceSize;
  const index: number[] = [];
  const weight: number[] = [];
  const start = new Int32Array(size);
  const count = new Int32Array(size);
  for (let o = 0; o < size; o++) {
    start[o] = index.length;
    if (scale < 1) {
      // Output pixel o covers source interval [o/scale, (o+1)/scale); weight = overlap length.
      const lo = o / scale;
      const hi = Math.min(sourceSize, (o + 1) / scale);
      for (let s = Math.floor(lo); s < hi; s++) {
        const overlap = Math.min(hi, s + 1) - Math.max(lo, s);
        if (overlap > 1e-9) {
          index.push(s);
          weight.push(overlap * scale);
        }
      }
    } else {
      // Pixel centres aligned (align_corners = false), clamped at the borders.
      const position = Math.min(Math.max((o + 0.5) / scale - 0.5, 0), sourceSize - 1);
      const left = Math.floor(position);
      const fraction = position - left;
      index.push(left);
      weight.push(1 - fraction);
      if (fraction > 0 && left + 1 < sourceSize) {
        index.push(left + 1);
        weight.push(fraction);
      }
    }
    count[o] = index.length - start[o]!;
  }
  return { start, count, index: Int32Array.from(index), weight: Float32Array.from(weight) };
}
