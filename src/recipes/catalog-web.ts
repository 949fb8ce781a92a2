// The catalogue as the web app sees it: one object with the reads and writes its routes make,
// composed here from the store (src/catalog) and the model, so the web layer only parses and calls.
// Embedding runs in an EmbeddingWorker and the k-NN search in a search worker, never on the server's event loop.

export interface WebIndividual {
  id: number;
  name: string;
  sightings: number;
  /** ISO dates of the first and last sighting with a date; null when none has one. */
  firstSeen: string | null;
  lastSeen: string | null;
  /** Content hash of the image that stands for the individual (its first sighting), if any. */
  thumbnail: string | null;
}

export interface WebSighting {
  id: number;
  image: string;
  date: string | null;
  location: string | null;
  photographer: string | null;
  /** The individual it was assigned to; null while it waits in the queue. */
  individual: number | null;
}

export interface WebIndividualDetail extends WebIndividual {
  notes: string | null;
  /** Oldest first; undated ones last. */
  sightingList: WebSighting[];
}

export interface WebCandidate {
  individual: { id: number; name: string };
  distance: number;
  /** Calibrated match probability; null for an uncalibrated catalogue. */
  probability: number | null;
  /** Content hashes of the individual's images nearest to the query, best first. */
  images: string[];
}

export interface WebQueueEntry {
  sighting: WebSighting;
  candidates: WebCandidate[];
}

export interface WebQueue {
  calibrated: boolean;
  /** Photographs (not glyphs): the review page offers local-feature match pictures. */
  photos: boolean;
  /** Waiting sightings in all. */
  total: number;
  entries: WebQueueEntry[];
}

export interface SightingUpload {
  bytes: Uint8Array;
  /** The client's file name, kept as a label only (never a path). */
  filename: string;
  date?: string;
  location?: string;
  photographer?: string;
}

export type WebDecision =
  | { sighting: number; decision: 'same'; individual: number; who?: string }
  | { sighting: number; decision: 'new'; name?: string; who?: string }
  | { sighting: number; decision: 'unsure'; who?: string };

export interface WebDecisionResult {
  sighting: number;
  decision: WebDecision['decision'];
  /** The individual the sighting now belongs to (the new one for "new"); null for "unsure". */
  individual: { id: number; name: string } | null;
}

export interface WebIdentification {
  calibrated: boolean;
  /** "known", "new" or "uncalibrated" (the gallery's open-set verdict). */
  verdict: string;
  candidates: WebCandidate[];
}

export interface CatalogWebSession {
  readonly dir: string;
  readonly calibrated: boolean;
  individuals(options?: { search?: string; limit?: number }): WebIndividual[];
  individual(id: number): WebIndividualDetail | undefined;
  addSightings(uploads: readonly SightingUpload[]): Promise<WebSighting[]>;
  /** Sightings waiting for review. */
  waiting(): number;
  queue(options?: { k?: number; limit?: number }): Promise<WebQueue>;
  decide(input: WebDecision): WebDecisionResult;
  merge(from: number, into: number): { into: { id: number; name: string }; moved: number };
  rename(id: number, name: string): { id: number; name: string };
  /** Undoes the last reviewer change; when there is none to undo, says why (nothing left, or an import or add is newest). */
  undo(): { undone: string } | { nothing: string };
  identify(bytes: Uint8Array, options?: { k?: number }): Promise<WebIdentification>;
  exportCsv(): string;
  captureHistoryCsv(): string;
  /** The picture of the local-feature matches between two stored images (by hash), or undefined if either is unknown. */
  matchPicture(query: string, candidate: string): Promise<Buffer | undefined>;
  /** The stored image with that content hash (validated by the caller), or undefined. */
  image(hash: string): Promise<{ bytes: Buffer; type: 'png' | 'jpeg' } | undefined>;
  close(): Promise<void>;
}
