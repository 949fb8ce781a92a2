// The reviewer's changes, each one transaction and one undoable event that records the row
// images it changed: decisions, merges, renames, notes and splits (catalog-undo.ts puts them back).
import type Database from 'better-sqlite3';
import { statement } from './statement-cache.ts';
import { ArgumentError, expected } from '../util/errors.ts';
import { individualById, resolveIndividual, sightingById } from './catalog-reads.ts';
import { sightingFromRow, type SightingRow } from './catalog-rows.ts';
import { appendEvent, nextId, now } from './catalog-events.ts';
import type { Decision, DecisionInput, Individual } from './catalog-types.ts';
import { checkName } from './catalog-validate.ts';
import { ChangeRecorder } from './row-changes.ts';

type Db = Database.Database;

/** "IND-0042" from the id, made unique among live names if someone already took it. */
function automaticName(db: Db, id: number): string {
  const base = `IND-${String(id).padStart(4, '0')}`;
  const taken = statement(db, 'SELECT 1 FROM individuals WHERE name = ? AND merged_into IS NULL');
  let name = base;
  for (let n = 2; taken.get(name); n++) name = `${base}-${n}`;
  return name;
}

function refuseTakenName(db: Db, fn: string, name: string, exceptId?: number): void {
  const row = statement(db, 'SELECT id FROM individuals WHERE name = ? AND merged_into IS NULL').get(name) as { id: number } | undefined;
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
      ? (statement(db, "SELECT * FROM sightings WHERE encounter = ? AND status IN ('queued', 'unsure') ORDER BY id").all(first.encounter) as SightingRow[]).map(sightingFromRow)
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
    const moved = statement(db, 'SELECT id FROM sightings WHERE individual = ? ORDER BY id').all(absorb.id) as { id: number }[];
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
