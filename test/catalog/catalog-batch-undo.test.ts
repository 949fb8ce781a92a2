// Imports and adds undone as batches, in the store: the state tables afterwards equal the
// snapshot before the batch (derived rows included), later changes come back first, an
// out-of-order undo is refused in one line naming the change in the way, and a second
// connection sees the whole batch or none of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Catalog, putImage, type NewSighting } from '../../src/catalog/index.ts';
import { ArgumentError, DataError } from '../../src/util/errors.ts';
import { tempDir } from './catalog-fixture.ts';

const hash = (n: number): string => n.toString(16).padStart(64, '0');
const sighting = (n: number, extra: Partial<NewSighting> = {}): NewSighting => ({ imageHash: hash(n), imageExt: 'png', originalName: `${n}.png`, ...extra });
const vectors = (n: number): Float32Array => Float32Array.from({ length: n * 2 }, (_, i) => (i % 7) / 7 + 0.1);

function fresh(t: { after: (fn: () => void) => void }): Catalog {
  const dir = tempDir('batch-undo');
  const catalog = Catalog.create(join(dir, 'cat'), { model: { dir: 'model', fingerprint: 'fp', dim: 2 } });
  t.after(() => {
    catalog.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return catalog;
}

/** Individuals A and B (two sightings each), imported; two queued sightings with candidates on them. */
function seeded(t: { after: (fn: () => void) => void }): Catalog {
  const c = fresh(t);
  c.addSightings(['A', 'A', 'B', 'B'].map((name, i) => sighting(i + 1, { individualName: name, date: `2024-0${1 + i}-10` })), { kind: 'import', embeddings: { modelFingerprint: 'fp', dim: 2, vectors: vectors(4) } });
  const queued = c.addSightings([sighting(50), sighting(51)]).added;
  matchAll(c, queued.map((s) => s.id));
  return c;
}

/** Candidates on every live individual, as catalogMatch stores them. */
function matchAll(c: Catalog, sightings: readonly number[]): void {
  const live = c.individuals().map((i) => i.id);
  c.setMatchings(sightings.map((s) => ({ sighting: s, modelFingerprint: 'fp', verdict: 'uncalibrated', candidates: live.map((individual, r) => ({ individual, rank: r + 1, probability: null, scores: { embeddingDistance: 0.1 * (r + 1) } })) })));
}

const snapshot = (c: Catalog): string => JSON.stringify(c.dump());
/** The snapshot without times: rows made again, and matchings recomputed, differ only in those. */
const timeless = (dump: string): string => JSON.stringify(JSON.parse(dump, (key, value: unknown) => (key === 'created' || key === 'computed' ? 'T' : value)));
const counts = (c: Catalog): Record<string, number> => Object.fromEntries(Object.entries(c.dump()).map(([table, rows]) => [table, rows.length]));

const refused = (pattern: RegExp) => (error: unknown): true => {
  assert.ok(error instanceof ArgumentError, String(error));
  assert.match(error.message, pattern);
  assert.ok(!error.message.includes('\n'), 'one line');
  return true;
};

test('an import and an add, with their embeddings, matchings and keypoints, undo to exactly the state before', (t) => {
  const c = seeded(t);
  const before = snapshot(c);
  const beforeCounts = counts(c);
  // An import that reuses A and creates C and D; then an add with embeddings, candidates and keypoints.
  const imported = c.addSightings([sighting(10, { individualName: 'A' }), sighting(11, { individualName: 'C' }), sighting(12, { individualName: 'D', crop: { x: 1, y: 2, w: 3, h: 4 } })],
    { kind: 'import', encounters: 'separate', embeddings: { modelFingerprint: 'fp', dim: 2, vectors: vectors(3) } });
  const afterImport = snapshot(c);
  matchAll(c, [5, 6]); // the older queued sightings (5, 6) now have candidates on C and D too
  const added = c.addSightings([sighting(60, { location: 'north bay' }), sighting(61)], { embeddings: { modelFingerprint: 'fp', dim: 2, vectors: vectors(2) } });
  matchAll(c, added.added.map((s) => s.id));
  c.putKeypoints(added.added[0]!.id, 'sift-v1', 2, Uint8Array.from([1, 2]));
  c.setCandidateScores(added.added[0]!.id, 1, { localInliers: 12 });
  assert.equal(counts(c).sightings, beforeCounts.sightings! + 5);

  const first = c.undo()!;
  assert.deepEqual({ kind: first.kind, undone: first.undone, events: first.events, sightings: first.sightings, description: first.description },
    { kind: 'add', undone: added.event!, events: [added.event!], sightings: 2, description: `add of 2 sightings (event ${added.event})` });
  for (const table of ['embeddings', 'keypoints', 'matchings']) {
    assert.equal((c.dump()[table] as { sighting: number }[]).filter((r) => r.sighting >= added.added[0]!.id).length, 0, `${table} of the add are gone`);
  }
  const second = c.undo()!;
  assert.equal(second.description, `import of 3 sightings (event ${imported.event})`);
  // Candidates on C and D (derived from them) went with them; everything else is as before the import.
  const dump = c.dump() as { candidates: { individual: number }[] };
  assert.ok(dump.candidates.every((r) => r.individual <= 2), 'no candidate on an individual the import created');
  const expected = JSON.parse(before) as Record<string, unknown[]>;
  const now = JSON.parse(snapshot(c)) as Record<string, unknown[]>;
  for (const table of Object.keys(expected).filter((k) => k !== 'matchings')) assert.deepEqual(now[table], expected[table], table);
  assert.equal(timeless(JSON.stringify(now.matchings)), timeless(JSON.stringify(expected.matchings)), 'matchings: recomputed in between, the same but their time');
  assert.deepEqual(counts(c), beforeCounts, 'row counts as before the import');
  assert.deepEqual(c.check(), []);

  // Redo the import exactly (same ids); then undo it alone: the state tables equal the snapshot, candidates included.
  const again = c.addSightings([sighting(10, { individualName: 'A' }), sighting(11, { individualName: 'C' }), sighting(12, { individualName: 'D', crop: { x: 1, y: 2, w: 3, h: 4 } })],
    { kind: 'import', encounters: 'separate', embeddings: { modelFingerprint: 'fp', dim: 2, vectors: vectors(3) } });
  assert.equal(again.added.length, 3, 'a rerun after undo adds the rows again');
  assert.equal(again.skipped.length, 0);
  assert.equal(timeless(snapshot(c)), timeless(afterImport), 'the same rows as the first time (but their times)');
  assert.ok(c.undo());
  assert.equal(timeless(snapshot(c)), timeless(before));
  const undoEvents = c.events({ limit: 100 }).filter((e) => e.kind === 'undo');
  assert.equal(undoEvents.length, 3);
  assert.ok(c.events({ limit: 100 }).filter((e) => e.kind === 'import' && e.id !== 2).every((e) => !e.undoable), 'an undone import is not undone again');
});

test('later changes come back first, in order: a merge with an individual the import created, a decision on an added sighting, then the batches', (t) => {
  const c = seeded(t);
  const states = [snapshot(c)];
  const imported = c.addSightings([sighting(10, { individualName: 'C' }), sighting(11, { individualName: 'C' })], { kind: 'import' });
  states.push(snapshot(c));
  const added = c.addSightings([sighting(60), sighting(61)]);
  states.push(snapshot(c));
  const decided = c.decide({ sighting: added.added[0]!.id, decision: 'same', individual: 'C' });
  states.push(snapshot(c));
  const merged = c.merge('A', 'C');
  assert.equal(merged.moved, 3);
  const kinds: string[] = [];
  for (let i = states.length - 1; i >= 0; i--) {
    const r = c.undo()!;
    kinds.push(r.kind);
    assert.equal(snapshot(c), states[i], `after undoing ${r.description}`);
    assert.deepEqual(c.check(), []);
  }
  assert.deepEqual(kinds, ['merge', 'decision', 'add', 'import']);
  assert.deepEqual(c.events({ limit: 10 }).filter((e) => e.kind === 'undo').map((e) => e.undoes), [imported.event, added.event, decided.event, merged.event], 'one undo event each, newest first');
});

test('an import or add undone out of order: refused in one line naming the later change in the way; allowed once nothing depends on it', (t) => {
  const c = seeded(t);
  const imported = c.addSightings([sighting(10, { individualName: 'Bob' })], { kind: 'import' });
  const added = c.addSightings([sighting(60), sighting(61)]);
  const bob = c.resolveIndividual('Bob').id;
  const decided = c.decide({ sighting: added.added[0]!.id, decision: 'same', individual: 'Bob' });
  const frozen = snapshot(c);
  assert.throws(() => c.undo('me', { event: imported.event! }),
    refused(new RegExp(`^Catalog\\.undo: cannot undo import of 1 sighting \\(event ${imported.event}\\): decision event ${decided.event} put sighting ${added.added[0]!.id} on its individual ${bob} \\(Bob\\)\\. Hint: undo the later changes first`)));
  assert.throws(() => c.undo('me', { event: added.event! }), refused(new RegExp(`decision event ${decided.event} changed its sighting ${added.added[0]!.id}`)));
  assert.equal(snapshot(c), frozen, 'a refused undo changes nothing');

  // Once the decision is undone, a merge of Bob blocks; then a later import onto Bob, with the --event hint.
  assert.equal(c.undo()!.kind, 'decision');
  const merge = c.merge('A', 'Bob');
  assert.throws(() => c.undo('me', { event: imported.event! }), refused(new RegExp(`: merge event ${merge.event} changed its individual ${bob}\\. Hint`)));
  assert.equal(c.undo()!.kind, 'merge');
  const onBob = c.addSightings([sighting(21, { individualName: 'Bob' })], { kind: 'import' });
  assert.equal(onBob.added[0]!.individual, bob);
  assert.throws(() => c.undo('me', { event: imported.event! }), refused(new RegExp(`import event ${onBob.event} put sighting ${onBob.added[0]!.id} on its individual ${bob} \\(Bob\\)\\. Hint: undo import event ${onBob.event} first \\(reid catalog undo DIR --event ${onBob.event}\\)`)));
  assert.equal(c.undo('me', { event: onBob.event! })!.undone, onBob.event);
  matchAll(c, added.added.map((s) => s.id)); // candidates on Bob: derived, they go with him

  // Now nothing depends on the import of Bob: it comes back out of order; the later add and an unrelated decision stay.
  const unrelated = c.decide({ sighting: added.added[1]!.id, decision: 'same', individual: 'A' });
  const r = c.undo('me', { event: imported.event! })!;
  assert.deepEqual([r.kind, r.undone, r.sightings], ['import', imported.event, 1]);
  assert.throws(() => c.resolveIndividual('Bob'), ArgumentError);
  assert.equal(c.sighting(added.added[1]!.id).individual, 1, 'the unrelated decision stands');
  assert.equal(c.queue().find((e) => e.sighting.id === added.added[0]!.id)!.candidates.some((x) => x.individual === bob), false, 'no candidate on Bob left');
  assert.equal(c.undo()!.undone, unrelated.event, 'the plain undo still walks back from the newest');
  assert.deepEqual(c.check(), []);

  // What cannot be undone out of order says so.
  const decision = c.decide({ sighting: added.added[1]!.id, decision: 'unsure' });
  c.rename('A', 'Ada');
  assert.throws(() => c.undo('me', { event: decision.event }), refused(/expected an import or add for event but event \d+ is a decision, not the newest change/));
  assert.throws(() => c.undo('me', { event: imported.event! }), refused(/was undone by event \d+/));
  assert.throws(() => c.undo('me', { event: 9999 }), refused(/the id of an event in the catalogue/));
  assert.throws(() => c.undo('me', { event: 1 }), refused(/event 1 is a init, not the newest/));
  // The review's undo stops at a batch rather than removing it.
  assert.equal(c.undo('me', { batches: false })!.kind, 'rename');
  assert.equal(c.undo('me', { batches: false })!.kind, 'decision');
  const frozenAgain = snapshot(c);
  assert.equal(c.undo('me', { batches: false }), null, 'the add on top is not the review\'s to take back');
  assert.equal(snapshot(c), frozenAgain);
  assert.equal(c.undo()!.undone, added.event, 'a plain undo takes it');
});

test('an import run (batches sharing a run id) comes back with one undo; an import written before batches were undoable is skipped', (t) => {
  const c = seeded(t);
  const before = snapshot(c);
  const run = 'run-1';
  const batches = [0, 1, 2].map((b) => c.addSightings([sighting(10 + 2 * b, { individualName: `N${b}` }), sighting(11 + 2 * b, { individualName: 'A' })], { kind: 'import', run, encounters: 'separate' }));
  const r = c.undo()!;
  assert.deepEqual(r.events, batches.map((b) => b.event!).reverse());
  assert.equal(r.description, `import of 6 sightings (events ${batches.map((b) => b.event).join(', ')})`);
  assert.equal(snapshot(c), before);
  // A run interrupted by a decision: a plain undo takes the batches above it; --event takes the whole run.
  const first = c.addSightings([sighting(30, { individualName: 'P' })], { kind: 'import', run: 'run-2' });
  const decided = c.decide({ sighting: 5, decision: 'same', individual: 'A' });
  const second = c.addSightings([sighting(31, { individualName: 'Q' })], { kind: 'import', run: 'run-2' });
  assert.deepEqual(c.undo()!.events, [second.event]);
  assert.equal(c.undo()!.undone, decided.event);
  const third = c.addSightings([sighting(31, { individualName: 'Q' })], { kind: 'import', run: 'run-2' });
  const d2 = c.decide({ sighting: 5, decision: 'same', individual: 'A' });
  assert.deepEqual(c.undo('me', { event: first.event! })!.events, [third.event, first.event]);
  assert.equal(c.sighting(5).individual, 1);
  assert.equal(c.undo()!.undone, d2.event);
  assert.equal(snapshot(c), before);

  // An import event from before (no rows recorded) is not undoable: a plain undo passes it by, --event explains.
  const db = new Database(c.file);
  const legacy = Number(db.prepare("INSERT INTO events (at, who, kind, payload) VALUES ('2024-01-01T00:00:00.000Z', 'old', 'import', '{\"sightings\":[]}')").run().lastInsertRowid);
  db.close();
  assert.equal(c.events({ limit: 1 })[0]!.undoable, false);
  assert.throws(() => c.undo('me', { event: legacy }), refused(/written by a reid from before imports could be undone/));
  assert.equal(c.undo()!.kind, 'add', 'the plain undo goes past it to the seeding add');
});

test('a second connection sees the batch wholly there until the undo commits, then wholly gone; two undoers never take back the same event', (t) => {
  const c = seeded(t);
  const before = snapshot(c);
  const big = c.addSightings(Array.from({ length: 300 }, (_, i) => sighting(1000 + i, { individualName: `I${i % 40}` })), { kind: 'import', encounters: 'separate', embeddings: { modelFingerprint: 'fp', dim: 2, vectors: vectors(300) } });
  const during = snapshot(c);
  c.close();
  let seenInside: string | undefined;
  const reader = Catalog.open(c.dir, { readonly: true });
  t.after(() => reader.close());
  const writer = Catalog.open(c.dir, { beforeCommit: (kind) => { if (kind === 'undo') seenInside = snapshot(reader); } });
  t.after(() => writer.close());
  const other = Catalog.open(c.dir);
  t.after(() => other.close());
  assert.equal(writer.undo()!.undone, big.event);
  assert.equal(seenInside, during, 'inside the undo transaction another connection still reads every row of the batch');
  assert.equal(snapshot(reader), before, 'after the commit: none of them');
  // The other connection's undo takes the next event back, not the one just undone.
  const next = other.undo()!;
  assert.equal(next.kind, 'add');
  assert.notEqual(next.undone, big.event);
  assert.deepEqual(reader.check(), []);
});

test('an add whose image file is gone from the store (removed by an undo elsewhere) is refused inside its transaction, and nothing is written', async (t) => {
  const c = fresh(t);
  const bytes = Uint8Array.from([137, 80, 78, 71, 1, 2, 3]);
  const stored = await putImage(c.dir, bytes, 'png');
  const held = c.addSightings([{ imageHash: stored.hash, imageExt: 'png', originalName: 'a.png' }], { requireImageFiles: true });
  assert.equal(held.added.length, 1);
  const before = snapshot(c);
  assert.throws(() => c.addSightings([sighting(77)], { requireImageFiles: true }), (e: unknown) => e instanceof DataError && /expected the image file of inputs\[0\] \(77\.png\) at .* but it is missing/.test(e.message));
  assert.equal(snapshot(c), before);
});

test('a catalogue written before the referring-column indexes gets them on open, its rows unchanged', (t) => {
  const c = seeded(t);
  const before = snapshot(c);
  c.close();
  const names = ['sightings_encounter', 'candidates_individual', 'decisions_individual', 'individuals_merged_into'];
  const db = new Database(c.file);
  for (const name of names) db.exec(`DROP INDEX ${name}`);
  const indexNames = (): string[] => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  assert.ok(names.every((n) => !indexNames().includes(n)));
  const readonly = Catalog.open(c.dir, { readonly: true });
  readonly.close();
  assert.ok(names.every((n) => !indexNames().includes(n)), 'a read-only open writes nothing');
  const reopened = Catalog.open(c.dir);
  t.after(() => reopened.close());
  assert.ok(names.every((n) => indexNames().includes(n)), indexNames().join(', '));
  db.close();
  assert.equal(snapshot(reopened), before);
  assert.equal(reopened.info.schemaVersion, 1);
});
