// Opening the catalogue's SQLite file with its settings (busy timeout, WAL, synchronous=FULL,
// foreign keys, migrations), and the translation of SQLite's own refusals into ArgumentErrors.
import Database from 'better-sqlite3';
import { ArgumentError, DataError } from '../util/errors.ts';
import { migrate } from './catalog-schema.ts';

/** A row SQLite's own checks refuse (CHECK, UNIQUE, FOREIGN KEY) becomes an ArgumentError naming the call. */
export function refused<T>(fn: string, change: () => T): T {
  try {
    return change();
  } catch (error) {
    if (error instanceof Database.SqliteError && error.code.startsWith('SQLITE_CONSTRAINT')) {
      throw new ArgumentError(`${fn}: the catalogue refused the change (${error.message}). Hint: check the values against docs/CATALOG.md.`, { cause: error });
    }
    throw error;
  }
}

export function openDatabase(file: string, readonly: boolean): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly, fileMustExist: readonly });
  } catch (error) {
    throw new DataError(`Catalog.open: could not open ${file}: ${(error as Error).message}`, { file, cause: error });
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL'); // a decision acknowledged is a decision on disk, even on power loss
    }
    db.pragma('foreign_keys = ON');
    if (!readonly) migrate(db, file);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof DataError) throw error;
    throw new DataError(`Catalog.open: ${file} is not a readable catalogue: ${(error as Error).message}`, { file, cause: error });
  }
}
