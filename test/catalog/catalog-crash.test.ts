// A crash at any point loses no decision: a child process is killed with SIGKILL inside a
// decision's transaction and inside an import's; the catalogue afterwards is sound, the decision
// wholly there or wholly absent, and the import finishes when run again (by content hash).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, sha256Hex, type NewSighting } from '../../src/catalog/index.ts';
import { catalogImport } from '../../src/recipes/catalog-import.ts';
import { catalogInit, openCatalogSession } from '../../src/recipes/catalog-session.ts';
import { folderCatalogue, modelDir, tempDir } from './catalog-fixture.ts';

const child = new URL('./crash-child.ts', import.meta.url).pathname;

/** Runs the child until it prints `until` (then SIGKILLs it) or exits; returns its output. */
function runChild(args: string[], until: string): Promise<{ output: string; killed: boolean }> {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    let killed = false;
    p.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!killed && output.includes(until)) {
        killed = true;
        p.kill('SIGKILL');
      }
    });
    p.on('error', fail);
    p.on('close', () => done({ output, killed }));
  });
}

const hash = (n: number): string => n.toString(16).padStart(64, '0');

/** A catalogue with one known individual and `encounters` encounters of 5 queued sightings each. */
function queuedCatalogue(dir: string, encounters: number): void {
  const c = Catalog.create(dir, { model: { dir: 'model', fingerprint: 'fp', dim: 2 } });
  c.addSightings([{ imageHash: hash(1), imageExt: 'png', originalName: 'a.png', individualName: 'A' }], { kind: 'import' });
  for (let e = 0; e < encounters; e++) {
    c.addSightings(Array.from({ length: 5 }, (_, i): NewSighting => ({ imageHash: hash(100 + e * 10 + i), imageExt: 'png', originalName: `${e}-${i}.png` })));
  }
  c.close();
}

/** Each decision event has all its rows: its decisions, and its sightings confirmed to its individual. */
function assertDecisionsWhole(c: Catalog): number {
  assert.deepEqual(c.check(), []);
  const events = c.events({ limit: 10_000 }).filter((e) => e.kind === 'decision');
  for (const e of events) {
    const ids = e.payload.sightings as number[];
    assert.equal(ids.length, 5);
    const rows = c.decisions().filter((d) => d.event === e.id);
    assert.deepEqual(rows.map((d) => d.sighting).sort(), [...ids].sort());
    for (const id of ids) assert.equal(c.sighting(id).individual, e.payload.individual);
  }
  assert.equal(c.decisions().length, events.length * 5, 'no decision row outside a complete event');
  for (const entry of c.queue()) assert.equal(c.decisions(entry.sighting.id).length, 0);
  return events.length;
}

test('killed inside a decision\'s transaction: the decision is wholly absent, every earlier one wholly there', async (t) => {
  const root = tempDir('crash-decision');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, 'cat');
  queuedCatalogue(dir, 6);
  const run = await runChild(['decision', dir, '4'], 'in-transaction');
  assert.ok(run.killed, run.output);
  assert.match(run.output, /committed 3\nin-transaction/);
  const c = Catalog.open(dir);
  assert.equal(assertDecisionsWhole(c), 3);
  assert.equal(c.queue().length, 15, 'the killed decision\'s 5 sightings wait again');
  c.close();
});

test('killed at an arbitrary moment of a run of decisions: each decision is all or nothing', async (t) => {
  const root = tempDir('crash-any');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, 'cat');
  queuedCatalogue(dir, 40);
  const run = await runChild(['decision', dir, '0'], 'committed 2\n');
  const c = Catalog.open(dir);
  const decided = assertDecisionsWhole(c);
  assert.ok(decided >= 2, `${decided} decisions kept of ${run.output.split('\n').length - 1} reported`);
  const reported = (run.output.match(/committed \d+/g) ?? []).length;
  assert.ok(decided >= reported, 'every decision reported committed is there');
  c.close();
});

test('killed inside an import\'s transaction: the catalogue is sound, and importing again finishes it without duplicates', async (t) => {
  const root = tempDir('crash-import');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const source = await folderCatalogue(join(root, 'source'), { perIndividual: 3, classes: ['star', 'heart', 'triangle', 'moon'] });
  const dir = join(root, 'cat');
  await catalogInit({ dir, modelDir });
  const run = await runChild(['import', dir, '3', `folder:${source}`], 'in-transaction');
  assert.ok(run.killed, run.output);
  const partial = Catalog.open(dir);
  assert.deepEqual(partial.check(), []);
  assert.equal(partial.sightings().length, 4, 'the two committed batches of two, and nothing of the third');
  assert.equal(partial.embeddings().sightings.length, 4, 'every sighting has its embedding');
  partial.close();

  const session = await openCatalogSession(dir);
  t.after(() => session.close());
  const again = await catalogImport(session, { from: `folder:${source}`, batchSize: 2, quiet: true });
  assert.deepEqual({ added: again.added, skipped: again.skipped }, { added: 8, skipped: 4 });
  const c = session.catalog;
  assert.equal(c.sightings().length, 12);
  assert.equal(new Set(c.sightings().map((s) => s.imageHash)).size, 12);
  assert.deepEqual(c.individuals().map((i) => [i.name, i.sightingCount]), [['heart', 3], ['moon', 3], ['star', 3], ['triangle', 3]]);
  for (const s of c.sightings()) assert.equal(sha256Hex(readFileSync(c.imageFile(s))), s.imageHash, 'each stored file holds its content');
  const leftovers = readdirSync(join(dir, 'images'), { recursive: true }).map(String).filter((f) => f.includes('.tmp'));
  assert.deepEqual(leftovers, [], 'no temp file left by the killed writer');
  assert.equal((await catalogImport(session, { from: `folder:${source}`, quiet: true })).added, 0, 'a third run adds nothing');
  assert.deepEqual(c.check(), []);
});
