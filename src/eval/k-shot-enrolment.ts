// k-shot enrolment, the deployment scenario: a gallery holds every item of the identities seen
// in training plus k randomly chosen items of each newly enrolled identity; the remaining items
// of enrolled identities are queries that should be recognised, and items of identities never
// enrolled are queries that should be declared new. Each query is reduced to its top-1 match.
import { Random } from '../util/random.ts';
import { ArgumentError } from '../util/errors.ts';
import { expectInt32Array, expectLength, expectPositiveInteger } from './check-arguments.ts';
import { distanceBlock, sourceItemCount, type DistanceSource } from './distance-source.ts';
import { auroc } from './auroc.ts';
import { openSetMetrics, type OpenSetMetrics, type OpenSetQueries } from './open-set-metrics.ts';

export interface KShotOptions {
  /** Held-out identities to enrol with `shots` items each. */
  enrolIdentities: readonly number[];
  /** Items enrolled per identity; an identity with no more items than this is enrolled whole and gives no query. */
  shots: number;
  /** Seed for choosing the enrolled items. */
  seed: number;
  /** Held-out identities that are never enrolled: their items query as unknowns. Default none. */
  unenrolledIdentities?: readonly number[];
  /** Acceptance threshold for the open-set metrics; without it only top-1 and AUROC are reported. */
  threshold?: number;
  /** Queries per distance block. Default 1024. */
  chunkSize?: number;
}

export interface KShotResult {
  shots: number;
  galleryItems: Int32Array;
  queryItems: Int32Array;
  /** Top-1 identification accuracy over queries of enrolled identities, ignoring any threshold. */
  top1Accuracy: number;
  /** Best match per query (queryItems order), ready for openSetMetrics or calibrateThreshold. */
  matches: OpenSetQueries & { bestDistance: Float32Array; predictedLabels: Int32Array; trueLabels: Int32Array; known: Uint8Array; bestItem: Int32Array };
  /** How well best-match distance separates enrolled from unenrolled queries (NaN without unenrolled ones). */
  knownVsUnknownAuroc: number;
  /** Open-set metrics at options.threshold; absent without a threshold. */
  openSet?: OpenSetMetrics;
}

/** Items whose identity is in neither list count as seen identities and all go into the gallery. */
export function kShotEnrolment(source: DistanceSource, labels: Int32Array, options: KShotOptions): KShotResult {
  const fn = 'kShotEnrolment';
  expectInt32Array(fn, 'labels', labels);
  expectLength(fn, 'labels', labels, sourceItemCount(source), 'One identity label per embedding.');
  expectPositiveInteger(fn, 'options.shots', options.shots);
  const chunkSize = options.chunkSize ?? 1024;
  expectPositiveInteger(fn, 'options.chunkSize', chunkSize);
  const enrol = new Set(options.enrolIdentities);
  const unenrolled = new Set(options.unenrolledIdentities ?? []);
  for (const label of unenrolled) {
    if (enrol.has(label)) throw new ArgumentError(`${fn}: expected disjoint identity lists but received identity ${label} in both options.enrolIdentities and options.unenrolledIdentities.`);
  }
  const itemsOf = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    if (!enrol.has(labels[i]!)) continue;
    const list = itemsOf.get(labels[i]!) ?? [];
    list.push(i);
    itemsOf.set(labels[i]!, list);
  }
  const random = new Random(options.seed);
  const enrolled = new Uint8Array(labels.length);
  // Sorted identity order keeps the choice independent of Set iteration order.
  for (const label of [...itemsOf.keys()].sort((a, b) => a - b)) {
    for (const i of random.shuffle(itemsOf.get(label)!).slice(0, options.shots)) enrolled[i] = 1;
  }
  const gallery: number[] = [];
  const queries: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (unenrolled.has(label)) queries.push(i);
    else if (!enrol.has(label) || enrolled[i]) gallery.push(i);
    else queries.push(i);
  }
  if (gallery.length === 0) throw new ArgumentError(`${fn}: expected a non-empty gallery but received no seen or enrolled items.`);
  const galleryItems = Int32Array.from(gallery);
  const queryItems = Int32Array.from(queries);
  const matches = bestMatches(source, labels, queryItems, galleryItems, chunkSize);
  for (let q = 0; q < queryItems.length; q++) matches.known[q] = unenrolled.has(labels[queryItems[q]!]!) ? 0 : 1;
  let knownCount = 0;
  let correct = 0;
  for (let q = 0; q < queryItems.length; q++) {
    if (!matches.known[q]) continue;
    knownCount++;
    if (matches.predictedLabels[q] === matches.trueLabels[q]) correct++;
  }
  const result: KShotResult = {
    shots: options.shots,
    galleryItems,
    queryItems,
    top1Accuracy: knownCount > 0 ? correct / knownCount : NaN,
    matches,
    knownVsUnknownAuroc: auroc(Array.from(matches.bestDistance, (d) => -d), matches.known),
  };
  if (options.threshold !== undefined) result.openSet = openSetMetrics(matches, options.threshold);
  return result;
}

/** Nearest gallery item per query; a tie at the minimum goes to another identity (pessimistic, as in TiePolicy). */
function bestMatches(source: DistanceSource, labels: Int32Array, queryItems: Int32Array, galleryItems: Int32Array, chunkSize: number): KShotResult['matches'] {
  const n = queryItems.length;
  const out = { bestDistance: new Float32Array(n), predictedLabels: new Int32Array(n), trueLabels: new Int32Array(n), known: new Uint8Array(n), bestItem: new Int32Array(n) };
  const g = galleryItems.length;
  for (let start = 0; start < n; start += chunkSize) {
    const chunk = queryItems.subarray(start, Math.min(n, start + chunkSize));
    const block = distanceBlock(source, chunk, galleryItems);
    for (let row = 0; row < chunk.length; row++) {
      const truth = labels[chunk[row]!]!;
      let best = -1;
      let bestDistance = Infinity;
      for (let j = 0; j < g; j++) {
        const d = block[row * g + j]!;
        if (d !== d) throw new ArgumentError(`kShotEnrolment: expected numeric distances but received NaN for query item ${chunk[row]}, gallery item ${galleryItems[j]}.`);
        const better = d < bestDistance || (d === bestDistance && (best === -1 || (labels[galleryItems[best]!] === truth && labels[galleryItems[j]!] !== truth)));
        if (better) { best = j; bestDistance = d; }
      }
      const q = start + row;
      out.bestDistance[q] = bestDistance;
      out.bestItem[q] = galleryItems[best]!;
      out.predictedLabels[q] = labels[galleryItems[best]!]!;
      out.trueLabels[q] = truth;
    }
  }
  return out;
}
