// Exact Euclidean distance transform (Felzenszwalb & Huttenlocher 2012), linear in the pixel
// count: dilating a stroke by a disc of any radius costs the same, even on a large photo.

const infinity = 1e20;

/** Squared distance from every pixel centre to the nearest pixel where `mask` is non-zero. */
export function squaredDistanceToInk(mask: Uint8Array, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = mask[i] ? 0 : infinity;
  const size = Math.max(width, height);
  const line = new Float64Array(size);
  const result = new Float64Array(size);
  const hull = new Int32Array(size);
  const bounds = new Float64Array(size + 1);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) line[y] = out[y * width + x]!;
    transform1d(line, height, result, hull, bounds);
    for (let y = 0; y < height; y++) out[y * width + x] = result[y]!;
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) line[x] = out[y * width + x]!;
    transform1d(line, width, result, hull, bounds);
    for (let x = 0; x < width; x++) out[y * width + x] = result[x]!;
  }
  return out;
}

/** Lower envelope of the parabolas rooted at (q, f[q]); z holds the envelope's breakpoints. */
function transform1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    let p = v[k]!;
    let s = (f[q]! + q * q - (f[p]! + p * p)) / (2 * q - 2 * p);
    while (s <= z[k]!) {
      k--;
      p = v[k]!;
      s = (f[q]! + q * q - (f[p]! + p * p)) / (2 * q - 2 * p);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    d[q] = (q - p) * (q - p) + f[p]!;
  }
}
