// Identification by any matcher. Embedding: Gallery.identify. Local and fused: the embedding
// shortlists the B nearest identities (every identity for 'local'), the query's local features are
// matched against the stored features of each shortlisted identity's images (in parallel native
// workers, off the main thread), an identity scores its best image's verified inliers, and the
// gallery's calibration for that matcher turns (distance, inliers) into one probability that ranks
// the candidates and decides known / new. Without that calibration the candidates are ranked by
// inliers (then distance) and the verdict is "uncalibrated", as for the embedding.
import { fusedProbability, type MatcherCalibration } from '../eval/index.ts';
import { matchMany, type LocalFeatures, type MatchManyOptions } from '../features/index.ts';
import { ArgumentError } from '../util/errors.ts';
import type { Gallery } from './gallery.ts';
import type { Candidate, Identification, IdentityScoring } from './identification.ts';
import type { Matcher } from './matcher.ts';

export interface MatcherIdentifyOptions {
  /** Default: the gallery's own matcher. */
  matcher?: Matcher;
  /**
   * Identities the embedding shortlists for re-ranking (fused). Default: the nearest identities that
   * hold at most `defaultShortlistImages` enrolled images together, and never fewer than `defaultShortlist`.
   */
  shortlist?: number;
  /** Candidates per query. Default 5. */
  top?: number;
  scoring?: IdentityScoring;
  /** Matching options and parallel workers. */
  match?: MatchManyOptions;
}

export const defaultShortlist = 20;

/**
 * The default shortlist's image budget. Photo embeddings trained on a few hundred individuals are still
 * weak (bench photo: the fine-tuned embedding's own top-5 was 0.18, so a fixed 20 identities held the
 * right one for under half the queries, fused top-1 0.44 against 0.97 with every identity shortlisted).
 * A budget in images matches a small gallery whole and bounds a large one's cost per query (one match
 * is ~0.3-0.6 ms on one core; 300 of them on two workers stay well inside the 200 ms of a fused identify).
 */
export const defaultShortlistImages = 300;

/** How many of a query's ranked identities the default shortlist keeps: as many as fit the image budget, at least defaultShortlist. */
export function budgetedShortlist(imagesPerRankedIdentity: readonly number[], budget = defaultShortlistImages): number {
  let images = 0;
  let width = 0;
  for (const count of imagesPerRankedIdentity) {
    if (width >= defaultShortlist && images + count > budget) break;
    images += count;
    width++;
  }
  return width;
}

/** The calibration part the matcher decides with, if the gallery has one. */
export function matcherCalibration(gallery: Pick<Gallery, 'calibration'>, matcher: Matcher): MatcherCalibration | undefined {
  return matcher === 'fused' ? gallery.calibration?.fused : matcher === 'local' ? gallery.calibration?.local : undefined;
}

/** Orders re-ranked candidates: calibrated probability, else inliers; then distance, then name (stable). */
export function compareReranked(a: Candidate, b: Candidate): number {
  const byProbability = a.probability !== undefined && b.probability !== undefined ? b.probability - a.probability : 0;
  return byProbability || (b.inliers ?? 0) - (a.inliers ?? 0) || a.distance - b.distance || (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0);
}

export async function identifyWithMatcher(gallery: Gallery, queries: Float32Array, queryFeatures: readonly LocalFeatures[] | null, options: MatcherIdentifyOptions = {}): Promise<Identification[]> {
  const fn = 'identifyWithMatcher';
  const matcher = options.matcher ?? gallery.matcher;
  const top = options.top ?? 5;
  if (matcher === 'embedding') return gallery.identify(queries, { top, scoring: options.scoring }).map((r) => ({ ...r, matcher }));
  const shortlist = options.shortlist ?? defaultShortlist;
  const budgeted = options.shortlist === undefined && matcher === 'fused';
  if (!Number.isInteger(shortlist) || shortlist < 1) throw new ArgumentError(`${fn}: expected a positive integer for options.shortlist but received ${shortlist}.`);
  const stored = gallery.features;
  const q = queries.length / gallery.dim;
  if (!stored && gallery.size > 0) {
    throw new ArgumentError(`${fn}: expected a gallery with stored local features for --matcher ${matcher} but it has none. Hint: rebuild it with \`reid gallery build --matcher fused\`, or use --matcher embedding.`);
  }
  if (!queryFeatures || queryFeatures.length !== q) throw new ArgumentError(`${fn}: expected local features for each of ${q} queries but received ${queryFeatures?.length ?? 'none'}.`);
  const part = matcherCalibration(gallery, matcher);
  if (gallery.size === 0) return Array.from({ length: q }, () => ({ verdict: 'new', identity: null, distance: Number.POSITIVE_INFINITY, candidates: [], calibrated: part !== undefined, matcher }));
  const rowsOf = new Map<string, number[]>();
  gallery.items.forEach((item, row) => {
    const rows = rowsOf.get(item.identity);
    if (rows) rows.push(row);
    else rowsOf.set(item.identity, [row]);
  });
  const width = matcher === 'local' || budgeted ? rowsOf.size : Math.min(shortlist, rowsOf.size);
  const ranked = gallery.rankIdentities(queries, { top: width, scoring: options.scoring })
    .map((list) => budgeted ? list.slice(0, budgetedShortlist(list.map((c) => rowsOf.get(c.identity)!.length))) : list);
  const out: Identification[] = [];
  for (let i = 0; i < q; i++) {
    const rows = ranked[i]!.flatMap((c) => rowsOf.get(c.identity)!);
    const counts = await matchMany(queryFeatures[i]!, rows.map((row) => stored![row]!), { ...options.match, trusted: true });
    const best = new Map<string, { inliers: number; row: number }>();
    rows.forEach((row, k) => {
      const identity = gallery.items[row]!.identity;
      const seen = best.get(identity);
      if (!seen || counts.inliers[k]! > seen.inliers) best.set(identity, { inliers: counts.inliers[k]!, row });
    });
    const candidates = ranked[i]!.map((c): Candidate => {
      const { inliers, row } = best.get(c.identity)!;
      const item = gallery.items[row]!;
      return {
        ...c, inliers, matchedItem: { id: item.id, source: item.source },
        ...(part ? { probability: fusedProbability(part.probability, c.distance, inliers) } : {}),
      };
    }).sort(compareReranked).slice(0, top);
    const first = candidates[0]!;
    out.push({
      verdict: !part ? 'uncalibrated' : first.probability! >= part.threshold ? 'known' : 'new',
      identity: first.identity, distance: first.distance, ...(part ? { probability: first.probability } : {}),
      candidates, calibrated: part !== undefined, matcher,
    });
  }
  return out;
}
