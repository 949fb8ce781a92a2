// The glyph demo in Chromium: on a catalogue of glyph individuals (the shipped general model),
// draw a star on the canvas, enrol it as a new individual, draw another star and see it found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Catalog } from '../../../src/catalog/index.ts';
import { serveCatalog } from '../../../src/web/catalog/serve-catalog.ts';
import { glyphCatalog } from './helpers/glyph-catalog.ts';
import { launchChromium } from './helpers/browser.ts';

const chromium = '/usr/bin/chromium';

/** A five-pointed star as one stroke, centred at (cx, cy) on the 280-pixel canvas. */
async function drawStar(page: Page, cx: number, cy: number, radius: number, turn: number): Promise<void> {
  const box = (await page.locator('#pad').boundingBox())!;
  const scale = box.width / 280;
  const points = Array.from({ length: 11 }, (_, i) => {
    const angle = turn - Math.PI / 2 + (i * 4 * Math.PI) / 5; // every second vertex of a pentagon: the pentagram
    return [box.x + (cx + radius * Math.cos(angle)) * scale, box.y + (cy + radius * Math.sin(angle)) * scale] as const;
  });
  await page.mouse.move(...points[0]!);
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...p, { steps: 8 });
  await page.mouse.up();
}

test('draw a star, enrol it, draw another and see it found', { skip: existsSync(chromium) ? false : `${chromium} is not installed`, timeout: 120_000 }, async (t) => {
  const fixture = await glyphCatalog(['heart', 'moon', 'spiral', 'cross', 'arrow', 'square']);
  const running = await serveCatalog({ catalogDir: fixture.dir, port: 0 });
  const browser = await launchChromium(join(fixture.root, 'profile'));
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${running.url}/draw`);
    await drawStar(page, 140, 145, 105, 0);
    await page.click('#find');
    await page.waitForSelector('#found .card');
    assert.ok(!(await page.locator('#found .name').allTextContents()).includes('my star'));
    await page.fill('#newname', 'my star');
    await page.click('#enrol');
    await page.waitForFunction(() => /Enrolled my star/.test(document.getElementById('status')!.textContent ?? ''));
    const catalog = Catalog.open(fixture.dir, { readonly: true });
    const star = catalog.resolveIndividual('my star');
    assert.deepEqual(catalog.sightings({ individual: star.id }).map((s) => s.status), ['confirmed']);
    catalog.close();

    await page.click('#clear');
    await drawStar(page, 150, 135, 90, 0.15);
    await page.click('#find');
    await page.waitForFunction(() => document.querySelector('#found .card') !== null && !/^Draw/.test(document.getElementById('verdict')!.textContent ?? ''));
    const names = await page.locator('#found .name').allTextContents();
    assert.equal(names[0], 'my star', `the second star's best match: ${names.join(', ')}; ${await page.textContent('#verdict')}`);
    const verdict = (await page.textContent('#verdict'))!;
    t.diagnostic(`second star: ${verdict}; candidates ${(await page.locator('#found .card').allTextContents()).join(' | ')}`);
    assert.match(verdict, /my star/);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await running.close();
    await rm(fixture.root, { recursive: true, force: true });
  }
});
