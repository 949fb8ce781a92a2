// The photo-identification protocol behind `bench photo` and `reid eval --matcher`: new individuals
// enrolled from a few sightings each, their further sightings queried as known and individuals
// never enrolled queried as unknown, answered by each matcher (embedding, local, fused) through
// identifyWithMatcher, the path `reid identify` takes. Local and fused probabilities and every
// threshold are fitted on a disjoint set of individuals run through the same protocol (never on
// the test queries). Rows: top-1, top-5, unknown AUROC, BAKS/BAUS at the fitted threshold, and the
// speed of answering one photo from its file (embed + local features + identify): p50 latency and
// queries per second, one query at a time.
import { auroc, balancedOpenSetAccuracy, fitLogisticCalibration, newIndividual, type OpenSetCalibration } from '../eval/index.ts';
import { defaultFeatureOptions, type LocalFeatures } from '../features/index.ts';
import { defaultShortlist, Gallery, identifyWithMatcher, needsFeatures, type Identification, type Matcher } from '../gallery/index.ts';
import type { ModelBundle } from '../train/index.ts';
import { ArgumentError } from '../util/errors.ts';
import { Random } from '../util/random.ts';
import { embedFiles } from './embed-files.ts';
import { datasetSplit, embedSplits } from './embed-splits.ts';
import { falseMatchThreshold } from './fit-open-set-calibration.ts';
import { fitMatcherCalibration, type MatcherQuery } from './fit-matcher-calibration.ts';
import { featuresOfDatasets, featuresOfFiles } from './local-features-of.ts';

export interface PhotoProtocolOptions {
  /** The embedding model; without one only the local matcher can run. */
  bundle?: ModelBundle;
  /** The evaluation individuals, e.g. folder:DIR of a `reid synth` catalogue (all of its splits). */
  data: string;
  /** Disjoint individuals the probabilities and thresholds are fitted on; without it nothing is calibrated (BAKS/BAUS NaN). */
  calibrationData?: string;
  /** Sightings enrolled per individual (default 2). */
  shots?: number;
  /** Share of individuals enrolled; the rest query as unknown (default 2/3). */
  enrolledFraction?: number;
  seed?: number;
  /** Default: every matcher the inputs allow. */
  matchers?: readonly Matcher[];
  /** Identities the embedding shortlists (default: identifyWithMatcher's image budget). */
  shortlist?: number;
  /** Share of unknown calibration queries the thresholds may accept (default 0.05). */
  falseMatchRate?: number;
  /** Queries answered one by one from their files to time them (default 20; 0: no timing). */
  latencyQueries?: number;
  quiet?: boolean;
}

export interface PhotoProtocolRow {
  matcher: Matcher;
  enrolledImages: number;
  enrolledIdentities: number;
  knownQueries: number;
  unknownQueries: number;
  top1: number;
  top5: number;
  unknownAuroc: number;
  baks: number;
  baus: number;
  /** One photo from its file: embed + local features + identify, median over the timed queries. */
  p50LatencyMs: number;
  queriesPerSecond: number;
}

interface Loaded { embeddings: Float32Array; dim: number; identities: string[]; sources: string[]; features: LocalFeatures[] }

async function load(spec: string, options: PhotoProtocolOptions, wantFeatures: boolean): Promise<Loaded> {
  const quiet = options.quiet;
  if (options.bundle) {
    const embedded = await embedSplits(options.bundle, spec, { split: 'all', quiet });
    const features = wantFeatures ? await featuresOfDatasets(embedded.splits, { ...defaultFeatureOptions, quiet }) : [];
    return { embeddings: embedded.embeddings, dim: embedded.dim, identities: embedded.items.map((i) => i.identity), sources: embedded.items.map((i) => i.source), features };
  }
  const sets = await datasetSplit(spec, 'all');
  const identities = sets.flatMap((set) => Array.from(set.labels, (label) => set.identities[label]!));
  const sources = sets.flatMap((set) => Array.from({ length: set.length }, (_, i) => set.source(i)));
  // Without a model every embedding is the same point: the shortlist is every identity.
  return { embeddings: new Float32Array(identities.length), dim: 1, identities, sources, features: await featuresOfDatasets(sets, { ...defaultFeatureOptions, quiet }) };
}

interface Split { gallery: Gallery; queryRows: number[]; known: boolean[]; queryEmbeddings: Float32Array; queryFeatures: LocalFeatures[] }

function split(set: Loaded, options: PhotoProtocolOptions, withFeatures: boolean): Split {
  const shots = options.shots ?? 2;
  const random = new Random(options.seed ?? 1);
  const rowsOf = new Map<string, number[]>();
  set.identities.forEach((identity, row) => (rowsOf.get(identity) ?? rowsOf.set(identity, []).get(identity)!).push(row));
  const names = random.shuffle([...rowsOf.keys()]);
  const enrolled = new Set(names.slice(0, Math.max(1, Math.round(names.length * (options.enrolledFraction ?? 2 / 3)))));
  const galleryRows: number[] = [];
  const queryRows: number[] = [];
  for (const name of names) {
    const rows = random.shuffle([...rowsOf.get(name)!]);
    if (enrolled.has(name)) {
      galleryRows.push(...rows.slice(0, shots));
      queryRows.push(...rows.slice(shots));
    } else queryRows.push(...rows);
  }
  const pick = (rows: number[]) => {
    const out = new Float32Array(rows.length * set.dim);
    rows.forEach((row, i) => out.set(set.embeddings.subarray(row * set.dim, (row + 1) * set.dim), i * set.dim));
    return out;
  };
  const gallery = new Gallery({
    dim: set.dim, modelFingerprint: 'photo-protocol', embeddings: pick(galleryRows),
    items: galleryRows.map((row, i) => ({ id: `g${i}`, identity: set.identities[row]!, source: set.sources[row]! })),
    ...(withFeatures ? { features: galleryRows.map((row) => set.features[row]!), featureOptions: defaultFeatureOptions } : {}),
  });
  return { gallery, queryRows, known: queryRows.map((row) => enrolled.has(set.identities[row]!)), queryEmbeddings: pick(queryRows), queryFeatures: withFeatures ? queryRows.map((row) => set.features[row]!) : [] };
}

const identifyAll = (s: Split, matcher: Matcher, shortlist: number | undefined, top: number) =>
  identifyWithMatcher(s.gallery, s.queryEmbeddings, needsFeatures(matcher) ? s.queryFeatures : null, { matcher, shortlist, top });

/** The calibration the test gallery gets: every matcher's part, fitted on the calibration individuals. */
async function fitOnCalibrationSet(set: Loaded, options: PhotoProtocolOptions, used: readonly Matcher[], shortlist: number | undefined): Promise<OpenSetCalibration> {
  const rate = options.falseMatchRate ?? 0.05;
  const s = split(set, options, used.some(needsFeatures));
  try {
    const embedding = s.gallery.identify(s.queryEmbeddings, { top: 5 });
    const pairs = { distance: [] as number[], genuine: [] as boolean[] };
    embedding.forEach((r, i) => r.candidates.forEach((c) => (pairs.distance.push(c.distance), pairs.genuine.push(c.identity === set.identities[s.queryRows[i]!]))));
    const calibration: OpenSetCalibration = {
      threshold: falseMatchThreshold(embedding.filter((_, i) => !s.known[i]).map((r) => r.distance), rate), target: `false-match-rate=${rate}`,
      precision: Number.NaN, recall: Number.NaN, queries: embedding.length, calibratedAt: new Date().toISOString(), probability: fitLogisticCalibration(pairs),
      fittedOn: `photo protocol on ${options.calibrationData}`,
    };
    for (const matcher of used) {
      if (matcher === 'embedding') continue;
      const results = await identifyAll(s, matcher, shortlist, matcher === 'local' || shortlist === undefined ? s.gallery.size : shortlist);
      const queries: MatcherQuery[] = results.map((r, i) => ({ truth: set.identities[s.queryRows[i]!]!, known: s.known[i]!, candidates: r.candidates }));
      const fitted = fitMatcherCalibration(queries, { matcher, target: { kind: 'false-match-rate', rate }, shortlist: shortlist ?? defaultShortlist, fittedOn: calibration.fittedOn! });
      if (!('unreachable' in fitted)) calibration[matcher] = fitted.calibration;
    }
    return calibration;
  } finally {
    s.gallery.dispose();
  }
}

/**
 * The local and fused parts of a calibration, fitted on held-out individuals already embedded and
 * featured (training's held-out identities): the protocol's split (2 sightings enrolled, a third
 * unknown), thresholds at the false-match rate. A part whose fit fails is left out.
 */
export async function fitMatcherPartsOnHeldOut(set: { embeddings: Float32Array; dim: number; identities: string[]; features: LocalFeatures[] }, options: { fittedOn: string; shortlist?: number; falseMatchRate?: number; seed?: number }): Promise<Pick<OpenSetCalibration, 'fused' | 'local'>> {
  const loaded: Loaded = { ...set, sources: set.identities.map(() => '') };
  try {
    const fitted = await fitOnCalibrationSet(loaded, { data: '', calibrationData: options.fittedOn, falseMatchRate: options.falseMatchRate, seed: options.seed }, ['local', 'fused'], options.shortlist);
    return { ...(fitted.fused ? { fused: { ...fitted.fused, fittedOn: options.fittedOn } } : {}), ...(fitted.local ? { local: { ...fitted.local, fittedOn: options.fittedOn } } : {}) };
  } catch (error) {
    if (error instanceof ArgumentError) return {}; // e.g. no genuine candidate at all: nothing to fit
    throw error;
  }
}

function score(result: Identification, matcher: Matcher): number {
  if (matcher === 'embedding') return -result.distance;
  return result.probability ?? result.candidates[0]?.inliers ?? 0;
}

export async function photoProtocol(options: PhotoProtocolOptions): Promise<PhotoProtocolRow[]> {
  const used = options.matchers ?? (options.bundle ? ['embedding', 'local', 'fused'] as const : ['local'] as const);
  if (!options.bundle && used.some((m) => m !== 'local')) throw new ArgumentError(`photoProtocol: expected a model (options.bundle) for the embedding and fused matchers but received none.`);
  const shortlist = options.shortlist;
  const withFeatures = used.some(needsFeatures);
  const calibration = options.calibrationData ? await fitOnCalibrationSet(await load(options.calibrationData, options, withFeatures), options, used, shortlist) : null;
  const set = await load(options.data, options, withFeatures);
  const s = split(set, options, withFeatures);
  s.gallery.calibration = calibration;
  try {
    const truth = s.queryRows.map((row) => set.identities[row]!);
    const ids = new Map<string, number>();
    const id = (name: string) => ids.get(name) ?? (ids.set(name, ids.size), ids.size - 1);
    const rows: PhotoProtocolRow[] = [];
    for (const matcher of used) {
      const results = await identifyAll(s, matcher, shortlist, 5);
      const known = results.flatMap((r, i) => (s.known[i] ? [{ r, truth: truth[i]! }] : []));
      const hit = (k: number) => known.filter(({ r, truth: t }) => r.candidates.slice(0, k).some((c) => c.identity === t)).length / Math.max(1, known.length);
      let [baks, baus] = [Number.NaN, Number.NaN];
      if (results.every((r) => r.calibrated)) {
        ({ baks, baus } = balancedOpenSetAccuracy({
          predicted: results.map((r) => (r.verdict === 'known' && r.identity !== null ? id(r.identity) : newIndividual)),
          truth: truth.map(id), known: s.known,
        }));
      }
      const timing = await timeQueries(s, set, options, matcher, shortlist);
      rows.push({
        matcher, enrolledImages: s.gallery.size, enrolledIdentities: s.gallery.identities().size, knownQueries: known.length, unknownQueries: results.length - known.length,
        top1: hit(1), top5: hit(5), unknownAuroc: auroc(results.map((r) => score(r, matcher)), s.known), baks, baus, ...timing,
      });
    }
    return rows;
  } finally {
    s.gallery.dispose();
  }
}

/** Answers a few queries one at a time from their files, as `reid identify FILE` would. */
async function timeQueries(s: Split, set: Loaded, options: PhotoProtocolOptions, matcher: Matcher, shortlist: number | undefined): Promise<{ p50LatencyMs: number; queriesPerSecond: number }> {
  const count = Math.min(options.latencyQueries ?? 20, s.queryRows.length);
  const step = s.queryRows.length / Math.max(1, count);
  const times: number[] = [];
  for (let k = 0; k < count; k++) {
    const file = set.sources[s.queryRows[Math.floor(k * step)]!]!;
    const start = performance.now();
    const embedding = options.bundle ? (await embedFiles(options.bundle, [file])).embeddings : new Float32Array(1);
    const features = needsFeatures(matcher) ? await featuresOfFiles([file], s.gallery.featureOptions) : null;
    await identifyWithMatcher(s.gallery, embedding, features, { matcher, shortlist, top: 5 });
    times.push(performance.now() - start);
  }
  if (times.length === 0) return { p50LatencyMs: Number.NaN, queriesPerSecond: Number.NaN };
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const p50 = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { p50LatencyMs: p50, queriesPerSecond: 1000 / (times.reduce((a, b) => a + b, 0) / times.length) };
}
