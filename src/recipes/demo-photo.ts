// The demo's photo part: synthetic manta rays (`reid synth`, belly spots) that the shipped pattern
// model never saw are enrolled from 2 photos each, with their local features, into a gallery that
// answers with the fused matcher (the embedding shortlists, verified SIFT inliers re-rank, one
// calibrated probability decides). The probability and its threshold are fitted on other synthetic
// individuals, never on the demo's queries. Then further photos of the enrolled mantas are
// re-identified, mantas never enrolled are called new, and the best candidate's match picture
// (verified correspondences) is drawn for a few of them.
import { join } from 'node:path';
import type { SynthPattern } from '../data/index.ts';
import { defaultFeatureOptions, type LocalFeatures } from '../features/index.ts';
import { Gallery, identifyWithMatcher, type Identification } from '../gallery/index.ts';
import type { ModelBundle } from '../train/index.ts';
import { embedFiles } from './embed-files.ts';
import { fitMatcherCalibration, type MatcherQuery } from './fit-matcher-calibration.ts';
import { featuresOfFiles } from './local-features-of.ts';
import { matchRun } from './match-run.ts';
import { synthRun } from './synth-run.ts';

export interface DemoPhotoOptions {
  quick: boolean;
  seed: number;
  /** Where the photos and pictures go (a new folder, or one an earlier demo wrote). */
  dir: string;
  pattern?: SynthPattern;
  log: (line: string) => void;
}

export interface DemoPhotoQuery {
  file: string;
  truth: string;
  /** Whether the individual is enrolled. */
  known: boolean;
  result: Identification;
}

export interface DemoPhotoPicture {
  query: string;
  candidate: string;
  file: string;
  inliers: number;
  caption: string;
}

export interface DemoPhoto {
  pattern: SynthPattern;
  modelFingerprint: string;
  enrolledIndividuals: number;
  enrolledImages: number;
  /** How the fused probability and threshold were fitted. */
  calibration: { individuals: number; queries: number; threshold: number; target: string } | null;
  queries: DemoPhotoQuery[];
  /** Known queries answered "known" with the right individual. */
  reidentified: number;
  knownQueries: number;
  /** Queries of individuals never enrolled answered "new". */
  calledNew: number;
  unknownQueries: number;
  pictures: DemoPhotoPicture[];
}

const photoSize = 192;
const shortlist = 20;

/** A catalogue of `count` individuals from `first`, `sightings` each, drawn (or kept) under dir. */
async function draw(dir: string, pattern: SynthPattern, first: number, count: number, sightings: number, seed: number) {
  await synthRun({ pattern, individuals: count, sightings, out: dir, first, size: photoSize, seed });
  return Array.from({ length: count }, (_, i) => ({ identity: `${pattern}-${first + i}`, files: Array.from({ length: sightings }, (_, s) => join(dir, `${pattern}-${first + i}`, `${s}.jpg`)) }));
}

interface Enrolled { gallery: Gallery; queries: { file: string; truth: string; known: boolean }[] }

/** The first `enrol` individuals from sightings 0 and 1 (their others query as known); the rest query as unknown from sighting 0. */
async function enrolAndAsk(bundle: ModelBundle, individuals: { identity: string; files: string[] }[], enrol: number): Promise<Enrolled> {
  const items = individuals.slice(0, enrol).flatMap(({ identity, files }) => files.slice(0, 2).map((file) => ({ identity, file })));
  const { embeddings } = await embedFiles(bundle, items.map((i) => i.file));
  const features: LocalFeatures[] = await featuresOfFiles(items.map((i) => i.file), defaultFeatureOptions);
  const gallery = new Gallery({
    dim: bundle.config.dim, modelFingerprint: bundle.config.fingerprint, embeddings, features, featureOptions: defaultFeatureOptions,
    items: items.map((item, i) => ({ id: `photo-${i}`, identity: item.identity, source: item.file })), calibration: bundle.config.calibration ?? null,
  });
  const queries = individuals.flatMap(({ identity, files }, i) => (i < enrol ? files.slice(2).map((file) => ({ file, truth: identity, known: true })) : [{ file: files[0]!, truth: identity, known: false }]));
  return { gallery, queries };
}

async function ask(bundle: ModelBundle, enrolled: Enrolled): Promise<Identification[]> {
  const files = enrolled.queries.map((q) => q.file);
  const { embeddings } = await embedFiles(bundle, files);
  const features = await featuresOfFiles(files, defaultFeatureOptions);
  return identifyWithMatcher(enrolled.gallery, embeddings, features, { matcher: 'fused', shortlist, top: 5 });
}

export async function runDemoPhoto(bundle: ModelBundle, options: DemoPhotoOptions): Promise<DemoPhoto> {
  const { quick, seed, log } = options;
  const pattern = options.pattern ?? 'spots';
  // Individual numbers far from the pattern model's training (0-999) and bench photo's (20000+).
  const base = 30000 + 1000 * (seed % 50);
  // Quick mode calibrates on 30 individuals: with 18, the 3-pattern model's fused threshold moved enough with the
  // seed to call 2 of 4 never-enrolled mantas new on seed 7 (3-4 of 4 with 30, seeds 1-5 and 7).
  const sizes = quick ? { enrol: 6, unknown: 4, sightings: 4, calibration: 30 } : { enrol: 30, unknown: 15, sightings: 5, calibration: 45 };
  log(`   drawing ${sizes.enrol + sizes.unknown} synthetic ${pattern} individuals and ${sizes.calibration} more to calibrate on (${photoSize} px)...`);
  const individuals = await draw(join(options.dir, 'individuals'), pattern, base, sizes.enrol + sizes.unknown, sizes.sightings, seed);
  const calibrationSet = await draw(join(options.dir, 'calibration'), pattern, base + 500, sizes.calibration, 3, seed);

  log('   fitting the fused probability on the calibration individuals...');
  const cal = await enrolAndAsk(bundle, calibrationSet, Math.round((2 / 3) * sizes.calibration));
  let calibration: DemoPhoto['calibration'] = null;
  try {
    const answers = await ask(bundle, cal);
    const queries: MatcherQuery[] = answers.map((r, i) => ({ truth: cal.queries[i]!.truth, known: cal.queries[i]!.known, candidates: r.candidates }));
    const fitted = fitMatcherCalibration(queries, { matcher: 'fused', target: { kind: 'false-match-rate', rate: 0.05 }, shortlist, fittedOn: `${sizes.calibration} synthetic ${pattern} individuals of the demo` });
    if ('calibration' in fitted) {
      calibration = { individuals: sizes.calibration, queries: queries.length, threshold: fitted.calibration.threshold, target: fitted.calibration.target };
      const test = await enrolAndAsk(bundle, individuals, sizes.enrol);
      try {
        test.gallery.calibration = { ...(test.gallery.calibration ?? { threshold: Number.POSITIVE_INFINITY, target: 'none', precision: Number.NaN, recall: Number.NaN, queries: 0, calibratedAt: new Date().toISOString() }), fused: fitted.calibration };
        return await answer(bundle, test, { pattern, calibration, options, enrolled: sizes.enrol });
      } finally {
        test.gallery.dispose();
      }
    }
  } finally {
    cal.gallery.dispose();
  }
  log('   the fused threshold could not be fitted on the calibration individuals; answering uncalibrated');
  const test = await enrolAndAsk(bundle, individuals, sizes.enrol);
  try {
    return await answer(bundle, test, { pattern, calibration, options, enrolled: sizes.enrol });
  } finally {
    test.gallery.dispose();
  }
}

async function answer(bundle: ModelBundle, test: Enrolled, context: { pattern: SynthPattern; calibration: DemoPhoto['calibration']; options: DemoPhotoOptions; enrolled: number }): Promise<DemoPhoto> {
  const { options } = context;
  options.log(`   identifying ${test.queries.length} photos with the fused matcher...`);
  const results = await ask(bundle, test);
  const queries: DemoPhotoQuery[] = results.map((result, i) => ({ ...test.queries[i]!, result }));
  const known = queries.filter((q) => q.known);
  const unknown = queries.filter((q) => !q.known);
  // Pictures: the first known queries against their best candidate, and one never-enrolled query against its nearest one.
  const drawn = [...known.slice(0, options.quick ? 2 : 4), ...unknown.slice(0, 1)];
  const pictures: DemoPhotoPicture[] = [];
  for (const [k, q] of drawn.entries()) {
    const best = q.result.candidates[0];
    const source = best?.matchedItem?.source;
    if (!best || !source) continue;
    const file = join(options.dir, `match-${k + 1}.png`);
    const match = await matchRun({ a: q.file, b: source, out: file, features: defaultFeatureOptions });
    const verdict = q.result.verdict === 'known' ? `known: ${q.result.identity}` : q.result.verdict;
    pictures.push({
      query: q.file, candidate: source, file, inliers: match.inliers,
      caption: `${q.truth} (${q.known ? 'enrolled' : 'never enrolled'}) → ${verdict}, P(same) ${q.result.probability?.toFixed(3) ?? 'n/a'}; best candidate ${best.identity}: ${match.inliers} verified inliers`,
    });
  }
  return {
    pattern: context.pattern, modelFingerprint: bundle.config.fingerprint, enrolledIndividuals: context.enrolled, enrolledImages: test.gallery.size,
    calibration: context.calibration, queries,
    reidentified: known.filter((q) => q.result.verdict === 'known' && q.result.identity === q.truth).length, knownQueries: known.length,
    calledNew: unknown.filter((q) => q.result.verdict === 'new').length, unknownQueries: unknown.length, pictures,
  };
}
