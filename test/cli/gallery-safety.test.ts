// The gallery and --out failures of issue 9 through the real CLI: concurrent enrolments both kept
// while readers run, an old crash's backup restored by enroll (not replaced by a one-item gallery),
// ids fresh after a remove, and --out refused (one line, exit 1) when it is a file, the model
// bundle, or a directory of other files, which are left as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGallery } from '../../src/gallery/index.ts';
import { loadModelBundle } from '../../src/train/index.ts';
import { glyphPngs, saveTinyBundle } from '../recipes/helpers/gallery-fixture.ts';

const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const env = { ...process.env, CI: '1', REID_THREADS: process.env.REID_THREADS ?? '1' };

function reid(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8', timeout: 300_000, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function reidAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', main, ...args], { env });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A refusal: exit 1, one line on stderr matching `pattern`, no stack trace. */
function assertRefused(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

const root = mkdtempSync(join(tmpdir(), 'reid-cli-gallery-'));
const model = join(root, 'model');
const images = join(root, 'img');
const ready = (async () => {
  await saveTinyBundle(model);
  const many = await Promise.all((['star', 'heart', 'triangle', 'spiral'] as const).map((name) => glyphPngs(join(images, 'many'), name, 30)));
  return { stars: await glyphPngs(images, 'star', 2), hearts: await glyphPngs(images, 'heart', 2), many };
})();
test.after(() => rmSync(root, { recursive: true, force: true }));

test('enrolments at once all keep their identity, while readers list the gallery', { timeout: 300_000 }, async () => {
  const { stars, many } = await ready;
  const gallery = join(root, 'concurrent');
  assert.equal(reid(['gallery', 'enroll', '--gallery', gallery, '--model', model, '--identity', 'first', ...stars]).code, 0);
  const names = ['a', 'b', 'c', 'd'];
  const runs = await Promise.all([
    ...names.map((identity, i) => reidAsync(['gallery', 'enroll', '--gallery', gallery, '--identity', identity, ...many[i]!])),
    reidAsync(['gallery', 'list', '--gallery', gallery]),
    reidAsync(['gallery', 'list', '--gallery', gallery]),
  ]);
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
  assert.match(runs[0]!.stdout, /enrolled 30 images of "a"/);
  const g = await loadGallery(gallery);
  assert.deepEqual([...g.identities()].sort(), [['a', 30], ['b', 30], ['c', 30], ['d', 30], ['first', 2]]);
  g.dispose();
  assert.ok(!readdirSync(gallery).includes('gallery.lock'), 'the lock is released');
});

test('enroll after an old crash mid-swap restores the gallery from its backup and keeps every item', { timeout: 300_000 }, async () => {
  const { stars, hearts } = await ready;
  const gallery = join(root, 'crashed');
  assert.equal(reid(['gallery', 'build', '--model', model, '--data', 'glyphs:star,spiral', '--split', 'test', '--out', gallery]).code, 0);
  renameSync(gallery, join(root, '.crashed.backup')); // what a kill -9 between the old swap's two renames left
  const list = reid(['gallery', 'list', '--gallery', gallery]);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^200 items;/m);
  assert.ok(readdirSync(root).includes('.crashed.backup'), 'a reader moves nothing');
  const r = reid(['gallery', 'enroll', '--gallery', gallery, '--model', model, '--identity', 'heart', ...hearts]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /gallery has 202 items, 3 identities/);
  void stars;
});

test('enrol, remove, enrol the same identity again succeeds (ids do not collide)', { timeout: 300_000 }, async () => {
  const { stars } = await ready;
  const gallery = join(root, 'ids');
  assert.equal(reid(['gallery', 'enroll', '--gallery', gallery, '--model', model, '--identity', 'star', ...stars]).code, 0);
  assert.match(reid(['gallery', 'remove', '--gallery', gallery, 'star#0']).stdout, /removed 1 items; 1 left/);
  const again = reid(['gallery', 'enroll', '--gallery', gallery, '--identity', 'star', stars[0]!]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /gallery has 2 items, 1 identities/);
});

test('a gallery.json item without an identity is refused in one line naming the file and the item', { timeout: 300_000 }, async () => {
  const { stars } = await ready;
  const gallery = join(root, 'damaged');
  assert.equal(reid(['gallery', 'enroll', '--gallery', gallery, '--model', model, '--identity', 'star', ...stars]).code, 0);
  const file = join(gallery, 'gallery.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as { items: { identity?: string }[] };
  delete json.items[1]!.identity;
  writeFileSync(file, JSON.stringify(json));
  assertRefused(reid(['identify', '--gallery', gallery, stars[0]!]), /^reid: loadGallery: expected a non-empty string for items\[1\]\.identity .*damaged\/gallery\.json/);
  assertRefused(reid(['gallery', 'list', '--gallery', gallery]), /items\[1\]\.identity/);
});

test('build --out the model, inside it, a file, or a directory of other files is refused; nothing there changes', { timeout: 300_000 }, async () => {
  await ready;
  const modelFiles = () => ['model.json', 'model.safetensors'].map((f) => readFileSync(join(model, f)));
  const before = modelFiles();
  const build = (out: string) => reid(['gallery', 'build', '--model', model, '--data', 'glyphs:star', '--split', 'test', '--out', out]);
  assertRefused(build(model), /^reid: --out: expected a directory apart from the --model directory .* is the same directory as it\. Hint: choose another directory for the gallery\./);
  assertRefused(build(join(model, 'gallery')), /is inside it/);
  assert.deepEqual(modelFiles(), before);
  assert.deepEqual(readdirSync(model).sort(), ['model.json', 'model.safetensors']);
  const bundle = await loadModelBundle(model);
  bundle.model.dispose();

  const file = join(root, 'out.txt');
  writeFileSync(file, 'keep me');
  assertRefused(build(file), /^reid: --out: expected a directory for the gallery but .*out\.txt is a file/);
  assert.equal(readFileSync(file, 'utf8'), 'keep me');
  const notes = join(root, 'notes');
  mkdirSync(notes);
  writeFileSync(join(notes, 'notes.txt'), 'mine');
  assertRefused(build(notes), /^reid: --out: expected a new or empty directory, or an existing gallery, but .* holds other files \(notes\.txt\)\. Hint: choose a new directory or an empty one/);
  assert.deepEqual(readdirSync(notes), ['notes.txt']);
});

test('train --out a file or a directory of other files is refused before training; the file and the notes stay', { timeout: 300_000 }, async () => {
  const file = join(root, 'train-out.txt');
  writeFileSync(file, 'keep me');
  assertRefused(reid(['train', '--data', 'glyphs:star,heart', '--epochs', '1', '--out', file]), /^reid: --out: expected a directory for the model bundle or training run but .* is a file/);
  assert.equal(readFileSync(file, 'utf8'), 'keep me');
  const notes = join(root, 'train-notes');
  mkdirSync(notes);
  writeFileSync(join(notes, 'notes.txt'), 'mine');
  assertRefused(reid(['train', '--data', 'glyphs:star,heart', '--epochs', '1', '--out', notes]), /holds other files \(notes\.txt\)/);
  assert.deepEqual(readdirSync(notes), ['notes.txt']);
});
