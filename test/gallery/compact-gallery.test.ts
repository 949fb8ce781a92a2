// The compact gallery: float16 rounding checked against every binary16 value's neighbours, and the
// layout read back as the browser reads it (header, float32 centroids, float16 items, identities).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Gallery, encodeCompactGallery, floatToHalf, type CompactGalleryHeader } from '../../src/gallery/index.ts';
import { halfToFloat } from '../nn/helpers.ts';

test('floatToHalf rounds to the nearest binary16 (ties to even) and keeps signs, zeros and infinities', () => {
  for (let h = 0; h < 0x7c00; h += 7) {
    const value = halfToFloat(Uint16Array.of(h))[0]!;
    assert.equal(floatToHalf(value), h);
    assert.equal(floatToHalf(-value), h | 0x8000);
    const next = halfToFloat(Uint16Array.of(h + 1))[0]!;
    const justBelowMidway = value + (next - value) * 0.49;
    assert.equal(floatToHalf(justBelowMidway), h, `just below the midway point of ${h}`);
    assert.equal(floatToHalf(value + (next - value) * 0.51), h + 1);
  }
  assert.equal(floatToHalf(Infinity), 0x7c00);
  assert.equal(floatToHalf(1e6), 0x7c00, 'overflow is infinity');
  assert.equal(floatToHalf(1e-9), 0, 'underflow is zero');
});

test('encodeCompactGallery: centroids exact, items within float16 rounding, identities by index', () => {
  const dim = 4;
  const embeddings = Float32Array.of(1, 0, 0, 0, 0.6, 0.8, 0, 0, 0, 0, 1, 0);
  const items = [{ id: 'a#0', identity: 'a', source: 'a0.png' }, { id: 'a#1', identity: 'a', source: 'a1.png' }, { id: 'b#2', identity: 'b', source: 'b.png' }];
  const gallery = new Gallery({ dim, modelFingerprint: 'fp', items, embeddings, calibration: null });
  const bytes = encodeCompactGallery(gallery);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  assert.equal(Buffer.from(bytes.subarray(0, 8)).toString('ascii'), 'REIDGAL1');
  const header = JSON.parse(Buffer.from(bytes.subarray(12, 12 + view.getUint32(8, true))).toString('utf8')) as CompactGalleryHeader;
  assert.deepEqual(header.identities, ['a', 'b']);
  assert.deepEqual(header.sources, ['a0.png', 'a1.png', 'b.png']);
  assert.equal(header.modelFingerprint, 'fp');
  const centroids = new Float32Array(bytes.buffer.slice(bytes.byteOffset + header.offsets.centroids, bytes.byteOffset + header.offsets.centroids + 2 * dim * 4));
  const norm = Math.hypot(1.6, 0.8);
  assert.deepEqual([...centroids], [1.6 / norm, 0.8 / norm, 0, 0, 0, 0, 1, 0].map((x) => Math.fround(x)));
  const halves = new Uint16Array(bytes.buffer.slice(bytes.byteOffset + header.offsets.items, bytes.byteOffset + header.offsets.items + 3 * dim * 2));
  halfToFloat(halves).forEach((x, i) => assert.ok(Math.abs(x - embeddings[i]!) <= 1e-3));
  assert.deepEqual([...new Uint32Array(bytes.buffer.slice(bytes.byteOffset + header.offsets.itemIdentities, bytes.byteOffset + header.offsets.itemIdentities + 12))], [0, 0, 1]);
  gallery.dispose();
});
