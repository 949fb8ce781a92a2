// Separable Gaussian blur of one float plane (kernel cut at 3σ, edges clamped), used to smooth
// random displacement fields for elastic distortion. Each row is copied into an edge-padded
// line first, so the inner loop has no bounds checks.

export function gaussianBlurPlane(plane: Float32Array, width: number, height: number, sigma: number): Float32Array {
  if (sigma <= 0) return plane.slice();
  const radius = Math.ceil(3 * sigma);
  const taps = 2 * radius + 1;
  const kernel = new Float32Array(taps);
  let total = 0;
  for (let k = -radius; k <= radius; k++) total += kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
  for (let k = 0; k < taps; k++) kernel[k]! /= total;
  const line = new Float32Array(Math.max(width, height) + 2 * radius);
  // Horizontal pass writes transposed (rows become columns), so the vertical pass is the same
  // horizontal loop again and both read memory contiguously.
  const transposed = new Float32Array(plane.length);
  blurRows(plane, width, height, kernel, radius, line, transposed);
  const out = new Float32Array(plane.length);
  blurRows(transposed, height, width, kernel, radius, line, out);
  return out;
}

/** Blurs each row of a width × height plane and writes it as a column of `out` (height × width transposed). */
function blurRows(source: Float32Array, width: number, height: number, kernel: Float32Array, radius: number, line: Float32Array, out: Float32Array): void {
  const taps = kernel.length;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const first = source[row]!;
    const last = source[row + width - 1]!;
    for (let i = 0; i < radius; i++) {
      line[i] = first;
      line[radius + width + i] = last;
    }
    for (let x = 0; x < width; x++) line[radius + x] = source[row + x]!;
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = 0; k < taps; k++) sum += kernel[k]! * line[x + k]!;
      out[x * height + y] = sum;
    }
  }
}
