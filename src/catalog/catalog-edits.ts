// The catalogue's additions, each one transaction and one event: sightings (imports and adds,
// with their embeddings), embeddings, matchings and candidate scores. An import or add records
// the rows it created, so undo can take the batch back (catalog-batch-undo.ts); matchings,
// embeddings and scores are derived rows, replaced on rerun and removed with their sightings.
import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { statement } from './statement-cache.ts';
import { ArgumentError, DataError, expected } from '../util/errors.ts';
import { imagePath } from './image-store.ts';
import { ChangeRecorder } from './row-changes.ts';
import { followMerges, sightingById, sightingByImage } from './catalog-reads.ts';
import { sightingFromRow, type IndividualRow, type SightingRow } from './catalog-rows.ts';
import { appendEvent, nextId, now } from './catalog-events.ts';
import type { Individual, NewCandidate, NewSighting, Sighting } from './catalog-types.ts';
import { checkCandidate, checkNewSighting, checkScore } from './catalog-validate.ts';

type Db = Database.Database;

function mergedByName(db: Db, name: string): Individual | undefined {
  const row = statement(db, 'SELECT id FROM individuals WHERE name = ? ORDER BY id DESC LIMIT 1').get(name) as { id: number } | undefined;
  return row ? followMerges(db, row.id, 'Catalog.addSightings') : undefined;
}

export interface AddSightingsResult {
  added: Sighting[];
  /** Inputs whose image (and crop) the catalogue already holds: index into the input, and the sighting. */
  skipped: { index: number; existing: Sighting }[];
  encounter: number | null;
  event: number | null;
}

export interface AddSightingsOptions {
  who: string;
  kind: 'import' | 'add';
  /** One encounter for all (default) or one each. */
  encounters?: 'together' | 'separate';
  /** Embeddings of the inputs, row-major (input order), stored with them in the same transaction. */
  embeddings?: { modelFingerprint: string; dim: number; vectors: Float32Array };
  /** Ties the batches of one import together: undo takes back a run's batches as one (catalogImport sets it). */
  run?: string;
  /** Refuse a sighting whose image file is not in DIR/images, checked inside the transaction (catalogAdd sets it). */
  requireImageFiles?: boolean;
}

/** `imageDir`: the catalogue directory, for `requireImageFiles`. */
export function addSightings(db: Db, inputs: readonly NewSighting[], options: AddSightingsOptions, imageDir?: string): AddSightingsResult {
  const fn = options.kind === 'import' ? 'Catalog.importSightings' : 'Catalog.addSightings';
  inputs.forEach((s, i) => checkNewSighting(fn, s, i));
  const emb = options.embeddings;
  if (emb && (emb.vectors.length !== inputs.length * emb.dim || !emb.vectors.every(Number.isFinite))) {
    throw new ArgumentError(expected(fn, 'embeddings', `${inputs.length}×${emb.dim} finite values`, emb.vectors));
  }
  const insertEmbedding = statement(db, 'INSERT OR REPLACE INTO embeddings (sighting, model_fingerprint, dim, vector) VALUES (?, ?, ?, ?)');
  const liveByName = statement(db, 'SELECT * FROM individuals WHERE name = ? AND merged_into IS NULL');
  return db.transaction((): AddSightingsResult => {
    const added: Sighting[] = [];
    const skipped: AddSightingsResult['skipped'] = [];
    const created: number[] = [];
    const rec = new ChangeRecorder(db);
    let encounter: number | null = null;
    inputs.forEach((s, index) => {
      const existing = sightingByImage(db, s.imageHash, s.crop ?? null);
      if (existing) return skipped.push({ index, existing });
      // Inside the write lock: an undo in another process removes unnamed files under the same lock.
      if (options.requireImageFiles && imageDir !== undefined && !existsSync(imagePath(imageDir, s.imageHash, s.imageExt))) {
        const file = imagePath(imageDir, s.imageHash, s.imageExt);
        throw new DataError(`${fn}: expected the image file of inputs[${index}] (${s.originalName}) at ${file} but it is missing (an undo in another process may have removed it). Hint: run the same add or import again.`, { file });
      }
      if (encounter === null || options.encounters === 'separate') {
        encounter = nextId(db, 'encounters');
        rec.insert('encounters', { id: encounter, created: now() });
      }
      let individual: number | null = null;
      if (s.individualName !== undefined) {
        const name = s.individualName.trim();
        // A name that was merged away means the individual it went into: no duplicate by import.
        const live = (liveByName.get(name) as IndividualRow | undefined) ?? mergedByName(db, name);
        individual = live?.id ?? nextId(db, 'individuals');
        if (!live) {
          rec.insert('individuals', { id: individual, name, notes: '', created: now(), merged_into: null });
          created.push(individual);
        }
      }
      const id = nextId(db, 'sightings');
      rec.insert('sightings', {
        id, encounter, image_hash: s.imageHash, image_ext: s.imageExt, original_name: s.originalName, date: s.date ?? null,
        location: s.location?.trim() || null, photographer: s.photographer?.trim() || null,
        crop_x: s.crop?.x ?? null, crop_y: s.crop?.y ?? null, crop_w: s.crop?.w ?? null, crop_h: s.crop?.h ?? null,
        fields: JSON.stringify(s.fields ?? {}), individual, status: individual === null ? 'queued' : 'confirmed', created: now(),
      });
      if (emb) insertEmbedding.run(id, emb.modelFingerprint, emb.dim, Buffer.from(emb.vectors.slice(index * emb.dim, (index + 1) * emb.dim).buffer));
      added.push(sightingFromRow(statement(db, 'SELECT * FROM sightings WHERE id = ?').get(id) as SightingRow));
    });
    if (added.length === 0) return { added, skipped, encounter: null, event: null };
    const payload = {
      sightings: added.map((s) => s.id), createdIndividuals: created, skipped: skipped.length,
      ...(options.run === undefined ? {} : { run: options.run }),
    };
    const event = appendEvent(db, { who: options.who, kind: options.kind, payload, changes: rec.changes });
    return { added, skipped, encounter, event };
  }).immediate();
}

export function putEmbeddings(db: Db, set: { modelFingerprint: string; dim: number; sightings: readonly number[]; vectors: Float32Array }): void {
  if (set.vectors.length !== set.sightings.length * set.dim || !set.vectors.every(Number.isFinite)) {
    throw new ArgumentError(expected('Catalog.putEmbeddings', 'vectors', `${set.sightings.length}×${set.dim} finite values`, set.vectors));
  }
  const insert = statement(db, 'INSERT OR REPLACE INTO embeddings (sighting, model_fingerprint, dim, vector) VALUES (?, ?, ?, ?)');
  db.transaction(() => set.sightings.forEach((id, i) => insert.run(id, set.modelFingerprint, set.dim, Buffer.from(set.vectors.slice(i * set.dim, (i + 1) * set.dim).buffer)))).immediate();
}

export interface MatchingInput {
  sighting: number;
  modelFingerprint: string;
  verdict: 'known' | 'new' | 'uncalibrated';
  candidates: readonly NewCandidate[];
}

/** Replaces the candidates of each listed sighting (one transaction, one 'match' event). */
export function setMatchings(db: Db, matchings: readonly MatchingInput[], who: string): void {
  const fn = 'Catalog.setMatchings';
  for (const m of matchings) {
    sightingById(db, m.sighting, fn);
    if (!['known', 'new', 'uncalibrated'].includes(m.verdict)) throw new ArgumentError(expected(fn, 'verdict', 'known, new or uncalibrated', m.verdict));
    m.candidates.forEach((c, i) => checkCandidate(fn, c, i));
  }
  db.transaction(() => {
    for (const m of matchings) {
      statement(db, 'DELETE FROM matchings WHERE sighting = ?').run(m.sighting);
      statement(db, 'INSERT INTO matchings (sighting, model_fingerprint, verdict, computed) VALUES (?, ?, ?, ?)').run(m.sighting, m.modelFingerprint, m.verdict, now());
      for (const c of m.candidates) {
        statement(db, 'INSERT INTO candidates (sighting, individual, rank, probability) VALUES (?, ?, ?, ?)').run(m.sighting, c.individual, c.rank, c.probability ?? null);
        for (const [name, value] of Object.entries(c.scores)) statement(db, 'INSERT INTO candidate_scores (sighting, individual, name, value) VALUES (?, ?, ?, ?)').run(m.sighting, c.individual, name, value);
      }
    }
    if (matchings.length) appendEvent(db, { who, kind: 'match', payload: { sightings: matchings.map((m) => m.sighting) } });
  }).immediate();
}

/** Adds or replaces named scores on an existing candidate (e.g. `localInliers` from the photo matcher). */
export function setCandidateScores(db: Db, sighting: number, individual: number, scores: Record<string, number>): void {
  const fn = 'Catalog.setCandidateScores';
  for (const [name, value] of Object.entries(scores)) checkScore(fn, `scores.${name}`, value);
  db.transaction(() => {
    if (!statement(db, 'SELECT 1 FROM candidates WHERE sighting = ? AND individual = ?').get(sighting, individual)) {
      throw new ArgumentError(`${fn}: expected a stored candidate for sighting ${sighting} and individual ${individual} but there is none`);
    }
    for (const [name, value] of Object.entries(scores)) {
      statement(db, 'INSERT OR REPLACE INTO candidate_scores (sighting, individual, name, value) VALUES (?, ?, ?, ?)').run(sighting, individual, name, value);
    }
  }).immediate();
}

