// Identity ranking from an item search: candidate identities in score order, each with its nearest
// items among the neighbours as support. Identities are numbered once per refresh, so grouping a
// query's neighbours is array lookups rather than a string-keyed Map per neighbour (Map lookups
// were ~5% of an identify over 70k items, profiled).
import type { GalleryItem } from './gallery-item.ts';
import type { Candidate } from './identification.ts';
import type { Neighbours } from './neighbour-index.ts';

export interface IdentityTable {
  names: readonly string[];
  /** Each item's identity number (an index into names). */
  ofItem: Int32Array;
}

export function identityTable(items: readonly GalleryItem[], names: readonly string[]): IdentityTable {
  const number = new Map(names.map((name, i) => [name, i]));
  return { names, ofItem: Int32Array.from(items, (item) => number.get(item.identity)!) };
}

/** An identity's number and its identity-level score (a centroid distance, or one in units of its spread). */
export interface IdentityScore {
  identity: number;
  distance: number;
  /** What it is ranked by, when not its distance (spread-ranked scoring). */
  rank?: number;
}

export interface RankOptions {
  /** Query rows in `found`. */
  queries: number;
  top: number;
  /** Support items kept per identity (and, without scores, averaged into its distance). */
  perIdentity: number;
}

/**
 * Each query's candidates. With `scores` (per query, every identity, in the order they were
 * ranked), the `top` best by score (their `rank` where given), ties in that order, with their support from the neighbours.
 * Without, the identities met among the neighbours, each scored by the mean distance of its first
 * `perIdentity` neighbours, ties in the order they were met.
 */
export function rankCandidates(
  found: Neighbours, items: readonly GalleryItem[], table: IdentityTable, scores: IdentityScore[][] | null, options: RankOptions,
): Candidate[][] {
  const { queries, top, perIdentity } = options;
  const slot = new Int32Array(table.names.length).fill(-1);
  return Array.from({ length: queries }, (_, row) => {
    const candidates: Candidate[] = [];
    const used: number[] = [];
    if (scores) {
      const best = [...scores[row]!].sort((a, b) => (a.rank ?? a.distance) - (b.rank ?? b.distance)).slice(0, top);
      for (const { identity, distance } of best) {
        slot[identity] = candidates.length;
        used.push(identity);
        candidates.push({ identity: table.names[identity]!, distance, support: [] });
      }
    }
    for (let j = 0; j < found.k; j++) {
      const index = found.indices[row * found.k + j]!;
      const identity = table.ofItem[index]!;
      let s = slot[identity]!;
      if (s < 0) {
        if (scores) continue; // not among the top
        slot[identity] = s = candidates.length;
        used.push(identity);
        candidates.push({ identity: table.names[identity]!, distance: 0, support: [] });
      }
      const c = candidates[s]!;
      if (c.support.length < perIdentity) c.support.push({ id: items[index]!.id, source: items[index]!.source, distance: found.distances[row * found.k + j]! });
    }
    for (const identity of used) slot[identity] = -1;
    if (scores) return candidates;
    for (const c of candidates) c.distance = c.support.reduce((sum, x) => sum + x.distance, 0) / c.support.length;
    return candidates.sort((a, b) => a.distance - b.distance).slice(0, top);
  });
}
