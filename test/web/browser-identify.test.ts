// Identification in the browser (onnxruntime-web, WASM, served by the app; no upload) gives the
// server's answers: on 20 images the page's verdicts, identities, candidate rankings and nearest
// images equal /api/identify's. Distances are compared squared: the server forms ‖q‖² + ‖c‖² − 2q·c
// in float32 (rounding about 1e-7), which the square root turns into 3e-4 at a distance of zero.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../src/web/server.ts';
import { glyph, pngOf, serveFixture } from './helpers/fixture.ts';
import type { GlyphClass } from '../../src/index.ts';

const chromium = '/usr/bin/chromium';
interface Answer {
  verdict: string;
  identity: string | null;
  distance: number;
  probability?: number;
  candidates: { identity: string; distance: number; probability?: number; source?: string }[];
}

const enrolled: GlyphClass[] = ['star', 'moon', 'heart', 'triangle', 'spiral'];
/** The five enrolled images (distance ~0), other drawings of the same classes, and classes the gallery lacks. */
const queries: { name: string; pixels: Uint8Array }[] = [
  ...enrolled.map((c) => ({ name: `${c}-enrolled.png`, pixels: glyph(c) })),
  ...enrolled.flatMap((c) => [2, 3].map((seed) => ({ name: `${c}-${seed}.png`, pixels: glyph(c, seed) }))),
  ...(['cross', 'arrow', 'lightning', 'smiley', 'square'] as const).map((c) => ({ name: `${c}.png`, pixels: glyph(c) })),
];

const skip = existsSync(chromium) ? false : `${chromium} is not installed`;

test('the page identifies 20 images in the browser with the server\'s answers (photo preprocessing)', { skip, timeout: 180_000 }, async () => {
  const verdicts = await browserAgainstServer(false);
  assert.deepEqual([...verdicts].sort(), ['known', 'new'], 'both verdicts occur among the 20');
});

test('the same for a glyph model: drawings go through reid\'s glyph normalisation in the browser, the verdict read from the probability', { skip, timeout: 180_000 }, async () => {
  const verdicts = await browserAgainstServer(true);
  assert.deepEqual([...verdicts].sort(), ['known', 'new'], 'both verdicts occur among the 20');
});

test('under --engine onnx-int8 the page runs the server\'s int8 graph and gives its answers', { skip, timeout: 180_000 }, async () => {
  const before = process.env.REID_ENGINE;
  process.env.REID_ENGINE = 'onnx-int8';
  try {
    await browserAgainstServer(true, true);
  } finally {
    if (before === undefined) delete process.env.REID_ENGINE;
    else process.env.REID_ENGINE = before;
  }
});

/** Identifies the 20 queries on the page (in the browser) and through /api/identify; returns the verdicts seen. */
async function browserAgainstServer(glyphModel: boolean, int8 = false): Promise<Set<string>> {
  // The glyph run uses a shot-aware map with a margin term, so the page's copy of both is checked too.
  const probability = glyphModel
    ? { kind: 'shot-logistic' as const, intercept: 4, slope: -60, logShots: 0.3, slopeLogShots: 0, maxShots: 10, margin: 20, marginCap: 0.5 }
    : { kind: 'logistic' as const, intercept: 4, slope: -60 };
  // ... and a spread ranking over identities of 1 and 7 images, which the page reads from the gallery's spreads.
  const ranking = glyphModel ? { ranking: { kind: 'spread' as const, shrinkage: 16, priorVariance: 0.01 } } : {};
  // ... and, for the glyph model, the verdict on the probability (as the shipped glyph model's calibration has it).
  const calibration = { threshold: 0.05, target: 'test', precision: 1, recall: 1, queries: 2, calibratedAt: 'now', probability, ...ranking, ...(glyphModel ? { probabilityThreshold: 0.5 } : {}) };
  const fixture = await serveFixture(enrolled, { calibration, glyph: glyphModel, quantize: int8, ...(glyphModel ? { extra: { star: 6, moon: 6 } } : {}) });
  const dir = await mkdtemp(join(tmpdir(), 'reid-browser-'));
  const running = await serve({ galleryDir: fixture.galleryDir, port: 0, host: '127.0.0.1' });
  const { chromium: launcher } = await import('playwright-core');
  const context = await launcher.launchPersistentContext(join(dir, 'profile'), {
    executablePath: chromium, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    // The page's model is the engine's graph: QuantizeLinear nodes in it exactly when the server runs int8.
    const graph = Buffer.from(await (await fetch(`${running.url}/app/model.onnx`)).arrayBuffer());
    assert.equal(graph.includes('QuantizeLinear'), int8, 'the served graph is int8 exactly under onnx-int8');
    const files: string[] = [];
    const server = new Map<string, Answer>();
    for (const q of queries) {
      const png = await pngOf(q.pixels);
      const file = join(dir, q.name);
      await writeFile(file, png);
      files.push(file);
      const response = await fetch(`${running.url}/api/identify`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array(png) });
      assert.equal(response.status, 200);
      server.set(q.name, (await response.json()) as Answer);
    }
    const page = await context.newPage();
    const problems: string[] = [];
    const uploads: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
    page.on('request', (request) => { if (request.method() === 'POST') uploads.push(request.url()); });
    await page.goto(running.url, { waitUntil: 'load' });
    await page.waitForFunction(() => document.getElementById('local-status')!.textContent!.startsWith('ready') || document.getElementById('local-status')!.textContent!.startsWith('on the server'), undefined, { timeout: 60_000 });
    assert.match((await page.locator('#local-status').textContent())!, glyphModel ? /^ready: model and 17 embeddings loaded/ : /^ready: model and 5 embeddings loaded/);
    assert.equal(await page.locator('#local').isChecked(), true);
    await page.setInputFiles('#files', files);
    await page.waitForFunction((n) => document.querySelectorAll('.result[data-answer]').length === n, queries.length, { timeout: 60_000 });
    const shown = await page.locator('.result').evaluateAll((rows) => rows.map((row) => ({ name: row.querySelector('img')!.alt, where: (row as HTMLElement).dataset.where!, answer: JSON.parse((row as HTMLElement).dataset.answer!) })));
    assert.deepEqual(problems, []);
    assert.deepEqual(uploads, [], 'no image was uploaded');
    assert.equal(shown.length, 20);
    const verdicts = new Set<string>();
    for (const { name, where, answer } of shown as { name: string; where: string; answer: Answer }[]) {
      const expected = server.get(name)!;
      assert.equal(where, 'browser');
      assert.equal(answer.verdict, expected.verdict, `${name}: verdict`);
      assert.equal(answer.identity, expected.identity, `${name}: identity`);
      assert.ok(Math.abs(answer.distance ** 2 - expected.distance ** 2) <= 1e-5, `${name}: distance ${answer.distance} vs ${expected.distance}`);
      assert.ok(Math.abs(answer.probability! - expected.probability!) <= 1e-3, `${name}: probability ${answer.probability} vs ${expected.probability}`);
      assert.deepEqual(answer.candidates.map((c) => c.identity), expected.candidates.map((c) => c.identity), `${name}: candidate ranking`);
      assert.deepEqual(answer.candidates.map((c) => c.source), expected.candidates.map((c) => c.source), `${name}: nearest images`);
      answer.candidates.forEach((c, i) => {
        assert.ok(Math.abs(c.distance ** 2 - expected.candidates[i]!.distance ** 2) <= 1e-5, `${name}: candidate ${i} distance`);
        assert.ok(Math.abs(c.probability! - expected.candidates[i]!.probability!) <= 1e-3, `${name}: candidate ${i} probability ${c.probability} vs ${expected.candidates[i]!.probability}`);
      });
      verdicts.add(answer.verdict);
    }
    if (glyphModel) {
      // The spread ranking changed some order the centroid distances alone would give.
      const reordered = [...server.values()].filter((a) => a.candidates.some((c, i) => i > 0 && c.distance < a.candidates[i - 1]!.distance));
      assert.ok(reordered.length > 0, 'some candidates ranked out of distance order');
    }
    return verdicts;
  } finally {
    await context.close();
    await running.close();
    await rm(dir, { recursive: true, force: true });
    await rm(fixture.root, { recursive: true, force: true });
  }
}
