// A gallery of enrolled individuals: embeddings with identities, exact k-NN search,
// identity-level ranking, and the open-set verdict ("known", "new individual", or "uncalibrated").
import type { LocalFeatures, ResolvedFeatureOptions } from '../features/index.ts';
import { ArgumentError, ShapeError } from '../util/errors.ts';
import { ExactIndex } from './exact-search.ts';
import { firstFreeItemNumber, type Calibration, type GalleryItem } from './gallery-item.ts';
import { identityCentroids } from './identity-centroids.ts';
import { identitySpreads, scoreInSpreadUnits, type IdentitySpreadOptions } from './identity-spread.ts';
import { identityTable, rankCandidates, type IdentityScore, type IdentityTable } from './rank-identities.ts';
import { rankingScoring, type Candidate, type Identification, type IdentityScoring } from './identification.ts';
import type { Matcher } from './matcher.ts';
import { decideIdentity } from './open-set-verdict.ts';
import { checkVectorStorage, type VectorStorage } from './vector-storage.ts';

export interface GalleryInit {
  dim: number;
  /** Fingerprint of the model that made the embeddings (model.json). */
  modelFingerprint: string;
  items?: GalleryItem[];
  embeddings?: Float32Array;
  calibration?: Calibration | null;
  /** Where the model bundle was when the gallery was built (a hint for the CLI, not a requirement). */
  modelDir?: string;
  /** The number in the next enrolled item's id (default: past every "#n" id already there). */
  nextItemNumber?: number;
  /** Each item's local features (same order as items), for the local and fused matchers; null or absent: none stored. */
  features?: LocalFeatures[] | null;
  /** How the stored features were found; queries are extracted the same way. */
  featureOptions?: ResolvedFeatureOptions;
  /** The matcher `identify` uses by default (default 'embedding'). */
  matcher?: Matcher;
  /** How the item search stores its vectors (default 'float32', exact); the embeddings themselves stay float32. */
  storage?: VectorStorage;
}

export class Gallery {
  readonly dim: number;
  readonly modelFingerprint: string;
  calibration: Calibration | null;
  modelDir: string | undefined;
  #items: GalleryItem[];
  #embeddings: Float32Array;
  #index: ExactIndex;
  #centroids: ExactIndex;
  /** Identities numbered as the centroids are, and each item's number, as of the last refresh. */
  #identities: IdentityTable = { names: [], ofItem: new Int32Array(0) };
  /** Images per identity, as of the last refresh (identify reads it for every query). */
  #counts = new Map<string, number>();
  #spreads: { key: string; values: Map<string, number> } | null = null;
  #dirty = true;
  #nextItemNumber: number;
  #features: LocalFeatures[] | null;
  featureOptions: ResolvedFeatureOptions | undefined;
  matcher: Matcher;
  readonly storage: VectorStorage;

  constructor(init: GalleryInit) {
    this.dim = init.dim;
    this.modelFingerprint = init.modelFingerprint;
    this.calibration = init.calibration ?? null;
    this.modelDir = init.modelDir;
    this.#items = [...(init.items ?? [])];
    this.#embeddings = init.embeddings ?? new Float32Array(0);
    if (this.#embeddings.length !== this.#items.length * this.dim) {
      throw new ShapeError(`Gallery: expected ${this.#items.length}×${this.dim} embedding values for ${this.#items.length} items but received ${this.#embeddings.length}`);
    }
    this.#nextItemNumber = Math.max(init.nextItemNumber ?? 0, firstFreeItemNumber(this.#items));
    this.#features = init.features ? [...init.features] : null;
    if (this.#features && this.#features.length !== this.#items.length) {
      throw new ShapeError(`Gallery: expected local features for each of ${this.#items.length} items but received ${this.#features.length}`);
    }
    this.featureOptions = init.featureOptions;
    this.matcher = init.matcher ?? 'embedding';
    this.storage = checkVectorStorage(init.storage ?? 'float32', 'Gallery');
    this.#index = new ExactIndex(this.dim, { storage: this.storage });
    this.#centroids = new ExactIndex(this.dim);
  }

  get size(): number {
    return this.#items.length;
  }
  get items(): readonly GalleryItem[] {
    return this.#items;
  }
  get embeddings(): Float32Array {
    return this.#embeddings;
  }
  /** Each item's local features (items order), or null when the gallery stores none. */
  get features(): readonly LocalFeatures[] | null {
    return this.#features;
  }
  /** Enrolled ids count up from here and never go back, so an id freed by `remove` is not reused. */
  get nextItemNumber(): number {
    return this.#nextItemNumber;
  }
  identities(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const item of this.#items) counts.set(item.identity, (counts.get(item.identity) ?? 0) + 1);
    return counts;
  }

  /** Adds items with their embeddings (ids must be new); an "#n" id moves the id counter past n. */
  add(items: readonly GalleryItem[], embeddings: Float32Array, features?: readonly LocalFeatures[]): void {
    if (embeddings.length !== items.length * this.dim) {
      throw new ShapeError(`Gallery.add: expected ${items.length}×${this.dim} values for embeddings but received ${embeddings.length}`);
    }
    // A gallery with features keeps one per item; an empty one starts storing them with its first items.
    const storing = this.#features !== null || (this.#items.length === 0 && features !== undefined);
    if (storing && features?.length !== items.length) {
      throw new ArgumentError(`Gallery.add: expected local features for each of ${items.length} items (the gallery stores them) but received ${features?.length ?? 'none'}. Hint: enrol with the gallery's matcher (--matcher ${this.matcher}).`);
    }
    if (!storing && features !== undefined && items.length > 0) {
      throw new ArgumentError(`Gallery.add: expected no local features (this gallery of ${this.#items.length} items stores none) but received ${features.length}. Hint: rebuild it with --matcher fused.`);
    }
    const ids = new Set(this.#items.map((i) => i.id));
    for (const item of items) {
      if (ids.has(item.id)) throw new ArgumentError(`Gallery.add: expected a new id for item but "${item.id}" is already in the gallery`);
      ids.add(item.id);
    }
    const merged = new Float32Array(this.#embeddings.length + embeddings.length);
    merged.set(this.#embeddings);
    merged.set(embeddings, this.#embeddings.length);
    this.#embeddings = merged;
    this.#items.push(...items);
    if (storing) this.#features = [...(this.#features ?? []), ...features!];
    this.#nextItemNumber = Math.max(this.#nextItemNumber, firstFreeItemNumber(this.#items));
    this.#dirty = true;
  }

  /** Adds images of any identities under fresh ids, "<identity>#<n>" with n from the gallery's counter. */
  append(entries: readonly { identity: string; source: string }[], embeddings: Float32Array, features?: readonly LocalFeatures[]): GalleryItem[] {
    const start = this.#nextItemNumber;
    const items = entries.map(({ identity, source }, i) => ({ id: `${identity}#${start + i}`, identity, source }));
    this.add(items, embeddings, features);
    return items;
  }

  /** Enrols a new (or existing) individual from a few embedded images. */
  enroll(identity: string, embeddings: Float32Array, sources: readonly string[], features?: readonly LocalFeatures[]): GalleryItem[] {
    if (!identity.trim()) throw new ArgumentError('Gallery.enroll: expected a non-empty name for identity');
    return this.append(sources.map((source) => ({ identity, source })), embeddings, features);
  }

  /** Removes items whose id or identity is listed; returns how many were removed. */
  remove(idsOrIdentities: readonly string[]): number {
    const drop = new Set(idsOrIdentities);
    const keepRows = this.#items.flatMap((item, i) => (drop.has(item.id) || drop.has(item.identity) ? [] : [i]));
    const removed = this.#items.length - keepRows.length;
    const next = new Float32Array(keepRows.length * this.dim);
    keepRows.forEach((row, i) => next.set(this.#embeddings.subarray(row * this.dim, (row + 1) * this.dim), i * this.dim));
    this.#items = keepRows.map((row) => this.#items[row]!);
    if (this.#features) this.#features = keepRows.map((row) => this.#features![row]!);
    this.#embeddings = next;
    this.#dirty = true;
    return removed;
  }

  renameIdentity(from: string, to: string): number {
    if (!to.trim()) throw new ArgumentError('Gallery.renameIdentity: expected a non-empty name for to');
    let n = 0;
    for (const item of this.#items) if (item.identity === from) {
      item.identity = to;
      n++;
    }
    if (n === 0) throw new ArgumentError(`Gallery.renameIdentity: expected an identity in the gallery for from but "${from}" has no items`);
    this.#dirty = true; // the centroids are keyed by identity
    return n;
  }

  private refresh(): void {
    if (!this.#dirty) return;
    this.#index.setVectors(this.#embeddings);
    const centroids = identityCentroids(this.#items, this.#embeddings, this.dim);
    this.#identities = identityTable(this.#items, centroids.names);
    this.#centroids.setVectors(centroids.vectors);
    this.#counts = this.identities();
    this.#spreads = null;
    this.#dirty = false;
  }

  /** Nearest items: Q×k indices and distances. */
  searchItems(queries: Float32Array, k: number): ReturnType<ExactIndex['search']> {
    this.refresh();
    return this.#index.search(queries, k);
  }

  /** Each query's distance to every identity's centroid, nearest first (identity numbers as in #identities). */
  private centroidScores(queries: Float32Array): IdentityScore[][] {
    this.refresh();
    const found = this.#centroids.search(queries, this.#identities.names.length);
    const q = queries.length / this.dim;
    return Array.from({ length: q }, (_, row) => Array.from({ length: found.k }, (_, j) => ({
      identity: found.indices[row * found.k + j]!, distance: found.distances[row * found.k + j]!,
    })));
  }

  /** The scoring asked for, else the one the calibration was fitted under (its `ranking`), else centroid. */
  defaultScoring(asked?: IdentityScoring): IdentityScoring {
    if (asked) return asked;
    const ranking = this.calibration?.ranking;
    return ranking ? rankingScoring(ranking) : { kind: 'centroid' };
  }

  /** Each identity's expected genuine squared distance, computed once per change of the gallery and options. */
  private spreads(options: IdentitySpreadOptions): Map<string, number> {
    this.refresh();
    const key = `${options.shrinkage}/${options.priorVariance}`;
    if (this.#spreads?.key !== key) this.#spreads = { key, values: identitySpreads(this.#items, this.#embeddings, this.dim, options) };
    return this.#spreads.values;
  }

  /** Ranks identities for each query (Q × dim). */
  rankIdentities(queries: Float32Array, options: { top?: number; scoring?: IdentityScoring } = {}): Candidate[][] {
    const top = options.top ?? 5;
    const scoring = this.defaultScoring(options.scoring);
    const byCentroid = scoring.kind === 'centroid' || scoring.kind === 'spread' || scoring.kind === 'spreadRanked';
    const perIdentity = scoring.kind === 'meanOfNearest' ? scoring.k : byCentroid ? 3 : 1;
    const centroid = byCentroid ? this.centroidScores(queries) : null;
    if (centroid && (scoring.kind === 'spread' || scoring.kind === 'spreadRanked')) {
      scoreInSpreadUnits(centroid, this.#identities.names, this.spreads(scoring), scoring.kind);
    }
    // Item scoring needs each identity's nearest items, and near neighbours are often all one
    // identity, so it searches deep (every item up to 20k). Centroid scoring ranks by centroids
    // and only needs a few nearest items per identity to show as support.
    const deep = this.size <= 20_000 ? this.size : Math.max(1024, top * perIdentity * 64);
    const k = Math.min(this.size, centroid ? Math.max(256, top * perIdentity * 16) : deep);
    const found = this.searchItems(queries, k);
    return rankCandidates(found, this.#items, this.#identities, centroid, { queries: queries.length / this.dim, top, perIdentity });
  }

  /** The open-set decision for each query: best identity if within the calibrated threshold, else "new". */
  identify(queries: Float32Array, options: { top?: number; scoring?: IdentityScoring } = {}): Identification[] {
    const q = queries.length / this.dim;
    if (this.size === 0) {
      return Array.from({ length: q }, () => ({ verdict: 'new', identity: null, distance: Number.POSITIVE_INFINITY, candidates: [], calibrated: this.calibration !== null }));
    }
    const top = options.top ?? 5;
    // Two at least, so the probability's margin term sees the nearest rival when one candidate is asked for.
    const ranked = this.rankIdentities(queries, { ...options, top: Math.max(2, top) }); // refreshes #counts
    return ranked.map((candidates) => decideIdentity(candidates, this.calibration, this.#counts, top));
  }

  dispose(): void {
    this.#index.dispose();
    this.#centroids.dispose();
  }
}
