// The advisory writer lock: exclusive across processes, a dead holder's lock taken over, a live
// holder waited for and then refused with a message naming it, a release that frees only our own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireFileLock, LockTimeoutError, withFileLock } from '../../src/util/file-lock.ts';

const child = join(dirname(fileURLToPath(import.meta.url)), 'helpers', 'lock-counter-child.ts');

/** The pid of a process that has exited (so it is certainly not alive now). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

async function scratch(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reid-lock-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('a held lock makes a second taker wait, then fail with one line naming the holder and the lock file', async (t) => {
  const lockFile = join(await scratch(t), 'gallery.lock');
  const held = await acquireFileLock(lockFile);
  const holder = JSON.parse(await readFile(lockFile, 'utf8')) as { pid: number; hostname: string };
  assert.equal(holder.pid, process.pid);
  assert.equal(holder.hostname, hostname());
  await assert.rejects(acquireFileLock(lockFile, { timeoutMs: 50, what: 'the gallery g' }), (error: unknown) => {
    assert.ok(error instanceof LockTimeoutError);
    assert.match(error.message, new RegExp(`^the gallery g is locked by process ${process.pid} on `));
    assert.ok(error.message.includes(lockFile));
    assert.ok(!error.message.includes('\n'));
    return true;
  });
  await held.release();
  const again = await acquireFileLock(lockFile, { timeoutMs: 50 });
  await again.release();
  await assert.rejects(readFile(lockFile), /ENOENT/);
});

test('a lock left by a dead process on this host is stale and taken over; one from another host is not', async (t) => {
  const dir = await scratch(t);
  const lockFile = join(dir, 'x.lock');
  await writeFile(lockFile, JSON.stringify({ pid: deadPid(), hostname: hostname(), token: 'old', since: 'then' }));
  const lock = await acquireFileLock(lockFile, { timeoutMs: 50 });
  assert.equal((JSON.parse(await readFile(lockFile, 'utf8')) as { pid: number }).pid, process.pid);
  await lock.release();

  await writeFile(lockFile, JSON.stringify({ pid: deadPid(), hostname: 'another-host.example', token: 'far', since: 'then' }));
  await assert.rejects(acquireFileLock(lockFile, { timeoutMs: 50 }), /locked by process \d+ on another-host\.example/);
  assert.match(await readFile(lockFile, 'utf8'), /"far"/, 'the other host\'s lock is left alone');
});

test('release removes only our own lock (not one that replaced it)', async (t) => {
  const lockFile = join(await scratch(t), 'x.lock');
  const lock = await acquireFileLock(lockFile);
  const other = JSON.stringify({ pid: process.pid, hostname: hostname(), token: 'someone-else', since: 'now' });
  await writeFile(lockFile, other);
  await lock.release();
  assert.equal(await readFile(lockFile, 'utf8'), other);
});

test('withFileLock serialises read-modify-writes in one process and across processes (no lost update)', async (t) => {
  const dir = await scratch(t);
  const lockFile = join(dir, 'counter.lock');
  const counter = join(dir, 'counter');
  await writeFile(counter, '0');
  const bump = () => withFileLock(lockFile, async () => {
    const n = Number(await readFile(counter, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 2));
    await writeFile(counter, String(n + 1));
  });
  await Promise.all(Array.from({ length: 20 }, bump));
  assert.equal(await readFile(counter, 'utf8'), '20');

  const runs = Array.from({ length: 3 }, () => new Promise<number | null>((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, lockFile, counter, '8'], { stdio: ['ignore', 'ignore', 'inherit'] });
    proc.on('error', reject);
    proc.on('exit', resolve);
  }));
  assert.deepEqual(await Promise.all([...runs, Promise.all(Array.from({ length: 8 }, bump)).then(() => 0)]), [0, 0, 0, 0]);
  assert.equal(await readFile(counter, 'utf8'), String(20 + 3 * 8 + 8));
  await assert.rejects(readFile(lockFile), /ENOENT/, 'the lock is gone once everyone released it');
});
