import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic, writeJsonAtomic } from '../../src/util/atomic-write.ts';
import { ArgumentError, ReidError } from '../../src/util/errors.ts';
import { Random } from '../../src/util/random.ts';
import { makeGeneration, readGeneration } from './helpers/generation-content.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const child = join(here, 'helpers', 'atomic-write-child.ts');
const SIZE = 8 * 1024 * 1024;

async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'reid-atomic-'));
}

/**
 * Starts the child writer and SIGKILLs it `delayMs` after its first complete write (so there is an
 * old version to keep, however slow the disk); returns the last generation it reported finished.
 */
function runAndKill(mode: 'atomic' | 'plain', target: string, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, mode, target, String(SIZE)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (timer === undefined && out.includes('done 1\n')) timer = setTimeout(() => proc.kill('SIGKILL'), delayMs);
    });
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`child exited early (code ${code}): ${err}`));
      const done = [...out.matchAll(/^done (\d+)$/gm)].map((match) => Number(match[1]));
      resolve(done.length === 0 ? 0 : done[done.length - 1]!);
    });
  });
}

test('writeFileAtomic: a SIGKILL mid-write leaves the old or the new content, never a torn file', async () => {
  const dir = await scratch();
  const random = new Random(20240601);
  const target = join(dir, 'model.bin');
  try {
    for (let run = 0; run < 5; run += 1) {
      await writeFile(target, makeGeneration(0, SIZE));
      const lastDone = await runAndKill('atomic', target, random.uniform(0, 400));
      const generation = readGeneration(await readFile(target), SIZE);
      assert.notEqual(generation, undefined, `run ${run}: target is torn after SIGKILL`);
      // Old = the last write the child reported finished; new = the one in flight (renamed, not yet reported).
      assert.ok(generation === lastDone || generation === lastDone + 1, `run ${run}: generation ${generation}, last done ${lastDone}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('control: the same harness catches torn files from a plain truncate-and-write', async () => {
  const dir = await scratch();
  const random = new Random(7);
  const target = join(dir, 'model.bin');
  let torn = 0;
  try {
    for (let run = 0; run < 10 && torn === 0; run += 1) {
      await writeFile(target, makeGeneration(0, SIZE));
      await runAndKill('plain', target, random.uniform(0, 400));
      if (readGeneration(await readFile(target), SIZE) === undefined) torn += 1;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  assert.ok(torn > 0, 'a naive writer was never caught torn: the crash test would not detect a broken writeFileAtomic');
});

test('writeFileAtomic replaces content, leaves no temp files, honours mode', async () => {
  const dir = await scratch();
  try {
    const path = join(dir, 'a.txt');
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, new Uint8Array([104, 105]), { mode: 0o600 });
    assert.equal(await readFile(path, 'utf8'), 'hi');
    assert.deepEqual(await readdir(dir), ['a.txt']);
    await writeFileAtomic(join(dir, 'b.txt'), 'x', { mode: 0o600 });
    assert.equal((await stat(join(dir, 'b.txt'))).mode & 0o777, 0o600);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomic into a missing directory throws a ReidError naming the file', async () => {
  const dir = await scratch();
  try {
    const path = join(dir, 'missing', 'x.json');
    await assert.rejects(writeFileAtomic(path, 'x'), (error: unknown) => {
      assert.ok(error instanceof ReidError);
      assert.equal(error.file, path);
      assert.match(error.message, /^writeFileAtomic: could not write .*missing\/x\.json/);
      return true;
    });
    await assert.rejects(writeFileAtomic('', 'x'), ArgumentError);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('writeJsonAtomic writes indented JSON with a trailing newline', async () => {
  const dir = await scratch();
  try {
    const path = join(dir, 'config.json');
    await writeJsonAtomic(path, { k: 3, list: [1, 2] });
    assert.equal(await readFile(path, 'utf8'), '{\n  "k": 3,\n  "list": [\n    1,\n    2\n  ]\n}\n');
    await writeJsonAtomic(path, { k: 4 }, { indent: 0 });
    assert.equal(await readFile(path, 'utf8'), '{"k":4}\n');
    await assert.rejects(writeJsonAtomic(path, undefined), ArgumentError);
    assert.equal(await readFile(path, 'utf8'), '{"k":4}\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
