// Bundles an older reid left mid-swap (only in `.<name>.backup`): readers find them without
// moving anything; a writer restores them before it writes, and drops finished swaps' leftovers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupDirName, readableBundleDir, recoverReplacedDir } from '../../src/util/legacy-dir-swap.ts';

test('readableBundleDir points at the backup only when the bundle is there alone, and moves nothing', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'reid-legacy-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const target = join(root, 'g');
  const backup = backupDirName(target);
  assert.equal(backup, join(root, '.g.backup'));
  assert.equal(await readableBundleDir(target, 'gallery.json'), target);
  await mkdir(backup);
  await writeFile(join(backup, 'gallery.json'), 'old');
  assert.equal(await readableBundleDir(target, 'gallery.json'), backup);
  assert.deepEqual(await readdir(root), ['.g.backup']);
  await mkdir(target);
  await writeFile(join(target, 'gallery.json'), 'new');
  assert.equal(await readableBundleDir(target, 'gallery.json'), target);
});

test('recoverReplacedDir restores onto a missing or empty dir, drops a finished swap\'s backup, and spares live temp dirs', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'reid-legacy-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const target = join(root, 'bundle');
  const backup = backupDirName(target);
  assert.equal(await recoverReplacedDir(target, 'm.json'), 'none');
  await mkdir(backup);
  await writeFile(join(backup, 'm.json'), 'old');
  assert.equal(await recoverReplacedDir(target, 'm.json'), 'restored-backup');
  assert.equal(await readFile(join(target, 'm.json'), 'utf8'), 'old');
  // Killed after the new bundle was in place, before the backup went: the new one stays.
  await mkdir(backup);
  await writeFile(join(backup, 'm.json'), 'older');
  assert.equal(await recoverReplacedDir(target, 'm.json'), 'removed-backup');
  assert.equal(await readFile(join(target, 'm.json'), 'utf8'), 'old');
  // A directory that is not empty and has no bundle is not replaced: the backup stays readable.
  await rm(target, { recursive: true });
  await mkdir(target);
  await writeFile(join(target, 'notes.txt'), 'mine');
  await mkdir(backup);
  await writeFile(join(backup, 'm.json'), 'kept');
  assert.equal(await recoverReplacedDir(target, 'm.json'), 'none');
  assert.equal(await readFile(join(backup, 'm.json'), 'utf8'), 'kept');
  // A dead writer's temp dir goes; a live one's (ours) stays.
  await mkdir(join(root, '.bundle.9999999.abcd1234.tmpdir'));
  await mkdir(join(root, `.bundle.${process.pid}.abcd1234.tmpdir`));
  await recoverReplacedDir(target, 'm.json');
  assert.deepEqual((await readdir(root)).sort(), [`.bundle.${process.pid}.abcd1234.tmpdir`, '.bundle.backup', 'bundle'].sort());
});
