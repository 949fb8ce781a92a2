import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { htmlReport, type HtmlReportInput } from '../../src/viz/html-report.ts';
import { cmcCurveSvg } from '../../src/viz/cmc-curve-svg.ts';
import { lrFinderSvg } from '../../src/viz/lr-finder-svg.ts';
import { svgToPngBuffer } from '../../src/viz/svg-to-png.ts';

async function sampleReport(): Promise<HtmlReportInput> {
  const cmc = cmcCurveSvg([{ name: 'model', cmc: [0.7, 0.85, 0.9, 1] }]);
  const lr = lrFinderSvg({ learningRates: [1e-4, 1e-3, 1e-2, 1e-1], losses: [1, 0.8, 0.5, 2], suggestion: 1e-3 });
  return {
    title: 'Evaluation <glyphs> & more',
    summary: 'First paragraph with <b>markup</b> that must stay text.\n\nSecond paragraph.',
    tables: [{ title: 'Retrieval', rows: [{ metric: 'precision@1', value: 0.91234 }, { metric: 'mAP', value: NaN }, { metric: 'recall@10', value: 1 }] }],
    figures: [
      { title: 'CMC', svg: cmc, caption: 'identity-level' },
      { title: 'LR finder', svg: lr },
      { title: 'CMC as PNG', png: await svgToPngBuffer(cmc) },
    ],
    config: { model: 'glyph-cnn', margin: 0.2, homepage: 'https://example.org/<x>' },
  };
}

test('embeds every figure and fetches nothing', async () => {
  const html = htmlReport(await sampleReport());
  assert.equal((html.match(/<figure class="figure">/g) ?? []).length, 3);
  assert.equal((html.match(/<svg /g) ?? []).length, 2);
  assert.equal((html.match(/<img [^>]*src="data:image\/png;base64,/g) ?? []).length, 1);
  // No resource attribute points anywhere but data: or a fragment.
  for (const match of html.matchAll(/\b(?:src|href|xlink:href)="([^"]*)"/g)) assert.match(match[1]!, /^(data:|#)/, `resource ${match[1]}`);
  assert.doesNotMatch(html, /url\((?!#)/, 'no CSS url() but fragment references');
  assert.doesNotMatch(html, /<(script|link|iframe|object)\b/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  // Outside the (escaped) configuration text, no http(s) URL appears at all.
  assert.doesNotMatch(html.replace(/<pre class="config">[\s\S]*?<\/pre>/, ''), /https?:\/\//);
});

test('text is escaped and tables formatted', async () => {
  const html = htmlReport(await sampleReport());
  assert.match(html, /<title>Evaluation &lt;glyphs&gt; &amp; more<\/title>/);
  assert.match(html, /<p>First paragraph with &lt;b&gt;markup&lt;\/b&gt; that must stay text.<\/p>\n<p>Second paragraph.<\/p>/);
  assert.match(html, /<td class="number">0.9123<\/td>/);
  assert.match(html, /<td class="number">n\/a<\/td>/);
  assert.match(html, /<td class="number">1.0000<\/td>/, 'an exact 1 among fractions keeps its decimals');
  assert.match(html, /&quot;homepage&quot;: &quot;https:\/\/example.org\/&lt;x&gt;&quot;/);
  // Clip-path ids are made unique per figure.
  const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length);
  assert.throws(() => htmlReport({ title: 'x', figures: [{ title: 'empty' }] }), /expected svg or png for figure 'empty'/);
});

const chromium = '/usr/bin/chromium';
test('opens in headless Chromium with no console errors and every image loaded', { skip: existsSync(chromium) ? false : `${chromium} is not installed (apt-get install -y chromium)` }, async () => {
  const { chromium: launcher } = await import('playwright-core');
  const dir = await mkdtemp(join(tmpdir(), 'reid-report-'));
  const context = await launcher.launchPersistentContext(join(dir, 'profile'), {
    executablePath: chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const path = join(dir, 'report.html');
    await writeFile(path, htmlReport(await sampleReport()));
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`); });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    const requests: string[] = [];
    page.on('request', (request) => { if (!request.url().startsWith('data:')) requests.push(request.url()); });
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    const images = await page.evaluate(() => Array.from(document.images, (img) => ({ complete: img.complete, width: img.naturalWidth })));
    const svgs = await page.evaluate(() => Array.from(document.querySelectorAll('figure svg'), (svg) => svg.getBoundingClientRect().width));
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, [pathToFileURL(path).href], 'only the page itself is loaded');
    assert.equal(images.length, 1);
    assert.ok(images.every((img) => img.complete && img.width > 0), JSON.stringify(images));
    assert.equal(svgs.length, 2);
    assert.ok(svgs.every((width) => width > 100));
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
});
