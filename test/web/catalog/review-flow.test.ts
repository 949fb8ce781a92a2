// The catalogue app as a reviewer uses it, in Debian's Chromium (playwright-core, no browser
// download): upload a batch of sightings, review them (confirm one, declare one new, merge two
// individuals, undo the merge), then export. Each step is checked on the page and in the database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Catalog } from '../../../src/catalog/index.ts';
import { serveCatalog } from '../../../src/web/catalog/serve-catalog.ts';
import { glyphCatalog, glyphPng } from './helpers/glyph-catalog.ts';
import { launchChromium } from './helpers/browser.ts';

const chromium = '/usr/bin/chromium';

/** The database as it is now (the server holds it open; WAL lets a reader in). */
function inDb<T>(dir: string, read: (catalog: Catalog) => T): T {
  const catalog = Catalog.open(dir, { readonly: true });
  try {
    return read(catalog);
  } finally {
    catalog.close();
  }
}

async function statusSays(page: Page, pattern: RegExp): Promise<string> {
  await page.waitForFunction((source) => new RegExp(source).test(document.getElementById('status')!.textContent ?? ''), pattern.source);
  return (await page.textContent('#status'))!;
}

/** The key that picks the candidate called `name` on the review page (1-based position). */
async function keyOf(page: Page, name: string): Promise<string> {
  const names = await page.locator('.cand .who a').allTextContents();
  const at = names.indexOf(name);
  assert.ok(at >= 0, `${name} among the candidates shown: ${names.join(', ')}`);
  return String(at + 1);
}

test('upload, review (same, new, merge, undo) and export, on the page and in the database', { skip: existsSync(chromium) ? false : `${chromium} is not installed`, timeout: 120_000 }, async () => {
  const fixture = await glyphCatalog(['star', 'heart', 'moon', 'spiral'], { duplicates: { 'heart-b': 'heart' } });
  const running = await serveCatalog({ catalogDir: fixture.dir, port: 0 });
  const browser = await launchChromium(join(fixture.root, 'profile'));
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('request', (r) => { if (!r.url().startsWith(running.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) problems.push(`outside request ${r.url()}`); });

    // The catalogue: five individuals with thumbnails; search narrows it.
    await page.goto(running.url);
    assert.equal(await page.locator('.card.individual').count(), 5);
    await page.fill('#search', 'heart');
    await page.press('#search', 'Enter');
    await page.waitForURL(/search=heart/);
    assert.deepEqual(await page.locator('.card.individual .name').allTextContents(), ['heart', 'heart-b']);

    // Upload three sightings at once, with their date and place.
    const names = ['star-new.png', 'triangle-new.png', 'heart-new.png'];
    const bytes = [await glyphPng('star', 7), await glyphPng('triangle', 7), await glyphPng('heart', 7)];
    const paths = names.map((n) => join(fixture.root, n));
    await Promise.all(paths.map((p, i) => writeFile(p, bytes[i]!)));
    await page.goto(`${running.url}/upload`);
    await page.setInputFiles('#files', paths);
    await page.fill('#date', '2024-06-02');
    await page.fill('#location', 'north bay');
    await page.click('#send');
    await statusSays(page, /3 sightings added to the review queue/);
    assert.equal(await page.locator('.card.added img').count(), 3);
    const queued = inDb(fixture.dir, (c) => c.queue());
    assert.deepEqual(queued.map((e) => e.sighting.originalName), names);
    assert.ok(queued.every((e) => e.sighting.date === '2024-06-02' && e.sighting.location === 'north bay' && e.sighting.status === 'queued'));
    const [starId, triangleId, heartId] = queued.map((e) => e.sighting.id) as [number, number, number];

    // Review: the star query first, its own individual on top with a probability.
    await page.goto(`${running.url}/review`);
    await page.waitForSelector('.cand');
    assert.match((await page.textContent('#left'))!, /^3 waiting/);
    assert.equal(await page.locator('.cand .who a').first().textContent(), 'star');
    assert.match((await page.locator('.cand .pct').first().textContent())!, /^\d+(\.\d)?%$/);
    assert.equal(await page.locator('.cand').first().locator('img.pic').count() >= 1, true);
    await page.keyboard.press(await keyOf(page, 'star'));
    await statusSays(page, new RegExp(`Sighting ${starId} is star`));
    const star = inDb(fixture.dir, (c) => ({ s: c.sighting(starId), who: c.resolveIndividual('star') }));
    assert.equal(star.s.status, 'confirmed');
    assert.equal(star.s.individual, star.who.id);

    // The triangle is no one in the catalogue: a new individual, named automatically.
    await page.waitForFunction((id) => document.querySelector('.query .who')?.textContent === `Sighting ${id}`, triangleId);
    await page.keyboard.press('n');
    const said = await statusSays(page, new RegExp(`Sighting ${triangleId} is a new individual: IND-\\d+`));
    const newName = /IND-\d+/.exec(said)![0];
    const triangle = inDb(fixture.dir, (c) => ({ s: c.sighting(triangleId), who: c.resolveIndividual(newName), decisions: c.decisions(triangleId) }));
    assert.equal(triangle.s.individual, triangle.who.id);
    assert.deepEqual(triangle.decisions.map((d) => d.decision), ['new']);

    // The heart query shows both heart individuals: merge heart-b into heart (m, then the two numbers).
    await page.waitForFunction((id) => document.querySelector('.query .who')?.textContent === `Sighting ${id}`, heartId);
    const beforeMerge = inDb(fixture.dir, (c) => c.dump());
    const from = await keyOf(page, 'heart-b');
    const into = await keyOf(page, 'heart');
    if (process.env.REID_SCREENSHOT) { // docs/catalog-review.png: REID_SCREENSHOT=docs/catalog-review.png node scripts/run-tests.mjs review-flow
      await page.setViewportSize({ width: 1200, height: 600 });
      await page.screenshot({ path: process.env.REID_SCREENSHOT, fullPage: true });
    }
    await page.keyboard.press('m');
    await page.keyboard.press(from);
    await page.keyboard.press(into);
    await statusSays(page, /Merged heart-b into heart/);
    const merged = inDb(fixture.dir, (c) => ({ b: c.individualById(c.individuals({ includeMerged: true }).find((i) => i.name === 'heart-b')!.id), heart: c.resolveIndividual('heart') }));
    assert.equal(merged.b.mergedInto, merged.heart.id);
    assert.equal(inDb(fixture.dir, (c) => c.sightings({ individual: merged.heart.id }).length), 3, 'heart keeps its two sightings and gains heart-b’s');
    await page.waitForSelector('.cand');
    assert.ok(!(await page.locator('.cand .who a').allTextContents()).includes('heart-b'), 'heart-b is no longer a candidate');

    // Undo the merge: the database is exactly as before it.
    await page.keyboard.press('z');
    await statusSays(page, /Undone: merge/);
    assert.deepEqual(inDb(fixture.dir, (c) => c.dump()), beforeMerge);
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.cand .who a')).some((a) => a.textContent === 'heart-b'));

    // Not sure about the heart: it stays waiting, marked unsure.
    await page.keyboard.press('u');
    await statusSays(page, new RegExp(`Sighting ${heartId} marked not sure`));
    assert.equal(inDb(fixture.dir, (c) => c.sighting(heartId).status), 'unsure');
    assert.match((await page.textContent('#left'))!, /^1 waiting/);

    // The individual page: the star's sightings on a timeline, the new one last.
    await page.goto(`${running.url}/individuals/${star.who.id}`);
    assert.deepEqual(await page.locator('.timeline .when').allTextContents(), ['2024-01-10', '2024-02-10', '2024-06-02']);

    // The new individual was named automatically; its page renames it.
    await page.goto(`${running.url}/individuals/${triangle.who.id}`);
    assert.equal(await page.textContent('#name'), newName);
    await page.fill('#rename', 'triangle');
    await page.click('#save');
    await statusSays(page, /Renamed to triangle/);
    assert.equal(inDb(fixture.dir, (c) => c.resolveIndividual('triangle').id), triangle.who.id);

    // Export: the CSV download holds the confirmed sightings, the capture history one row per individual.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/api/export.csv"]')]);
    const csv = await readFile((await download.path())!, 'utf8');
    const rows = csv.trim().split(/\r?\n/);
    assert.equal(rows.length - 1, inDb(fixture.dir, (c) => c.exportRows().length));
    assert.ok(rows.some((r) => r.includes(',star,') && r.includes('star-new.png')), 'the confirmed star');
    assert.ok(rows.some((r) => r.includes(',triangle,') && r.includes('triangle-new.png')), 'the new individual, renamed');
    assert.ok(!rows.some((r) => r.includes('heart-new.png')), 'the unsure heart is not exported');
    const history = await (await fetch(`${running.url}/api/capture-history.csv`)).text();
    assert.match(history.split(/\r?\n/)[0]!, /^individual,2024-01-10,/);
    assert.match(history, new RegExp(`^star,1,0,0,0,1,0,0,0,0,1\r?$`, 'm'));
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await running.close();
    await rm(fixture.root, { recursive: true, force: true });
  }
});
