// Read-only queries over the catalogue database (the Catalog class exposes them as methods).
import type Database from 'better-sqlite3';
import { statement } from './statement-cache.ts';
import { ArgumentError, expected } from '../util/errors.ts';
import {
  decisionFromRow, eventFromRow, individualFromRow, matchingFromRow, sightingFromRow,
  type DecisionRow, type EventRow, type IndividualRow, type MatchingRow, type SightingRow,
} from './catalog-rows.ts';
import type {
  CatalogEvent, Crop, Decision, EmbeddingSet, Individual, IndividualSummary, Matching, QueueEntry, Sighting, SightingStatus, StoredCandidate,
} from './catalog-types.ts';

type Db = Database.Database;

export function individualById(db: Db, id: number, fn: string): Individual {
  const row = statement(db, 'SELECT * FROM individuals WHERE id = ?').get(id) as IndividualRow | undefined;
  if (!row) throw new ArgumentError(expected(fn, 'individual', 'the id of an individual in the catalogue', id));
  return individualFromRow(row);
}

/** The live individual an id ends at, following merges. */
export function followMerges(db: Db, id: number, fn: string): Individual {
  let individual = individualById(db, id, fn);
  for (let hops = 0; individual.mergedInto !== null; hops++) {
    if (hops > 10_000) throw new ArgumentError(`${fn}: the merges of individual ${id} form a cycle`);
    individual = individualById(db, individual.mergedInto, fn);
  }
  return individual;
}

/** An individual by id (number or digits) or by the name of a live one; merged ones are followed. */
export function resolveIndividual(db: Db, ref: number | string, fn: string): Individual {
  if (typeof ref === 'number') return followMerges(db, ref, fn);
  if (typeof ref !== 'string' || ref.trim() === '') throw new ArgumentError(expected(fn, 'individual', 'an individual id or name', ref));
  const byName = statement(db, 'SELECT * FROM individuals WHERE name = ? AND merged_into IS NULL').get(ref.trim()) as IndividualRow | undefined;
  if (byName) return individualFromRow(byName);
  if (/^\d+$/.test(ref.trim())) return followMerges(db, Number(ref.trim()), fn);
  const merged = statement(db, 'SELECT * FROM individuals WHERE name = ? ORDER BY id DESC').get(ref.trim()) as IndividualRow | undefined;
  if (merged) return followMerges(db, merged.id, fn);
  throw new ArgumentError(expected(fn, 'individual', 'an individual id or the name of one in the catalogue', ref, 'Hint: reid catalog export lists them.'));
}

export function individualSummaries(db: Db, options: { search?: string; includeMerged?: boolean } = {}): IndividualSummary[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!options.includeMerged) where.push('i.merged_into IS NULL');
  if (options.search !== undefined && options.search.trim() !== '') {
    const like = `%${options.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push("(i.name LIKE ? ESCAPE '\\' OR i.notes LIKE ? ESCAPE '\\')");
    params.push(like, like);
  }
  const rows = statement(db, `
    SELECT i.*, count(s.id) AS sighting_count, min(s.date) AS first_seen, max(s.date) AS last_seen,
      (SELECT t.id FROM sightings t WHERE t.individual = i.id ORDER BY t.date IS NULL, t.date, t.id LIMIT 1) AS thumbnail
    FROM individuals i LEFT JOIN sightings s ON s.individual = i.id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    GROUP BY i.id ORDER BY i.id`).all(...params) as (IndividualRow & { sighting_count: number; first_seen: string | null; last_seen: string | null; thumbnail: number | null })[];
  return rows.map((r) => ({ ...individualFromRow(r), sightingCount: r.sighting_count, firstSeen: r.first_seen, lastSeen: r.last_seen, thumbnailSighting: r.thumbnail }));
}

export function sightingById(db: Db, id: number, fn: string): Sighting {
  const row = Number.isSafeInteger(id) ? statement(db, 'SELECT * FROM sightings WHERE id = ?').get(id) as SightingRow | undefined : undefined;
  if (!row) throw new ArgumentError(expected(fn, 'sighting', 'the id of a sighting in the catalogue', id));
  return sightingFromRow(row);
}

export interface SightingFilter {
  status?: SightingStatus;
  individual?: number;
  encounter?: number;
}

export function listSightings(db: Db, filter: SightingFilter = {}): Sighting[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.status !== undefined) (where.push('status = ?'), params.push(filter.status));
  if (filter.individual !== undefined) (where.push('individual = ?'), params.push(filter.individual));
  if (filter.encounter !== undefined) (where.push('encounter = ?'), params.push(filter.encounter));
  const rows = statement(db, `SELECT * FROM sightings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY date IS NULL, date, id`).all(...params) as SightingRow[];
  return rows.map(sightingFromRow);
}

export function sightingByImage(db: Db, hash: string, crop: Crop | null): Sighting | null {
  const row = statement(db, `SELECT * FROM sightings WHERE image_hash = ? AND coalesce(crop_x, -1) = ? AND coalesce(crop_y, -1) = ?
    AND coalesce(crop_w, -1) = ? AND coalesce(crop_h, -1) = ?`).get(hash, crop?.x ?? -1, crop?.y ?? -1, crop?.w ?? -1, crop?.h ?? -1) as SightingRow | undefined;
  return row ? sightingFromRow(row) : null;
}

export function listDecisions(db: Db, sighting?: number): Decision[] {
  const rows = (sighting === undefined
    ? statement(db, 'SELECT * FROM decisions ORDER BY id').all()
    : statement(db, 'SELECT * FROM decisions WHERE sighting = ? ORDER BY id').all(sighting)) as DecisionRow[];
  return rows.map(decisionFromRow);
}

/**
 * Undoable kinds, not yet undone: the stack `undo` pops from (newest last). Imports and adds
 * count when they recorded their rows (those written before they could be undone list none).
 */
export function undoableEventIds(db: Db): Set<number> {
  const rows = statement(db, `SELECT id FROM events WHERE (kind IN ('decision', 'merge', 'rename', 'split', 'notes')
    OR (kind IN ('import', 'add') AND changes <> '[]')) AND id NOT IN (SELECT undoes FROM events WHERE undoes IS NOT NULL)`).all() as { id: number }[];
  return new Set(rows.map((r) => r.id));
}

export function listEvents(db: Db, options: { limit?: number } = {}): CatalogEvent[] {
  const limit = options.limit ?? 100;
  const rows = statement(db, 'SELECT * FROM events ORDER BY id DESC LIMIT ?').all(limit) as EventRow[];
  const undoable = undoableEventIds(db);
  return rows.map((r) => eventFromRow(r, undoable.has(r.id)));
}

export function matchingOf(db: Db, sighting: number): Matching | null {
  const row = statement(db, 'SELECT * FROM matchings WHERE sighting = ?').get(sighting) as MatchingRow | undefined;
  return row ? matchingFromRow(row) : null;
}

/** Candidates of each listed sighting by rank, each on its live individual, one entry per live individual (its best rank). */
function candidatesOfMany(db: Db, sightings: readonly number[]): Map<number, StoredCandidate[]> {
  const rows = statement(db, `SELECT c.sighting, c.individual, c.rank, c.probability, i.merged_into,
      (SELECT json_group_object(cs.name, cs.value) FROM candidate_scores cs WHERE cs.sighting = c.sighting AND cs.individual = c.individual) AS scores
    FROM candidates c JOIN individuals i ON i.id = c.individual
    WHERE c.sighting IN (SELECT value FROM json_each(?)) ORDER BY c.sighting, c.rank`).all(JSON.stringify(sightings)) as
    { sighting: number; individual: number; rank: number; probability: number | null; merged_into: number | null; scores: string | null }[];
  const live = new Map<number, number>();
  const liveOf = (id: number, mergedInto: number | null): number => {
    if (mergedInto === null) return id;
    let found = live.get(id);
    if (found === undefined) live.set(id, (found = followMerges(db, id, 'Catalog.candidates').id));
    return found;
  };
  const out = new Map<number, StoredCandidate[]>(sightings.map((id) => [id, []]));
  for (const r of rows) {
    const list = out.get(r.sighting)!;
    const individual = liveOf(r.individual, r.merged_into);
    if (list.some((c) => c.individual === individual)) continue;
    const scores = r.scores === null ? {} : JSON.parse(r.scores) as Record<string, number>;
    list.push({ sighting: r.sighting, individual, computedIndividual: r.individual, rank: list.length + 1, probability: r.probability, scores });
  }
  return out;
}

export function candidatesOf(db: Db, sighting: number): StoredCandidate[] {
  return candidatesOfMany(db, [sighting]).get(sighting)!;
}

/** Waiting sightings (queued first, then unsure), by encounter, with their candidates. */
export function queueEntries(db: Db, options: { limit?: number } = {}): QueueEntry[] {
  const rows = statement(db, `SELECT * FROM sightings WHERE status IN ('queued', 'unsure')
    ORDER BY status = 'unsure', encounter, id LIMIT ?`).all(options.limit ?? -1) as SightingRow[];
  const ids = rows.map((r) => r.id);
  const candidates = candidatesOfMany(db, ids);
  const matchings = new Map((statement(db, 'SELECT * FROM matchings WHERE sighting IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as MatchingRow[])
    .map((m) => [m.sighting, matchingFromRow(m)]));
  const waiting = new Map<number, number[]>();
  const encounters = [...new Set(rows.map((r) => r.encounter))];
  for (const w of statement(db, `SELECT id, encounter FROM sightings WHERE status IN ('queued', 'unsure')
    AND encounter IN (SELECT value FROM json_each(?)) ORDER BY id`).all(JSON.stringify(encounters)) as { id: number; encounter: number }[]) {
    if (!waiting.has(w.encounter)) waiting.set(w.encounter, []);
    waiting.get(w.encounter)!.push(w.id);
  }
  return rows.map((row) => ({
    sighting: sightingFromRow(row),
    matching: matchings.get(row.id) ?? null,
    candidates: candidates.get(row.id)!,
    encounterWaiting: (waiting.get(row.encounter) ?? []).filter((id) => id !== row.id),
  }));
}

/** How many sightings wait for review (queued or unsure). */
export function queueSize(db: Db): number {
  return (statement(db, "SELECT count(*) AS n FROM sightings WHERE status IN ('queued', 'unsure')").get() as { n: number }).n;
}

/** Embeddings stored for `modelFingerprint` (of the listed sightings, or of every confirmed one). */
export function embeddingSet(db: Db, modelFingerprint: string, dim: number, sightings?: readonly number[]): EmbeddingSet & { individuals: (number | null)[] } {
  const rows = (sightings === undefined
    ? statement(db, `SELECT e.sighting, e.vector, s.individual FROM embeddings e JOIN sightings s ON s.id = e.sighting
        WHERE e.model_fingerprint = ? AND s.status = 'confirmed' ORDER BY e.sighting`).all(modelFingerprint)
    : sightings.flatMap((id) => statement(db, `SELECT e.sighting, e.vector, s.individual FROM embeddings e JOIN sightings s ON s.id = e.sighting
        WHERE e.model_fingerprint = ? AND e.sighting = ?`).all(modelFingerprint, id))) as { sighting: number; vector: Buffer; individual: number | null }[];
  const vectors = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => vectors.set(new Float32Array(r.vector.buffer.slice(r.vector.byteOffset, r.vector.byteOffset + r.vector.byteLength)), i * dim));
  return { modelFingerprint, dim, sightings: rows.map((r) => r.sighting), individuals: rows.map((r) => r.individual), vectors };
}
