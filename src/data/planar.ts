// Layout conversion between interleaved HWC (sharp, canvas ImageData) and reid's planar CHW.

/** HWC → CHW (sharp's raw output is interleaved; reid's contract is planar). */
export function interleavedToPlanar(hwc: Uint8Array, channels: number): Uint8Array {
  const plane = hwc.length / channels;
  const out = new Uint8Array(hwc.length);
  for (let p = 0; p < plane; p++) for (let c = 0; c < channels; c++) out[c * plane + p] = hwc[p * channels + c]!;
  return out;
}

/** CHW → HWC, for handing pixels back to sharp. */
export function planarToInterleaved(chw: Uint8Array, channels: number): Uint8Array {
  const plane = chw.length / channels;
  const out = new Uint8Array(chw.length);
  for (let p = 0; p < plane; p++) for (let c = 0; c < channels; c++) out[p * channels + c] = chw[c * plane + p]!;
  return out;
}
