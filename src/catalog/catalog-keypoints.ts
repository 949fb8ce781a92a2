// A sighting's local features per extractor (opaque bytes for the photo matcher): derived rows,
// replaced on rerun and removed with their sighting when an import or add is undone.
import type Database from 'better-sqlite3';
import { statement } from './statement-cache.ts';
import { ArgumentError, expected } from '../util/errors.ts';
import { sightingById } from './catalog-reads.ts';

type Db = Database.Database;

export function putKeypoints(db: Db, sighting: number, extractorFingerprint: string, count: number, data: Uint8Array): void {
  const fn = 'Catalog.putKeypoints';
  if (!Number.isSafeInteger(count) || count < 0) throw new ArgumentError(expected(fn, 'count', 'a non-negative integer', count));
  if (typeof extractorFingerprint !== 'string' || extractorFingerprint === '') throw new ArgumentError(expected(fn, 'extractorFingerprint', 'a non-empty string', extractorFingerprint));
  sightingById(db, sighting, fn);
  statement(db, 'INSERT OR REPLACE INTO keypoints (sighting, extractor_fingerprint, count, data) VALUES (?, ?, ?, ?)')
    .run(sighting, extractorFingerprint, count, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

export function keypointsOf(db: Db, sighting: number, extractorFingerprint: string): { count: number; data: Uint8Array } | null {
  const row = statement(db, 'SELECT count, data FROM keypoints WHERE sighting = ? AND extractor_fingerprint = ?').get(sighting, extractorFingerprint) as { count: number; data: Buffer } | undefined;
  return row ? { count: row.count, data: new Uint8Array(row.data) } : null;
}
