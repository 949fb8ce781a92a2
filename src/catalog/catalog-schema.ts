// The catalogue's SQL schema and its migrations. PRAGMA user_version holds the schema version;
// `migrate` brings an older file up to date inside one transaction, and refuses a newer one.
import type Database from 'better-sqlite3';
import { DataError } from '../util/errors.ts';

/** Largest finite double: `abs(x) <= maxFinite` is false for ±Infinity (NaN is stored as NULL by SQLite). */
const finite = (column: string): string => `(${column} IS NULL OR abs(${column}) <= 1.7976931348623157e308)`;
const isoDate = (column: string): string =>
  `(${column} IS NULL OR ${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]*')`;

const version1 = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE individuals (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(trim(name)) > 0 AND length(name) <= 200),
  notes TEXT NOT NULL DEFAULT '',
  created TEXT NOT NULL,
  merged_into INTEGER REFERENCES individuals(id),
  CHECK (merged_into IS NULL OR merged_into <> id)
) STRICT;
CREATE UNIQUE INDEX individuals_live_name ON individuals(name) WHERE merged_into IS NULL;

CREATE TABLE encounters (
  id INTEGER PRIMARY KEY,
  created TEXT NOT NULL
) STRICT;

CREATE TABLE sightings (
  id INTEGER PRIMARY KEY,
  encounter INTEGER NOT NULL REFERENCES encounters(id),
  image_hash TEXT NOT NULL CHECK (length(image_hash) = 64 AND image_hash NOT GLOB '*[^0-9a-f]*'),
  image_ext TEXT NOT NULL CHECK (image_ext IN ('png', 'jpg', 'jpeg', 'webp')),
  original_name TEXT NOT NULL,
  date TEXT CHECK ${isoDate('date')},
  location TEXT,
  photographer TEXT,
  crop_x INTEGER CHECK (crop_x IS NULL OR crop_x >= 0),
  crop_y INTEGER CHECK (crop_y IS NULL OR crop_y >= 0),
  crop_w INTEGER CHECK (crop_w IS NULL OR crop_w > 0),
  crop_h INTEGER CHECK (crop_h IS NULL OR crop_h > 0),
  fields TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(fields) AND json_type(fields) = 'object'),
  individual INTEGER REFERENCES individuals(id),
  status TEXT NOT NULL CHECK (status IN ('queued', 'unsure', 'confirmed')),
  created TEXT NOT NULL,
  CHECK ((crop_x IS NULL) = (crop_y IS NULL) AND (crop_x IS NULL) = (crop_w IS NULL) AND (crop_x IS NULL) = (crop_h IS NULL)),
  CHECK ((status = 'confirmed') = (individual IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX sightings_image ON sightings(image_hash, coalesce(crop_x, -1), coalesce(crop_y, -1), coalesce(crop_w, -1), coalesce(crop_h, -1));
CREATE INDEX sightings_individual ON sightings(individual);
CREATE INDEX sightings_status ON sightings(status);

CREATE TABLE matchings (
  sighting INTEGER PRIMARY KEY REFERENCES sightings(id),
  model_fingerprint TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('known', 'new', 'uncalibrated')),
  computed TEXT NOT NULL
) STRICT;

CREATE TABLE candidates (
  sighting INTEGER NOT NULL REFERENCES matchings(sighting) ON DELETE CASCADE,
  individual INTEGER NOT NULL REFERENCES individuals(id) ON DELETE CASCADE,
  rank INTEGER NOT NULL CHECK (rank >= 1),
  probability REAL CHECK (probability IS NULL OR (probability >= 0 AND probability <= 1)),
  PRIMARY KEY (sighting, individual),
  UNIQUE (sighting, rank)
) STRICT;

CREATE TABLE candidate_scores (
  sighting INTEGER NOT NULL,
  individual INTEGER NOT NULL,
  name TEXT NOT NULL CHECK (length(name) > 0),
  value REAL NOT NULL CHECK ${finite('value')},
  PRIMARY KEY (sighting, individual, name),
  FOREIGN KEY (sighting, individual) REFERENCES candidates(sighting, individual) ON DELETE CASCADE
) STRICT;

CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  sighting INTEGER NOT NULL REFERENCES sightings(id),
  decision TEXT NOT NULL CHECK (decision IN ('same', 'new', 'unsure')),
  individual INTEGER REFERENCES individuals(id),
  who TEXT NOT NULL,
  at TEXT NOT NULL,
  event INTEGER NOT NULL REFERENCES events(id) DEFERRABLE INITIALLY DEFERRED,
  CHECK ((decision = 'unsure') = (individual IS NULL))
) STRICT;
CREATE INDEX decisions_sighting ON decisions(sighting);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  who TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('init', 'import', 'add', 'match', 'decision', 'merge', 'rename', 'split', 'notes', 'undo')),
  undoes INTEGER UNIQUE REFERENCES events(id),
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  changes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(changes)),
  CHECK ((kind = 'undo') = (undoes IS NOT NULL))
) STRICT;
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TABLE embeddings (
  sighting INTEGER NOT NULL REFERENCES sightings(id),
  model_fingerprint TEXT NOT NULL,
  dim INTEGER NOT NULL CHECK (dim > 0),
  vector BLOB NOT NULL CHECK (length(vector) = 4 * dim),
  PRIMARY KEY (sighting, model_fingerprint)
) STRICT;

CREATE TABLE keypoints (
  sighting INTEGER NOT NULL REFERENCES sightings(id),
  extractor_fingerprint TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count >= 0),
  data BLOB NOT NULL,
  PRIMARY KEY (sighting, extractor_fingerprint)
) STRICT;
`;

/** Each entry takes the schema from version i to i + 1. */
const migrations: readonly string[] = [version1];

export const schemaVersion = migrations.length;

/**
 * Indexes on the columns that refer to encounters and individuals. SQLite's foreign-key check scans
 * a referring table once per deleted row without one: undoing an import of 10,000 sightings (one
 * encounter each) took 5.9 s here, 4.5 s of it scanning sightings for each encounter. Indexes change
 * nothing a reader sees, so they are added to any version-1 file on open, without a new version.
 */
const indexes: Record<string, string> = {
  sightings_encounter: 'CREATE INDEX IF NOT EXISTS sightings_encounter ON sightings(encounter)',
  candidates_individual: 'CREATE INDEX IF NOT EXISTS candidates_individual ON candidates(individual)',
  decisions_individual: 'CREATE INDEX IF NOT EXISTS decisions_individual ON decisions(individual)',
  individuals_merged_into: 'CREATE INDEX IF NOT EXISTS individuals_merged_into ON individuals(merged_into)',
};

/** Brings the database to `schemaVersion` (in one transaction), with its indexes; refuses a file from a newer reid. */
export function migrate(db: Database.Database, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > schemaVersion) {
    throw new DataError(`openCatalog: expected a catalogue schema version of at most ${schemaVersion} in ${file} but received ${current}. Hint: this catalogue was written by a newer reid; upgrade reid.`, { file });
  }
  const present = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]).map((r) => r.name));
  if (current === schemaVersion && Object.keys(indexes).every((name) => present.has(name))) return;
  db.transaction(() => {
    for (let v = current; v < schemaVersion; v++) db.exec(migrations[v]!);
    db.pragma(`user_version = ${schemaVersion}`);
    for (const sql of Object.values(indexes)) db.exec(sql);
  }).immediate();
}

/** The tables that hold the catalogue's state (every table but the event log), in dependency order. */
export const stateTables = ['meta', 'individuals', 'encounters', 'sightings', 'matchings', 'candidates', 'candidate_scores', 'decisions', 'embeddings', 'keypoints'] as const;
