import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError } from '../../src/index.ts';
import { serve } from '../../src/web/server.ts';
import { serveFixture } from './helpers/fixture.ts';

const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;

/** Runs `reid serve` with its own TMPDIR; the timeout only guards against a hang (which fails the exit-code check). */
function reidServe(args: string[]) {
  const scratch = mkdtempSync(join(tmpdir(), 'reid-serve-errors-'));
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, 'serve', ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, TMPDIR: scratch } });
  return { code: r.status, stderr: r.stderr, leaked: readdirSync(scratch).filter((name) => name.startsWith('reid-serve-')) };
}

function assertOneLineRefusal(r: ReturnType<typeof reidServe>, pattern: RegExp): void {
  assert.equal(r.code, 1, `exit code (null: it hung)\n${r.stderr}`);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.deepEqual(r.leaked, []);
}

test('serve start-up failures print one line naming the option, exit 1 (no stack, no hang) and leave no scratch directory', async () => {
  const { galleryDir } = await serveFixture(['star']);
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  try {
    const port = (taken.address() as AddressInfo).port;
    assertOneLineRefusal(reidServe(['--gallery', galleryDir, '--host', '127.0.0.1', '--port', String(port)]), new RegExp(`^reid: serve: expected a free port for --port but 127\\.0\\.0\\.1:${port} is already in use`));
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
  assertOneLineRefusal(reidServe(['--gallery', galleryDir, '--host', '256.1.1.1', '--port', '18089']), /^reid: serve: expected an address of this machine for --host but received "256\.1\.1\.1"/);
  for (const port of ['65536', '0', '1.5', '80x']) {
    assertOneLineRefusal(reidServe(['--gallery', galleryDir, '--port', port]), new RegExp(`^reid: --port: expected an integer from 1 to 65535 but received "${port.replace('.', '\\.')}"`));
  }
});

test('serve() rejects a bad port or a taken one with an ArgumentError, and a later start still works', async () => {
  const { galleryDir } = await serveFixture(['star']);
  await assert.rejects(serve({ galleryDir, port: 65536, host: '127.0.0.1' }), (e: unknown) => e instanceof ArgumentError && /--port/.test((e as Error).message));
  const first = await serve({ galleryDir, port: 0, host: '127.0.0.1' });
  try {
    const port = Number(new URL(first.url).port);
    await assert.rejects(serve({ galleryDir, port, host: '127.0.0.1' }), (e: unknown) => e instanceof ArgumentError && /already in use/.test((e as Error).message));
    assert.equal((await fetch(`${first.url}/api/gallery`)).status, 200);
  } finally {
    await first.close();
  }
});
