// The catalogue's records as the store hands them out: plain, JSON-ready objects (ids are
// integers, times and dates ISO 8601 strings). The SQL schema is in catalog-schema.ts.

/** Values allowed in a sighting's free fields. */
export type FieldValue = string | number | boolean;

/** A rectangle in the image's pixels; all four are integers, w and h positive. */
export interface Crop {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Individual {
  id: number;
  /** Unique among live individuals (those not merged into another). */
  name: string;
  notes: string;
  /** ISO 8601 time it was created. */
  created: string;
  /** The individual it was merged into, or null while it is live. */
  mergedInto: number | null;
}

/** An individual with what a catalogue page shows of it. */
export interface IndividualSummary extends Individual {
  sightingCount: number;
  /** Earliest and latest sighting date (null when none of its sightings has a date). */
  firstSeen: string | null;
  lastSeen: string | null;
  /** A sighting to show as its thumbnail (its earliest confirmed one), or null with no sightings. */
  thumbnailSighting: number | null;
}

/**
 * queued: waiting for a decision; unsure: a reviewer said "not sure" (still waiting);
 * confirmed: assigned to an individual. Only confirmed sightings have an individual.
 */
export type SightingStatus = 'queued' | 'unsure' | 'confirmed';

export interface Sighting {
  id: number;
  /** Sightings added together (one upload, one `catalog add`) share an encounter. */
  encounter: number;
  /** SHA-256 of the image file, hex (64 digits). */
  imageHash: string;
  /** Extension of the stored file, lower case without the dot ("png", "jpg"). */
  imageExt: string;
  /** The file name the image came with (no directory). */
  originalName: string;
  /** ISO 8601 date (YYYY-MM-DD) or date-time, or null. */
  date: string | null;
  location: string | null;
  photographer: string | null;
  crop: Crop | null;
  fields: Record<string, FieldValue>;
  individual: number | null;
  status: SightingStatus;
  created: string;
}

/** What a caller gives to add a sighting. */
export interface NewSighting {
  imageHash: string;
  imageExt: string;
  originalName: string;
  date?: string | null;
  location?: string | null;
  photographer?: string | null;
  crop?: Crop | null;
  fields?: Record<string, FieldValue>;
  /**
   * Name of the individual it shows (imports of existing catalogues): the sighting is confirmed,
   * and the individual is created if no live one has that name. Absent: the sighting is queued.
   */
  individualName?: string;
}

/** The identification run for one sighting: which model, and whether it could decide. */
export interface Matching {
  sighting: number;
  modelFingerprint: string;
  /** As the gallery says: 'known' / 'new' with a calibrated model, 'uncalibrated' without. */
  verdict: 'known' | 'new' | 'uncalibrated';
  computed: string;
}

/** One candidate individual for a queued sighting, ranked by the matcher (1 = best). */
export interface StoredCandidate {
  sighting: number;
  /** The live individual (followed through merges since the candidates were computed). */
  individual: number;
  /** The individual as computed (differs from `individual` when that one was merged since). */
  computedIndividual: number;
  rank: number;
  /** Calibrated P(same individual), or null when the model has no probability map. */
  probability: number | null;
  /** Named scores: `embeddingDistance` (always), later e.g. `localInliers`, `fused`. Finite numbers. */
  scores: Record<string, number>;
}

export interface NewCandidate {
  individual: number;
  rank: number;
  probability?: number | null;
  scores: Record<string, number>;
}

export type DecisionKind = 'same' | 'new' | 'unsure';

export interface Decision {
  id: number;
  sighting: number;
  decision: DecisionKind;
  /** The individual assigned ('same', or the one 'new' created); null for 'unsure'. */
  individual: number | null;
  who: string;
  at: string;
  /** The event that recorded it. */
  event: number;
}

/** What a reviewer decides, for one sighting or for every waiting sighting of its encounter. */
export interface DecisionInput {
  sighting: number;
  decision: DecisionKind;
  /** For 'same': the individual (id, or name of a live one). */
  individual?: number | string;
  /** For 'new': a name (default: automatic, IND-0042). */
  name?: string;
  /** Apply to every queued or unsure sighting of this sighting's encounter (default false). */
  wholeEncounter?: boolean;
  who?: string;
}

export type EventKind = 'init' | 'import' | 'add' | 'match' | 'decision' | 'merge' | 'rename' | 'split' | 'notes' | 'undo';

/** One row change inside an event; undo applies `before` where `after` is now. */
export interface RowChange {
  table: 'individuals' | 'encounters' | 'sightings' | 'decisions';
  id: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface CatalogEvent {
  id: number;
  at: string;
  who: string;
  kind: EventKind;
  /** For 'undo': the event it undid. */
  undoes: number | null;
  /** What happened, for people and the web app (kind-specific, JSON). */
  payload: Record<string, unknown>;
  /** Whether `undo` can take it back (import, add, decision, merge, rename, split, notes), and has not. */
  undoable: boolean;
}

export interface UndoOptions {
  /**
   * An import or add event to take back out of order (with the rest of its import run); refused,
   * naming the blocker, while a later change not undone depends on its rows. Default: the newest change.
   */
  event?: number;
  /** False: take back reviewer changes only, returning null when the newest change is an import or add (the review's undo key; default true). */
  batches?: boolean;
}

export interface UndoResult {
  /** The newest event taken back. */
  undone: number;
  kind: EventKind;
  /** The undo event appended last (one per event taken back). */
  event: number;
  /** Every event taken back, newest first: an import run's batches come back together. */
  events: number[];
  /** Sightings removed (imports and adds), 0 for the reviewer's changes. */
  sightings: number;
  /** For people: "import of 120 sightings (event 17)", "merge of individual 3 into 2 (event 20)". */
  description: string;
  /** Image files removed from DIR/images: the batches' ones that no sighting names any more. */
  imagesRemoved: number;
}

export interface QueueEntry {
  sighting: Sighting;
  /** Null when no identification has run for it yet. */
  matching: Matching | null;
  candidates: StoredCandidate[];
  /** Other waiting sightings of the same encounter, by id. */
  encounterWaiting: number[];
}

/** One row of the sightings export (confirmed sightings only). */
export interface ExportRow {
  individualId: number;
  individual: string;
  sighting: number;
  encounter: number;
  date: string | null;
  location: string | null;
  photographer: string | null;
  file: string;
  originalName: string;
  imageHash: string;
  crop: Crop | null;
  fields: Record<string, FieldValue>;
}

/** Embeddings of many sightings for one model, row-major. */
export interface EmbeddingSet {
  modelFingerprint: string;
  dim: number;
  sightings: number[];
  vectors: Float32Array;
}

/** The catalogue's settings (table meta). */
export interface CatalogInfo {
  schemaVersion: number;
  created: string;
  /** The model bundle the catalogue identifies with (directory, as given at init). */
  modelDir: string;
  modelFingerprint: string;
  dim: number;
}
