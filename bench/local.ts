// Local-only identification (no network): each query image's SIFT features matched against every
// enrolled image (~200: 100 individuals × 2 sightings), identities ranked by verified inliers.
// reid (RootSIFT, capped keypoints, exact uint8 matching, parallel AsyncWorkers, gallery features
// cached) against a Python OpenCV reference (bench/reference/sift_reference.py: SIFT, BFMatcher
// ratio test, RANSAC homography, one-vs-all, gallery features cached too) on the same files.
// Reports queries/s, `ratio` (reid ÷ Python), top-1 on known queries and unknown AUROC.
// Data: --synth spots|stripes|notches draws the set with `reid synth` (at --size, default 256);
// without it, bench/local-synthetic.ts's textured ellipses.
// Usage: npm run bench -- local [--synth spots] [--known 100] [--unknown 50] [--keypoints 400] [--max-side 320] [--ratio 0.8] [--model affine|homography] [--verify-top 0]
//        [--work runs/bench-local] [--python /usr/bin/python3] [--threads 2] [--no-python]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auroc } from '../src/eval/index.ts';
import { extractFeaturesFromFile, identityScores, matchMany, type IdentityScoreRule, type LocalFeatures } from '../src/features/index.ts';
import { startPythonReference } from './python-reference.ts';
import { writeSyntheticSet, type SyntheticSet } from './local-synthetic.ts';
import { writeSynthSet } from './local-synth-set.ts';
import { isSynthPattern } from '../src/data/index.ts';

function option(args: readonly string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
}

interface Answer { identity: string; score: number }

function summarise(set: SyntheticSet, answers: readonly Answer[]): { top1: number; unknownAuroc: number } {
  const known = set.queries.map((q) => q.known);
  const correct = set.queries.filter((q, i) => q.known && answers[i]!.identity === q.identity).length;
  return {
    top1: correct / known.filter(Boolean).length,
    unknownAuroc: known.some((k) => !k) ? auroc(answers.map((a) => a.score), known) : Number.NaN,
  };
}

export async function main(args: readonly string[]): Promise<void> {
  const knownCount = Number(option(args, '--known', '100')), unknownCount = Number(option(args, '--unknown', '50'));
  const work = option(args, '--work', `runs/bench-local-${knownCount}-${unknownCount}`);
  const threads = Number(option(args, '--threads', process.env.REID_THREADS ?? '2'));
  const ratio = Number(option(args, '--ratio', '0.8'));
  const featureOptions = { maxKeypoints: Number(option(args, '--keypoints', '400')), maxSide: Number(option(args, '--max-side', '320')) };
  const model = option(args, '--model', 'affine') as 'affine' | 'homography';
  const matchOptions = { ratio, model, concurrency: threads, trusted: true, verifyTop: Number(option(args, '--verify-top', '0')) };
  const synth = option(args, '--synth', '');
  if (synth !== '' && !isSynthPattern(synth)) throw new Error(`bench local: expected spots, stripes or notches for --synth but received ${synth}`);
  const setFile = join(work, 'set.json');
  const set: SyntheticSet = synth !== ''
    ? await writeSynthSet(option(args, '--work', `runs/bench-local-synth-${synth}-${knownCount}-${unknownCount}`), synth, knownCount, unknownCount, Number(option(args, '--size', '256')))
    : existsSync(setFile)
      ? JSON.parse(readFileSync(setFile, 'utf8')) as SyntheticSet
      : await writeSyntheticSet(work, knownCount, 2, 1, unknownCount);
  const base = { bench: 'local', data: synth === '' ? 'bench ellipses' : `reid synth ${synth}`, gallery: set.gallery.length, queries: set.queries.length, threads };

  // reid: gallery features once (as enrolment would store them), then one query at a time.
  const enrolStart = performance.now();
  const gallery: LocalFeatures[] = [];
  for (const g of set.gallery) gallery.push(await extractFeaturesFromFile(g.file, featureOptions));
  const enrolSeconds = (performance.now() - enrolStart) / 1000;
  const rules: Record<string, IdentityScoreRule> = { 'max-inliers': { kind: 'max-inliers' }, cohort: { kind: 'cohort' } };
  const answers: Record<string, Answer[]> = { 'max-inliers': [], cohort: [] };
  const python = args.includes('--no-python') ? { note: 'skipped (--no-python)' } : await startPythonReference(option(args, '--python', '/usr/bin/python3'), 'sift_reference.py', threads);
  if (!('note' in python)) await python.ask({ cmd: 'gallery', files: set.gallery.map((g) => g.file), identities: set.gallery.map((g) => g.identity) });
  const pyAnswers: Answer[] = [];
  let reidSeconds = 0, pythonSeconds = 0;
  try {
    // Rounds of a few queries, reid then Python on the same files, so both see the same load on a shared machine.
    for (let from = 0; from < set.queries.length; from += 10) {
      const round = set.queries.slice(from, from + 10);
      const start = performance.now();
      for (const q of round) {
        const features = await extractFeaturesFromFile(q.file, featureOptions);
        const counts = await matchMany(features, gallery, matchOptions);
        const images = set.gallery.map((g, i) => ({ identity: g.identity, inliers: counts.inliers[i]!, tentative: counts.tentative[i]! }));
        for (const [name, rule] of Object.entries(rules)) {
          const top = identityScores(images, rule)[0]!;
          answers[name]!.push({ identity: top.identity, score: top.score });
        }
      }
      reidSeconds += (performance.now() - start) / 1000;
      if ('note' in python) continue;
      const reply = await python.ask({ cmd: 'identify', files: round.map((q) => q.file), ratio }) as { seconds: number; answers: { identity: string; inliers: number }[] };
      pythonSeconds += reply.seconds;
      pyAnswers.push(...reply.answers.map((a) => ({ identity: a.identity, score: a.inliers })));
    }
    const reidRate = set.queries.length / reidSeconds;
    const meanKeypoints = gallery.reduce((s, g) => s + g.keypoints.length / 5, 0) / gallery.length;
    const settings = { ...featureOptions, ratioTest: ratio, model: matchOptions.model, verifyTop: matchOptions.verifyTop, meanKeypoints: Math.round(meanKeypoints) };
    for (const name of Object.keys(rules)) {
      console.log(JSON.stringify({ ...base, method: `reid ${name}`, ...settings, queriesPerSecond: +reidRate.toFixed(2), enrolSeconds: +enrolSeconds.toFixed(2), ...summarise(set, answers[name]!) }));
    }
    if ('note' in python) {
      console.log(JSON.stringify({ ...base, method: 'python opencv', note: python.note }));
      return;
    }
    const pythonRate = set.queries.length / pythonSeconds;
    const py = summarise(set, pyAnswers);
    console.log(JSON.stringify({ ...base, method: `python ${python.torch} SIFT + ratio + RANSAC homography`, ratioTest: ratio, queriesPerSecond: +pythonRate.toFixed(2), ...py }));
    const reid = summarise(set, answers['max-inliers']!);
    console.log(JSON.stringify({ ...base, method: 'reid vs python', ratio: +(reidRate / pythonRate).toFixed(2), top1Reid: reid.top1, top1Python: py.top1, target: '≥ 5× at equal or better top-1' }));
  } finally {
    if (!('note' in python)) python.close();
  }
}
