// `reid identify` and `reid calibrate`: the open-set decision and its threshold.
import type { Command } from 'commander';
import { ArgumentError, calibrateThreshold, embedDataset, embedFiles, saveGallery, setNumThreads, subset, type ThresholdTarget } from '../../index.ts';
import { positiveInt, specWithSplit } from '../parse-options.ts';
import { datasetSplit } from './embed.ts';
import { openGalleryWithModel } from './gallery.ts';

function parseTarget(value: string): ThresholdTarget {
  if (value === 'f1') return { kind: 'f1' };
  const m = /^precision=(0?\.\d+|1(\.0+)?)$/.exec(value);
  if (!m) throw new ArgumentError(`--target: expected "precision=P" (0 < P ≤ 1) or "f1" but received "${value}"`);
  return { kind: 'precision', precision: Number(m[1]) };
}

export function registerIdentify(program: Command): void {
  program
    .command('identify')
    .description('which known individual is each image, or a new one?')
    .requiredOption('--gallery <dir>', 'gallery directory')
    .option('--model <dir>', 'model bundle (default: the one the gallery records)')
    .option('--top <n>', 'candidates to show', positiveInt('--top'), 5)
    .option('--json', 'one JSON object per query per line')
    .argument('<images...>', 'image files')
    .action(async (images: string[], flags: { gallery: string; model?: string; top: number; json?: boolean }) => {
      // A few queries: one intra-op thread answers faster than two (see web/server.ts).
      if (!process.env.REID_THREADS && images.length <= 8) setNumThreads(1);
      const { gallery, bundle } = await openGalleryWithModel(flags.gallery, flags.model);
      const { embeddings } = await embedFiles(bundle, images);
      const results = gallery.identify(embeddings, { top: flags.top });
      results.forEach((r, i) => {
        if (flags.json) {
          console.log(JSON.stringify({ query: images[i], verdict: r.verdict, identity: r.identity, distance: r.distance, calibrated: r.calibrated, candidates: r.candidates.map((c) => ({ identity: c.identity, distance: c.distance, source: c.support[0]?.source })) }));
          return;
        }
        const verdict = r.verdict === 'new' ? 'NEW INDIVIDUAL' : `known: ${r.identity}`;
        console.log(`${images[i]}: ${verdict}${r.calibrated ? '' : ' (threshold not calibrated: run reid calibrate)'}`);
        r.candidates.forEach((c, rank) => console.log(`  ${rank + 1}. ${c.identity.padEnd(16)} distance ${c.distance.toFixed(4)}  ${c.support[0]?.source ?? ''}`));
      });
    });

  program
    .command('calibrate')
    .description('choose the "new individual" threshold from queries of known and unknown identities')
    .requiredOption('--gallery <dir>', 'gallery directory')
    .option('--model <dir>', 'model bundle (default: the one the gallery records)')
    .requiredOption('--known <spec>', 'queries whose identities are in the gallery (not the gallery images themselves), e.g. mnist@train')
    .requiredOption('--unknown <spec>', 'queries of identities not in the gallery, e.g. glyphs:triangle,spiral@test')
    .option('--target <t>', 'precision=P or f1', 'precision=0.95')
    .option('--limit <n>', 'queries per side', positiveInt('--limit'), 1000)
    .action(async (flags: { gallery: string; model?: string; known: string; unknown: string; target: string; limit: number }) => {
      const target = parseTarget(flags.target);
      const { gallery, bundle } = await openGalleryWithModel(flags.gallery, flags.model);
      const names = new Set(gallery.identities().keys());
      const best: number[] = [];
      const correct: boolean[] = [];
      for (const [side, value] of [['known', flags.known], ['unknown', flags.unknown]] as const) {
        const { spec, split } = specWithSplit(value, 'test');
        for (const set of await datasetSplit(spec, split)) {
          const step = Math.max(1, Math.floor(set.length / flags.limit));
          const picked = subset(set, Int32Array.from({ length: Math.min(flags.limit, set.length) }, (_, i) => i * step));
          const { embeddings } = await embedDataset(bundle.model, picked, bundle.config.preprocessing);
          gallery.identify(embeddings, { top: 1 }).forEach((r, i) => {
            const truth = picked.identities[picked.labels[i]!]!;
            best.push(r.distance);
            correct.push(side === 'known' && names.has(truth) && r.identity === truth);
          });
        }
      }
      const result = calibrateThreshold({ bestDistance: best, correct }, target);
      gallery.calibration = { threshold: result.threshold, target: flags.target, precision: result.precision, recall: result.recall, queries: best.length, calibratedAt: new Date().toISOString() };
      await saveGallery(flags.gallery, gallery);
      console.log(`threshold ${result.threshold.toFixed(4)} for ${flags.target}: precision ${result.precision.toFixed(3)}, recall ${result.recall.toFixed(3)} on ${best.length} queries${result.reached ? '' : ' (TARGET NOT REACHED)'}`);
    });
}
