// Undo: takes back the newest change not undone yet, or with `event` one import or add out of
// order, in one BEGIN IMMEDIATE transaction that appends one 'undo' event per event taken back.
// An import's batches (one `run`) come back together: the newest ones that sit together on top of
// the log with a plain undo, all of them with `event`.
import type Database from 'better-sqlite3';
import { statement } from './statement-cache.ts';
import { ArgumentError, expected } from '../util/errors.ts';
import { undoableEventIds } from './catalog-reads.ts';
import type { EventRow } from './catalog-rows.ts';
import { appendEvent } from './catalog-events.ts';
import { batchImages, batchPayload, isBatch, revertBatches } from './catalog-batch-undo.ts';
import type { CatalogEvent, EventKind, RowChange, UndoOptions, UndoResult } from './catalog-types.ts';
import { revertChanges } from './row-changes.ts';

type Db = Database.Database;
const fn = 'Catalog.undo';

const eventRow = (db: Db, id: number): EventRow | undefined => statement(db, 'SELECT * FROM events WHERE id = ?').get(id) as EventRow | undefined;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** An event as `describeEvents` reads it: a stored row or a `CatalogEvent` (payload parsed). */
type Described = { id: number; kind: string; payload: Record<string, unknown> };
const described = (e: EventRow): Described => ({ id: e.id, kind: e.kind, payload: JSON.parse(e.payload) as Record<string, unknown> });

/** For people: what the events did (several only for one import run): "import of 120 sightings (event 17)". */
export function describeEvents(events: readonly Described[]): string {
  const top = events[0]!;
  const p = top.payload;
  const ids = events.map((e) => e.id).sort((a, b) => a - b);
  const at = ids.length === 1 ? `(event ${ids[0]})` : `(events ${ids.join(', ')})`;
  const list = (xs: unknown): string => {
    const all = Array.isArray(xs) ? xs as number[] : [];
    return all.length > 5 ? `${all.slice(0, 5).join(', ')} and ${all.length - 5} more` : all.join(', ');
  };
  const count = (e: Described): number => (Array.isArray(e.payload.sightings) ? e.payload.sightings.length : 0);
  switch (top.kind) {
    case 'import':
    case 'add':
    case 'match':
      return `${top.kind} of ${plural(events.reduce((n, e) => n + count(e), 0), 'sighting')} ${at}`;
    case 'decision':
      return `decision "${String(p.decision)}" on sighting${count(top) === 1 ? '' : 's'} ${list(p.sightings)} ${at}`;
    case 'merge':
      return `merge of individual ${String(p.from)} into ${String(p.into)} ${at}`;
    case 'rename':
      return `rename of individual ${String(p.individual)} from ${String(p.from)} to ${String(p.to)} ${at}`;
    case 'split':
      return `split of sightings ${list(p.sightings)} from individual ${String(p.from)} into ${String(p.individual)} ${at}`;
    case 'notes':
      return `notes of individual ${String(p.individual)} ${at}`;
    case 'undo':
      return `undo of ${String(p.kind)} event ${String(p.undid)} ${at}`;
    default:
      return `${top.kind} ${at}`;
  }
}

/** One event of `Catalog.events()` in words, for listings. */
export function describeEvent(event: CatalogEvent): string {
  return describeEvents([event]);
}

/** The newest undoable event, with the rest of its import run when those sit right below it. */
function newest(db: Db, open: readonly number[], batches: boolean): EventRow[] | null {
  if (open.length === 0) return null;
  const top = eventRow(db, open[0]!)!;
  if (!isBatch(top)) return [top];
  if (!batches) return null; // the review's undo: nothing of the reviewer's is on top
  const run = batchPayload(top).run;
  const targets = [top];
  for (const id of open.slice(1)) {
    const e = eventRow(db, id)!;
    if (run === undefined || !isBatch(e) || batchPayload(e).run !== run) break;
    targets.push(e);
  }
  return targets;
}

/** The import or add `id` asked for, with every batch of its run not undone yet. */
function chosen(db: Db, open: readonly number[], id: number): EventRow[] {
  const target = eventRow(db, id);
  if (!target) throw new ArgumentError(expected(fn, 'event', 'the id of an event in the catalogue', id, 'Hint: reid catalog undo DIR --list shows the latest ones.'));
  const undoneBy = statement(db, 'SELECT id FROM events WHERE undoes = ?').get(id) as { id: number } | undefined;
  if (undoneBy) throw new ArgumentError(`${fn}: expected an event not undone yet for event but event ${id} (${target.kind}) was undone by event ${undoneBy.id}`);
  if (!isBatch(target)) {
    if (open[0] === id) return [target];
    throw new ArgumentError(`${fn}: expected an import or add for event but event ${id} is a ${target.kind}, not the newest change. Hint: the reviewer's changes come back newest first (reid catalog undo DIR, without --event).`);
  }
  if (!open.includes(id)) {
    throw new ArgumentError(`${fn}: expected an import or add that recorded its rows for event but event ${id} was written by a reid from before imports could be undone. Hint: remove its sightings by hand, or keep them.`);
  }
  const run = batchPayload(target).run;
  if (run === undefined) return [target];
  return open.map((e) => eventRow(db, e)!).filter((e) => isBatch(e) && batchPayload(e).run === run);
}

/** Takes back the chosen events; null when nothing is left to undo. `images`: the files the batches' sightings named ("<hash>.<ext>"), to remove once unnamed. */
export function undo(db: Db, who: string, options: UndoOptions): { result: Omit<UndoResult, 'imagesRemoved'>; images: string[] } | null {
  if (options.event !== undefined && (!Number.isSafeInteger(options.event) || options.event < 1)) throw new ArgumentError(expected(fn, 'event', 'a positive integer event id', options.event));
  return db.transaction(() => {
    const open = [...undoableEventIds(db)].sort((a, b) => b - a);
    const targets = options.event === undefined ? newest(db, open, options.batches ?? true) : chosen(db, open, options.event);
    if (targets === null) return null;
    const description = describeEvents(targets.map(described));
    const top = targets[0]!;
    const reverted = isBatch(top) ? revertBatches(db, targets, description)
      : new Map([[top.id, revertChanges(db, JSON.parse(top.changes) as RowChange[], top.id)]]);
    let event = 0;
    for (const t of targets) event = appendEvent(db, { who, kind: 'undo', undoes: t.id, changes: reverted.get(t.id)!, payload: { undid: t.id, kind: t.kind } });
    const batches = targets.filter(isBatch);
    return {
      result: {
        undone: top.id, kind: top.kind as EventKind, event, events: targets.map((t) => t.id),
        sightings: batches.reduce((n, t) => n + (batchPayload(t).sightings?.length ?? 0), 0), description,
      },
      images: batchImages(batches),
    };
  }).immediate();
}
