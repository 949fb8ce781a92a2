// The calibration workflow, written once: identify queries of enrolled identities ("known")
// and of identities not in the gallery ("unknown"), choose the threshold that meets the target,
// refit the probability map on each query's best candidate (its distance and enrolled image count,
// src/eval/shot-aware-calibration.ts), and save both in the gallery. An unreachable target is refused, never saved as -Infinity.
import { calibrateThreshold, fitShotAwareCalibration, runnerUpDistance, type CalibratedThreshold, type MatchCalibration, type ThresholdTarget } from '../eval/index.ts';
import { defaultFeatureOptions } from '../features/index.ts';
import { defaultShortlist, identifyWithMatcher, needsFeatures, updateGallery, type Calibration, type Gallery, type Matcher } from '../gallery/index.ts';
import { releaseBundleEmbedders, type ModelBundle } from '../train/index.ts';
import { ArgumentError } from '../util/errors.ts';
import { embedSplits } from './embed-splits.ts';
import { openGalleryWithModel } from './open-gallery.ts';
import { checkCalibration } from './saved-calibration.ts';
import { fitMatcherCalibration, type MatcherQuery } from './fit-matcher-calibration.ts';
import { featuresOfDatasets } from './local-features-of.ts';

export interface CalibrationQuerySet {
  /** Dataset spec, e.g. "mnist" or "glyphs:triangle,spiral". */
  spec: string;
  /** Split name or "all"; default: test where the spec has one, else all. */
  split?: string;
  /** How messages name this set (the CLI passes "--known" / "--unknown"). */
  label: string;
}

export interface CalibrateRunOptions {
  galleryDir: string;
  /** Model bundle; default: the one the gallery records. */
  modelDir?: string;
  known: CalibrationQuerySet;
  unknown: CalibrationQuerySet;
  target: ThresholdTarget;
  /** How messages name the target (the CLI passes "--target"); default "target". */
  targetLabel?: string;
  /** Queries per split of each side, evenly spaced; default 1000. */
  limit?: number;
  quiet?: boolean;
  /** Which matcher's calibration to refit (default: the gallery's); local and fused also refit the embedding's when its target is reached. */
  matcher?: Matcher;
  /** Identities the embedding shortlists for local and fused (default: the image budget of identifyWithMatcher). */
  shortlist?: number;
}

export interface CalibrateRunResult {
  /** What was saved in the gallery. */
  calibration: Calibration;
  fit: CalibratedThreshold;
  knownQueries: number;
  unknownQueries: number;
  /** The matcher whose calibration was refitted (the gallery's, unless one was asked for). */
  matcher: Matcher;
}

/** "precision=0.95" or "f1": the target as the CLI spells it, kept in gallery.json. */
export function describeTarget(target: ThresholdTarget): string {
  return target.kind === 'f1' ? 'f1' : `precision=${target.precision}`;
}

/** Per query: the best candidate's distance, whether it is right, and its identity's enrolled images. */
interface Side { distances: number[]; correct: boolean[]; shots: number[]; rivals: number[]; identities: Set<string>; reranked: MatcherQuery[] }

/** The shot-aware map on both sides' best candidates; none when every one is right, or every one wrong. */
function probabilityOf(known: Side, unknown: Side): { probability?: MatchCalibration } {
  const correct = [...known.correct, ...unknown.correct];
  if (!correct.includes(true) || !correct.includes(false)) return {};
  return {
    probability: fitShotAwareCalibration({
      distance: [...known.distances, ...unknown.distances], shots: [...known.shots, ...unknown.shots], correct, nearestOther: [...known.rivals, ...unknown.rivals],
    }),
  };
}

async function identifySide(gallery: Gallery, bundle: ModelBundle, set: CalibrationQuerySet, options: CalibrateRunOptions, known: boolean): Promise<Side> {
  let embedded;
  try {
    embedded = await embedSplits(bundle, set.spec, { split: set.split, limit: options.limit ?? 1000, quiet: options.quiet });
  } catch (error) {
    // Errors about the spec or split would otherwise not say which option they came from.
    if (!(error instanceof ArgumentError)) throw error;
    const message = error.message.startsWith('--split: ') ? error.message.slice('--split: '.length) : error.message;
    throw new ArgumentError(`${set.label}: ${message}`, { cause: error });
  }
  const enrolled = gallery.identities();
  const side: Side = { distances: [], correct: [], shots: [], rivals: [], identities: new Set(embedded.items.map((item) => item.identity)), reranked: [] };
  const matcher = options.matcher ?? 'embedding';
  if (needsFeatures(matcher)) {
    // Every shortlisted identity is kept, so the refitted probability can re-rank them as identify will.
    const features = await featuresOfDatasets(embedded.splits, { ...(gallery.featureOptions ?? defaultFeatureOptions), quiet: options.quiet });
    const results = await identifyWithMatcher(gallery, embedded.embeddings, features, { matcher, shortlist: options.shortlist, top: matcher === 'local' || options.shortlist === undefined ? gallery.size : options.shortlist });
    results.forEach((r, i) => side.reranked.push({ truth: embedded.items[i]!.identity, known, candidates: r.candidates }));
  }
  gallery.identify(embedded.embeddings, { top: 5 }).forEach((result, i) => {
    const truth = embedded.items[i]!.identity;
    side.distances.push(result.distance);
    side.correct.push(known && enrolled.has(truth) && result.identity === truth);
    side.shots.push(enrolled.get(result.identity!) ?? 1);
    side.rivals.push(runnerUpDistance(result.candidates));
  });
  return side;
}

function refuseUnreachable(fit: CalibratedThreshold, target: ThresholdTarget, label: string, queries: number): never {
  const asked = target.kind === 'f1' ? 'a best F1' : `precision ≥ ${target.precision}`;
  const hint = target.kind === 'precision' && fit.bestPrecision > 0
    ? `lower ${label} to at most precision=${Math.floor(fit.bestPrecision * 1000) / 1000}, or use ${label} f1`
    : 'no known query was matched to its own identity; check the model and the known queries';
  throw new ArgumentError(`calibrateRun: ${label} ${asked} is not reachable on ${queries} queries: the best precision at any threshold is ${fit.bestPrecision.toFixed(3)}. Hint: ${hint}. The gallery was not changed.`);
}

export async function calibrateRun(asked: CalibrateRunOptions): Promise<CalibrateRunResult> {
  const { galleryDir, target } = asked;
  const targetLabel = asked.targetLabel ?? 'target';
  const { gallery, bundle, modelDir } = await openGalleryWithModel(galleryDir, asked.modelDir);
  const options: CalibrateRunOptions = { ...asked, matcher: asked.matcher ?? gallery.matcher };
  try {
    if (gallery.size === 0) throw new ArgumentError(`calibrateRun: expected enrolled individuals in the gallery ${galleryDir} but it is empty. Hint: enrol some first (\`reid gallery enroll\`).`);
    const enrolled = gallery.identities();
    const known = await identifySide(gallery, bundle, options.known, options, true);
    if (![...known.identities].some((identity) => enrolled.has(identity))) {
      throw new ArgumentError(`calibrateRun: expected ${options.known.label} queries of identities in the gallery ${galleryDir} but none of ${options.known.spec}'s identities (${[...known.identities].slice(0, 5).join(', ') || 'none'}) are enrolled.`);
    }
    const unknown = await identifySide(gallery, bundle, options.unknown, options, false);
    const overlap = [...unknown.identities].filter((identity) => enrolled.has(identity));
    if (overlap.length > 0) {
      throw new ArgumentError(`calibrateRun: expected ${options.unknown.label} queries of identities not in the gallery ${galleryDir} but ${options.unknown.spec} has enrolled ones: ${overlap.slice(0, 5).join(', ')}. Hint: name only identities that are not enrolled.`);
    }
    const distances = [...known.distances, ...unknown.distances];
    const fit = calibrateThreshold({ bestDistance: distances, correct: [...known.correct, ...unknown.correct] }, target);
    const matcher = options.matcher ?? 'embedding';
    if (matcher !== 'embedding') return await calibrateMatcher(options, { known, unknown, fit, gallery, modelDir, bundle, matcher });
    if (!fit.reached) refuseUnreachable(fit, target, targetLabel, distances.length);
    const calibration = checkCalibration({
      threshold: fit.threshold, target: describeTarget(target), precision: fit.precision, recall: fit.recall,
      queries: distances.length, calibratedAt: new Date().toISOString(),
      ...probabilityOf(known, unknown),
      // The queries were ranked under the gallery's ranking, so the refit holds for it.
      ...(gallery.calibration?.ranking ? { ranking: gallery.calibration.ranking } : {}),
      fittedOn: `reid calibrate: ${options.known.spec} (known), ${options.unknown.spec} (unknown)`,
    }, 'calibrateRun');
    // Under the writer lock, into the latest saved gallery: an enrolment made while the queries
    // were embedding is kept.
    const model = { fingerprint: bundle.config.fingerprint, dim: bundle.config.dim, dir: modelDir };
    // The matchers' own parts stay: refitting the embedding's threshold does not touch them.
    let saved = calibration;
    await updateGallery(galleryDir, (latest) => {
      saved = { ...calibration, ...(latest.calibration?.fused ? { fused: latest.calibration.fused } : {}), ...(latest.calibration?.local ? { local: latest.calibration.local } : {}) };
      latest.calibration = saved;
    }, { model });
    return { calibration: saved, fit, knownQueries: known.distances.length, unknownQueries: unknown.distances.length, matcher };
  } finally {
    gallery.dispose();
    await releaseBundleEmbedders(bundle);
    bundle.model.dispose();
  }
}

/**
 * `--matcher local|fused`: refit that matcher's part on the queries' re-ranked candidates; refused,
 * with the gallery unchanged, when its target is not reached. The embedding's part is refitted too
 * when its target is reached, else the saved one stays (a gallery with none gets its best-F1 fit).
 */
async function calibrateMatcher(options: CalibrateRunOptions, state: { known: Side; unknown: Side; fit: CalibratedThreshold; gallery: Gallery; modelDir: string; bundle: ModelBundle; matcher: Exclude<Matcher, 'embedding'> }): Promise<CalibrateRunResult> {
  const { known, unknown, matcher, bundle } = state;
  const label = options.targetLabel ?? 'target';
  const queries = [...known.reranked, ...unknown.reranked];
  const fitted = fitMatcherCalibration(queries, {
    matcher, target: options.target, shortlist: options.shortlist ?? defaultShortlist,
    fittedOn: `reid calibrate --matcher ${matcher}: ${options.known.spec} (known), ${options.unknown.spec} (unknown)`,
  });
  if ('unreachable' in fitted) refuseUnreachable(fitted.unreachable, options.target, label, queries.length);
  const distances = [...known.distances, ...unknown.distances];
  const correct = [...known.correct, ...unknown.correct];
  const embeddingFit = state.fit.reached ? state.fit : calibrateThreshold({ bestDistance: distances, correct }, { kind: 'f1' });
  const embeddingPart = (target: ThresholdTarget, fit: CalibratedThreshold): Calibration => checkCalibration({
    threshold: fit.threshold, target: describeTarget(target), precision: fit.precision, recall: fit.recall,
    queries: distances.length, calibratedAt: new Date().toISOString(), fittedOn: `reid calibrate: ${options.known.spec} (known), ${options.unknown.spec} (unknown)`,
    ...probabilityOf(known, unknown),
  }, 'calibrateRun');
  const model = { fingerprint: bundle.config.fingerprint, dim: bundle.config.dim, dir: state.modelDir };
  let saved: Calibration | undefined;
  await updateGallery(options.galleryDir, (latest) => {
    const base = state.fit.reached ? embeddingPart(options.target, state.fit) : latest.calibration ?? (embeddingFit.reached ? embeddingPart({ kind: 'f1' }, embeddingFit) : undefined);
    if (!base) throw new ArgumentError(`calibrateRun: no embedding threshold is reachable on ${distances.length} queries, and the gallery ${options.galleryDir} has none to keep. The gallery was not changed.`);
    // A refitted embedding part replaces the verdict's probability threshold too (it was fitted under the old map), so the new distance threshold decides.
    const { probabilityThreshold: _replaced, ...kept } = latest.calibration ?? {};
    saved = { ...(state.fit.reached ? kept : latest.calibration ?? {}), ...base, [matcher]: fitted.calibration } as Calibration;
    latest.calibration = saved;
  }, { model });
  return { calibration: saved!, fit: fitted.fit, knownQueries: known.distances.length, unknownQueries: unknown.distances.length, matcher };
}
