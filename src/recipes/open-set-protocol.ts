// The open-set protocol reid reports and calibrates with, over embeddings already computed:
// some identities are enrolled from k images each (beside an optional background of identities
// enrolled whole), the rest of their images query as known, and identities never enrolled query
// as unknown. Every query goes through Gallery.identify, the path `reid identify` takes, so the
// numbers describe what users get. It also yields the genuine and impostor pairs that fit the
// probability calibration and the threshold.
import { Gallery, type GalleryItem, type Identification, type IdentityScoring } from '../gallery/index.ts';
import { ArgumentError } from '../util/errors.ts';
import { Random } from '../util/random.ts';

export interface EmbeddedSet {
  embeddings: Float32Array;
  dim: number;
  /** Identity name per row. */
  identities: readonly string[];
}

export interface OpenSetProtocolOptions {
  shots: number;
  seed: number;
  /** Share of the set's identities that are enrolled (default 0.5); the others query as unknown. */
  enrolledFraction?: number;
  /** Identities enrolled whole (the trained digits of a held-out-digit test); they give no queries. */
  background?: EmbeddedSet;
  /** Candidates kept per query (default 5). */
  top?: number;
  /** How identities are scored (default: the gallery's, centroid). */
  scoring?: IdentityScoring;
}

export interface OpenSetQuery {
  truth: string;
  known: boolean;
  result: Identification;
}

export interface OpenSetRun {
  queries: OpenSetQuery[];
  /** Genuine (same identity) and impostor distances from every query's candidates. */
  pairs: { distance: number[]; genuine: boolean[] };
  gallery: Gallery;
  /** The queries' embeddings (Q × dim), in `queries` order. */
  queryEmbeddings: Float32Array;
}

/** Rows of each identity, in order of first appearance. */
function rowsByIdentity(identities: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  identities.forEach((identity, row) => {
    const rows = groups.get(identity);
    if (rows) rows.push(row);
    else groups.set(identity, [row]);
  });
  return groups;
}

export function runOpenSetProtocol(set: EmbeddedSet, options: OpenSetProtocolOptions): OpenSetRun {
  const fraction = options.enrolledFraction ?? 0.5;
  if (!Number.isInteger(options.shots) || options.shots < 1) throw new ArgumentError(`runOpenSetProtocol: expected a positive integer for shots but received ${options.shots}.`);
  const random = new Random(options.seed);
  const groups = rowsByIdentity(set.identities);
  const names = random.shuffle([...groups.keys()]);
  const enrolledCount = Math.max(1, Math.round(names.length * fraction));
  const enrolled = new Set(names.slice(0, enrolledCount));
  const items: GalleryItem[] = [];
  const vectors: number[] = [];
  const push = (source: EmbeddedSet, row: number, prefix: string) => {
    items.push({ id: `${prefix}${items.length}`, identity: source.identities[row]!, source: `${prefix}${row}` });
    for (let d = 0; d < source.dim; d++) vectors.push(source.embeddings[row * source.dim + d]!);
  };
  const background = options.background;
  if (background) {
    if (background.dim !== set.dim) throw new ArgumentError(`runOpenSetProtocol: expected the background's dim ${background.dim} to equal the set's ${set.dim}.`);
    for (let row = 0; row < background.identities.length; row++) push(background, row, 'background#');
  }
  const queryRows: number[] = [];
  for (const name of names) {
    const rows = random.shuffle([...groups.get(name)!]);
    if (enrolled.has(name)) {
      rows.slice(0, options.shots).forEach((row) => push(set, row, 'enrolled#'));
      queryRows.push(...rows.slice(options.shots));
    } else queryRows.push(...rows);
  }
  const gallery = new Gallery({ dim: set.dim, modelFingerprint: 'protocol', items, embeddings: Float32Array.from(vectors) });
  const queryVectors = new Float32Array(queryRows.length * set.dim);
  queryRows.forEach((row, i) => queryVectors.set(set.embeddings.subarray(row * set.dim, (row + 1) * set.dim), i * set.dim));
  const results = gallery.identify(queryVectors, { top: options.top ?? 5, ...(options.scoring ? { scoring: options.scoring } : {}) });
  const pairs = { distance: [] as number[], genuine: [] as boolean[] };
  const queries = queryRows.map((row, i) => {
    const truth = set.identities[row]!;
    const result = results[i]!;
    for (const c of result.candidates) {
      pairs.distance.push(c.distance);
      pairs.genuine.push(c.identity === truth);
    }
    return { truth, known: enrolled.has(truth), result };
  });
  return { queries, pairs, gallery, queryEmbeddings: queryVectors };
}
