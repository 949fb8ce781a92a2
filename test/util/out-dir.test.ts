// The --out rule: reid writes into a missing or empty directory or one of its own bundles, and
// refuses (one line, naming the option, the path and what to do) a file, someone else's
// directory, and a directory that overlaps an input bundle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError } from '../../src/util/errors.ts';
import { checkOutDir, type OutDirKind } from '../../src/util/out-dir.ts';

const kind: OutDirKind = { what: 'gallery', markers: [{ file: 'gallery.json', format: 'reid-gallery' }], owns: (name) => name === 'gallery.lock' || /^embeddings-\w+\.safetensors$/.test(name) };

function refused(...patterns: RegExp[]): (error: unknown) => true {
  return (error) => {
    assert.ok(error instanceof ArgumentError, String(error));
    for (const p of patterns) assert.match(error.message, p);
    assert.ok(!error.message.includes('\n'), 'one line');
    return true;
  };
}

test('missing, empty, marked and reid-only directories are accepted', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'reid-outdir-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await checkOutDir(join(root, 'new'), '--out', kind);
  await mkdir(join(root, 'empty'));
  await checkOutDir(join(root, 'empty'), '--out', kind);
  await mkdir(join(root, 'gallery'));
  await writeFile(join(root, 'gallery', 'gallery.json'), '{"format": "reid-gallery"}');
  await writeFile(join(root, 'gallery', 'notes.txt'), 'mine');
  await checkOutDir(join(root, 'gallery'), '--out', kind);
  await mkdir(join(root, 'crashed'));
  await writeFile(join(root, 'crashed', 'gallery.lock'), '');
  await writeFile(join(root, 'crashed', 'embeddings-00ff.safetensors'), '');
  await checkOutDir(join(root, 'crashed'), '--out', kind);
});

test('a directory of other files, a file, and a path under a file are refused with what to do', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'reid-outdir-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const notes = join(root, 'notes');
  await mkdir(notes);
  await writeFile(join(notes, 'notes.txt'), 'mine');
  await assert.rejects(checkOutDir(notes, '--out', kind), refused(/^--out: expected a new or empty directory, or an existing gallery/, /notes\.txt/, /choose a new directory or an empty one/));
  await writeFile(join(notes, 'gallery.json'), '{"format": "someone-else"}'); // a file of that name is not enough
  await assert.rejects(checkOutDir(notes, '--out', kind), refused(/holds other files \(gallery\.json, notes\.txt\)/));
  const file = join(root, 'file.txt');
  await writeFile(file, 'x');
  await assert.rejects(checkOutDir(file, '--out', kind), refused(/^--out: expected a directory for the gallery but .*file\.txt is a file/));
  await assert.rejects(checkOutDir(join(file, 'sub'), '--out', kind), refused(/^--out: .*part of .*file\.txt\/sub is a file/));
});

test('the output may not be, contain or sit inside an input directory (symlinks resolved)', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'reid-outdir-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const model = join(root, 'model');
  await mkdir(model);
  await symlink(model, join(root, 'alias'));
  const inputs = [{ option: '--model', dir: model }];
  await assert.rejects(checkOutDir(model, '--out', kind, inputs), refused(/^--out: expected a directory apart from the --model directory .* is the same directory as it/));
  await assert.rejects(checkOutDir(join(root, 'alias'), '--out', kind, inputs), refused(/is the same directory as it/));
  await assert.rejects(checkOutDir(join(model, 'g'), '--out', kind, inputs), refused(/is inside it/));
  await assert.rejects(checkOutDir(root, '--out', kind, inputs), refused(/is a parent of it/));
  await checkOutDir(join(root, 'model-gallery'), '--out', kind, inputs); // a sibling whose name starts the same
});
