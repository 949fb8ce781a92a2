// The catalogue app's defences, over real HTTP on 127.0.0.1 (and inject() for the off-loopback
// app, which is never really exposed here): a token off loopback, same-origin writes, a
// decompression bomb refused from its header, and `../` in any parameter going nowhere.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { Catalog } from '../../../src/catalog/index.ts';
import { catalogApp } from '../../../src/web/catalog/catalog-app.ts';
import { checkServeAccess } from '../../../src/web/catalog/security.ts';
import { serveCatalog, type RunningCatalogServer } from '../../../src/web/catalog/serve-catalog.ts';
import { glyphCatalog, glyphPng, type GlyphCatalogFixture } from './helpers/glyph-catalog.ts';
import { launchChromium } from './helpers/browser.ts';

let fixture: GlyphCatalogFixture;
let running: RunningCatalogServer;

before(async () => {
  fixture = await glyphCatalog(['star', 'heart']);
  running = await serveCatalog({ catalogDir: fixture.dir, port: 0 });
});
after(async () => {
  await running.close();
  rmSync(fixture.root, { recursive: true, force: true });
});

const token = 'a-long-enough-test-token-0123456789';

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile()).sort();
}

function assertOneLineError(body: string, status: number): string {
  const parsed = JSON.parse(body) as { error?: unknown };
  assert.equal(typeof parsed.error, 'string', `status ${status}: ${body}`);
  const error = parsed.error as string;
  assert.ok(!error.includes('\n') && !/\n\s+at |at .*\.ts:\d+/.test(error), `one line, no stack: ${error}`);
  return error;
}

const crc32 = (bytes: Buffer): number => {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
};
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
/** A valid PNG header declaring 30,000×30,000 grey pixels (900 MB decoded), followed by one small IDAT. */
function bombPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(30_000, 0);
  ihdr.writeUInt32BE(30_000, 4);
  ihdr[8] = 8; // bit depth; colour type 0 (grey), compression, filter, interlace 0
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(30_001))), chunk('IEND', Buffer.alloc(0))]);
}
/** A JPEG whose start-of-frame declares 30,000×30,000. */
function bombJpeg(): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x0b, 0x08, 0x75, 0x30, 0x75, 0x30, 0x01, 0x01, 0x11, 0x00]);
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00]), sof, Buffer.from([0xff, 0xd9])]);
}

test('listening off loopback needs a token; with one, every request must carry it, and writes in a header', async () => {
  assert.throws(() => checkServeAccess('0.0.0.0', undefined), /expected --token \(or REID_TOKEN\) to listen on 0\.0\.0\.0/);
  assert.throws(() => checkServeAccess('192.168.1.5', 'short'), /at least 16 characters/);
  await assert.rejects(serveCatalog({ catalogDir: fixture.dir, host: '0.0.0.0', port: 0 }), /expected --token/);
  assert.doesNotThrow(() => checkServeAccess('127.0.0.1', undefined));

  const app = await catalogApp({ session: running.session, token, loopback: false });
  try {
    const host = { host: '192.168.1.5:8080' };
    for (const url of ['/', '/review', '/api/individuals', '/api/export.csv', `/images/${'0'.repeat(64)}`]) {
      const r = await app.inject({ url, headers: host });
      assert.equal(r.statusCode, 401, url);
      assertOneLineError(r.body, 401);
    }
    const wrong = await app.inject({ url: '/api/individuals', headers: { ...host, 'x-reid-token': `${token}x` } });
    assert.equal(wrong.statusCode, 401);
    const ok = await app.inject({ url: '/api/individuals', headers: { ...host, 'x-reid-token': token } });
    assert.equal(ok.statusCode, 200);
    // Opening /?token=… once turns it into a same-site cookie and cleans the URL; the cookie serves pages, not writes.
    const visit = await app.inject({ url: `/?token=${token}`, headers: host });
    assert.equal(visit.statusCode, 303);
    assert.equal(visit.headers.location, '/');
    const cookie = String(visit.headers['set-cookie']).split(';')[0]!;
    assert.match(String(visit.headers['set-cookie']), /HttpOnly; SameSite=Strict/);
    const page = await app.inject({ url: '/', headers: { ...host, cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<meta name="reid-token"/);
    const undoByCookie = await app.inject({ method: 'POST', url: '/api/undo', headers: { ...host, cookie }, payload: {} });
    assert.equal(undoByCookie.statusCode, 401);
    const undoByHeader = await app.inject({ method: 'POST', url: '/api/undo', headers: { ...host, 'x-reid-token': token }, payload: {} });
    assert.equal(undoByHeader.statusCode, 409, undoByHeader.body); // allowed through; no reviewer change to undo yet
    // The page's undo never takes back the import, and says what is newest and what does take it back.
    assert.match(assertOneLineError(undoByHeader.body, 409), /nothing of the review to undo: the newest change is the import of 4 sightings .*reid catalog undo DIR/);
  } finally {
    await app.close();
  }
});

test('a cross-origin POST is refused before it reaches the catalogue, and so is a rebound Host name', async () => {
  const before = Catalog.open(fixture.dir, { readonly: true });
  const events = before.events().length;
  before.close();
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(await glyphPng('star', 5))]), 'star.png');
  const attempts: [string, RequestInit][] = [
    ['/api/sightings', { method: 'POST', body: form, headers: { origin: 'http://evil.example' } }],
    ['/api/merge', { method: 'POST', body: JSON.stringify({ from: 1, into: 2 }), headers: { 'content-type': 'application/json', origin: 'http://evil.example' } }],
    ['/api/merge', { method: 'POST', body: JSON.stringify({ from: 1, into: 2 }), headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' } }],
    ['/api/undo', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', origin: 'null' } }],
  ];
  for (const [path, init] of attempts) {
    const r = await fetch(running.url + path, init);
    assert.equal(r.status, 403, path);
    assert.match(assertOneLineError(await r.text(), 403), /refused a cross-origin POST/);
  }
  // The same request from the app's own origin goes through.
  const same = await fetch(`${running.url}/api/merge`, { method: 'POST', body: JSON.stringify({ from: 1, into: 1 }), headers: { 'content-type': 'application/json', origin: running.url, 'sec-fetch-site': 'same-origin' } });
  assert.equal(same.status, 400); // reached the route: merging an individual into itself is refused there
  // DNS rebinding: a foreign name that resolves to 127.0.0.1 is same-origin to the browser, but not this app's Host.
  const app = await catalogApp({ session: running.session, loopback: true });
  try {
    const r = await app.inject({ url: '/api/individuals', headers: { host: 'evil.example:8080' } });
    assert.equal(r.statusCode, 421);
  } finally {
    await app.close();
  }
  const afterwards = Catalog.open(fixture.dir, { readonly: true });
  assert.equal(afterwards.events().length, events, 'nothing was written');
  afterwards.close();
});

test('a 30,000×30,000 PNG (or JPEG) is refused from its header, before any decoding, and the server keeps answering', async () => {
  for (const [name, bytes] of [['bomb.png', bombPng()], ['bomb.jpg', bombJpeg()]] as const) {
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(bytes)]), name);
    const upload = await fetch(`${running.url}/api/sightings`, { method: 'POST', body: form });
    assert.equal(upload.status, 413, name);
    assert.match(assertOneLineError(await upload.text(), 413), /header declares 30000×30000; it was not decoded/);
    const identify = await fetch(`${running.url}/api/identify`, { method: 'POST', body: new Uint8Array(bytes), headers: { 'content-type': 'image/png' } });
    assert.equal(identify.status, 413, name);
  }
  const notImage = new FormData();
  notImage.append('files', new Blob(['<svg xmlns="http://www.w3.org/2000/svg"/>']), 'x.png');
  const refused = await fetch(`${running.url}/api/sightings`, { method: 'POST', body: notImage });
  assert.equal(refused.status, 415);
  const tooBig = new FormData();
  tooBig.append('files', new Blob([new Uint8Array(Buffer.concat([await glyphPng("star", 1), Buffer.alloc(21 * 1024 * 1024)]))]), 'big.png');
  assert.equal((await fetch(`${running.url}/api/sightings`, { method: 'POST', body: tooBig })).status, 413);
  assert.equal((await fetch(`${running.url}/api/individuals`)).status, 200);
});

test('`../` in any parameter never escapes: every route answers 4xx or an empty result, and no file outside appears', async () => {
  const outside = files(fixture.root);
  const probes = [
    '/images/../catalog.sqlite', '/images/..%2F..%2Fcatalog.sqlite', '/images/%2e%2e%2fcatalog.sqlite', '/thumbs/..%2f..%2f..%2fetc%2fpasswd',
    `/images/${'a'.repeat(62)}..`, '/images/....%5C....%5Ccatalog.sqlite', '/individuals/..%2F1', '/individuals/1%2F..%2F..%2Fetc%2Fpasswd',
    '/api/individuals/..%2F..%2Fetc%2Fpasswd', '/api/individuals/../../../etc/passwd', '/api/queue?k=../../1', '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2fcatalog.sqlite',
  ];
  for (const probe of probes) {
    const r = await fetch(running.url + probe);
    const body = await r.text();
    if (process.env.SHOW) console.log(probe, r.status, body);
    assert.ok(r.status >= 400 && r.status < 500, `${probe}: ${r.status}`);
    assert.ok(!body.includes('SQLite format') && !body.includes('root:'), probe);
    assertOneLineError(body, r.status);
  }
  const search = await fetch(`${running.url}/api/individuals?search=${encodeURIComponent('../../../etc/passwd')}`);
  assert.deepEqual(await search.json(), { individuals: [] });
  // A file name with ../ is a label only: the image is stored under its hash, inside the catalogue.
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(await glyphPng('heart', 11))]), '../../../escaped.png');
  const upload = await fetch(`${running.url}/api/sightings`, { method: 'POST', body: form });
  assert.equal(upload.status, 200, await upload.clone().text());
  const { sightings } = await upload.json() as { sightings: { id: number; image: string }[] };
  const added = files(fixture.root).filter((f) => !outside.includes(f));
  assert.ok(added.every((f) => f.startsWith(join('catalog', 'images')) || f.startsWith(join('catalog', 'catalog.sqlite'))), added.join(', '));
  assert.ok(added.some((f) => f.endsWith(`${sightings[0]!.image}.png`)));
  const catalog = Catalog.open(fixture.dir, { readonly: true });
  assert.equal(catalog.sighting(sightings[0]!.id).originalName, 'escaped.png');
  catalog.close();
});

test('with a token, a browser opens /?token=… once and then uses the app; without it, nothing', { skip: existsSync('/usr/bin/chromium') ? false : 'no Chromium', timeout: 120_000 }, async () => {
  const guarded = await serveCatalog({ catalogDir: fixture.dir, port: 0, token });
  const browser = await launchChromium(join(fixture.root, 'token-profile'));
  try {
    assert.equal((await fetch(`${guarded.url}/api/individuals`)).status, 401);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    const refused = await page.goto(guarded.url);
    assert.equal(refused!.status(), 401);
    await page.goto(`${guarded.url}/?token=${token}`);
    assert.equal(new URL(page.url()).search, '', 'the token leaves the address bar');
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('.card img')).every((img) => img.complete && img.naturalWidth > 0));
    assert.ok(await page.locator('.card.individual').count() >= 2);
    await page.goto(`${guarded.url}/review`);
    await page.waitForFunction(() => /waiting/.test(document.getElementById('left')!.textContent ?? ''));
    await page.keyboard.press('z'); // a write through the page: carries the header, reaches the route
    await page.waitForFunction(() => /./.test(document.getElementById('status')!.textContent ?? ''));
    assert.doesNotMatch((await page.textContent('#status'))!, /access token|cross-origin/);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await guarded.close();
  }
});
