// The evaluation protocols of a trained model on a dataset's test split: closed set,
// held-out identities (leave-one-out among unseen classes), and k-shot enrolment with
// open-set scores. Distances run on the engine; metrics are src/eval's pure functions.
import type { ImageDataset } from '../data/index.ts';
import { auroc, leaveOneOutRetrieval, kShotEnrolment, calibrateThreshold, type RetrievalMetrics } from '../eval/index.ts';
import { Gallery, type Identification } from '../gallery/index.ts';
import { embedDataset, engineDistances, type ModelBundle } from '../train/index.ts';
import { openSetOverSeeds, type OpenSetSummary } from './open-set-summary.ts';

export interface RetrievalSummary {
  queries: number;
  precisionAt1: number;
  recallAt: Record<string, number>;
  mAP: number;
  mapAtR: number;
  rPrecision: number;
  knnAccuracy: number;
  cmc: number[];
}

export interface KShotSummary {
  shots: number;
  /** Top-1 identification of held-out queries with all held-out identities enrolled (nearest item, as the tutorial's protocol). */
  top1: number;
  /** The same queries and gallery through reid's Gallery (centroid identity scoring, what `reid identify` does). */
  top1Gallery: number;
  queries: number;
  /** Known-vs-unknown AUROC by nearest-item distance, each held-out identity left unenrolled in turn (mean). */
  auroc: number;
  /** The same through the Gallery's (centroid) distance, which is what its "new individual" verdict uses. */
  aurocGallery: number;
  /** Threshold for precision ≥ 0.95 on these queries, and the balanced open-set accuracy it gives. */
  threshold: number;
  balancedAccuracy: number;
}

export interface EvaluationReport {
  dataset: string;
  closedSet: RetrievalSummary;
  heldOut?: RetrievalSummary;
  kShot: KShotSummary[];
  /**
   * The open-set protocol on the held-out identities (half enrolled from k images, half unknown;
   * mean over 3 seeds) at the model's own calibration, as users get it: BAKS, BAUS, normalised
   * accuracy and ECE are NaN when the bundle ships no calibration.
   */
  openSet: { shots: number; summary: OpenSetSummary }[];
}

function summarise(m: RetrievalMetrics): RetrievalSummary {
  return {
    queries: m.evaluatedCount, precisionAt1: m.precisionAt1,
    recallAt: Object.fromEntries(m.recallAtK.map((r) => [`R@${r.k}`, r.recall])),
    mAP: m.mAP, mapAtR: m.mapAtR, rPrecision: m.rPrecision, knnAccuracy: m.knnAccuracy, cmc: Array.from(m.cmc.slice(0, 10)),
  };
}

/** Identifies the queries against a Gallery holding galleryItems, scored as `reid identify` scores. */
function galleryIdentify(embeddings: Float32Array, dim: number, test: ImageDataset, galleryItems: Int32Array, queryItems: Int32Array): Identification[] {
  const rows = (items: Int32Array) => {
    const out = new Float32Array(items.length * dim);
    items.forEach((item, i) => out.set(embeddings.subarray(item * dim, (item + 1) * dim), i * dim));
    return out;
  };
  const gallery = new Gallery({ dim, modelFingerprint: 'evaluation', items: Array.from(galleryItems, (item) => ({ id: String(item), identity: String(test.labels[item]), source: test.source(item) })), embeddings: rows(galleryItems) });
  try {
    return gallery.identify(rows(queryItems), { top: 1 });
  } finally {
    gallery.dispose();
  }
}

const mean = (values: number[]): number => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN);

export async function evaluateRun(bundle: ModelBundle, test: ImageDataset, options: { holdout: string[]; shots: number[]; seed?: number; onProgress?: (done: number, total: number) => void }): Promise<EvaluationReport> {
  const { embeddings, dim } = await embedDataset(bundle.model, test, bundle.config.preprocessing, { onProgress: options.onProgress });
  const source = engineDistances(embeddings, dim);
  try {
    const heldOutIds = options.holdout.map((name) => test.identities.indexOf(name)).filter((i) => i >= 0);
    const closedSet = summarise(leaveOneOutRetrieval(source, test.labels, { recallAt: [1, 5, 10] }));
    const heldOut = heldOutIds.length > 0 ? summarise(leaveOneOutRetrieval(source, test.labels, { identities: heldOutIds, recallAt: [1, 5, 10] })) : undefined;
    const kShot = heldOutIds.length === 0 ? [] : options.shots.map((shots) => {
      const seed = options.seed ?? 0;
      const all = kShotEnrolment(source, test.labels, { enrolIdentities: heldOutIds, shots, seed });
      const rotations = heldOutIds.length < 2 ? [] : heldOutIds.map((left) =>
        kShotEnrolment(source, test.labels, { enrolIdentities: heldOutIds.filter((i) => i !== left), unenrolledIdentities: [left], shots, seed }));
      const aurocsGallery = rotations.map((r) => {
        const found = galleryIdentify(embeddings, dim, test, r.galleryItems, r.queryItems);
        return auroc(found.map((f) => -f.distance), Array.from(r.matches.known, Boolean));
      });
      const top1Gallery = galleryIdentify(embeddings, dim, test, all.galleryItems, all.queryItems)
        .filter((r, i) => r.identity === String(test.labels[all.queryItems[i]!])).length / Math.max(1, all.queryItems.length);
      const rotated = heldOutIds.length < 2 ? undefined : kShotEnrolment(source, test.labels, { enrolIdentities: heldOutIds.slice(1), unenrolledIdentities: [heldOutIds[0]!], shots, seed });
      const calibration = rotated ? calibrateThreshold({ bestDistance: rotated.matches.bestDistance, correct: rotated.matches.predictedLabels.map((p, i) => (p === rotated.matches.trueLabels[i] && rotated.matches.known[i] ? 1 : 0)) }, { kind: 'precision', precision: 0.95 }) : undefined;
      const openSet = rotated && calibration ? kShotEnrolment(source, test.labels, { enrolIdentities: heldOutIds.slice(1), unenrolledIdentities: [heldOutIds[0]!], shots, seed, threshold: calibration.threshold }).openSet : undefined;
      return {
        shots, top1: all.top1Accuracy, top1Gallery, queries: all.queryItems.length,
        auroc: mean(rotations.map((r) => r.knownVsUnknownAuroc)), aurocGallery: mean(aurocsGallery),
        // A target no threshold reaches is reported as NaN, not as the 0.5 an accept-nothing threshold scores.
        threshold: calibration?.reached ? calibration.threshold : Number.NaN,
        balancedAccuracy: calibration?.reached ? (openSet?.balancedAccuracy ?? Number.NaN) : Number.NaN,
      };
    });
    const heldOutRows = Array.from(test.labels, (label, row) => (heldOutIds.includes(label) ? row : -1)).filter((row) => row >= 0);
    const heldOutSet = { embeddings: Float32Array.from(heldOutRows.flatMap((row) => Array.from(embeddings.subarray(row * dim, (row + 1) * dim)))), dim, identities: heldOutRows.map((row) => test.identities[test.labels[row]!]!) };
    const calibration = bundle.config.calibration;
    const openSet = heldOutIds.length < 2 ? [] : options.shots.map((shots) => {
      const spread = openSetOverSeeds(heldOutSet, { shots, seeds: [1, 2, 3], threshold: calibration?.threshold, probability: calibration?.probability });
      return { shots, summary: Object.fromEntries(Object.entries(spread).map(([k, v]) => [k, v.mean])) as unknown as OpenSetSummary };
    });
    return { dataset: test.name, closedSet, heldOut, kShot, openSet };
  } finally {
    source.dispose();
  }
}
