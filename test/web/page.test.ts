// The page as a person uses it, in headless Chromium: choose a file, read the verdict the page
// shows. An uncalibrated gallery's verdict is grey "uncalibrated", never a green "known"; a
// calibrated one shows the identity and its probability.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../src/web/server.ts';
import { pngOf, serveFixture } from './helpers/fixture.ts';

const chromium = '/usr/bin/chromium';

async function verdictShown(calibrated: boolean): Promise<{ text: string; className: string; colour: string; problems: string[] }> {
  const calibration = calibrated
    ? { threshold: 0.01, target: 'test', precision: 1, recall: 1, queries: 2, calibratedAt: 'now', probability: { kind: 'logistic' as const, intercept: 6, slope: -100 } }
    : null;
  const fixture = await serveFixture(['star', 'moon'], { calibration });
  const dir = await mkdtemp(join(tmpdir(), 'reid-page-'));
  const running = await serve({ galleryDir: fixture.galleryDir, port: 0, host: '127.0.0.1' });
  const { chromium: launcher } = await import('playwright-core');
  const context = await launcher.launchPersistentContext(join(dir, 'profile'), {
    executablePath: chromium, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const file = join(dir, 'star.png');
    await writeFile(file, await pngOf(fixture.glyphs.get('star')!));
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
    await page.goto(running.url, { waitUntil: 'load' });
    await page.waitForFunction(() => !document.getElementById('info')!.textContent!.startsWith('Loading'));
    await page.setInputFiles('#files', file);
    const head = page.locator('.result p').first();
    await head.waitFor();
    await page.waitForFunction(() => document.querySelector('.result table') !== null);
    return { text: (await head.textContent())!, className: (await head.getAttribute('class'))!, colour: await head.evaluate((el) => getComputedStyle(el).color), problems };
  } finally {
    await context.close();
    await running.close();
    await rm(dir, { recursive: true, force: true });
    await rm(fixture.root, { recursive: true, force: true });
  }
}

test('the page shows an uncalibrated verdict in grey and a calibrated one with its probability', { skip: existsSync(chromium) ? false : `${chromium} is not installed`, timeout: 120_000 }, async () => {
  const uncalibrated = await verdictShown(false);
  assert.deepEqual(uncalibrated.problems, []);
  assert.equal(uncalibrated.className, 'uncalibrated');
  assert.match(uncalibrated.text, /star\.png: uncalibrated: closest is star/);
  assert.notEqual(uncalibrated.colour, 'rgb(26, 127, 55)', 'not the green of "known"');
  const calibrated = await verdictShown(true);
  assert.equal(calibrated.className, 'known');
  assert.match(calibrated.text, /star\.png: star \(probability 0\.99\d\)/);
  assert.equal(calibrated.colour, 'rgb(26, 127, 55)');
});
