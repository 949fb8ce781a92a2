// The catalogue store: one SQLite file DIR/catalog.sqlite (WAL, foreign keys, one transaction
// per change) beside the content-addressed images DIR/images/. Every state change is one
// transaction and one event in the append-only log, so a crash at any point leaves each change
// wholly there or wholly absent. Synchronous (better-sqlite3): each call is short.
import type Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentError, DataError, expected } from '../util/errors.ts';
import { openDatabase, refused } from './catalog-database.ts';
import { exportRows } from './catalog-export-rows.ts';
import { removeUnnamedImages } from './catalog-image-cleanup.ts';
import { keypointsOf, putKeypoints } from './catalog-keypoints.ts';
import { readInfo, writeMeta } from './catalog-meta.ts';
import { undo } from './catalog-undo.ts';
import {
  candidatesOf, embeddingSet, individualSummaries, listDecisions, listEvents, listSightings, matchingOf, queueEntries, queueSize,
  resolveIndividual, sightingById, sightingByImage, individualById, type SightingFilter,
} from './catalog-reads.ts';
import {
  addSightings, putEmbeddings, setCandidateScores, setMatchings, type AddSightingsOptions, type AddSightingsResult, type MatchingInput,
} from './catalog-edits.ts';
import { decide, merge, rename, setNotes, split, type DecisionResult } from './catalog-decisions.ts';
import { beforeCommitHooks } from './catalog-events.ts';
import { stateTables } from './catalog-schema.ts';
import type {
  CatalogEvent, CatalogInfo, Crop, Decision, DecisionInput, EmbeddingSet, EventKind, ExportRow, Individual, IndividualSummary,
  Matching, NewSighting, QueueEntry, Sighting, StoredCandidate, UndoOptions, UndoResult,
} from './catalog-types.ts';
import { imagePath } from './image-store.ts';

export const catalogFileName = 'catalog.sqlite';

export interface CatalogCreateOptions {
  /** The model bundle the catalogue identifies with: directory, fingerprint and embedding size. */
  model: { dir: string; fingerprint: string; dim: number };
  who?: string;
}

export interface CatalogOpenOptions {
  /** Open without write access (default false). */
  readonly?: boolean;
  /** For crash tests: called inside every change's transaction just before it commits. */
  beforeCommit?: (kind: EventKind) => void;
}

export class Catalog {
  readonly dir: string;
  readonly file: string;
  readonly #db: Database.Database;
  #info: CatalogInfo;
  #dataVersion: number;

  private constructor(dir: string, db: Database.Database) {
    this.dir = dir;
    this.file = join(dir, catalogFileName);
    this.#db = db;
    this.#info = readInfo(db, this.file);
    this.#dataVersion = this.#readDataVersion();
  }

  #readDataVersion(): number {
    return this.#db.pragma('data_version', { simple: true }) as number;
  }

  /**
   * Whether another connection (another process: `reid catalog undo` beside `reid serve`) has committed
   * a change since this was last asked (or since opening). SQLite's data_version moves only for other
   * connections' commits, so a caller that caches what it read (a search gallery) reloads only then.
   */
  changedElsewhere(): boolean {
    const version = this.#readDataVersion();
    const changed = version !== this.#dataVersion;
    this.#dataVersion = version;
    return changed;
  }

  /** Makes a new catalogue in `dir` (created if missing); refuses a directory that already holds one. */
  static create(dir: string, options: CatalogCreateOptions): Catalog {
    const file = join(dir, catalogFileName);
    if (existsSync(file)) throw new ArgumentError(expected('Catalog.create', 'dir', 'a directory without a catalogue', dir, `Hint: ${file} exists; open it instead.`));
    const { dim } = options.model;
    if (!Number.isSafeInteger(dim) || dim < 1) throw new ArgumentError(expected('Catalog.create', 'model.dim', 'a positive integer', dim));
    mkdirSync(join(dir, 'images'), { recursive: true });
    const db = openDatabase(file, false);
    writeMeta(db, options.model, options.who ?? 'reid');
    return new Catalog(dir, db);
  }

  /** Opens the catalogue in `dir` (migrating an older schema). */
  static open(dir: string, options: CatalogOpenOptions = {}): Catalog {
    const file = join(dir, catalogFileName);
    if (!existsSync(file)) throw new DataError(`Catalog.open: expected a catalogue (${catalogFileName}) in ${dir} but found none. Hint: reid catalog init ${dir} --model M.`, { file });
    const db = openDatabase(file, options.readonly ?? false);
    if (options.beforeCommit) beforeCommitHooks.set(db, options.beforeCommit);
    return new Catalog(dir, db);
  }

  get info(): CatalogInfo {
    return this.#info;
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
  [Symbol.dispose](): void {
    this.close();
  }

  // Individuals
  /** Live individuals (or all), with counts, first/last seen and a thumbnail sighting; `search` matches name or notes. */
  individuals(options: { search?: string; includeMerged?: boolean } = {}): IndividualSummary[] {
    return individualSummaries(this.#db, options);
  }
  /** An individual by id, exactly (merged ones too). */
  individualById(id: number): Individual {
    return individualById(this.#db, id, 'Catalog.individualById');
  }
  /** The live individual an id, digits or name means (merged ones followed to where they went). */
  resolveIndividual(ref: number | string): Individual {
    return resolveIndividual(this.#db, ref, 'Catalog.resolveIndividual');
  }

  // Sightings
  sighting(id: number): Sighting {
    return sightingById(this.#db, id, 'Catalog.sighting');
  }
  /** Sightings by date (undated last), then id. */
  sightings(filter: SightingFilter = {}): Sighting[] {
    return listSightings(this.#db, filter);
  }
  findSightingByImage(hash: string, crop: Crop | null = null): Sighting | null {
    return sightingByImage(this.#db, hash, crop);
  }
  /** The stored image file of a sighting (inside DIR/images). */
  imageFile(sighting: Sighting | number): string {
    const s = typeof sighting === 'number' ? this.sighting(sighting) : sighting;
    return imagePath(this.dir, s.imageHash, s.imageExt);
  }
  decisions(sighting?: number): Decision[] {
    return listDecisions(this.#db, sighting);
  }
  /** Newest first. */
  events(options: { limit?: number } = {}): CatalogEvent[] {
    return listEvents(this.#db, options);
  }

  // Review queue and candidates
  queue(options: { limit?: number } = {}): QueueEntry[] {
    return queueEntries(this.#db, options);
  }
  /** How many sightings wait for review (queued or unsure); with `queue({ limit })` for a page of a long queue. */
  queueSize(): number {
    return queueSize(this.#db);
  }
  matching(sighting: number): Matching | null {
    return matchingOf(this.#db, sighting);
  }
  candidates(sighting: number): StoredCandidate[] {
    return candidatesOf(this.#db, sighting);
  }

  // Embeddings
  /** Embeddings for the catalogue's model (or `modelFingerprint`) of the listed sightings, or of every confirmed one; `individuals` alongside. */
  embeddings(options: { sightings?: readonly number[]; modelFingerprint?: string; dim?: number } = {}): EmbeddingSet & { individuals: (number | null)[] } {
    return embeddingSet(this.#db, options.modelFingerprint ?? this.#info.modelFingerprint, options.dim ?? this.#info.dim, options.sightings);
  }
  putEmbeddings(set: EmbeddingSet): void {
    refused('Catalog.putEmbeddings', () => putEmbeddings(this.#db, set));
  }

  /** Stores a sighting's local features for one extractor (opaque bytes, e.g. the features layer's serialisation); replaces any earlier. */
  putKeypoints(sighting: number, extractorFingerprint: string, count: number, data: Uint8Array): void {
    refused('Catalog.putKeypoints', () => putKeypoints(this.#db, sighting, extractorFingerprint, count, data));
  }
  /** A sighting's stored local features for one extractor, or null. */
  keypoints(sighting: number, extractorFingerprint: string): { count: number; data: Uint8Array } | null {
    return keypointsOf(this.#db, sighting, extractorFingerprint);
  }

  // Changes (each one transaction and one event)
  /** Adds sightings: with `individualName` confirmed (imports), without it queued. Images already held are skipped. Undoable as one batch. */
  addSightings(sightings: readonly NewSighting[], options: Partial<AddSightingsOptions> = {}): AddSightingsResult {
    return refused('Catalog.addSightings', () => addSightings(this.#db, sightings, { ...options, who: options.who ?? 'reid', kind: options.kind ?? 'add' }, this.dir));
  }
  setMatchings(matchings: readonly MatchingInput[], who = 'reid'): void {
    refused('Catalog.setMatchings', () => setMatchings(this.#db, matchings, who));
  }
  setCandidateScores(sighting: number, individual: number, scores: Record<string, number>): void {
    refused('Catalog.setCandidateScores', () => setCandidateScores(this.#db, sighting, individual, scores));
  }
  decide(input: DecisionInput): DecisionResult {
    return refused('Catalog.decide', () => decide(this.#db, input));
  }
  /** Moves every sighting of `from` to `into`; `from` is kept, marked merged into `into`. */
  merge(into: number | string, from: number | string, who = 'reid'): { into: Individual; from: Individual; moved: number; event: number } {
    return refused('Catalog.merge', () => merge(this.#db, into, from, who));
  }
  rename(individual: number | string, name: string, who = 'reid'): { individual: Individual; event: number } {
    return refused('Catalog.rename', () => rename(this.#db, individual, name, who));
  }
  setNotes(individual: number | string, notes: string, who = 'reid'): { individual: Individual; event: number } {
    return refused('Catalog.setNotes', () => setNotes(this.#db, individual, notes, who));
  }
  /** Moves the listed sightings of an individual to a new one (named automatically unless `name`). */
  split(individual: number | string, sightings: readonly number[], options: { name?: string; who?: string } = {}): { from: Individual; individual: Individual; event: number } {
    return refused('Catalog.split', () => split(this.#db, individual, sightings, { name: options.name, who: options.who ?? 'reid' }));
  }
  /**
   * Undoes the newest change not undone yet (an import or add batch, decision, merge, rename, split or
   * notes; an import's batches together), or with `event` one import or add out of order when no
   * later change depends on it; null when none is left (with `batches: false`, also when the newest
   * is an import or add). An import or add takes its sightings, the individuals it created and their
   * derived rows with it, and then (a second short transaction) its sightings' files in DIR/images
   * that no sighting names any more.
   */
  undo(who = 'reid', options: UndoOptions = {}): UndoResult | null {
    const done = refused('Catalog.undo', () => undo(this.#db, who, options));
    if (!done) return null;
    return { ...done.result, imagesRemoved: removeUnnamedImages(this.#db, this.dir, done.images) };
  }

  // Exports and checks
  /** One row per confirmed sighting, on its live individual, by individual then date. */
  exportRows(): ExportRow[] {
    return exportRows(this.#db);
  }
  /** Every row of every state table (not the event log), for tests and audits. */
  dump(): Record<string, unknown[]> {
    return Object.fromEntries(stateTables.map((t) => [t, this.#db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
  }
  /** SQLite's own checks: integrity and foreign keys; returns the problems (empty when sound). */
  check(): string[] {
    const integrity = (this.#db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((r) => r !== 'ok');
    const fk = (this.#db.pragma('foreign_key_check') as { table: string; rowid: number }[]).map((r) => `foreign key: ${r.table} row ${r.rowid}`);
    return [...integrity, ...fk];
  }
}
