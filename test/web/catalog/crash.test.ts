// A crash of the server loses no decision it acknowledged: `reid serve --catalog` runs as a child
// process, decisions are posted four at a time, and the child is killed with SIGKILL while some
// are in flight. Afterwards every decision answered 200 is in the database, each sighting's state
// agrees with its decisions (all or nothing), and SQLite finds nothing wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { Catalog, putImage } from '../../../src/catalog/index.ts';
import { glyphCatalog, glyphPng } from './helpers/glyph-catalog.ts';

const cli = new URL('../../../src/cli/main.ts', import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

test('SIGKILL while decisions are in flight: every acknowledged decision is there, none half-done', { timeout: 120_000 }, async () => {
  const fixture = await glyphCatalog(['star', 'heart']);
  const catalog = Catalog.open(fixture.dir);
  const rows = [];
  for (let i = 0; i < 24; i++) {
    const stored = await putImage(fixture.dir, await glyphPng(i % 2 ? 'moon' : 'spiral', 20 + i), 'png');
    rows.push({ imageHash: stored.hash, imageExt: 'png', originalName: `q${i}.png` });
  }
  const queued = catalog.addSightings(rows, { kind: 'add', encounters: 'separate' }).added.map((s) => s.id);
  catalog.close();

  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve', '--catalog', fixture.dir, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => { log += chunk.toString(); });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes('reid is serving')) resolve(); });
      child.once('close', (code) => reject(new Error(`the server exited (${code}) before serving: ${log}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    const acknowledged: number[] = [];
    let next = 0;
    let killed = false;
    const decideOne = async (sighting: number) => {
      try {
        const r = await fetch(`${url}/api/decisions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sighting, decision: 'new' }) });
        if (r.status === 200) acknowledged.push(sighting);
        else assert.fail(`decision on ${sighting}: ${r.status} ${await r.text()}`);
      } catch (error) {
        if (!killed) throw error; // a connection cut by the kill: the decision may or may not be there
      }
      if (acknowledged.length >= 9 && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (next < queued.length && !killed) await decideOne(queued[next++]!);
    }));
    await exited;
    assert.ok(killed && acknowledged.length >= 9, `killed after ${acknowledged.length} acknowledgements`);

    const after = Catalog.open(fixture.dir);
    try {
      assert.deepEqual(after.check(), []);
      for (const id of acknowledged) {
        const s = after.sighting(id);
        assert.equal(s.status, 'confirmed', `acknowledged decision on sighting ${id}`);
        assert.deepEqual(after.decisions(id).map((d) => [d.decision, d.individual]), [['new', s.individual]]);
      }
      for (const id of queued) {
        const s = after.sighting(id);
        const decisions = after.decisions(id);
        // All or nothing: confirmed with exactly one decision and its individual, or untouched.
        if (s.status === 'confirmed') assert.deepEqual(decisions.map((d) => d.individual), [s.individual]);
        else assert.deepEqual([s.status, decisions.length], ['queued', 0]);
      }
      const individuals = after.individuals().length;
      assert.equal(individuals, 2 + after.sightings({ status: 'confirmed' }).filter((s) => queued.includes(s.id)).length, 'one new individual per recorded decision, no orphan');
    } finally {
      after.close();
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(fixture.root, { recursive: true, force: true });
  }
});
