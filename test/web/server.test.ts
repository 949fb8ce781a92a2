import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IdentificationJson } from '../../src/index.ts';
import { serve } from '../../src/web/server.ts';
import { glyph, pngOf, serveFixture } from './helpers/fixture.ts';

async function identify(url: string, png: Uint8Array): Promise<IdentificationJson> {
  const response = await fetch(`${url}/api/identify`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array(png) });
  assert.equal(response.status, 200, await response.clone().text());
  return await response.json() as IdentificationJson;
}

test('the server names the right one of several identities, ranks the others behind it, and rejects garbage with a clear 400', async () => {
  const fixture = await serveFixture(['star', 'smiley', 'moon']);
  const running = await serve({ galleryDir: fixture.galleryDir, port: 0, host: '127.0.0.1' });
  try {
    const page = await fetch(`${running.url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Drop images here/);
    const info = await (await fetch(`${running.url}/api/gallery`)).json() as { items: number; identities: { name: string }[] };
    assert.equal(info.items, 3);
    assert.deepEqual(info.identities.map((i) => i.name).sort(), ['moon', 'smiley', 'star']);

    // Each enrolled image, uploaded as a PNG, decodes to its enrolled pixels: its own identity
    // wins at distance ~0 and every other identity follows at a real distance.
    for (const name of ['star', 'smiley', 'moon']) {
      const result = await identify(running.url, await pngOf(fixture.glyphs.get(name)!));
      assert.equal(result.identity, name);
      assert.equal(result.verdict, 'uncalibrated', 'no threshold: nothing is decided');
      assert.equal(result.calibrated, false);
      assert.ok(result.distance < 1e-3, `${name}: distance ${result.distance}`);
      assert.deepEqual(result.candidates.map((c) => c.identity).sort(), ['moon', 'smiley', 'star']);
      assert.equal(result.candidates[0]!.identity, name);
      assert.equal(result.candidates[0]!.source, `${name}-0`);
      for (const other of result.candidates.slice(1)) assert.ok(other.distance > 0.03, `${name} vs ${other.identity}: ${other.distance}`);
    }

    const bad = await fetch(`${running.url}/api/identify`, { method: 'POST', body: 'not an image' });
    assert.equal(bad.status, 400);
    assert.match((await bad.json() as { error: string }).error, /could not decode image the uploaded image/);
    const empty = await fetch(`${running.url}/api/identify`, { method: 'POST', body: '' });
    assert.equal(empty.status, 400);
    assert.equal((await fetch(`${running.url}/nowhere`)).status, 404);
  } finally {
    await running.close();
  }
});

test('on a calibrated gallery an enrolled image is known and an image of no enrolled identity is new', async () => {
  // Copies lie at float-rounding distance (< 1e-3, above), distinct glyphs 0.03 or more apart.
  const calibration = { threshold: 0.01, target: 'test', precision: 1, recall: 1, queries: 2, calibratedAt: '2024-01-01T00:00:00Z' };
  const fixture = await serveFixture(['star', 'smiley'], { calibration });
  const running = await serve({ galleryDir: fixture.galleryDir, port: 0, host: '127.0.0.1' });
  try {
    const known = await identify(running.url, await pngOf(fixture.glyphs.get('smiley')!));
    assert.deepEqual([known.verdict, known.identity, known.calibrated], ['known', 'smiley', true]);
    const unseen = await identify(running.url, await pngOf(glyph('spiral')));
    assert.equal(unseen.verdict, 'new');
    assert.equal(unseen.calibrated, true);
    assert.ok(unseen.distance > calibration.threshold, `distance ${unseen.distance}`);
  } finally {
    await running.close();
  }
});
