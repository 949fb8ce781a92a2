import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { maxInputPixels } from '../../src/index.ts';
import { serve } from '../../src/web/server.ts';
import { serveFixture } from './helpers/fixture.ts';

test('a 16000×16000 PNG is refused from its header with a 413 naming its size, and the server keeps answering', async () => {
  // One colour: about 750 KB encoded, 768 MB of pixels once decoded.
  const huge = await sharp({ create: { width: 16000, height: 16000, channels: 3, background: '#202020' } }).png({ compressionLevel: 9 }).toBuffer();
  assert.ok(16000 * 16000 > maxInputPixels);
  for (const glyph of [true, false]) {
    const fixture = await serveFixture(['star'], { glyph });
    const running = await serve({ galleryDir: fixture.galleryDir, port: 0, host: '127.0.0.1' });
    try {
      const response = await fetch(`${running.url}/api/identify`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: huge });
      assert.equal(response.status, 413, `glyph ${glyph}`);
      const { error } = await response.json() as { error: string };
      assert.match(error, /expected at most 50000000 pixels in the uploaded image but it is 16000×16000/);
      const gallery = await fetch(`${running.url}/api/gallery`);
      assert.equal(gallery.status, 200);
      assert.equal((await gallery.json() as { items: number }).items, 1);
    } finally {
      await running.close();
    }
  }
});

test('the pixel cap is a server option; a drawing under it but far over the model size is shrunk and normalised', async () => {
  const fixture = await serveFixture(['star'], { glyph: true });
  const running = await serve({ galleryDir: fixture.galleryDir, port: 0, host: '127.0.0.1', maxPixels: 1000 * 1000 });
  try {
    const drawing = (side: number) => sharp({ create: { width: side, height: side, channels: 3, background: '#ffffff' } })
      .composite([{ input: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}"><circle cx="${side / 2}" cy="${side / 2}" r="${side / 3}" stroke="black" stroke-width="${side / 40}" fill="none"/></svg>`) }])
      .png().toBuffer();
    const over = await fetch(`${running.url}/api/identify`, { method: 'POST', body: await drawing(1001) });
    assert.equal(over.status, 413);
    const under = await fetch(`${running.url}/api/identify`, { method: 'POST', body: await drawing(1000) });
    assert.equal(under.status, 200, await under.clone().text());
    assert.equal((await under.json() as { candidates: unknown[] }).candidates.length, 1);
  } finally {
    await running.close();
  }
});
