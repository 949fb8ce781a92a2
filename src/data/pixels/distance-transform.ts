// Exact Euclidean distance transform (Felzenszwalb & Huttenlocher 2012), linear in the pixel
// count: dilating a stroke by a disc of any radius costs the same, even on a large photo.

const infinity = 1e20;

/** Squared distance from every pixel centre to the nearest pixel where `mask` is non-zero. */
export function squaredDistanceToInk(mask: Uint8Array, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  // Columns: for a binary mask the 1-D distance is just the gap to the nearest ink above or below
  // (two scans); only the row pass needs the parabola envelope.
  for (let x = 0; x < width; x++) {
    let gap = infinity;
    for (let y = 0; y < height; y++) {
      gap = mask[y * width + x] ? 0 : gap + 1;
      out[y * width + x] = gap;
    }
    gap = infinity;
    for (let y = height - 1; y >= 0; y--) {
      const i = y * width + x;
      gap = mask[i] ? 0 : gap + 1;
      if (gap < out[i]!) out[i] = gap;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = out[i]! >= infinity ? infinity : out[i]! * out[i]!;
  const size = width;
  const line = new Float64Array(size);
  const result = new Float64Array(size);
  const hull = new Int32Array(size);
  const bounds = new Float64Array(size + 1);
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
