// The catalogue store against its invariants: no sighting without an individual or a queue
// place; merges keep every sighting; undo restores the exact previous state (full table dumps);
// bad rows refused with one-line errors, by the TypeScript checks and by SQLite's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Catalog, type NewSighting } from '../../src/catalog/index.ts';
import { ArgumentError } from '../../src/util/errors.ts';
import { tempDir } from './catalog-fixture.ts';

const hash = (n: number): string => n.toString(16).padStart(64, '0');
const sighting = (n: number, extra: Partial<NewSighting> = {}): NewSighting => ({ imageHash: hash(n), imageExt: 'png', originalName: `${n}.png`, ...extra });

function fresh(t: { after: (fn: () => void) => void }): Catalog {
  const dir = tempDir('store');
  const catalog = Catalog.create(join(dir, 'cat'), { model: { dir: 'model', fingerprint: 'fp', dim: 2 } });
  t.after(() => {
    catalog.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return catalog;
}

/** Three individuals of two sightings each, and `queued` sightings waiting in one encounter, with candidates. */
function seeded(t: { after: (fn: () => void) => void }, queued = 4): Catalog {
  const c = fresh(t);
  c.addSightings(['A', 'A', 'B', 'B', 'C', 'C'].map((name, i) => sighting(i + 1, { individualName: name, date: `2024-0${1 + (i % 3)}-10` })), { kind: 'import' });
  const added = c.addSightings(Array.from({ length: queued }, (_, i) => sighting(100 + i, { date: '2024-05-01' }))).added;
  c.setMatchings(added.map((s) => ({ sighting: s.id, modelFingerprint: 'fp', verdict: 'uncalibrated', candidates: [1, 2, 3].map((ind, r) => ({ individual: ind, rank: r + 1, probability: null, scores: { embeddingDistance: 0.1 * (r + 1) } })) })));
  return c;
}

function assertInvariants(c: Catalog): void {
  const dump = c.dump() as { sightings: { id: number; individual: number | null; status: string }[]; individuals: { id: number; merged_into: number | null }[] };
  const live = new Set(dump.individuals.filter((i) => i.merged_into === null).map((i) => i.id));
  for (const s of dump.sightings) {
    if (s.status === 'confirmed') assert.ok(s.individual !== null && live.has(s.individual), `sighting ${s.id} is on a live individual`);
    else assert.ok(s.individual === null && (s.status === 'queued' || s.status === 'unsure'), `sighting ${s.id} waits in the queue`);
  }
  const waiting = new Set(c.queue().map((e) => e.sighting.id));
  for (const s of dump.sightings) assert.equal(waiting.has(s.id), s.status !== 'confirmed');
  assert.deepEqual(c.check(), []);
}

const refused = (pattern: RegExp) => (error: unknown): true => {
  assert.ok(error instanceof ArgumentError, String(error));
  assert.match(error.message, pattern);
  assert.ok(!error.message.includes('\n'), 'one line');
  return true;
};

test('a decision assigns or queues: "new" names the individual automatically, renamable, and a taken name is refused', (t) => {
  const c = seeded(t);
  const [first, second, third] = c.queue();
  const made = c.decide({ sighting: first!.sighting.id, decision: 'new' });
  assert.equal(made.individual!.name, 'IND-0004');
  assert.equal(c.sighting(first!.sighting.id).individual, made.individual!.id);
  c.rename(made.individual!.id, 'Nick');
  assert.equal(c.resolveIndividual('Nick').id, made.individual!.id);
  assert.throws(() => c.decide({ sighting: second!.sighting.id, decision: 'new', name: 'A' }), refused(/individual 1 is already called that/));
  assert.throws(() => c.rename('Nick', 'B'), refused(/a name no live individual has/));
  c.decide({ sighting: second!.sighting.id, decision: 'same', individual: 'Nick' });
  assert.equal(c.individuals().length, 4, 'no duplicate individual on assignment');
  assert.throws(() => c.decide({ sighting: second!.sighting.id, decision: 'same', individual: 1 }), refused(/already confirmed/));
  c.decide({ sighting: third!.sighting.id, decision: 'unsure' });
  assert.equal(c.sighting(third!.sighting.id).status, 'unsure');
  assert.equal(c.queue().at(-1)!.sighting.id, third!.sighting.id, 'unsure ones wait behind the queued ones');
  assertInvariants(c);
});

test('a whole encounter is decided at once, in one event', (t) => {
  const c = seeded(t, 3);
  const r = c.decide({ sighting: c.queue()[0]!.sighting.id, decision: 'same', individual: 'B', wholeEncounter: true });
  assert.equal(r.decisions.length, 3);
  assert.equal(new Set(r.decisions.map((d) => d.event)).size, 1);
  assert.equal(c.queue().length, 0);
  assert.equal(c.sightings({ individual: 2 }).length, 5);
  assertInvariants(c);
});

test('merges keep every sighting; the merged id and name still resolve; candidates show on the live individual', (t) => {
  const c = seeded(t);
  const before = c.sightings().map((s) => s.id).sort();
  const r = c.merge('A', 'B');
  assert.equal(r.moved, 2);
  assert.deepEqual(c.sightings().map((s) => s.id).sort(), before);
  assert.equal(c.sightings({ individual: 1 }).length, 4);
  assert.equal(c.resolveIndividual('B').id, 1);
  assert.equal(c.resolveIndividual(2).id, 1);
  const candidates = c.queue()[0]!.candidates;
  assert.deepEqual(candidates.map((x) => [x.individual, x.computedIndividual, x.rank]), [[1, 1, 1], [3, 3, 2]]);
  assert.throws(() => c.merge('A', 'A'), refused(/two different individuals/));
  const imported = c.addSightings([sighting(700, { individualName: 'B' })], { kind: 'import' });
  assert.equal(imported.added[0]!.individual, 1, 'an import naming a merged individual goes where it went');
  assert.equal(c.individuals().length, 2);
  assertInvariants(c);
});

test('undo restores the exact previous state after every kind of change, and walks back one change at a time', (t) => {
  const c = seeded(t, 6);
  const dumps = [JSON.stringify(c.dump())];
  const waiting = () => c.queue().filter((e) => e.sighting.status === 'queued').map((e) => e.sighting.id);
  const steps: (() => void)[] = [
    () => c.decide({ sighting: waiting()[0]!, decision: 'new' }),
    () => c.decide({ sighting: waiting()[0]!, decision: 'same', individual: 3 }),
    () => c.decide({ sighting: waiting()[0]!, decision: 'unsure' }),
    () => c.decide({ sighting: waiting()[0]!, decision: 'new', name: 'Zed', wholeEncounter: true }),
    () => c.merge('C', 'A'),
    () => c.rename('C', 'Cleo'),
    () => c.setNotes('Cleo', 'left fin notched'),
    () => c.split('Cleo', c.sightings({ individual: 3 }).slice(0, 2).map((s) => s.id)),
  ];
  for (const step of steps) {
    step();
    assertInvariants(c);
    // One undo returns to exactly the state before this step; redoing the step moves on.
    assert.ok(c.undo());
    assert.equal(JSON.stringify(c.dump()), dumps.at(-1));
    step();
    assert.notEqual(JSON.stringify(c.dump()), dumps.at(-1));
    dumps.push(JSON.stringify(c.dump()));
  }
  // Undo everything, newest first: every intermediate state comes back, in order.
  for (let i = dumps.length - 2; i >= 0; i--) {
    assert.ok(c.undo());
    assert.equal(JSON.stringify(c.dump()), dumps[i], `state before step ${i + 1}`);
    assertInvariants(c);
  }
  // Then the seeding add and import, each one batch: the catalogue is as created.
  assert.equal(c.undo()!.description, 'add of 6 sightings (event 3)');
  assert.equal(c.undo()!.description, 'import of 6 sightings (event 2)');
  assert.equal(c.undo(), null, 'nothing left');
  const empty = c.dump() as Record<string, unknown[]>;
  for (const table of ['individuals', 'encounters', 'sightings', 'matchings', 'candidates', 'candidate_scores', 'decisions']) assert.deepEqual(empty[table], [], table);
  assertInvariants(c);
  const undos = c.events({ limit: 1000 }).filter((e) => e.kind === 'undo');
  assert.equal(undos.length, steps.length * 2 + 2);
});

test('undo refuses to overwrite a later change to the same rows', (t) => {
  const c = seeded(t);
  const s = c.queue()[0]!.sighting.id;
  c.decide({ sighting: s, decision: 'same', individual: 'B' });
  c.merge('A', 'B');
  // The merge is undone first (it is the newest); the decision after it, exactly.
  assert.equal(c.undo()!.kind, 'merge');
  assert.equal(c.undo()!.kind, 'decision');
  assert.equal(c.sighting(s).status, 'queued');
  // Rows changed behind the log's back (another writer without undo records) stop the undo.
  c.decide({ sighting: s, decision: 'same', individual: 'B' });
  const db = new Database(c.file);
  db.prepare('UPDATE sightings SET location = ? WHERE id = ?').run('moved', s);
  db.close();
  assert.throws(() => c.undo(), refused(/was changed after it/));
  assert.equal(c.sighting(s).individual, 2, 'nothing half-undone');
});

test('bad rows are refused with clear errors, by the store and by SQLite itself', (t) => {
  const c = seeded(t);
  assert.throws(() => c.addSightings([sighting(900, { date: '2024-02-30' })]), refused(/real day for sightings\[0\]\.date/));
  assert.throws(() => c.addSightings([sighting(900, { date: 'yesterday' })]), refused(/ISO 8601/));
  assert.throws(() => c.addSightings([sighting(900, { crop: { x: 0, y: 0, w: 0, h: 5 } })]), refused(/crop/));
  assert.throws(() => c.addSightings([sighting(900, { imageHash: 'abc' })]), refused(/SHA-256/));
  assert.throws(() => c.addSightings([sighting(900, { fields: { depth: Number.NaN } })]), refused(/fields\.depth/));
  assert.throws(() => c.addSightings([sighting(900, { individualName: '  ' })]), refused(/non-empty name/));
  const s = c.queue()[0]!.sighting.id;
  const cand = (probability: number | null, value: number) => [{ sighting: s, modelFingerprint: 'fp', verdict: 'new' as const, candidates: [{ individual: 1, rank: 1, probability, scores: { embeddingDistance: value } }] }];
  assert.throws(() => c.setMatchings(cand(1.5, 0.2)), refused(/probability in \[0, 1\]/));
  assert.throws(() => c.setMatchings(cand(0.5, Number.POSITIVE_INFINITY)), refused(/finite number/));
  assert.throws(() => c.setMatchings(cand(0.5, Number.NaN)), refused(/finite number/));
  assert.throws(() => c.setCandidateScores(s, 1, { localInliers: Number.NaN }), refused(/finite/));
  assert.throws(() => c.decide({ sighting: s, decision: 'same' }), refused(/individual for decision "same"/));
  assert.throws(() => c.decide({ sighting: s, decision: 'maybe' as 'same', individual: 1 }), refused(/"same", "new" or "unsure"/));
  assert.throws(() => c.decide({ sighting: 12345, decision: 'new' }), refused(/sighting in the catalogue/));
  assert.throws(() => c.split('A', []), refused(/at least one sighting/));
  assert.throws(() => c.split('A', [3]), refused(/of individual 2/));
  // Rows written past the TypeScript checks meet the schema's own.
  const db = new Database(c.file);
  const raw = (sql: string, ...params: unknown[]) => () => db.prepare(sql).run(...params);
  assert.throws(raw("INSERT INTO sightings (encounter, image_hash, image_ext, original_name, status, created) VALUES (1, ?, 'png', 'x', 'confirmed', 'now')", hash(901)), /CHECK constraint/);
  assert.throws(raw("INSERT INTO sightings (encounter, image_hash, image_ext, original_name, date, status, created) VALUES (1, ?, 'png', 'x', '31/12/2024', 'queued', 'now')", hash(902)), /CHECK constraint/);
  assert.throws(raw('UPDATE candidates SET probability = 2 WHERE sighting = ?', s), /CHECK constraint/);
  assert.throws(raw('UPDATE candidate_scores SET value = ? WHERE sighting = ?', Number.POSITIVE_INFINITY, s), /CHECK constraint/);
  assert.throws(raw("INSERT INTO individuals (name, created) VALUES ('A', 'now')"), /UNIQUE constraint/);
  assert.throws(raw('UPDATE events SET who = ?', 'mallory'), /append-only/);
  assert.throws(raw('DELETE FROM events'), /append-only/);
  db.close();
  assertInvariants(c);
});

test('the same image is stored once: adding it again is skipped, and reopening keeps everything', (t) => {
  const c = seeded(t, 2);
  const again = c.addSightings([sighting(100), sighting(100, { crop: { x: 1, y: 1, w: 5, h: 5 } })]);
  assert.equal(again.skipped.length, 1);
  assert.equal(again.added.length, 1, 'another crop of the same photo is another sighting');
  const dump = JSON.stringify(c.dump());
  c.close();
  const reopened = Catalog.open(c.dir);
  assert.equal(JSON.stringify(reopened.dump()), dump);
  assert.equal(reopened.info.schemaVersion, 1);
  reopened.putKeypoints(1, 'sift-v1', 3, Uint8Array.from([1, 2, 3]));
  assert.deepEqual(reopened.keypoints(1, 'sift-v1'), { count: 3, data: Uint8Array.from([1, 2, 3]) });
  assert.equal(reopened.keypoints(1, 'orb'), null);
  reopened.close();
});
