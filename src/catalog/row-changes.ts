// Row-level change recording for the event log, and its inverse for undo. Every change to
// individuals, encounters, sightings and decisions goes through a ChangeRecorder, which keeps each row's
// image before and after; undo checks that the rows are still as the event left them and puts the
// before-images back, so it restores exactly the state before the event.
import type Database from 'better-sqlite3';
import { statement } from './statement-cache.ts';
import { ArgumentError } from '../util/errors.ts';
import type { RowChange } from './catalog-types.ts';

type Table = RowChange['table'];
type Row = Record<string, unknown>;

const columns: Record<Table, readonly string[]> = {
  individuals: ['id', 'name', 'notes', 'created', 'merged_into'],
  encounters: ['id', 'created'],
  sightings: ['id', 'encounter', 'image_hash', 'image_ext', 'original_name', 'date', 'location', 'photographer', 'crop_x', 'crop_y', 'crop_w', 'crop_h', 'fields', 'individual', 'status', 'created'],
  decisions: ['id', 'sighting', 'decision', 'individual', 'who', 'at', 'event'],
};

export function readRow(db: Database.Database, table: Table, id: number): Row | null {
  return (statement(db, `SELECT ${columns[table].join(', ')} FROM ${table} WHERE id = ?`).get(id) as Row | undefined) ?? null;
}

export function writeRow(db: Database.Database, table: Table, id: number, row: Row | null): void {
  const exists = readRow(db, table, id) !== null;
  if (row === null) {
    if (exists) statement(db, `DELETE FROM ${table} WHERE id = ?`).run(id);
    return;
  }
  const names = columns[table];
  if (exists) {
    statement(db, `UPDATE ${table} SET ${names.filter((n) => n !== 'id').map((n) => `${n} = @${n}`).join(', ')} WHERE id = @id`).run(row);
  } else {
    statement(db, `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(row);
  }
}

export const sameRow = (a: Row | null, b: Row | null): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Collects the changes one event makes; `insert`/`update`/`remove` apply them at once. */
export class ChangeRecorder {
  readonly changes: RowChange[] = [];
  constructor(private readonly db: Database.Database) {}

  /** Inserts a row (with its id) and records it. */
  insert(table: Table, row: Row): void {
    const full = Object.fromEntries(columns[table].map((n) => [n, row[n] ?? null]));
    writeRow(this.db, table, full.id as number, full);
    this.changes.push({ table, id: full.id as number, before: null, after: readRow(this.db, table, full.id as number) });
  }

  /** Updates some columns of one row and records before and after. */
  update(table: Table, id: number, values: Row): void {
    const before = readRow(this.db, table, id);
    if (before === null) throw new ArgumentError(`ChangeRecorder.update: expected an existing row for ${table} id but received ${id}`);
    writeRow(this.db, table, id, { ...before, ...values });
    this.changes.push({ table, id, before, after: readRow(this.db, table, id) });
  }
}

/** The changes that take `changes` back, applied; refuses (throws) when a row was changed since. */
export function revertChanges(db: Database.Database, changes: readonly RowChange[], eventId: number): RowChange[] {
  const reverted: RowChange[] = [];
  for (const change of [...changes].reverse()) {
    const now = readRow(db, change.table, change.id);
    if (!sameRow(now, change.after)) {
      throw new ArgumentError(`Catalog.undo: cannot undo event ${eventId}: ${change.table} row ${change.id} was changed after it. Hint: undo the later changes first.`);
    }
    writeRow(db, change.table, change.id, change.before);
    reverted.push({ table: change.table, id: change.id, before: now, after: change.before });
  }
  return reverted;
}
