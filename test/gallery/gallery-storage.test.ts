// The gallery's storage option: absent from gallery.json by default (today's files unchanged),
// persisted through save, load and update, refused when damaged, and the item search honours it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Gallery, loadGallery, saveGallery, updateGallery } from '../../src/gallery/index.ts';
import { DataError } from '../../src/util/errors.ts';

const dim = 3;
function gallery(storage?: 'float32' | 'float16' | 'int8-row' | 'int8-dim'): Gallery {
  const items = ['a#0', 'b#1', 'c#2'].map((id) => ({ id, identity: id[0]!, source: `${id}.png` }));
  return new Gallery({ dim, modelFingerprint: 'fp', items, embeddings: Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0.6, 0.8]), ...(storage ? { storage } : {}) });
}

async function root(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reid-gstorage-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('the default gallery writes no storage field and loads as float32', async (t) => {
  const dir = join(await root(t), 'g');
  await saveGallery(dir, gallery());
  const json = JSON.parse(await readFile(join(dir, 'gallery.json'), 'utf8')) as Record<string, unknown>;
  assert.equal('storage' in json, false);
  const loaded = await loadGallery(dir);
  assert.equal(loaded.storage, 'float32');
  loaded.dispose();
});

test('a storage option survives save, load and update, and the search uses it', async (t) => {
  for (const storage of ['float16', 'int8-row', 'int8-dim'] as const) {
    const dir = join(await root(t), storage);
    const made = gallery(storage);
    await saveGallery(dir, made);
    made.dispose();
    const json = JSON.parse(await readFile(join(dir, 'gallery.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(json.storage, storage);
    await updateGallery(dir, (g) => g.enroll('d', Float32Array.from([0.6, 0.8, 0]), ['d.png']));
    const loaded = await loadGallery(dir);
    assert.equal(loaded.storage, storage);
    assert.equal(loaded.size, 4);
    const found = loaded.searchItems(Float32Array.from([0.59, 0.81, 0]), 2);
    assert.equal(loaded.items[found.indices[0]!]!.identity, 'd', storage);
    assert.ok(Math.abs(found.distances[0]! - Math.hypot(0.01, 0.01)) < 0.01, `${storage}: ${found.distances[0]}`);
    loaded.dispose();
  }
});

test('a damaged storage field is refused naming the file and the field', async (t) => {
  const dir = join(await root(t), 'g');
  await saveGallery(dir, gallery('int8-row'));
  const file = join(dir, 'gallery.json');
  const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  await writeFile(file, JSON.stringify({ ...json, storage: 'int4' }));
  await assert.rejects(loadGallery(dir), (error: unknown) => error instanceof DataError && /storage/.test(error.message) && error.message.includes(file) && /int4/.test(error.message));
  assert.throws(() => gallery('int4' as 'float16'), /Gallery: expected one of float32, float16, int8-row, int8-dim for storage but received "int4"/);
});
