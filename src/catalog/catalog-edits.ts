// The catalogue's state changes, each one transaction and one event in the log: decisions,
// merges, renames, splits and notes record their row changes (undoable); imports, adds and
// matchings record what they added (not undoable: they only add, and re-running them is idempotent).
import type Database from 'better-sqlite3';
import { ArgumentError, expected } from '../util/errors.ts';
import { followMerges, individualById, resolveIndividual, sightingById, sightingByImage, undoableEventIds } from './catalog-reads.ts';
import type { EventRow } from './catalog-rows.ts';
import type { Decision, DecisionInput, EventKind, Individual, NewCandidate, NewSighting, RowChange, Sighting } from './catalog-types.ts';
import { checkCandidate, checkName, checkNewSighting, checkScore } from './catalog-validate.ts';
import { ChangeRecorder, revertChanges } from './row-changes.ts';
import { individualFromRow, sightingFromRow, type IndividualRow, type SightingRow } from './catalog-rows.ts';

type Db = Database.Database;

export const now = (): string => new Date().toISOString();
const nextId = (db: Db, table: string): number => (db.prepare(`SELECT coalesce(max(id), 0) + 1 AS n FROM ${table}`).get() as { n: number }).n;

/** Crash tests only: called inside each change's transaction, after its event row is written and before COMMIT. */
export const beforeCommitHooks = new WeakMap<Db, (kind: EventKind) => void>();

function appendEvent(db: Db, e: { id?: number; who: string; kind: EventKind; payload: Record<string, unknown>; changes?: RowChange[]; undoes?: number }): number {
  const id = e.id ?? nextId(db, 'events');
  db.prepare('INSERT INTO events (id, at, who, kind, undoes, payload, changes) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(id, now(), e.who, e.kind, e.undoes ?? null, JSON.stringify(e.payload), JSON.stringify(e.changes ?? []));
  beforeCommitHooks.get(db)?.(e.kind);
  return id;
}

/** "IND-0042" from the id, made unique among live names if someone already took it. */
function automaticName(db: Db, id: number): string {
  const base = `IND-${String(id).padStart(4, '0')}`;
  const taken = db.prepare('SELECT 1 FROM individuals WHERE name = ? AND merged_into IS NULL');
  let name = base;
  for (let n = 2; taken.get(name); n++) name = `${base}-${n}`;
  return name;
}

function refuseTakenName(db: Db, fn: string, name: string, exceptId?: number): void {
  const row = db.prepare('SELECT id FROM individuals WHERE name = ? AND merged_into IS NULL').get(name) as { id: number } | undefined;
  if (row && row.id !== exceptId) {
    throw new ArgumentError(expected(fn, 'name', 'a name no live individual has', name, `Hint: individual ${row.id} is already called that; decide "same" with it, or merge.`));
  }
}

function createIndividual(db: Db, rec: ChangeRecorder, name: string | undefined, fn: string): Individual {
  const id = nextId(db, 'individuals');
  const chosen = name === undefined ? automaticName(db, id) : checkName(fn, 'name', name);
  refuseTakenName(db, fn, chosen);
  rec.insert('individuals', { id, name: chosen, notes: '', created: now(), merged_into: null });
  return individualById(db, id, fn);
}

function mergedByName(db: Db, name: string): Individual | undefined {
  const row = db.prepare('SELECT id FROM individuals WHERE name = ? ORDER BY id DESC LIMIT 1').get(name) as { id: number } | undefined;
  return row ? followMerges(db, row.id, 'Catalog.addSightings') : undefined;
}

export interface AddSightingsResult {
  added: Sighting[];
  /** Inputs whose image (and crop) the catalogue already holds: index into the input, and the sighting. */
  skipped: { index: number; existing: Sighting }[];
  encounter: number | null;
  event: number | null;
}

export interface AddSightingsOptions {
  who: string;
  kind: 'import' | 'add';
  /** One encounter for all (default) or one each. */
  encounters?: 'together' | 'separate';
  /** Embeddings of the inputs, row-major (input order), stored with them in the same transaction. */
  embeddings?: { modelFingerprint: string; dim: number; vectors: Float32Array };
}

export function addSightings(db: Db, inputs: readonly NewSighting[], options: AddSightingsOptions): AddSightingsResult {
  const fn = options.kind === 'import' ? 'Catalog.importSightings' : 'Catalog.addSightings';
  inputs.forEach((s, i) => checkNewSighting(fn, s, i));
  const emb = options.embeddings;
  if (emb && (emb.vectors.length !== inputs.length * emb.dim || !emb.vectors.every(Number.isFinite))) {
    throw new ArgumentError(expected(fn, 'embeddings', `${inputs.length}×${emb.dim} finite values`, emb.vectors));
  }
  const insertEncounter = db.prepare('INSERT INTO encounters (id, created) VALUES (?, ?)');
  const insertSighting = db.prepare(`INSERT INTO sightings (id, encounter, image_hash, image_ext, original_name, date, location, photographer,
    crop_x, crop_y, crop_w, crop_h, fields, individual, status, created) VALUES (@id, @encounter, @image_hash, @image_ext, @original_name, @date,
    @location, @photographer, @crop_x, @crop_y, @crop_w, @crop_h, @fields, @individual, @status, @created)`);
  const insertEmbedding = db.prepare('INSERT OR REPLACE INTO embeddings (sighting, model_fingerprint, dim, vector) VALUES (?, ?, ?, ?)');
  const liveByName = db.prepare('SELECT * FROM individuals WHERE name = ? AND merged_into IS NULL');
  return db.transaction((): AddSightingsResult => {
    const added: Sighting[] = [];
    const skipped: AddSightingsResult['skipped'] = [];
    const created: number[] = [];
    let encounter: number | null = null;
    inputs.forEach((s, index) => {
      const existing = sightingByImage(db, s.imageHash, s.crop ?? null);
      if (existing) return skipped.push({ index, existing });
      if (encounter === null || options.encounters === 'separate') {
        encounter = nextId(db, 'encounters');
        insertEncounter.run(encounter, now());
      }
      let individual: number | null = null;
      if (s.individualName !== undefined) {
        const name = s.individualName.trim();
        // A name that was merged away means the individual it went into: no duplicate by import.
        const live = (liveByName.get(name) as IndividualRow | undefined) ?? mergedByName(db, name);
        individual = live?.id ?? nextId(db, 'individuals');
        if (!live) {
          db.prepare('INSERT INTO individuals (id, name, notes, created) VALUES (?, ?, ?, ?)').run(individual, name, '', now());
          created.push(individual);
        }
      }
      const id = nextId(db, 'sightings');
      insertSighting.run({
        id, encounter, image_hash: s.imageHash, image_ext: s.imageExt, original_name: s.originalName, date: s.date ?? null,
        location: s.location?.trim() || null, photographer: s.photographer?.trim() || null,
        crop_x: s.crop?.x ?? null, crop_y: s.crop?.y ?? null, crop_w: s.crop?.w ?? null, crop_h: s.crop?.h ?? null,
        fields: JSON.stringify(s.fields ?? {}), individual, status: individual === null ? 'queued' : 'confirmed', created: now(),
      });
      if (emb) insertEmbedding.run(id, emb.modelFingerprint, emb.dim, Buffer.from(emb.vectors.slice(index * emb.dim, (index + 1) * emb.dim).buffer));
      added.push(sightingFromRow(db.prepare('SELECT * FROM sightings WHERE id = ?').get(id) as SightingRow));
    });
    if (added.length === 0) return { added, skipped, encounter: null, event: null };
    const event = appendEvent(db, { who: options.who, kind: options.kind, payload: { sightings: added.map((s) => s.id), createdIndividuals: created, skipped: skipped.length } });
    return { added, skipped, encounter, event };
  }).immediate();
}

export function putEmbeddings(db: Db, set: { modelFingerprint: string; dim: number; sightings: readonly number[]; vectors: Float32Array }): void {
  if (set.vectors.length !== set.sightings.length * set.dim || !set.vectors.every(Number.isFinite)) {
    throw new ArgumentError(expected('Catalog.putEmbeddings', 'vectors', `${set.sightings.length}×${set.dim} finite values`, set.vectors));
  }
  const insert = db.prepare('INSERT OR REPLACE INTO embeddings (sighting, model_fingerprint, dim, vector) VALUES (?, ?, ?, ?)');
  db.transaction(() => set.sightings.forEach((id, i) => insert.run(id, set.modelFingerprint, set.dim, Buffer.from(set.vectors.slice(i * set.dim, (i + 1) * set.dim).buffer)))).immediate();
}

export interface MatchingInput {
  sighting: number;
  modelFingerprint: string;
  verdict: 'known' | 'new' | 'uncalibrated';
  candidates: readonly NewCandidate[];
}

/** Replaces the candidates of each listed sighting (one transaction, one 'match' event). */
export function setMatchings(db: Db, matchings: readonly MatchingInput[], who: string): void {
  const fn = 'Catalog.setMatchings';
  for (const m of matchings) {
    sightingById(db, m.sighting, fn);
    if (!['known', 'new', 'uncalibrated'].includes(m.verdict)) throw new ArgumentError(expected(fn, 'verdict', 'known, new or uncalibrated', m.verdict));
    m.candidates.forEach((c, i) => checkCandidate(fn, c, i));
  }
  db.transaction(() => {
    for (const m of matchings) {
      db.prepare('DELETE FROM matchings WHERE sighting = ?').run(m.sighting);
      db.prepare('INSERT INTO matchings (sighting, model_fingerprint, verdict, computed) VALUES (?, ?, ?, ?)').run(m.sighting, m.modelFingerprint, m.verdict, now());
      for (const c of m.candidates) {
        db.prepare('INSERT INTO candidates (sighting, individual, rank, probability) VALUES (?, ?, ?, ?)').run(m.sighting, c.individual, c.rank, c.probability ?? null);
        for (const [name, value] of Object.entries(c.scores)) db.prepare('INSERT INTO candidate_scores (sighting, individual, name, value) VALUES (?, ?, ?, ?)').run(m.sighting, c.individual, name, value);
      }
    }
    if (matchings.length) appendEvent(db, { who, kind: 'match', payload: { sightings: matchings.map((m) => m.sighting) } });
  }).immediate();
}

/** Adds or replaces named scores on an existing candidate (e.g. `localInliers` from the photo matcher). */
export function setCandidateScores(db: Db, sighting: number, individual: number, scores: Record<string, number>): void {
  const fn = 'Catalog.setCandidateScores';
  for (const [name, value] of Object.entries(scores)) checkScore(fn, `scores.${name}`, value);
  db.transaction(() => {
    if (!db.prepare('SELECT 1 FROM candidates WHERE sighting = ? AND individual = ?').get(sighting, individual)) {
      throw new ArgumentError(`${fn}: expected a stored candidate for sighting ${sighting} and individual ${individual} but there is none`);
    }
    for (const [name, value] of Object.entries(scores)) {
      db.prepare('INSERT OR REPLACE INTO candidate_scores (sighting, individual, name, value) VALUES (?, ?, ?, ?)').run(sighting, individual, name, value);
    }
  }).immediate();
}

export interface DecisionResult {
  decisions: Decision[];
  /** The individual assigned (the new one for 'new'); null for 'unsure'. */
  individual: Individual | null;
  event: number;
}

export function decide(db: Db, input: DecisionInput): DecisionResult {
  const fn = 'Catalog.decide';
  if (!['same', 'new', 'unsure'].includes(input.decision)) throw new ArgumentError(expected(fn, 'decision', '"same", "new" or "unsure"', input.decision));
  if (input.decision === 'same' && input.individual === undefined) throw new ArgumentError(`${fn}: expected an individual for decision "same" but received none`);
  if (input.decision !== 'same' && input.individual !== undefined) throw new ArgumentError(expected(fn, 'individual', `no individual with decision "${input.decision}"`, input.individual));
  if (input.name !== undefined && input.decision !== 'new') throw new ArgumentError(expected(fn, 'name', 'a name only with decision "new"', input.name));
  const who = input.who ?? 'reid';
  return db.transaction((): DecisionResult => {
    const first = sightingById(db, input.sighting, fn);
    if (first.status === 'confirmed') {
      throw new ArgumentError(`${fn}: expected a sighting waiting for review but sighting ${first.id} is already confirmed as individual ${first.individual}. Hint: undo, or split it off.`);
    }
    const targets = input.wholeEncounter
      ? (db.prepare("SELECT * FROM sightings WHERE encounter = ? AND status IN ('queued', 'unsure') ORDER BY id").all(first.encounter) as SightingRow[]).map(sightingFromRow)
      : [first];
    const rec = new ChangeRecorder(db);
    const eventId = nextId(db, 'events');
    const individual = input.decision === 'same' ? resolveIndividual(db, input.individual!, fn)
      : input.decision === 'new' ? createIndividual(db, rec, input.name, fn) : null;
    const at = now();
    for (const s of targets) {
      rec.update('sightings', s.id, individual ? { individual: individual.id, status: 'confirmed' } : { status: 'unsure' });
      rec.insert('decisions', { id: nextId(db, 'decisions'), sighting: s.id, decision: input.decision, individual: individual?.id ?? null, who, at, event: eventId });
    }
    appendEvent(db, { id: eventId, who, kind: 'decision', changes: rec.changes, payload: { decision: input.decision, sightings: targets.map((s) => s.id), individual: individual?.id ?? null } });
    const decisions = rec.changes.filter((c) => c.table === 'decisions').map((c) => c.after!);
    return {
      decisions: decisions.map((d) => ({ id: d.id as number, sighting: d.sighting as number, decision: d.decision as Decision['decision'], individual: d.individual as number | null, who, at, event: eventId })),
      individual: individual ? individualById(db, individual.id, fn) : null,
      event: eventId,
    };
  }).immediate();
}

export function merge(db: Db, into: number | string, from: number | string, who: string): { into: Individual; from: Individual; moved: number; event: number } {
  const fn = 'Catalog.merge';
  return db.transaction(() => {
    const keep = resolveIndividual(db, into, fn);
    const absorb = resolveIndividual(db, from, fn);
    if (keep.id === absorb.id) throw new ArgumentError(`${fn}: expected two different individuals but both name individual ${keep.id} (${keep.name})`);
    const rec = new ChangeRecorder(db);
    const moved = db.prepare('SELECT id FROM sightings WHERE individual = ? ORDER BY id').all(absorb.id) as { id: number }[];
    for (const s of moved) rec.update('sightings', s.id, { individual: keep.id });
    rec.update('individuals', absorb.id, { merged_into: keep.id });
    const event = appendEvent(db, { who, kind: 'merge', changes: rec.changes, payload: { into: keep.id, from: absorb.id, sightings: moved.map((s) => s.id) } });
    return { into: individualById(db, keep.id, fn), from: individualById(db, absorb.id, fn), moved: moved.length, event };
  }).immediate();
}

export function rename(db: Db, ref: number | string, name: string, who: string): { individual: Individual; event: number } {
  const fn = 'Catalog.rename';
  const chosen = checkName(fn, 'name', name);
  return db.transaction(() => {
    const individual = resolveIndividual(db, ref, fn);
    refuseTakenName(db, fn, chosen, individual.id);
    const rec = new ChangeRecorder(db);
    rec.update('individuals', individual.id, { name: chosen });
    const event = appendEvent(db, { who, kind: 'rename', changes: rec.changes, payload: { individual: individual.id, from: individual.name, to: chosen } });
    return { individual: individualById(db, individual.id, fn), event };
  }).immediate();
}

export function setNotes(db: Db, ref: number | string, notes: string, who: string): { individual: Individual; event: number } {
  const fn = 'Catalog.setNotes';
  if (typeof notes !== 'string') throw new ArgumentError(expected(fn, 'notes', 'a string', notes));
  return db.transaction(() => {
    const individual = resolveIndividual(db, ref, fn);
    const rec = new ChangeRecorder(db);
    rec.update('individuals', individual.id, { notes });
    const event = appendEvent(db, { who, kind: 'notes', changes: rec.changes, payload: { individual: individual.id } });
    return { individual: individualById(db, individual.id, fn), event };
  }).immediate();
}

export function split(db: Db, ref: number | string, sightings: readonly number[], options: { name?: string; who: string }): { from: Individual; individual: Individual; event: number } {
  const fn = 'Catalog.split';
  if (sightings.length === 0) throw new ArgumentError(`${fn}: expected at least one sighting to split off but received none`);
  return db.transaction(() => {
    const from = resolveIndividual(db, ref, fn);
    for (const id of sightings) {
      const s = sightingById(db, id, fn);
      if (s.individual !== from.id) throw new ArgumentError(`${fn}: expected sightings of individual ${from.id} (${from.name}) but sighting ${id} is ${s.individual === null ? 'not confirmed' : `of individual ${s.individual}`}`);
    }
    const rec = new ChangeRecorder(db);
    const created = createIndividual(db, rec, options.name, fn);
    for (const id of new Set(sightings)) rec.update('sightings', id, { individual: created.id });
    const event = appendEvent(db, { who: options.who, kind: 'split', changes: rec.changes, payload: { from: from.id, individual: created.id, sightings: [...new Set(sightings)] } });
    return { from, individual: individualById(db, created.id, fn), event };
  }).immediate();
}

/** Takes back the latest undoable event that is not undone yet; null when there is none. */
export function undo(db: Db, who: string): { undone: number; kind: EventKind; event: number } | null {
  return db.transaction(() => {
    const ids = [...undoableEventIds(db)];
    if (ids.length === 0) return null;
    const target = db.prepare('SELECT * FROM events WHERE id = ?').get(Math.max(...ids)) as EventRow;
    const reverted = revertChanges(db, JSON.parse(target.changes) as RowChange[], target.id);
    const event = appendEvent(db, { who, kind: 'undo', undoes: target.id, changes: reverted, payload: { undid: target.id, kind: target.kind } });
    return { undone: target.id, kind: target.kind as EventKind, event };
  }).immediate();
}

