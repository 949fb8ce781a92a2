// A gallery of enrolled individuals: embeddings with identities, exact k-NN search,
// identity-level ranking, and the open-set verdict ("known" or "new individual").
import { ArgumentError, ShapeError } from '../util/errors.ts';
import { ExactIndex } from './exact-search.ts';
import type { Calibration, GalleryItem } from './gallery-item.ts';

/**
 * How an identity is scored against a query:
 * - centroid (default): distance to the identity's mean embedding (re-normalised), its prototype
 *   (Snell et al. 2017). Unlike nearest-item scoring it does not favour identities with many
 *   images (the nearest of 1,000 items is closer by chance than the nearest of 3), which matters
 *   for the open-set decision on a newly enrolled individual;
 * - nearest: distance to the identity's nearest item;
 * - meanOfNearest: mean distance to its k nearest items.
 */
export type IdentityScoring = { kind: 'centroid' } | { kind: 'nearest' } | { kind: 'meanOfNearest'; k: number };

export interface Candidate {
  identity: string;
  /** Score distance (nearest item, or mean of the k nearest, per `scoring`). */
  distance: number;
  /** The identity's items among the neighbours, nearest first. */
  support: { id: string; source: string; distance: number }[];
}

export interface Identification {
  verdict: 'known' | 'new';
  /** Best candidate's identity, or null for an empty gallery. */
  identity: string | null;
  distance: number;
  candidates: Candidate[];
  /** False when no threshold was calibrated: the verdict is then "known" whenever there is a candidate. */
  calibrated: boolean;
}

export interface GalleryInit {
  dim: number;
  /** Fingerprint of the model that made the embeddings (model.json). */
  modelFingerprint: string;
  items?: GalleryItem[];
  embeddings?: Float32Array;
  calibration?: Calibration | null;
  /** Where the model bundle was when the gallery was built (a hint for the CLI, not a requirement). */
  modelDir?: string;
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
  #centroidNames: string[] = [];
  #dirty = true;

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
    this.#index = new ExactIndex(this.dim);
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
  identities(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const item of this.#items) counts.set(item.identity, (counts.get(item.identity) ?? 0) + 1);
    return counts;
  }

  add(items: readonly GalleryItem[], embeddings: Float32Array): void {
    if (embeddings.length !== items.length * this.dim) {
      throw new ShapeError(`Gallery.add: expected ${items.length}×${this.dim} values for embeddings but received ${embeddings.length}`);
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
    this.#dirty = true;
  }

  /** Enrols a new (or existing) individual from a few embedded images. */
  enroll(identity: string, embeddings: Float32Array, sources: readonly string[]): GalleryItem[] {
    if (!identity.trim()) throw new ArgumentError('Gallery.enroll: expected a non-empty name for identity');
    const start = this.#items.length;
    const items = sources.map((source, i) => ({ id: `${identity}#${start + i}`, identity, source }));
    this.add(items, embeddings);
    return items;
  }

  /** Removes items whose id or identity is listed; returns how many were removed. */
  remove(idsOrIdentities: readonly string[]): number {
    const drop = new Set(idsOrIdentities);
    const keepRows: number[] = [];
    this.#items.forEach((item, i) => {
      if (!drop.has(item.id) && !drop.has(item.identity)) keepRows.push(i);
    });
    const removed = this.#items.length - keepRows.length;
    const next = new Float32Array(keepRows.length * this.dim);
    keepRows.forEach((row, i) => next.set(this.#embeddings.subarray(row * this.dim, (row + 1) * this.dim), i * this.dim));
    this.#items = keepRows.map((row) => this.#items[row]!);
    this.#embeddings = next;
    this.#dirty = true;
    return removed;
  }

  renameIdentity(from: string, to: string): number {
    let n = 0;
    for (const item of this.#items) if (item.identity === from) {
      item.identity = to;
      n++;
    }
    if (n === 0) throw new ArgumentError(`Gallery.renameIdentity: expected an identity in the gallery for from but "${from}" has no items`);
    return n;
  }

  private refresh(): void {
    if (!this.#dirty) return;
    this.#index.setVectors(this.#embeddings);
    const sums = new Map<string, Float64Array>();
    this.#items.forEach((item, i) => {
      let sum = sums.get(item.identity);
      if (!sum) sums.set(item.identity, (sum = new Float64Array(this.dim)));
      for (let d = 0; d < this.dim; d++) sum[d]! += this.#embeddings[i * this.dim + d]!;
    });
    this.#centroidNames = [...sums.keys()];
    const centroids = new Float32Array(sums.size * this.dim);
    [...sums.values()].forEach((sum, c) => {
      const norm = Math.hypot(...sum) || 1;
      for (let d = 0; d < this.dim; d++) centroids[c * this.dim + d] = sum[d]! / norm;
    });
    this.#centroids.setVectors(centroids);
    this.#dirty = false;
  }

  /** Nearest items: Q×k indices and distances. */
  searchItems(queries: Float32Array, k: number): ReturnType<ExactIndex['search']> {
    this.refresh();
    return this.#index.search(queries, k);
  }

  /** Distance from each query to each identity's centroid: Map identity → distance, per query. */
  private centroidDistances(queries: Float32Array): Map<string, number>[] {
    this.refresh();
    const found = this.#centroids.search(queries, this.#centroidNames.length);
    const q = queries.length / this.dim;
    return Array.from({ length: q }, (_, row) => {
      const out = new Map<string, number>();
      for (let j = 0; j < found.k; j++) out.set(this.#centroidNames[found.indices[row * found.k + j]!]!, found.distances[row * found.k + j]!);
      return out;
    });
  }

  /** Ranks identities for each query (Q × dim). */
  rankIdentities(queries: Float32Array, options: { top?: number; scoring?: IdentityScoring } = {}): Candidate[][] {
    const top = options.top ?? 5;
    const scoring = options.scoring ?? { kind: 'centroid' };
    const perIdentity = scoring.kind === 'meanOfNearest' ? scoring.k : scoring.kind === 'centroid' ? 3 : 1;
    const centroid = scoring.kind === 'centroid' ? this.centroidDistances(queries) : undefined;
    // Item scoring needs each identity's nearest items, and near neighbours are often all one
    // identity, so it searches deep (every item up to 20k). Centroid scoring ranks by centroids
    // and only needs a few nearest items per identity to show as support.
    const deep = this.size <= 20_000 ? this.size : Math.max(1024, top * perIdentity * 64);
    const k = Math.min(this.size, centroid ? Math.max(256, top * perIdentity * 16) : deep);
    const found = this.searchItems(queries, k);
    const q = queries.length / this.dim;
    return Array.from({ length: q }, (_, row) => {
      const groups = new Map<string, Candidate>();
      if (centroid) for (const [identity, distance] of centroid[row]!) groups.set(identity, { identity, distance, support: [] });
      for (let j = 0; j < found.k; j++) {
        const item = this.#items[found.indices[row * found.k + j]!]!;
        const distance = found.distances[row * found.k + j]!;
        let c = groups.get(item.identity);
        if (!c) groups.set(item.identity, (c = { identity: item.identity, distance: 0, support: [] }));
        if (c.support.length < perIdentity) c.support.push({ id: item.id, source: item.source, distance });
      }
      if (!centroid) for (const c of groups.values()) c.distance = c.support.reduce((s, x) => s + x.distance, 0) / c.support.length;
      return [...groups.values()].sort((a, b) => a.distance - b.distance).slice(0, top);
    });
  }

  /** The open-set decision for each query: best identity if within the calibrated threshold, else "new". */
  identify(queries: Float32Array, options: { top?: number; scoring?: IdentityScoring } = {}): Identification[] {
    const q = queries.length / this.dim;
    if (this.size === 0) {
      return Array.from({ length: q }, () => ({ verdict: 'new', identity: null, distance: Number.POSITIVE_INFINITY, candidates: [], calibrated: this.calibration !== null }));
    }
    return this.rankIdentities(queries, options).map((candidates) => {
      const best = candidates[0]!;
      const threshold = this.calibration?.threshold ?? Number.POSITIVE_INFINITY;
      return { verdict: best.distance <= threshold ? 'known' : 'new', identity: best.identity, distance: best.distance, candidates, calibrated: this.calibration !== null };
    });
  }

  dispose(): void {
    this.#index.dispose();
    this.#centroids.dispose();
  }
}
