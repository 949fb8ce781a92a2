// The event log's writer, shared by every change: ids, times, and the append itself (inside the
// change's transaction, so the event and the change commit together or not at all).
import type Database from 'better-sqlite3';
import { statement } from './statement-cache.ts';
import type { EventKind, RowChange } from './catalog-types.ts';

type Db = Database.Database;

export const now = (): string => new Date().toISOString();
export const nextId = (db: Db, table: string): number => (statement(db, `SELECT coalesce(max(id), 0) + 1 AS n FROM ${table}`).get() as { n: number }).n;

/** Crash tests only: called inside each change's transaction, after its event row is written and before COMMIT. */
export const beforeCommitHooks = new WeakMap<Db, (kind: EventKind) => void>();

export function appendEvent(db: Db, e: { id?: number; who: string; kind: EventKind; payload: Record<string, unknown>; changes?: RowChange[]; undoes?: number }): number {
  const id = e.id ?? nextId(db, 'events');
  statement(db, 'INSERT INTO events (id, at, who, kind, undoes, payload, changes) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(id, now(), e.who, e.kind, e.undoes ?? null, JSON.stringify(e.payload), JSON.stringify(e.changes ?? []));
  beforeCommitHooks.get(db)?.(e.kind);
  return id;
}

