// The catalogue for a long-running server: the store, the model's embedding worker (forward passes
// off the event loop) and a gallery of the confirmed sightings in a search worker, updated from the store
// after any change, so candidates always reflect the catalogue as it is now.
import { readFile } from 'node:fs/promises';
import { captureHistory, captureHistoryCsv, imagePath, sightingsCsv, type Catalog, type Individual, type Sighting } from '../catalog/index.ts';
import type { GalleryItem, Identification } from '../gallery/index.ts';
import type { EmbeddingWorker, ModelConfig } from '../train/index.ts';
import { ArgumentError, DataError } from '../util/errors.ts';
import type {
  CatalogWebSession, SightingUpload, WebCandidate, WebDecision, WebDecisionResult, WebIdentification, WebIndividual, WebIndividualDetail, WebQueue, WebSighting,
} from './catalog-web.ts';
import { catalogAdd, type CatalogSightingInput } from './catalog-add.ts';
import { matchPicturePngOf } from './catalog-match-picture.ts';
import { nothingOfTheReviewToUndo } from './catalog-review.ts';
import type { CatalogSearchWorker } from './catalog-search-worker.ts';
import type { CatalogSession } from './catalog-session.ts';

const webSighting = (s: Sighting): WebSighting => ({ id: s.id, image: s.imageHash, date: s.date, location: s.location, photographer: s.photographer, individual: s.individual });

/** Bytes → the stored extension by magic bytes (the client's name and type are not trusted). */
function extensionOf(bytes: Uint8Array, label: string): 'png' | 'jpg' {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  throw new DataError(`addSightings: expected a PNG or JPEG image in ${label} but its first bytes are neither`);
}

export class CatalogWebSessionImpl implements CatalogWebSession {
  readonly dir: string;
  readonly calibrated: boolean;
  readonly #store: CatalogSession;
  readonly #catalog: Catalog;
  readonly #config: ModelConfig;
  readonly #worker: EmbeddingWorker;
  readonly #who: string;
  readonly #search: CatalogSearchWorker;
  #synced: Promise<void> = Promise.resolve();
  #nameCache: Map<number, string> | undefined;
  /** Image hash → stored extension, for every sighting (filled by resync, which openCatalogWeb calls first). */
  readonly #images = new Map<string, string>();
  /** Match pictures by "query:candidate" hash pair (a small cache: the reviewer revisits). */
  readonly #pictures = new Map<string, Buffer>();

  constructor(dir: string, store: CatalogSession, worker: EmbeddingWorker, search: CatalogSearchWorker, who: string) {
    this.#search = search;
    this.dir = dir;
    this.#store = store;
    this.#catalog = store.catalog;
    this.#config = store.bundle.config;
    this.#worker = worker;
    this.#who = who;
    this.calibrated = this.#config.calibration?.probability !== undefined;
  }

  /** Reloads what this session caches when another process (the CLI) changed the catalogue since the last request. */
  #fresh(): void {
    if (this.#catalog.changedElsewhere()) this.resync();
  }

  /** Gallery items for confirmed sightings: identity = individual id, source = image hash. */
  #items(set: { sightings: number[]; individuals: (number | null)[] }): GalleryItem[] {
    return set.sightings.map((id, i) => ({ id: `s${id}`, identity: String(set.individuals[i]), source: this.#catalog.sighting(id).imageHash }));
  }

  /** Sends the whole gallery of confirmed sightings to the search worker (after merges, undo, and changes made by another process). */
  resync(): void {
    this.#images.clear();
    const hashes = new Map<number, string>();
    for (const s of this.#catalog.sightings()) {
      this.#images.set(s.imageHash, s.imageExt);
      hashes.set(s.id, s.imageHash);
    }
    const set = this.#catalog.embeddings();
    const items = set.sightings.map((id, i) => ({ id: `s${id}`, identity: String(set.individuals[i]), source: hashes.get(id)! }));
    this.#synced = this.#search.set(set.dim, this.#config.calibration ?? null, items, set.vectors);
    this.#nameCache = undefined;
  }

  /** Adds newly confirmed sightings to the search worker's gallery. */
  #confirmed(sightings: readonly number[]): void {
    const set = this.#catalog.embeddings({ sightings });
    this.#synced = this.#search.add(this.#items(set), set.vectors);
    this.#nameCache = undefined;
  }

  /** Searches in the worker, after every change sent before (a failed change fails the search). */
  async #identify(queries: Float32Array, top: number): Promise<Identification[]> {
    await this.#synced;
    return this.#search.size === 0 || queries.length === 0 ? [] : this.#search.identify(queries, top);
  }

  /** Live individuals' names by id (cached until the next change: identify reads it on every request). */
  #names(): Map<number, string> {
    return (this.#nameCache ??= new Map(this.#catalog.individuals().map((i) => [i.id, i.name])));
  }

  #candidates(result: Identification, names: Map<number, string>): WebCandidate[] {
    return result.candidates.map((c) => ({
      individual: { id: Number(c.identity), name: names.get(Number(c.identity)) ?? `#${c.identity}` },
      distance: c.distance,
      probability: c.probability ?? null,
      images: c.support.map((s) => s.source),
    }));
  }

  individuals(options: { search?: string; limit?: number } = {}): WebIndividual[] {
    this.#fresh();
    return this.#catalog.individuals({ search: options.search }).slice(0, options.limit ?? Infinity).map((i) => ({
      id: i.id, name: i.name, sightings: i.sightingCount, firstSeen: i.firstSeen, lastSeen: i.lastSeen,
      thumbnail: i.thumbnailSighting === null ? null : this.#catalog.sighting(i.thumbnailSighting).imageHash,
    }));
  }

  individual(id: number): WebIndividualDetail | undefined {
    this.#fresh();
    let found: Individual;
    try {
      found = this.#catalog.resolveIndividual(id);
    } catch (error) {
      if (error instanceof ArgumentError) return undefined;
      throw error;
    }
    const summary = this.#catalog.individuals({ includeMerged: true }).find((i) => i.id === found.id)!;
    const sightings = this.#catalog.sightings({ individual: found.id }).map(webSighting);
    return {
      id: found.id, name: found.name, notes: found.notes || null, sightings: summary.sightingCount, firstSeen: summary.firstSeen, lastSeen: summary.lastSeen,
      thumbnail: sightings[0]?.image ?? null, sightingList: sightings,
    };
  }

  async addSightings(uploads: readonly SightingUpload[]): Promise<WebSighting[]> {
    this.#fresh();
    const p = this.#config.preprocessing;
    // Every upload's type is checked by its magic bytes before anything is stored.
    const inputs = uploads.map((u, i): CatalogSightingInput => ({
      image: { name: u.filename.replace(/^.*[\\/]/, '') || 'upload', bytes: u.bytes, ext: extensionOf(u.bytes, `upload ${i + 1}`) },
      date: u.date ?? null, location: u.location ?? null, photographer: u.photographer ?? null,
    }));
    // The one add recipe (catalog-add.ts), with its pixel work in the workers, off the event loop;
    // it stores the candidates of each queued sighting as the model saw them on arrival.
    const result = await catalogAdd(this.#store, inputs, {
      kind: 'add', who: this.#who,
      work: { preprocess: (bytes, label) => this.#search.preprocess(p, bytes, label), embed: async (images) => (await this.#worker.embed(images)).embeddings },
    });
    for (const s of result.added) this.#images.set(s.imageHash, s.imageExt);
    return [...result.added, ...result.skipped.map((s) => s.existing)].map(webSighting);
  }

  waiting(): number {
    this.#fresh();
    return this.#catalog.queueSize();
  }

  async queue(options: { k?: number; limit?: number } = {}): Promise<WebQueue> {
    this.#fresh();
    const entries = this.#catalog.queue({ limit: options.limit ?? 20 });
    const set = entries.length ? this.#catalog.embeddings({ sightings: entries.map((e) => e.sighting.id) }) : undefined;
    const found = set ? await this.#identify(set.vectors, options.k ?? 3) : [];
    const rows = new Map(set?.sightings.map((id, i) => [id, i]));
    const names = this.#names();
    return {
      calibrated: this.calibrated,
      photos: !this.#config.preprocessing.glyph,
      total: this.#catalog.queueSize(),
      entries: entries.map((e) => {
        const result = found[rows.get(e.sighting.id) ?? -1];
        return { sighting: webSighting(e.sighting), candidates: result ? this.#candidates(result, names) : [] };
      }),
    };
  }

  decide(input: WebDecision): WebDecisionResult {
    this.#fresh();
    const result = this.#catalog.decide({ ...input, who: input.who ?? this.#who });
    if (result.individual) this.#confirmed(result.decisions.map((d) => d.sighting));
    return { sighting: input.sighting, decision: input.decision, individual: result.individual && { id: result.individual.id, name: result.individual.name } };
  }

  merge(from: number, into: number): { into: { id: number; name: string }; moved: number } {
    this.#fresh();
    const result = this.#catalog.merge(into, from, this.#who);
    this.resync();
    return { into: { id: result.into.id, name: result.into.name }, moved: result.moved };
  }

  rename(id: number, name: string): { id: number; name: string } {
    this.#fresh();
    const { individual } = this.#catalog.rename(id, name, this.#who);
    this.#nameCache = undefined;
    return { id: individual.id, name: individual.name };
  }

  undo(): { undone: string } | { nothing: string } {
    this.#fresh();
    // The review page's undo takes back review changes only: with an upload or import newest, nothing (409); `reid catalog undo` takes those back.
    const result = this.#catalog.undo(this.#who, { batches: false });
    if (!result) return { nothing: nothingOfTheReviewToUndo(this.#catalog) };
    this.resync();
    return { undone: result.description };
  }

  async identify(bytes: Uint8Array, options: { k?: number } = {}): Promise<WebIdentification> {
    this.#fresh();
    const image = await this.#search.preprocess(this.#config.preprocessing, bytes, 'the uploaded image');
    const { embeddings } = await this.#worker.embed([image]);
    const [result] = await this.#identify(embeddings, options.k ?? 3);
    if (!result) return { calibrated: this.calibrated, verdict: this.calibrated ? 'new' : 'uncalibrated', candidates: [] };
    return { calibrated: this.calibrated, verdict: result.verdict, candidates: this.#candidates(result, this.#names()) };
  }

  exportCsv(): string {
    this.#fresh();
    return sightingsCsv(this.#catalog.exportRows());
  }

  captureHistoryCsv(): string {
    this.#fresh();
    return captureHistoryCsv(captureHistory(this.#catalog.exportRows(), { kind: 'day' }));
  }

  async matchPicture(query: string, candidate: string): Promise<Buffer | undefined> {
    this.#fresh();
    const a = this.#images.get(query), b = this.#images.get(candidate);
    if (a === undefined || b === undefined) return undefined;
    const key = `${query}:${candidate}`;
    let picture = this.#pictures.get(key);
    if (!picture) {
      const [q, c] = [query, candidate].map((hash) => this.#catalog.findSightingByImage(hash));
      const label = (s: Sighting | null | undefined, fallback: string) => (s ? `sighting ${s.id}` : fallback);
      picture = await matchPicturePngOf(imagePath(this.dir, query, a), imagePath(this.dir, candidate, b), [label(q, 'query'), label(c, 'candidate')]);
      if (this.#pictures.size >= 200) this.#pictures.delete(this.#pictures.keys().next().value!);
      this.#pictures.set(key, picture);
    }
    return picture;
  }

  async image(hash: string): Promise<{ bytes: Buffer; type: 'png' | 'jpeg' } | undefined> {
    this.#fresh();
    const ext = this.#images.get(hash);
    if (ext === undefined) return undefined;
    const bytes = await readFile(imagePath(this.dir, hash, ext));
    return { bytes, type: bytes[0] === 0x89 ? 'png' : 'jpeg' };
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
    await this.#search.terminate();
    await this.#store.close();
  }
}
