// What makes never-trained identities better or worse: short trainings on procedural strokes that
// differ in one setting each (identities, loss, augmentation, embedding size, weight decay, length),
// scored only on identities held out of every training (the ten glyph classes and 200 stroke
// identities from id 100000), through Gallery.identify, mean and minimum over 3 seeds.
// Usage: npm run bench -- glyph-study [--only NAME,NAME] [--batches 600] [--work DIR]
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { concatDatasets, GlyphDataset, StrokeDataset } from '../src/data/index.ts';
import { defaultRecipe, openSetOverSeeds, trainRun, type TrainRecipe } from '../src/recipes/index.ts';
import { embedDataset, loadModelBundle } from '../src/train/index.ts';

function option(args: readonly string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
}

export async function main(args: readonly string[]): Promise<void> {
  const batches = Number(option(args, '--batches', '600'));
  const work = option(args, '--work', 'runs/glyph-study');
  const base: TrainRecipe = { ...defaultRecipe, data: 'strokes:2000', epochs: 1, batchesPerEpoch: batches, seed: 42, validationLimit: 1000, checkpointEvery: 0 };
  const variants: Record<string, Partial<TrainRecipe>> = {
    baseline: {},
    'identities-500': { data: 'strokes:500' },
    'identities-4000': { data: 'strokes:4000' },
    'no-augmentation': { augment: false },
    'dim-64': { dim: 64 },
    'wd-0.1': { weightDecay: 0.1 },
    'length-x2': { batchesPerEpoch: 2 * batches },
    contrastive: { loss: 'contrastive', margin: 1 },
    arcface: { loss: 'arcface', margin: 0.3 },
    'subcenter-arcface': { loss: 'subcenter-arcface', margin: 0.3 },
    'mnist+strokes': { data: 'mnist+strokes:2000' },
  };
  const only = args.includes('--only') ? option(args, '--only', '').split(',') : Object.keys(variants);
  mkdirSync(work, { recursive: true });
  const evaluation = concatDatasets([
    new GlyphDataset({ countPerClass: 30, seed: 123, name: 'glyphs-eval' }),
    new StrokeDataset({ identities: 200, sightingsPerIdentity: 10, seed: 0, firstIdentity: 100000, name: 'strokes-eval' }),
  ]);
  for (const name of only) {
    const variant = variants[name];
    if (!variant) throw new Error(`glyph-study: expected one of ${Object.keys(variants).join(', ')} for --only but received "${name}"`);
    const out = join(work, name);
    const started = performance.now();
    if (!existsSync(join(out, 'model.json'))) await trainRun({ ...base, ...variant }, { out, quiet: true, log: () => {} });
    const seconds = (performance.now() - started) / 1000;
    const bundle = await loadModelBundle(out);
    const { embeddings } = await embedDataset(bundle.model, evaluation, bundle.config.preprocessing);
    const set = { embeddings, dim: bundle.config.dim, identities: Array.from(evaluation.labels, (l) => evaluation.identities[l]!) };
    const calibration = bundle.config.calibration;
    for (const shots of [1, 5]) {
      const spread = openSetOverSeeds(set, { shots, seeds: [1, 2, 3], threshold: calibration?.threshold, probability: calibration?.probability });
      const stat = (key: 'top1' | 'unknownAuroc' | 'baks' | 'baus' | 'ece') => ({ mean: spread[key].mean, min: spread[key].min });
      console.log(JSON.stringify({ bench: 'glyph-study', variant: name, change: variant, shots, trainSeconds: Math.round(seconds), top1: stat('top1'), unknownAuroc: stat('unknownAuroc'), baks: stat('baks'), baus: stat('baus'), ece: stat('ece') }));
    }
    bundle.model.dispose();
  }
}
