// The review flow on photos: a `reid synth` catalogue (spotted individuals, JPEG) imported with
// `reid catalog import`'s recipe, under an uncalibrated photo model (untrained, seeded), so the
// page must show "uncalibrated" and never a probability, and draws local-feature matches. Upload, confirm, new, merge, undo, export,
// each checked on the page and in the database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Catalog } from '../../../src/catalog/index.ts';
import { EmbeddingNet, catalogImport, catalogInit, manualSeed, openCatalogSession, saveModelBundle, synthRun } from '../../../src/index.ts';
import { serveCatalog } from '../../../src/web/catalog/serve-catalog.ts';
import { launchChromium } from './helpers/browser.ts';

const chromium = '/usr/bin/chromium';

const inDb = <T>(dir: string, read: (c: Catalog) => T): T => {
  const catalog = Catalog.open(dir, { readonly: true });
  try {
    return read(catalog);
  } finally {
    catalog.close();
  }
};

async function said(page: Page, pattern: RegExp): Promise<string> {
  await page.waitForFunction((source) => new RegExp(source).test(document.getElementById('status')!.textContent ?? ''), pattern.source);
  return (await page.textContent('#status'))!;
}

async function keyOf(page: Page, name: string): Promise<string> {
  const names = await page.locator('.cand .who a').allTextContents();
  assert.ok(names.includes(name), `${name} among ${names.join(', ')}`);
  return String(names.indexOf(name) + 1);
}

const showing = (page: Page, sighting: number) =>
  page.waitForFunction((id) => document.querySelector('.query .who')?.textContent === `Sighting ${id}` && document.querySelector('.cand') !== null, sighting);

test('synth photos: upload, uncalibrated candidates with their pictures, same / new / merge / undo, export', { skip: existsSync(chromium) ? false : `${chromium} is not installed`, timeout: 120_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'reid-catalog-photos-'));
  const photos = join(root, 'synth');
  const uploads = join(root, 'uploads');
  const modelDir = join(root, 'photo-model');
  const dir = join(root, 'photo-catalog');
  await synthRun({ pattern: 'spots', individuals: 3, sightings: 3, out: photos, size: 96 });
  await mkdir(uploads);
  for (const individual of ['spots-0', 'spots-1', 'spots-2']) {
    const last = (await readdir(join(photos, individual))).sort().at(-1)!;
    await rename(join(photos, individual, last), join(uploads, `${individual}-${last}`));
  }
  manualSeed(5);
  const model = new EmbeddingNet({ arch: 'photo', dim: 32, inChannels: 3 });
  await saveModelBundle(modelDir, model, { preprocessing: { channels: 3, height: 64, width: 64, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], glyph: false }, recipe: {}, seed: 5, trainedIdentities: [], metrics: {} });
  model.dispose();
  await catalogInit({ dir, modelDir });
  const session = await openCatalogSession(dir);
  await catalogImport(session, { from: `folder:${photos}`, quiet: true });
  await session.close();

  const running = await serveCatalog({ catalogDir: dir, port: 0 });
  const browser = await launchChromium(join(root, 'profile'));
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${running.url}/upload`);
    const files = (await readdir(uploads)).sort();
    await page.setInputFiles('#files', files.map((f) => join(uploads, f)));
    await page.click('#send');
    await said(page, /3 sightings added/);
    const [first, second, third] = inDb(dir, (c) => c.queue().map((e) => e.sighting.id)) as [number, number, number];

    await page.goto(`${running.url}/review?k=5`);
    await showing(page, first);
    assert.equal(await page.locator('.cand').count(), 3);
    assert.equal(await page.locator('.cand .pct').count(), 0, 'no probability without a calibration');
    assert.equal(await page.locator('.cand .uncal').count(), 3);
    assert.match((await page.textContent('#left'))!, /uncalibrated catalogue/);
    // The candidates' pictures are the catalogue's JPEGs, served by hash and decoded by the browser.
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('.cand .imgs img')).every((img) => img.complete && img.naturalWidth > 0));

    // Photos: the top candidate's local-feature matches are drawn (SIFT + RANSAC), the others a click away.
    assert.equal(await page.locator('.cand details.matches[open]').count(), 1);
    await page.waitForFunction(() => { const img = document.querySelector<HTMLImageElement>('.cand details[open] img'); return img !== null && img.complete && img.naturalWidth > 0; });
    if (process.env.REID_SCREENSHOT) { // docs/catalog-review-photos.png
      await page.setViewportSize({ width: 1200, height: 600 });
      await page.screenshot({ path: process.env.REID_SCREENSHOT, fullPage: true });
    }
    await page.locator('.cand details.matches summary').nth(1).click();
    assert.equal(await page.locator('.cand details.matches[open]').count(), 2);
    assert.equal(inDb(dir, (c) => c.sighting(first).status), 'queued', 'opening the matches decides nothing');
    await page.keyboard.press(await keyOf(page, 'spots-0'));
    await said(page, new RegExp(`Sighting ${first} is spots-0`));
    assert.equal(inDb(dir, (c) => c.sighting(first).individual), inDb(dir, (c) => c.resolveIndividual('spots-0').id));

    await showing(page, second);
    await page.keyboard.press('n');
    const newName = /IND-\d+/.exec(await said(page, /is a new individual/))![0];
    assert.equal(inDb(dir, (c) => c.sighting(second).individual), inDb(dir, (c) => c.resolveIndividual(newName).id));

    await showing(page, third);
    assert.equal(await page.locator('.cand').count(), 4);
    const before = inDb(dir, (c) => c.dump());
    const from = await keyOf(page, 'spots-1');
    const into = await keyOf(page, 'spots-2');
    await page.keyboard.press('m');
    await page.keyboard.press(from);
    await page.keyboard.press(into);
    await said(page, /Merged spots-1 into spots-2/);
    assert.equal(inDb(dir, (c) => c.sightings({ individual: c.resolveIndividual('spots-2').id }).length), 4);
    await page.keyboard.press('z');
    await said(page, /Undone: merge/);
    assert.deepEqual(inDb(dir, (c) => c.dump()), before);

    const csv = await (await fetch(`${running.url}/api/export.csv`)).text();
    assert.equal(csv.trim().split(/\r?\n/).length - 1, 6 + 2, 'six imported and two decided sightings');
    assert.ok(csv.includes('spots-0-') && csv.includes(`,${newName},`));
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await running.close();
    await rm(root, { recursive: true, force: true });
  }
});
