// What a camera's JPEG does to a picture, computed here so the generator stays synchronous and
// gives the same bytes everywhere: RGB → YCbCr, chroma halved both ways (4:2:0), 8×8 DCT, the
// standard (IJG) quantisation tables scaled by quality, and back. Files written by `reid synth`
// are then encoded for real by sharp, as a camera picture would be saved again.

const lumaTable = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const chromaTable = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
  ...new Array<number>(32).fill(99),
];
const cosines = new Float32Array(64);
for (let x = 0; x < 8; x++) for (let u = 0; u < 8; u++) cosines[x * 8 + u] = (u === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * x + 1) * u * Math.PI) / 16);

function scaledTable(table: readonly number[], quality: number): Float32Array {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const scale = q < 50 ? 5000 / q : 200 - 2 * q;
  return Float32Array.from(table, (t) => Math.min(255, Math.max(1, Math.floor((t * scale + 50) / 100))));
}

/** Quantises one width×height plane (values 0..255, minus 128 inside) block by block, in place. */
function quantisePlane(plane: Float32Array, width: number, height: number, table: Float32Array): void {
  const block = new Float32Array(64);
  const temp = new Float32Array(64);
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let y = 0; y < 8; y++) {
        const row = Math.min(height - 1, by + y) * width;
        for (let x = 0; x < 8; x++) block[y * 8 + x] = plane[row + Math.min(width - 1, bx + x)]! - 128;
      }
      // Forward DCT: rows then columns; quantise; inverse: columns then rows.
      for (let y = 0; y < 8; y++) for (let u = 0; u < 8; u++) {
        let s = 0;
        for (let x = 0; x < 8; x++) s += block[y * 8 + x]! * cosines[x * 8 + u]!;
        temp[y * 8 + u] = s;
      }
      for (let u = 0; u < 8; u++) for (let v = 0; v < 8; v++) {
        let s = 0;
        for (let y = 0; y < 8; y++) s += temp[y * 8 + u]! * cosines[y * 8 + v]!;
        const q = table[v * 8 + u]!;
        block[v * 8 + u] = Math.round(s / q) * q;
      }
      for (let u = 0; u < 8; u++) for (let y = 0; y < 8; y++) {
        let s = 0;
        for (let v = 0; v < 8; v++) s += block[v * 8 + u]! * cosines[y * 8 + v]!;
        temp[y * 8 + u] = s;
      }
      for (let y = 0; y < 8 && by + y < height; y++) for (let x = 0; x < 8 && bx + x < width; x++) {
        let s = 0;
        for (let u = 0; u < 8; u++) s += temp[y * 8 + u]! * cosines[x * 8 + u]!;
        plane[(by + y) * width + bx + x] = s + 128;
      }
    }
  }
}

/** JPEG-compresses planar RGB floats in [0, 1] (size×size) at `quality` 1..100 and decodes them again, in place. */
export function jpegArtifacts(rgb: Float32Array, size: number, quality: number): void {
  const plane = size * size;
  const half = Math.ceil(size / 2);
  const luma = new Float32Array(plane);
  const cb = new Float32Array(half * half);
  const cr = new Float32Array(half * half);
  const count = new Uint8Array(half * half);
  for (let y = 0, i = 0; y < size; y++) {
    for (let x = 0; x < size; x++, i++) {
      const r = rgb[i]! * 255, g = rgb[plane + i]! * 255, b = rgb[2 * plane + i]! * 255;
      luma[i] = 0.299 * r + 0.587 * g + 0.114 * b;
      const ci = (y >> 1) * half + (x >> 1);
      cb[ci] = cb[ci]! + 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
      cr[ci] = cr[ci]! + 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
      count[ci] = count[ci]! + 1;
    }
  }
  for (let k = 0; k < count.length; k++) {
    cb[k] = cb[k]! / count[k]!;
    cr[k] = cr[k]! / count[k]!;
  }
  quantisePlane(luma, size, size, scaledTable(lumaTable, quality));
  const chroma = scaledTable(chromaTable, quality);
  quantisePlane(cb, half, half, chroma);
  quantisePlane(cr, half, half, chroma);
  for (let y = 0, i = 0; y < size; y++) {
    for (let x = 0; x < size; x++, i++) {
      const ci = (y >> 1) * half + (x >> 1);
      const l = luma[i]!, b = cb[ci]! - 128, r = cr[ci]! - 128;
      rgb[i] = (l + 1.402 * r) / 255;
      rgb[plane + i] = (l - 0.344136 * b - 0.714136 * r) / 255;
      rgb[2 * plane + i] = (l + 1.772 * b) / 255;
    }
  }
}
