// bench photo's references on one split of the test individuals: the Python OpenCV SIFT + ratio
// test + RANSAC homography matcher (bench/reference/sift_reference.py, one-vs-all) and reid's
// local-only matcher (the gallery's features and matching defaults, every enrolled image) on the
// same query files in alternating rounds, so both see the same load; and raw pixels (32×32 grey,
// zero mean, unit norm, nearest enrolled image) on every query of the split.
import sharp from 'sharp';
import { auroc } from '../src/eval/index.ts';
import { defaultFeatureOptions, extractFeaturesFromFile, identityScores, matchMany, type LocalFeatures } from '../src/features/index.ts';
import { Gallery } from '../src/gallery/index.ts';
import { Random } from '../src/util/random.ts';
import { startPythonReference } from './python-reference.ts';

export interface ReferenceSplit {
  gallery: { file: string; identity: string }[];
  queries: { file: string; identity: string; known: boolean }[];
}

/** 2/3 of the individuals (shuffled by seed) enrolled from sightings 0 and 1, their others known queries; the rest unknown queries. */
export function referenceSplit(individuals: readonly { identity: string; files: string[] }[], seed: number): ReferenceSplit {
  const order = new Random(seed).shuffle([...individuals]);
  const enrolled = Math.round((2 / 3) * order.length);
  const split: ReferenceSplit = { gallery: [], queries: [] };
  order.forEach(({ identity, files }, i) => {
    if (i < enrolled) {
      split.gallery.push(...files.slice(0, 2).map((file) => ({ file, identity })));
      split.queries.push(...files.slice(2).map((file) => ({ file, identity, known: true })));
    } else split.queries.push(...files.map((file) => ({ file, identity, known: false })));
  });
  return split;
}

interface Answer { identity: string; score: number; top5: string[] }

function summarise(queries: ReferenceSplit['queries'], answers: readonly Answer[]) {
  const known = queries.map((q) => q.known);
  const hits = (k: number) => queries.filter((q, i) => q.known && answers[i]!.top5.slice(0, k).includes(q.identity)).length / Math.max(1, known.filter(Boolean).length);
  return { knownQueries: known.filter(Boolean).length, unknownQueries: known.filter((k) => !k).length, top1: hits(1), top5: hits(5), unknownAuroc: auroc(answers.map((a) => a.score), known) };
}

/** reid local-only and the Python reference on `count` queries of the split (evenly spaced), alternating rounds of 10. */
export async function localAgainstPython(split: ReferenceSplit, count: number, threads: number, python: string): Promise<Record<string, unknown>[]> {
  const step = split.queries.length / Math.min(count, split.queries.length);
  const queries = Array.from({ length: Math.min(count, split.queries.length) }, (_, i) => split.queries[Math.floor(i * step)]!);
  const gallery: LocalFeatures[] = [];
  for (const g of split.gallery) gallery.push(await extractFeaturesFromFile(g.file, defaultFeatureOptions));
  const reference = await startPythonReference(python, 'sift_reference.py', threads);
  const reidAnswers: Answer[] = [], pythonAnswers: Answer[] = [];
  let reidSeconds = 0, pythonSeconds = 0;
  try {
    if (!('note' in reference)) await reference.ask({ cmd: 'gallery', files: split.gallery.map((g) => g.file), identities: split.gallery.map((g) => g.identity) });
    for (let from = 0; from < queries.length; from += 10) {
      const round = queries.slice(from, from + 10);
      const start = performance.now();
      for (const q of round) {
        const features = await extractFeaturesFromFile(q.file, defaultFeatureOptions);
        const counts = await matchMany(features, gallery, { concurrency: threads, trusted: true });
        const scores = identityScores(split.gallery.map((g, i) => ({ identity: g.identity, inliers: counts.inliers[i]!, tentative: counts.tentative[i]! })));
        reidAnswers.push({ identity: scores[0]!.identity, score: scores[0]!.score, top5: scores.slice(0, 5).map((s) => s.identity) });
      }
      reidSeconds += (performance.now() - start) / 1000;
      if ('note' in reference) continue;
      const reply = await reference.ask({ cmd: 'identify', files: round.map((q) => q.file), ratio: 0.8 }) as { seconds: number; answers: { identity: string; inliers: number }[] };
      pythonSeconds += reply.seconds;
      pythonAnswers.push(...reply.answers.map((a) => ({ identity: a.identity, score: a.inliers, top5: [a.identity] })));
    }
  } finally {
    if (!('note' in reference)) reference.close();
  }
  const base = { split: 'reference', enrolledImages: split.gallery.length, threads };
  const reid = { ...base, method: 'reid local-only (RootSIFT, every enrolled image)', ...summarise(queries, reidAnswers), queriesPerSecond: queries.length / reidSeconds };
  if ('note' in reference) return [reid, { ...base, method: 'python opencv', note: reference.note }];
  // The reference returns only its best identity, so its top-5 is not known: reported as null.
  const py = { ...base, method: `python ${reference.torch} SIFT + ratio 0.8 + RANSAC homography, one-vs-all`, ...summarise(queries, pythonAnswers), top5: null, queriesPerSecond: queries.length / pythonSeconds };
  const ratio = reid.queriesPerSecond / py.queriesPerSecond;
  return [reid, py, {
    ...base, method: 'reid local-only vs python', ratio: +ratio.toFixed(2), top1Reid: reid.top1, top1Python: py.top1,
    target: '≥ 5× at equal or better top-1', met: ratio >= 5 && reid.top1 >= py.top1,
  }];
}

async function rawPixels(file: string): Promise<Float32Array> {
  const { data } = await sharp(file).greyscale().resize(32, 32, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  const v = Float32Array.from(data);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += (v[i]! -= mean) ** 2;
  const scale = 1 / Math.sqrt(norm || 1);
  return v.map((x) => x * scale);
}

/** Raw pixels on every query of the split. */
export async function rawPixelRow(split: ReferenceSplit): Promise<Record<string, unknown>> {
  const pack = async (files: string[]) => {
    const out = new Float32Array(files.length * 1024);
    for (let i = 0; i < files.length; i++) out.set(await rawPixels(files[i]!), i * 1024);
    return out;
  };
  const gallery = new Gallery({
    dim: 1024, modelFingerprint: 'raw-pixels', embeddings: await pack(split.gallery.map((g) => g.file)),
    items: split.gallery.map((g, i) => ({ id: `g${i}`, identity: g.identity, source: g.file })),
  });
  try {
    const start = performance.now();
    const results = gallery.identify(await pack(split.queries.map((q) => q.file)), { top: 5 });
    const seconds = (performance.now() - start) / 1000;
    const answers = results.map((r) => ({ identity: r.identity ?? '', score: -r.distance, top5: r.candidates.map((c) => c.identity) }));
    return { split: 'reference', method: 'raw pixels (32×32 grey, nearest enrolled image)', enrolledImages: split.gallery.length, ...summarise(split.queries, answers), queriesPerSecond: split.queries.length / seconds };
  } finally {
    gallery.dispose();
  }
}
