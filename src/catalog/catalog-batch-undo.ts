// Taking back imports and adds ("batches"): the rows a batch created (encounters, individuals,
// sightings, from its recorded after-images) and the rows derived from its sightings (embeddings,
// keypoints, matchings and their candidates; candidates of other sightings on an individual it
// created go with that individual). A batch is taken back only when no change that is not undone
// depends on it; otherwise the refusal names the first change in the way.
import type Database from 'better-sqlite3';
import { statement } from './statement-cache.ts';
import { ArgumentError } from '../util/errors.ts';
import type { EventRow } from './catalog-rows.ts';
import type { RowChange } from './catalog-types.ts';
import { readRow, sameRow, writeRow } from './row-changes.ts';

type Db = Database.Database;

export const batchKinds: readonly string[] = ['import', 'add'];
export const isBatch = (e: EventRow): boolean => batchKinds.includes(e.kind);

interface BatchPayload { sightings?: number[]; run?: string }
export const batchPayload = (e: EventRow): BatchPayload => JSON.parse(e.payload) as BatchPayload;

const singular: Record<RowChange['table'], string> = { individuals: 'individual', encounters: 'encounter', sightings: 'sighting', decisions: 'decision' };

/** The newest change, not undone and not one of `self`, after `since`, that wrote this row; null if none did (a write outside the log). */
function lastWriter(db: Db, table: RowChange['table'], id: number, since: number, self: readonly number[]): { id: number; kind: string } | null {
  return (statement(db, `SELECT e.id, e.kind FROM events e WHERE e.id > ? AND e.kind <> 'undo'
      AND e.id NOT IN (SELECT value FROM json_each(?)) AND e.id NOT IN (SELECT undoes FROM events WHERE undoes IS NOT NULL)
      AND EXISTS (SELECT 1 FROM json_each(e.changes) c WHERE json_extract(c.value, '$.table') = ? AND json_extract(c.value, '$.id') = ?)
    ORDER BY e.id DESC LIMIT 1`).get(since, JSON.stringify(self), table, id) as { id: number; kind: string } | undefined) ?? null;
}

const by = (writer: { id: number; kind: string } | null): string => (writer ? `${writer.kind} event ${writer.id}` : 'a change outside the event log');

/** Why the batch events `targets` cannot be taken back, in words naming the change in the way; null when they can. */
export function batchBlocker(db: Db, targets: readonly EventRow[]): string | null {
  const self = targets.map((t) => t.id);
  const since = Math.min(...self);
  const changes = targets.flatMap((t) => JSON.parse(t.changes) as RowChange[]);
  for (const c of changes) {
    if (!sameRow(readRow(db, c.table, c.id), c.after)) return `${by(lastWriter(db, c.table, c.id, since, self))} changed its ${singular[c.table]} ${c.id}`;
  }
  const ids = (table: RowChange['table']): string => JSON.stringify(changes.filter((c) => c.table === table).map((c) => c.id));
  const sightings = ids('sightings');
  const individuals = ids('individuals');
  const decided = statement(db, 'SELECT id, event, sighting FROM decisions WHERE sighting IN (SELECT value FROM json_each(?)) ORDER BY event DESC LIMIT 1')
    .get(sightings) as { id: number; event: number; sighting: number } | undefined;
  if (decided) return `decision event ${decided.event} decided its sighting ${decided.sighting}`;
  const outside = statement(db, `SELECT s.id, s.individual, i.name FROM sightings s JOIN individuals i ON i.id = s.individual
      WHERE s.individual IN (SELECT value FROM json_each(?)) AND s.id NOT IN (SELECT value FROM json_each(?)) ORDER BY s.id DESC LIMIT 1`)
    .get(individuals, sightings) as { id: number; individual: number; name: string } | undefined;
  if (outside) {
    const writer = lastWriter(db, 'sightings', outside.id, since, self);
    return `${by(writer)} put sighting ${outside.id} on its individual ${outside.individual} (${outside.name})`;
  }
  const assigned = statement(db, 'SELECT event, sighting, individual FROM decisions WHERE individual IN (SELECT value FROM json_each(?)) ORDER BY event DESC LIMIT 1')
    .get(individuals) as { event: number; sighting: number; individual: number } | undefined;
  if (assigned) return `decision event ${assigned.event} assigned sighting ${assigned.sighting} to its individual ${assigned.individual}`;
  const merged = statement(db, 'SELECT id, merged_into FROM individuals WHERE merged_into IN (SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT 1')
    .get(individuals) as { id: number; merged_into: number } | undefined;
  if (merged) return `${by(lastWriter(db, 'individuals', merged.id, since, self))} merged individual ${merged.id} into its individual ${merged.merged_into}`;
  return null;
}

/** Refuses with one line naming the blocker, or removes every row the batches created (newest first); returns each event's row changes. */
export function revertBatches(db: Db, targets: readonly EventRow[], describe: string): Map<number, RowChange[]> {
  const blocker = batchBlocker(db, targets);
  if (blocker !== null) {
    const hint = /^(import|add) event (\d+)/.exec(blocker);
    throw new ArgumentError(`Catalog.undo: cannot undo ${describe}: ${blocker}. Hint: ${hint
      ? `undo ${hint[1]} event ${hint[2]} first (reid catalog undo DIR --event ${hint[2]}).`
      : 'undo the later changes first, newest first (reid catalog undo DIR, repeated), or keep the batch.'}`);
  }
  const sightings = JSON.stringify(targets.flatMap((t) => batchPayload(t).sightings ?? []));
  for (const table of ['embeddings', 'keypoints', 'matchings']) statement(db, `DELETE FROM ${table} WHERE sighting IN (SELECT value FROM json_each(?))`).run(sightings);
  const reverted = new Map<number, RowChange[]>();
  for (const target of [...targets].sort((a, b) => b.id - a.id)) {
    const made: RowChange[] = [];
    for (const change of (JSON.parse(target.changes) as RowChange[]).reverse()) {
      // A batch only inserts, and batchBlocker has just compared every row: delete, without another read.
      if (change.before === null) statement(db, `DELETE FROM ${change.table} WHERE id = ?`).run(change.id);
      else writeRow(db, change.table, change.id, change.before);
      made.push({ table: change.table, id: change.id, before: change.after, after: change.before });
    }
    reverted.set(target.id, made);
  }
  return reverted;
}

/** The image files ("<hash>.<ext>") the batches' sightings named, to remove once no sighting names them. */
export function batchImages(targets: readonly EventRow[]): string[] {
  return targets.flatMap((t) => (JSON.parse(t.changes) as RowChange[]).filter((c) => c.table === 'sightings' && c.after !== null)
    .map((c) => `${String(c.after!.image_hash)}.${String(c.after!.image_ext)}`));
}
