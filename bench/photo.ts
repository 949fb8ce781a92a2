// Photo-ID of patterned individuals end to end (issue 11's acceptance), on catalogues drawn by
// `reid synth` (bench/photo-sets.ts): the shipped pattern model fine-tuned on a few hundred
// individuals (`reid train --init pattern-general`, timed), then new individuals, disjoint from
// both trainings, enrolled from 2 sightings each and asked about with their other sightings and
// with individuals never enrolled, through src/recipes/photo-protocol.ts (the path `reid identify`
// takes): embedding-only, local-only and fused top-1, top-5, unknown AUROC, BAKS/BAUS at thresholds
// fitted on other disjoint individuals, and queries/s. Over several split seeds (which individuals
// are enrolled, which sightings), with mean, min and max. Beside them, on one split of the same test
// individuals: the Python OpenCV SIFT + RANSAC reference and reid's local-only matcher on the same
// query files (with `ratio`), and raw pixels. Then one photo identified, fused, against a gallery of
// about 1,000 enrolled photos (p50 ms). The pattern model without fine-tuning is reported too (first seed).
// Usage: npm run bench -- photo [--quick] [--pattern spots|stripes|notches] [--seeds 3] [--init pattern-general]
//        [--epochs 2] [--lr 1e-3] [--shortlist budget,20] [--work DIR] [--threads 2] [--python /usr/bin/python3] [--no-python]
//        [--parts protocol,latency,reference] [--matchers embedding,local,fused] [--no-augment]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { isSynthPattern } from '../src/data/index.ts';
import { Gallery, identifyWithMatcher, type Matcher } from '../src/gallery/index.ts';
import { defaultFeatureOptions } from '../src/features/index.ts';
// Recipes from their own files, so the bench runs while other recipes are mid-edit.
import { embedFiles } from '../src/recipes/embed-files.ts';
import { featuresOfFiles } from '../src/recipes/local-features-of.ts';
import { photoProtocol, type PhotoProtocolRow } from '../src/recipes/photo-protocol.ts';
import { resolveModelDir } from '../src/recipes/shipped-models.ts';
import { defaultRecipe, trainRun } from '../src/recipes/train-run.ts';
import { loadModelBundle, type ModelBundle } from '../src/train/index.ts';
import { drawPhotoSets, fullSizes, quickSizes, type PhotoSets } from './photo-sets.ts';
import { localAgainstPython, rawPixelRow, referenceSplit } from './photo-reference.ts';

function option(args: readonly string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
}

const emit = (line: Record<string, unknown>) => console.log(JSON.stringify(line, (_, v) => (typeof v === 'number' && !Number.isInteger(v) ? +v.toFixed(4) : v)));
const log = (line: string) => console.error(line);

/** Mean, min and max of each numeric field over the seeds' rows of one matcher. */
function spread(rows: PhotoProtocolRow[]): Record<string, unknown> {
  const out: Record<string, unknown> = { matcher: rows[0]!.matcher, seeds: rows.length };
  for (const key of ['top1', 'top5', 'unknownAuroc', 'baks', 'baus', 'p50LatencyMs', 'queriesPerSecond'] as const) {
    const values = rows.map((r) => r[key]);
    out[key] = values.reduce((a, b) => a + b, 0) / values.length;
    out[`${key}Min`] = Math.min(...values);
    out[`${key}Max`] = Math.max(...values);
  }
  return { ...out, enrolledImages: rows[0]!.enrolledImages, knownQueries: rows[0]!.knownQueries, unknownQueries: rows[0]!.unknownQueries };
}

async function fineTune(sets: PhotoSets, init: string, out: string, args: readonly string[], quick: boolean): Promise<{ dir: string; minutes: number; cpuMinutes: number; photos: number; reused: boolean }> {
  const record = join(out, 'fine-tune.json');
  if (existsSync(join(out, 'model.json')) && existsSync(record)) return { ...JSON.parse(readFileSync(record, 'utf8')) as { minutes: number; cpuMinutes: number; photos: number }, dir: out, reused: true };
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = await trainRun({
    ...defaultRecipe, data: `folder:${sets.train}`, init, augment: !args.includes('--no-augment'), epochs: Number(option(args, '--epochs', quick ? '1' : '2')), lr: Number(option(args, '--lr', '1e-3')),
    seed: 1, channelsLast: true, checkpointEvery: 0, validationLimit: quick ? 200 : 600, ...(quick ? { batchesPerEpoch: 6 } : {}),
  }, { out, resume: false, quiet: true, log: (line) => log(`fine-tune: ${line}`) });
  const photos = result.seen.length + (result.validation?.length ?? 0);
  result.model.dispose();
  const minutes = (performance.now() - start) / 60000;
  const cpu = process.cpuUsage(cpuStart);
  // CPU minutes do not grow with other work on a shared machine; on 2 idle cores the wall time is about half of them.
  const cpuMinutes = (cpu.user + cpu.system) / 6e7;
  writeFileSync(record, JSON.stringify({ minutes, cpuMinutes, photos }));
  return { dir: out, minutes, cpuMinutes, photos, reused: false };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One photo from its file, fused, against a gallery of every latency and test-enrolled photo (about 1,000). */
async function latencyRow(bundle: ModelBundle, sets: PhotoSets, shortlist: number | undefined, queries: number): Promise<Record<string, unknown>> {
  const enrolled = [...sets.latencyFiles, ...sets.testFiles].flatMap(({ identity, files }) => files.slice(0, 2).map((file) => ({ identity, file })));
  const files = enrolled.map((e) => e.file);
  const { embeddings } = await embedFiles(bundle, files);
  const features = await featuresOfFiles(files, defaultFeatureOptions);
  const gallery = new Gallery({
    dim: bundle.config.dim, modelFingerprint: bundle.config.fingerprint, embeddings, features, featureOptions: defaultFeatureOptions,
    items: enrolled.map((e, i) => ({ id: `g${i}`, identity: e.identity, source: e.file })),
  });
  try {
    const asked = sets.testFiles.filter((t) => t.files.length > 2).slice(0, queries).map((t) => t.files[2]!);
    const parts = { total: [] as number[], embed: [] as number[], features: [] as number[], match: [] as number[] };
    for (const file of asked) {
      const t0 = performance.now();
      const q = await embedFiles(bundle, [file]);
      const t1 = performance.now();
      const f = await featuresOfFiles([file], defaultFeatureOptions);
      const t2 = performance.now();
      await identifyWithMatcher(gallery, q.embeddings, f, { matcher: 'fused', shortlist, top: 5 });
      const t3 = performance.now();
      parts.total.push(t3 - t0), parts.embed.push(t1 - t0), parts.features.push(t2 - t1), parts.match.push(t3 - t2);
    }
    const p50 = median(parts.total);
    return {
      method: 'fused, one photo from its file (embed + features + shortlist re-rank)', enrolledImages: gallery.size, queries: parts.total.length, shortlist: shortlist ?? 'budget',
      p50Ms: p50, maxMs: Math.max(...parts.total), p50EmbedMs: median(parts.embed), p50FeaturesMs: median(parts.features), p50ShortlistAndMatchMs: median(parts.match),
      loadAverage: loadavg().map((l) => +l.toFixed(1)), target: '≤ 200 ms p50', met: p50 <= 200,
    };
  } finally {
    gallery.dispose();
  }
}

export async function main(args: readonly string[]): Promise<void> {
  const quick = args.includes('--quick');
  const pattern = option(args, '--pattern', 'spots');
  if (!isSynthPattern(pattern)) throw new Error(`bench photo: expected spots, stripes or notches for --pattern but received ${pattern}`);
  const sizes = quick ? quickSizes : fullSizes;
  const seeds = Array.from({ length: Number(option(args, '--seeds', quick ? '1' : '3')) }, (_, i) => i + 1);
  const threads = Number(option(args, '--threads', process.env.REID_THREADS ?? '2'));
  // --shortlist budget,20: the fused matcher at each (budget: identifyWithMatcher's default image budget; N: N identities).
  // The first runs every matcher and times the latency; each further one only the fused matcher, as 'fused@N'.
  const shortlists = option(args, '--shortlist', 'budget,20').split(',').map((s) => (s === 'budget' ? undefined : Number(s)));
  for (const s of shortlists) if (s !== undefined && !(Number.isInteger(s) && s > 0)) throw new Error(`bench photo: expected budget or positive integers for --shortlist but received ${option(args, '--shortlist', '')}`);
  const shortlist = shortlists[0];
  const initName = option(args, '--init', 'pattern-general');
  const init = resolveModelDir(initName);
  const work = option(args, '--work', `runs/bench-photo-${pattern}${quick ? '-quick' : ''}`);
  // --parts protocol,latency,reference: which parts to run (default all), e.g. two processes side by side on a busy machine.
  const parts = new Set(option(args, '--parts', 'protocol,latency,reference').split(','));
  const base = { bench: 'photo', pattern, quick, threads, cpus: cpus().length, loadAverage: loadavg().map((l) => +l.toFixed(1)) };

  const sets = await drawPhotoSets(work, pattern, sizes, log);
  emit({ ...base, stage: 'catalogues', drawSeconds: sets.drawSeconds, train: sizes.train, calibration: sizes.calibration, test: sizes.test, size: sizes.size });
  // --no-augment: fine-tune without the photo augmentations (their random crops cut the pattern away), in its own folder.
  const tuned = await fineTune(sets, init, join(work, args.includes('--no-augment') ? 'fine-tuned-no-augment' : 'fine-tuned'), args, quick);
  emit({ ...base, stage: 'fine-tuning', init: initName, augment: !args.includes('--no-augment'), photos: tuned.photos, trainingMinutes: tuned.minutes, cpuMinutes: tuned.cpuMinutes, reusedEarlierRun: tuned.reused, target: '≤ 10 min on 2,400 photos', met: tuned.minutes <= 10 });

  // The pattern model as shipped is asked on the first seed only (local-only does not depend on the model).
  // --matchers embedding,fused: skip local-only, the slowest (every query against every enrolled photo), on a busy machine.
  const chosen = option(args, '--matchers', 'embedding,local,fused').split(',');
  for (const m of chosen) if (m !== 'embedding' && m !== 'local' && m !== 'fused') throw new Error(`bench photo: expected embedding, local or fused for --matchers but received ${m}`);
  const only = (list: readonly Matcher[]) => list.filter((m) => chosen.includes(m));
  const models = [
    { name: 'fine-tuned', dir: tuned.dir, matchers: only(['embedding', 'local', 'fused']), seeds },
    { name: `${initName} (no fine-tuning)`, dir: init, matchers: only(['embedding', 'fused']), seeds: seeds.slice(0, 1) },
  ];
  for (const { name, dir, matchers, seeds: modelSeeds } of models.filter((m) => parts.has('protocol') || (parts.has('latency') && m.name === 'fine-tuned'))) {
    const bundle = await loadModelBundle(dir);
    try {
      const bySeed: PhotoProtocolRow[][] = [];
      for (const seed of parts.has('protocol') ? modelSeeds : []) {
        const rows = await photoProtocol({ bundle, data: `folder:${sets.test}`, calibrationData: `folder:${sets.calibration}`, seed, shortlist, matchers, latencyQueries: quick ? 4 : 20, quiet: true });
        for (const further of shortlists.slice(1)) {
          const [fused] = await photoProtocol({ bundle, data: `folder:${sets.test}`, calibrationData: `folder:${sets.calibration}`, seed, shortlist: further, matchers: ['fused'], latencyQueries: 0, quiet: true });
          rows.push({ ...fused!, matcher: `fused@${further ?? 'budget'}` as never });
        }
        for (const row of rows) emit({ ...base, model: name, seed, shortlist: row.matcher.startsWith('fused@') ? row.matcher.slice(6) : row.matcher === 'local' ? 'all' : (shortlist ?? 'budget'), ...row });
        bySeed.push(rows);
      }
      for (const matcher of bySeed.length > 0 ? [...matchers, ...(matchers.includes('fused') ? shortlists.slice(1).map((s) => `fused@${s ?? 'budget'}`) : [])] : []) {
        const rows = bySeed.map((r) => r.find((x) => x.matcher === matcher)!);
        const summary = spread(rows);
        emit({ ...base, model: name, summary: 'over seeds', ...summary, ...(matcher === 'fused' ? { target: 'top-1 ≥ 0.95, unknown AUROC ≥ 0.95', met: (summary.top1 as number) >= 0.95 && (summary.unknownAuroc as number) >= 0.95 } : {}) });
      }
      if (name === 'fine-tuned' && parts.has('latency')) emit({ ...base, model: name, stage: 'latency', ...await latencyRow(bundle, sets, shortlist, quick ? 4 : 21) });
    } finally {
      bundle.model.dispose();
    }
  }

  if (!parts.has('reference')) return;
  const split = referenceSplit(sets.testFiles, seeds[0]!);
  emit({ ...base, ...await rawPixelRow(split) });
  if (args.includes('--no-python')) emit({ ...base, method: 'python opencv', note: 'skipped (--no-python)' });
  else for (const row of await localAgainstPython(split, sizes.referenceQueries, threads, option(args, '--python', '/usr/bin/python3'))) emit({ ...base, ...row });
}
