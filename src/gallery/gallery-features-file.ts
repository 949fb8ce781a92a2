// A gallery's local features in one file, committed by gallery.json like the embeddings: every
// item's RLF1 record (src/features/feature-codec.ts, each with its own CRC-32), in items order.
//   "RLFS" | u32 version | u32 count | u32 byteLength[count] | RLF1 records, concatenated
// A torn, truncated or altered file is refused with a DataError naming it.
import { decodeLocalFeatures, encodeLocalFeatures, type LocalFeatures } from '../features/index.ts';
import { DataError } from '../util/errors.ts';

const MAGIC = 'RLFS';
const VERSION = 1;

export function encodeGalleryFeatures(features: readonly LocalFeatures[]): Uint8Array {
  const records = features.map((f) => encodeLocalFeatures(f));
  const head = 12 + 4 * records.length;
  const out = new Uint8Array(head + records.reduce((n, r) => n + r.length, 0));
  const view = new DataView(out.buffer);
  out.set(Buffer.from(MAGIC, 'ascii'), 0);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, records.length, true);
  let at = head;
  records.forEach((r, i) => {
    view.setUint32(12 + 4 * i, r.length, true);
    out.set(r, at);
    at += r.length;
  });
  return out;
}

/** Decodes `bytes` (the file `file`), expecting `count` items; `ids` name a bad record's item. */
export function decodeGalleryFeatures(bytes: Uint8Array, file: string, count: number, ids: readonly string[] = []): LocalFeatures[] {
  const bad = (what: string): never => {
    throw new DataError(`loadGallery: ${file} is not a valid gallery features file: ${what}. Hint: rebuild the gallery (\`reid gallery build\`).`, { file });
  };
  if (bytes.length < 12 || Buffer.from(bytes.subarray(0, 4)).toString('latin1') !== MAGIC) bad(`expected magic "${MAGIC}" at the start`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(4, true) !== VERSION) bad(`version ${view.getUint32(4, true)} is not the supported ${VERSION}`);
  const n = view.getUint32(8, true);
  if (n !== count) bad(`it holds ${n} items' features but gallery.json lists ${count} items`);
  const head = 12 + 4 * n;
  if (bytes.length < head) bad(`${bytes.length} bytes is shorter than its ${head}-byte header (truncated?)`);
  const lengths = Array.from({ length: n }, (_, i) => view.getUint32(12 + 4 * i, true));
  const total = head + lengths.reduce((a, b) => a + b, 0);
  if (total !== bytes.length) bad(`its records need ${total} bytes but it holds ${bytes.length} (truncated?)`);
  let at = head;
  return lengths.map((length, i) => {
    const record = bytes.subarray(at, at + length);
    at += length;
    try {
      return decodeLocalFeatures(record, `${file} (items[${i}]${ids[i] === undefined ? '' : `, id "${ids[i]}"`})`);
    } catch (error) {
      return bad(`items[${i}]${ids[i] === undefined ? '' : ` (id "${ids[i]}")`}: ${(error as Error).message.replace(/^decodeLocalFeatures: /, '')}`);
    }
  });
}
