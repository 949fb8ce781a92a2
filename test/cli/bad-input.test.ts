// Bad data and bad options through the real CLI: exit code 1 and one line on stderr naming the
// option or file and what was expected; and data that used to be refused wrongly now works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { chooseSplits, EmbeddingNet, manualSeed, saveModelBundle, type ImageDataset, type Preprocessing } from '../../src/index.ts';
import { loadNpy } from '../../src/util/npy.ts';

const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const tsx = import.meta.resolve('tsx'); // resolved here, so the CLI can run from any working directory
function reid(args: string[], options: { cwd?: string } = {}) {
  const r = spawnSync(process.execPath, ['--import', tsx, main, ...args], { encoding: 'utf8', timeout: 300_000, cwd: options.cwd, env: { ...process.env, CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const temp = (): string => mkdtempSync(join(tmpdir(), 'reid-bad-input-'));

/** Exit 1 and exactly one line on stderr (no stack), matching every pattern. */
function refused(r: ReturnType<typeof reid>, ...patterns: RegExp[]): void {
  assert.equal(r.code, 1, `exit ${r.code}; stderr: ${r.stderr.slice(-2000)}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${r.stderr.slice(-2000)}`);
  for (const pattern of patterns) assert.match(lines[0]!, pattern);
}

/** A dark blob on a light background, w×h RGB: a drawing as a phone or a canvas would give it. */
async function drawing(file: string, w: number, h: number, cx: number, cy: number, r: number): Promise<void> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#f4f0e8"/><circle cx="${cx}" cy="${cy}" r="${r}" fill="#202020"/></svg>`;
  writeFileSync(file, await sharp(Buffer.from(svg)).png().toBuffer());
}

async function folder(identities: Record<string, number>): Promise<string> {
  const root = temp();
  let n = 0;
  for (const [identity, count] of Object.entries(identities)) {
    mkdirSync(join(root, identity));
    for (let i = 0; i < count; i++, n++) await drawing(join(root, identity, `${i}.png`), 40 + n, 30, 12 + 2 * n, 15, 6 + (n % 4));
  }
  return root;
}

test('numeric options are refused where they enter, naming the option and what was expected', () => {
  const out = join(temp(), 'never');
  refused(reid(['train', '--seed', 'abc', '--out', out]), /^reid: --seed: expected a non-negative integer but received "abc"$/);
  refused(reid(['lr-find', '--seed', '-1', '--out', out]), /--seed: expected a non-negative integer but received "-1"/);
  refused(reid(['train', '--wd', 'NaN', '--out', out]), /--wd: expected a non-negative finite number but received "NaN"/);
  refused(reid(['train', '--wd', '-5', '--data', 'folder:/nonexistent', '--out', out]), /--wd: expected a non-negative finite number but received "-5"/);
  refused(reid(['train', '--average', '1', '--out', out]), /--average: expected a number between 0 and 1 \(both excluded\) but received "1"/);
  refused(reid(['train', '--average', 'NaN', '--out', out]), /--average: expected a number between 0 and 1 \(both excluded\) but received "NaN"/);
  refused(reid(['train', '--source-shares', '0.2,Infinity', '--data', 'mnist:0-6+strokes:9', '--out', out]), /^reid: --source-shares: expected a positive number but received "Infinity"$/);
  refused(reid(['train', '--source-shares', '0.2,0.8', '--sampler', 'random', '--data', 'mnist:0-6+strokes:9', '--out', out]), /^reid: trainRun: --source-shares shares out .* but received --sampler random\./);
  refused(reid(['train', '--data', 'mnist:0-12', '--out', out]), /^reid: .*expected mnist:DIGITS, digits 0-9 as a range or a list .* but received "mnist:0-12"\.$/);
  refused(reid(['glyphs', '--class', 'star', '--seed', '', '--out', out]), /--seed: expected a non-negative integer but received ""/);
  refused(reid(['map', '--model', out, '--data', 'mnist', '--seed', '1.5', '--out', join(out, 'm.png')]), /--seed: expected a non-negative integer/);
});

test('an IDX label of 2147483647 is refused in one line naming the labels file (was an out-of-memory abort)', () => {
  const dir = temp();
  const header = (dims: number[], code: number): Buffer => {
    const out = Buffer.alloc(4 + 4 * dims.length);
    out[2] = code;
    out[3] = dims.length;
    dims.forEach((d, i) => out.writeUInt32BE(d, 4 + 4 * i));
    return out;
  };
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), Buffer.concat([header([2, 2, 2], 0x08), Buffer.alloc(8, 7)]));
  const labels = Buffer.alloc(8);
  labels.writeInt32BE(2147483647, 4);
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), Buffer.concat([header([2], 0x0c), labels]));
  refused(reid(['export', '--data', `idx:${dir}`, '--out', join(dir, 'out')]), new RegExp(join(dir, 'train-labels-idx1-ubyte')), /2147483647/);
});

test('train refuses a folder with a single identity, and a --holdout of every identity', async () => {
  const one = await folder({ whale: 3 });
  refused(
    reid(['train', '--data', `folder:${one}`, '--epochs', '1', '--batches-per-epoch', '2', '--out', join(temp(), 'm')]),
    /at least 2 identities/, /found 1 \("whale"\)/, new RegExp(`folder:${one}`),
  );
  const two = await folder({ a: 2, b: 2 });
  refused(
    reid(['train', '--data', `folder:${two}`, '--holdout', 'a,b', '--epochs', '1', '--batches-per-epoch', '2', '--out', join(temp(), 'm')]),
    /--holdout/, /at least 2 identities/, /0 remain/,
  );
  refused(
    reid(['train', '--data', `folder:${two}`, '--holdout', 'c', '--epochs', '1', '--out', join(temp(), 'm')]),
    /for heldOut \(--holdout\) but received "c"/, /Known identities include: a, b/,
  );
});

test("embed --data folder: opens the folder in the model's input form (glyph model: 1×28×28, normalised) and embeds all of it", async () => {
  const root = temp();
  manualSeed(5);
  const preprocessing: Preprocessing = { channels: 1, height: 28, width: 28, mean: [0.1307], std: [0.3081], glyph: true };
  await saveModelBundle(join(root, 'model'), new EmbeddingNet({ arch: 'small', dim: 16 }), { preprocessing, recipe: {}, seed: 5, trainedIdentities: [], metrics: {} });
  const data = await folder({ moon: 2, sun: 3 });
  const r = reid(['embed', '--model', join(root, 'model'), '--data', `folder:${data}`, '--out', join(root, 'folder.npy')]);
  assert.equal(r.code, 0, r.stderr);
  const files = ['moon/0.png', 'moon/1.png', 'sun/0.png', 'sun/1.png', 'sun/2.png'].map((f) => join(data, f));
  const index = readFileSync(join(root, 'folder.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  assert.deepEqual(index.map((row) => row[2]), files);
  assert.deepEqual(index.map((row) => row[3]), ['moon', 'moon', 'sun', 'sun', 'sun']);
  // The same files given one by one go through the same preprocessing: the same embeddings.
  const single = reid(['embed', '--model', join(root, 'model'), '--out', join(root, 'files.npy'), ...files]);
  assert.equal(single.code, 0, single.stderr);
  const [fromFolder, fromFiles] = await Promise.all([loadNpy(join(root, 'folder.npy')), loadNpy(join(root, 'files.npy'))]);
  assert.deepEqual(fromFolder.shape, [5, 16]);
  const a = fromFolder.data as Float32Array;
  const b = fromFiles.data as Float32Array;
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-5, `value ${i}: ${a[i]} vs ${b[i]}`);
  refused(reid(['embed', '--model', join(root, 'model'), '--data', `folder:${data}`, '--split', 'test', '--out', join(root, 'x.npy')]), /--split: expected one of train, all/);
});

test('eval and map work on one split: a --split that chooses several is refused, not cut to the first', async () => {
  const root = temp();
  manualSeed(7);
  const preprocessing: Preprocessing = { channels: 1, height: 28, width: 28, mean: [0.1307], std: [0.3081], glyph: true };
  await saveModelBundle(join(root, 'model'), new EmbeddingNet({ arch: 'small', dim: 8 }), { preprocessing, recipe: {}, seed: 7, trainedIdentities: [], metrics: {} });
  const data = await folder({ a: 2, b: 2 });
  writeFileSync(join(data, 'm.csv'), 'path,identity,split\na/0.png,a,train\nb/0.png,b,train\na/1.png,a,val\nb/1.png,b,val\n');
  const expected = /--split: expected one split of csv:.*m\.csv \(one of train, val\) but "all" chooses 2/;
  refused(reid(['eval', '--model', join(root, 'model'), '--data', `csv:${join(data, 'm.csv')}`, '--split', 'all', '--shots', '1']), expected);
  refused(reid(['map', '--model', join(root, 'model'), '--data', `csv:${join(data, 'm.csv')}`, '--out', join(root, 'map.png')]), /--split: expected one split/);
});

test('the default split is test where a spec has one, else all of it', () => {
  const set = (name: string) => ({ name }) as unknown as ImageDataset;
  const names = (sets: ImageDataset[]) => sets.map((s) => s.name);
  assert.deepEqual(names(chooseSplits({ splits: { train: set('tr'), test: set('te') } }, undefined, 'mnist')), ['te']);
  assert.deepEqual(names(chooseSplits({ splits: { train: set('tr') } }, undefined, 'folder:x')), ['tr']);
  assert.deepEqual(names(chooseSplits({ splits: { train: set('tr'), val: set('va') } }, undefined, 'csv:x')), ['tr', 'va']);
  assert.deepEqual(names(chooseSplits({ splits: { train: set('tr'), test: set('te') } }, 'train', 'mnist')), ['tr']);
});

test('embed --files-from reads one path per line, relative to the list, blank lines ignored; a missing list is named', async () => {
  const root = temp();
  manualSeed(6);
  const preprocessing: Preprocessing = { channels: 3, height: 32, width: 32, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], glyph: false };
  await saveModelBundle(join(root, 'model'), new EmbeddingNet({ arch: 'small', dim: 8, inChannels: 3, imageSize: 32 }), { preprocessing, recipe: {}, seed: 6, trainedIdentities: [], metrics: {} });
  const data = await folder({ a: 3 });
  writeFileSync(join(data, 'list.txt'), `a/2.png\r\n\r\n${join(data, 'a', '0.png')}\n  \na/1.png\n`);
  const other = temp(); // run from elsewhere: paths still resolve against the list's folder
  const r = reid(['embed', '--model', join(root, 'model'), '--files-from', join(data, 'list.txt'), '--batch-size', '2', '--out', join(root, 'e.npy')], { cwd: other });
  assert.equal(r.code, 0, r.stderr);
  const sources = readFileSync(join(root, 'e.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[2]);
  assert.deepEqual(sources, ['2.png', '0.png', '1.png'].map((f) => join(data, 'a', f)));
  assert.deepEqual((await loadNpy(join(root, 'e.npy'))).shape, [3, 8]);
  const missing = join(root, 'no-such-list.txt');
  refused(reid(['embed', '--model', join(root, 'model'), '--files-from', missing, '--out', join(root, 'f.npy')]), /--files-from/, new RegExp(missing));
  writeFileSync(join(root, 'empty.txt'), '\n\n');
  refused(reid(['embed', '--model', join(root, 'model'), '--files-from', join(root, 'empty.txt'), '--out', join(root, 'f.npy')]), /lists none/);
});

test('train --image-size outside 96..224 is refused where it enters; --init names a model bundle', () => {
  refused(reid(['train', '--image-size', '64', '--data', 'folder:/nonexistent', '--out', join(temp(), 'm')]), /^reid: --image-size: expected an integer from 96 to 224 \(pixels, the side of the square input\) but received "64"$/);
  refused(reid(['train', '--image-size', 'big', '--data', 'folder:/nonexistent', '--out', join(temp(), 'm')]), /--image-size: .* but received "big"$/);
  refused(reid(['train', '--init', join(temp(), 'no-model'), '--data', 'glyphs:star,heart', '--out', join(temp(), 'm')]), /loadModelBundle: expected .*no-model\/model\.json/);
});
