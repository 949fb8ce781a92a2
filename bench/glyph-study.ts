// What makes never-trained identities better or worse: short trainings on procedural strokes that
// differ in one setting each (identities, loss, augmentation, embedding size, weight decay, length,
// sighting variation, network width), scored only on identities held out of every training (the ten
// glyph classes and 200 stroke identities from id 100000), through Gallery.identify, mean and
// minimum over 3 protocol seeds. Each line also splits top-1 and AUROC by subset (the glyph classes'
// own queries, and the strokes'), since the 200 stroke identities give most of the queries.
// Usage: npm run bench -- glyph-study [--only NAME,NAME] [--batches 600] [--seed 42] [--work DIR] [--model DIR] [--no-digits]
// --seed changes the training seed (a second seed's runs go to runs/glyph-study-seedN by default);
// --no-digits skips the held-out digits line (MNIST test 7, 8, 9 against 0-6, 5-shot, as bench openset);
// --model DIR scores an existing bundle (e.g. assets/models/glyph-general) instead of training.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { concatDatasets, glyphClasses, GlyphDataset, loadMnist, splitByIdentity, StrokeDataset, type ImageDataset } from '../src/data/index.ts';
import { auroc } from '../src/eval/index.ts';
import { defaultRecipe, openSetOverSeeds, trainRun, type EmbeddedSet, type OpenSetRun, type TrainRecipe } from '../src/recipes/index.ts';
import { embedDataset, loadModelBundle, type ModelBundle } from '../src/train/index.ts';

function option(args: readonly string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
}

const glyphNames = new Set<string>(glyphClasses);

/** Top-1 of known queries and unknown AUROC over the queries of one subset (glyph classes or strokes). */
function subsetFigures(run: OpenSetRun, inSubset: (identity: string) => boolean): { top1: number; unknownAuroc: number } {
  const queries = run.queries.filter((q) => inSubset(q.truth));
  const known = queries.filter((q) => q.known);
  const top1 = known.filter((q) => q.result.identity === q.truth).length / Math.max(1, known.length);
  const both = known.length > 0 && known.length < queries.length;
  return { top1, unknownAuroc: both ? auroc(queries.map((q) => -q.result.distance), queries.map((q) => q.known)) : Number.NaN };
}

async function embedSet(bundle: ModelBundle, dataset: ImageDataset): Promise<EmbeddedSet> {
  const { embeddings } = await embedDataset(bundle.model, dataset, bundle.config.preprocessing);
  return { embeddings, dim: bundle.config.dim, identities: Array.from(dataset.labels, (l) => dataset.identities[l]!) };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

export async function main(args: readonly string[]): Promise<void> {
  const batches = Number(option(args, '--batches', '600'));
  const seed = Number(option(args, '--seed', '42'));
  const work = option(args, '--work', seed === 42 ? 'runs/glyph-study' : `runs/glyph-study-seed${seed}`);
  const base: TrainRecipe = { ...defaultRecipe, data: 'strokes:2000', epochs: 1, batchesPerEpoch: batches, seed, validationLimit: 1000, checkpointEvery: 0 };
  const variants: Record<string, Partial<TrainRecipe>> = {
    baseline: {},
    'identities-500': { data: 'strokes:500' },
    'identities-4000': { data: 'strokes:4000' },
    'no-augmentation': { augment: false },
    'elastic-augmentation': { augmentPreset: 'glyphElastic' },
    'dim-64': { dim: 64 },
    'small-wide': { arch: 'small-wide' },
    'wd-0.1': { weightDecay: 0.1 },
    'length-x2': { batchesPerEpoch: 2 * batches },
    'length-x4': { batchesPerEpoch: 4 * batches },
    contrastive: { loss: 'contrastive', margin: 1 },
    arcface: { loss: 'arcface', margin: 0.3 },
    'subcenter-arcface': { loss: 'subcenter-arcface', margin: 0.3 },
    'mnist+strokes': { data: 'mnist+strokes:2000' },
  };
  const modelDir = args.includes('--model') ? option(args, '--model', '') : undefined;
  const only = modelDir ? ['model'] : args.includes('--only') ? option(args, '--only', '').split(',') : Object.keys(variants);
  mkdirSync(work, { recursive: true });
  const evaluation = concatDatasets([
    new GlyphDataset({ countPerClass: 30, seed: 123, name: 'glyphs-eval' }),
    new StrokeDataset({ identities: 200, sightingsPerIdentity: 10, seed: 0, firstIdentity: 100000, name: 'strokes-eval' }),
  ]);
  const digits = args.includes('--no-digits') ? undefined : splitByIdentity((await loadMnist()).test, ['7', '8', '9']);
  for (const name of only) {
    const variant = modelDir ? {} : variants[name];
    if (!variant) throw new Error(`glyph-study: expected one of ${Object.keys(variants).join(', ')} for --only but received "${name}"`);
    const out = modelDir ?? join(work, name);
    const started = performance.now();
    if (!existsSync(join(out, 'model.json'))) await trainRun({ ...base, ...variant }, { out, quiet: true, log: () => {} });
    const seconds = (performance.now() - started) / 1000;
    const bundle = await loadModelBundle(out);
    const set = await embedSet(bundle, evaluation);
    const calibration = bundle.config.calibration;
    for (const shots of [1, 5]) {
      const glyphs: { top1: number; unknownAuroc: number }[] = [];
      const strokes: { top1: number; unknownAuroc: number }[] = [];
      const onRun = (run: OpenSetRun) => {
        glyphs.push(subsetFigures(run, (identity) => glyphNames.has(identity)));
        strokes.push(subsetFigures(run, (identity) => !glyphNames.has(identity)));
      };
      const spread = openSetOverSeeds(set, { shots, seeds: [1, 2, 3], threshold: calibration?.threshold, probability: calibration?.probability, probabilityThreshold: calibration?.probabilityThreshold, onRun });
      const stat = (key: 'top1' | 'unknownAuroc' | 'baks' | 'baus' | 'ece') => ({ mean: spread[key].mean, min: spread[key].min });
      const subset = (runs: { top1: number; unknownAuroc: number }[]) => ({ top1: mean(runs.map((r) => r.top1)), unknownAuroc: mean(runs.map((r) => r.unknownAuroc).filter(Number.isFinite)) });
      console.log(JSON.stringify({
        bench: 'glyph-study', variant: name, model: out, change: variant, trainSeed: modelDir ? bundle.config.recipe.seed : seed, shots, trainSeconds: Math.round(seconds),
        top1: stat('top1'), unknownAuroc: stat('unknownAuroc'), baks: stat('baks'), baus: stat('baus'), ece: stat('ece'),
        glyphClasses: subset(glyphs), strokes: subset(strokes),
      }));
    }
    if (digits) {
      // Real handwriting, never trained on: bench openset's held-out-digits set, 5-shot.
      const data = await embedSet(bundle, digits.heldOut);
      const background = await embedSet(bundle, digits.seen);
      const spread = openSetOverSeeds(data, { shots: 5, seeds: [1, 2, 3], background, threshold: calibration?.threshold, probability: calibration?.probability, probabilityThreshold: calibration?.probabilityThreshold });
      console.log(JSON.stringify({ bench: 'glyph-study', variant: name, set: 'held-out digits', shots: 5, top1: { mean: spread.top1.mean, min: spread.top1.min }, unknownAuroc: { mean: spread.unknownAuroc.mean, min: spread.unknownAuroc.min } }));
    }
    bundle.model.dispose();
  }
}
