import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { EmbeddingNet, Gallery, generateGlyphs, embedPixels, manualSeed, saveGallery, saveModelBundle, type Preprocessing } from '../../src/index.ts';
import { serve } from '../../src/web/server.ts';

test('the server identifies an uploaded image off the main thread, and rejects garbage with a clear 400', async () => {
  const root = mkdtempSync(join(tmpdir(), 'reid-serve-test-'));
  manualSeed(3);
  const model = new EmbeddingNet({ arch: 'small', dim: 16 });
  const preprocessing: Preprocessing = { channels: 1, height: 28, width: 28, mean: [0.1307], std: [0.3081], glyph: true };
  const config = await saveModelBundle(join(root, 'model'), model, { preprocessing, recipe: {}, seed: 3, trainedIdentities: [], metrics: {} });
  model.eval();
  const stars = generateGlyphs({ className: 'star', count: 4, seed: 1 });
  const gallery = new Gallery({ dim: 16, modelFingerprint: config.fingerprint, modelDir: join(root, 'model') });
  gallery.enroll('star', embedPixels(model, stars, preprocessing).embeddings, stars.map((_, i) => `star-${i}`));
  await saveGallery(join(root, 'gallery'), gallery);

  const running = await serve({ galleryDir: join(root, 'gallery'), port: 0 });
  try {
    const page = await fetch(`${running.url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Drop images here/);
    const info = await (await fetch(`${running.url}/api/gallery`)).json() as { items: number; identities: { name: string }[] };
    assert.equal(info.items, 4);
    assert.deepEqual(info.identities.map((i) => i.name), ['star']);

    // The image enrolled as star-0, uploaded as a PNG: glyph normalisation runs again on it, so it
    // lands close to (not exactly on) its enrolled copy, which is still its nearest item.
    const png = await sharp(Buffer.from(stars[0]!), { raw: { width: 28, height: 28, channels: 1 } }).png().toBuffer();
    const response = await fetch(`${running.url}/api/identify`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png });
    assert.equal(response.status, 200);
    const result = await response.json() as { identity: string; distance: number; candidates: { source: string }[] };
    assert.equal(result.identity, 'star');
    assert.ok(result.distance < 0.3, `distance ${result.distance}`);
    assert.equal(result.candidates[0]!.source, 'star-0');

    const bad = await fetch(`${running.url}/api/identify`, { method: 'POST', body: 'not an image' });
    assert.equal(bad.status, 400);
    assert.match((await bad.json() as { error: string }).error, /upload|image|decode|format/i);
    assert.equal((await fetch(`${running.url}/nowhere`)).status, 404);
  } finally {
    await running.close();
  }
});
