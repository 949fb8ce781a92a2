// A gallery in a compact binary form for a client that searches it itself (the web page, in the
// browser): each identity's centroid in float32 (they decide the verdict, so they are exact),
// every item in float16 (they only pick the nearest supporting image), each item's identity as
// a uint32 index, and a JSON header with the names, sources, calibration and (under a spread
// ranking) each identity's spread.
//
// Layout (little-endian): "REIDGAL1", uint32 header length, header JSON (UTF-8, padded with spaces
// to a multiple of 4 bytes), then centroids (identities × dim float32), items (items × dim
// float16), item identities (items × uint32).
import type { Calibration } from './gallery-item.ts';
import type { Gallery } from './gallery.ts';
import { identityCentroids } from './identity-centroids.ts';
import { identitySpreads } from './identity-spread.ts';

export interface CompactGalleryHeader {
  format: 'reid-compact-gallery';
  formatVersion: 1;
  dim: number;
  items: number;
  identities: string[];
  /** Each item's source, in item order (the "nearest image" a candidate shows). */
  sources: string[];
  calibration: Calibration | null;
  modelFingerprint: string;
  /** With a calibration's spread ranking: each identity's expected genuine squared centroid distance, in identities order (identity-spread.ts). */
  spreads?: number[];
  /** Byte offsets from the start of the file. */
  offsets: { centroids: number; items: number; itemIdentities: number };
}

export const compactGalleryMagic = 'REIDGAL1';

/** float32 → IEEE 754 binary16 bits, rounded to nearest even (embeddings lie in [−1, 1]: no overflow). */
export function floatToHalf(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    const half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const midway = 1 << (shift - 1);
    return sign | (rest > midway || (rest === midway && half & 1) ? half + 1 : half);
  }
  const half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa lands in the exponent, which is the correct rounding.
  return sign | (rest > 0x1000 || (rest === 0x1000 && half & 1) ? half + 1 : half);
}

export function encodeCompactGallery(gallery: Gallery): Uint8Array {
  const { dim, items } = gallery;
  const centroids = identityCentroids(items, gallery.embeddings, dim);
  const index = new Map(centroids.names.map((name, i) => [name, i]));
  const ranking = gallery.calibration?.ranking;
  const spreads = ranking ? identitySpreads(items, gallery.embeddings, dim, ranking) : undefined;
  const headerFor = (offsets: CompactGalleryHeader['offsets']): CompactGalleryHeader => ({
    format: 'reid-compact-gallery', formatVersion: 1, dim, items: items.length, identities: centroids.names,
    sources: items.map((item) => item.source), calibration: gallery.calibration, modelFingerprint: gallery.modelFingerprint,
    ...(spreads ? { spreads: centroids.names.map((name) => spreads.get(name)!) } : {}), offsets,
  });
  // The header's length depends on the offsets it records: measure with placeholders of the final width.
  const centroidBytes = centroids.vectors.byteLength;
  const itemBytes = items.length * dim * 2;
  const pad4 = (n: number) => (n + 3) & ~3;
  let headerLength = pad4(Buffer.byteLength(JSON.stringify(headerFor({ centroids: 0, items: 0, itemIdentities: 0 }))) + 64);
  const start = 12 + headerLength;
  const offsets = { centroids: start, items: start + centroidBytes, itemIdentities: start + centroidBytes + pad4(itemBytes) };
  const header = Buffer.from(JSON.stringify(headerFor(offsets)).padEnd(headerLength, ' '));
  headerLength = header.length;
  const out = new Uint8Array(offsets.itemIdentities + items.length * 4);
  out.set(Buffer.from(compactGalleryMagic, 'ascii'), 0);
  new DataView(out.buffer).setUint32(8, headerLength, true);
  out.set(header, 12);
  out.set(new Uint8Array(centroids.vectors.buffer, centroids.vectors.byteOffset, centroidBytes), offsets.centroids);
  const halves = new Uint16Array(out.buffer, offsets.items, items.length * dim);
  const embeddings = gallery.embeddings;
  for (let i = 0; i < halves.length; i++) halves[i] = floatToHalf(embeddings[i]!);
  const identities = new Uint32Array(out.buffer, offsets.itemIdentities, items.length);
  items.forEach((item, i) => { identities[i] = index.get(item.identity)!; });
  return out;
}
