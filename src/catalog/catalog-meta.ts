// The catalogue's settings (table meta): written once with the 'init' event when a catalogue is
// made, read on every open.
import type Database from 'better-sqlite3';
import { DataError } from '../util/errors.ts';
import { now } from './catalog-events.ts';
import { schemaVersion } from './catalog-schema.ts';
import type { CatalogInfo } from './catalog-types.ts';

export function writeMeta(db: Database.Database, model: { dir: string; fingerprint: string; dim: number }, who: string): void {
  db.transaction(() => {
    const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    put.run('created', now());
    put.run('modelDir', model.dir);
    put.run('modelFingerprint', model.fingerprint);
    put.run('dim', String(model.dim));
    db.prepare("INSERT INTO events (id, at, who, kind, payload) VALUES (1, ?, ?, 'init', ?)").run(now(), who, JSON.stringify({ model }));
  }).immediate();
}

export function readInfo(db: Database.Database, file: string): CatalogInfo {
  const meta = new Map((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
  const need = (key: string): string => {
    const v = meta.get(key);
    if (v === undefined) throw new DataError(`Catalog.open: expected "${key}" in the meta table of ${file} but it is missing`, { file });
    return v;
  };
  return { schemaVersion, created: need('created'), modelDir: need('modelDir'), modelFingerprint: need('modelFingerprint'), dim: Number(need('dim')) };
}
