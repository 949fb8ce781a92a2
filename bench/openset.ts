// Open-set re-identification of individuals never trained on, the figures users need: top-1
// through Gallery.identify, unknown AUROC, BAKS and BAUS at each model's shipped threshold (no
// re-calibration on test data) and ECE of its probabilities, for k = 1 and 5, mean and minimum
// over seeds. Two sets:
//   held-out digits: the MNIST test images of digits 0-6 enrolled whole as the catalogue, plus k
//     images of two of 7, 8, 9 enrolled (the third queries as unknown; which one rotates by seed);
//   glyph classes: the ten `reid glyphs` classes alone (the "never-trained glyph classes"),
//     half enrolled from k images, half unknown (which half rotates by seed);
//   glyph identities: those ten classes and 200 stroke identities held out of every training (ids
//     100000+), half enrolled from k images, half unknown: the harder set, 87% of its queries strokes.
// Models: the shipped general glyph model, and MNIST trained here without 7, 8, 9 by the
// tutorial's recipe and by reid's default recipe.
// Usage: npm run bench -- openset [--seeds 3] [--first-seed 1] [--glyph-count 30] [--epochs 3] [--batches N] [--models general,tutorial,default] [--work DIR]
//   [--scoring calibration|centroid|spread] [--refit fmr|balanced] [--general DIR] [--engine libtorch|onnx|onnx-int8]
// --engine embeds the test sets through that inference engine (onnx-int8: what its int8 ranges cost).
// --general scores another bundle as the general model (a candidate before it ships).
// --first-seed S (default 1) starts the protocol seeds (which identities are enrolled) at S; --glyph-count N
// draws N images of each glyph class instead of 30 (is a figure the estimator's noise, or the split's?).
// --scoring calibration (default) ranks as each model's calibration says (a spread ranking, or centroid);
// --refit refits the general model's calibration on the stroke identities its training held out
// (never on test data), with the given threshold rule and scoring (--refit balanced under the calibration's
// spread ranking is the shipped rule, fitGlyphModelCalibration: the map on all 300); --scoring spread also takes the
// within-identity variance prior from those identities.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { concatDatasets, GlyphDataset, loadMnist, splitByIdentity, StrokeDataset, type ImageDataset } from '../src/data/index.ts';
import {
  defaultRecipe, generalGlyphModelDir, openSetOverSeeds, trainRun, tutorialRecipe, type EmbeddedSet, type OpenSetSpread, type TrainRecipe,
} from '../src/recipes/index.ts';
import { bundleEmbedder, embedDataset, embeddingEngines, loadModelBundle, releaseBundleEmbedders, type EmbeddingEngine, type ModelBundle } from '../src/train/index.ts';
import { fitOpenSetCalibration } from '../src/recipes/index.ts';
import { fitGlyphModelCalibration, heldOutStrokeValidation } from '../src/recipes/held-out-validation.ts';
import { identitySpreads, rankingScoring, type IdentityScoring } from '../src/gallery/index.ts';
import { auroc } from '../src/eval/index.ts';
import { cohortNormalisedRankings } from '../src/recipes/cohort-normalised-scores.ts';

function option(args: readonly string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
}

/** With an engine (--engine), as `reid embed` would; without, the trainable module in eval mode. */
async function embedSet(bundle: ModelBundle, dataset: ImageDataset, engine?: EmbeddingEngine): Promise<EmbeddedSet> {
  const { embeddings } = await embedDataset(engine ? await bundleEmbedder(bundle, engine) : bundle.model, dataset, bundle.config.preprocessing);
  return { embeddings, dim: bundle.config.dim, identities: Array.from(dataset.labels, (l) => dataset.identities[l]!) };
}

async function mnistModel(name: 'tutorial' | 'default', dir: string, epochs: number, batches: number | undefined): Promise<string> {
  const recipe: TrainRecipe = { ...defaultRecipe, ...(name === 'tutorial' ? tutorialRecipe : {}), holdout: ['7', '8', '9'], epochs, ...(batches ? { batchesPerEpoch: batches } : {}) };
  if (!existsSync(join(dir, 'model.json'))) await trainRun(recipe, { out: dir, quiet: true, log: (line) => console.error(`${name}: ${line}`) });
  return dir;
}

export async function main(args: readonly string[]): Promise<void> {
  const firstSeed = Number(option(args, '--first-seed', '1'));
  const seeds = Array.from({ length: Number(option(args, '--seeds', '3')) }, (_, i) => i + firstSeed);
  const epochs = Number(option(args, '--epochs', '3'));
  const batches = args.includes('--batches') ? Number(option(args, '--batches', '0')) : undefined;
  const work = option(args, '--work', 'runs/bench-openset');
  const wanted = option(args, '--models', 'general,tutorial,default').split(',');
  mkdirSync(work, { recursive: true });
  const models: { name: string; dir: string }[] = [];
  if (wanted.includes('general')) models.push({ name: 'general', dir: option(args, '--general', generalGlyphModelDir) });
  for (const name of ['tutorial', 'default'] as const) if (wanted.includes(name)) models.push({ name, dir: await mnistModel(name, join(work, `mnist-${name}-holdout-789`), epochs, batches) });

  const mnist = await loadMnist();
  const digits = splitByIdentity(mnist.test, ['7', '8', '9']);
  const glyphClasses = new GlyphDataset({ countPerClass: Number(option(args, '--glyph-count', '30')), seed: 123, name: 'glyphs-eval' });
  const glyphs = concatDatasets([
    glyphClasses,
    new StrokeDataset({ identities: 200, sightingsPerIdentity: 10, seed: 0, firstIdentity: 100000, name: 'strokes-eval' }),
  ]);
  // 'calibration': the scoring each model's calibration was fitted under (its ranking), else centroid.
  const scoringKind = option(args, '--scoring', 'calibration');
  const refit = option(args, '--refit', '');
  const engineName = option(args, '--engine', '');
  if (engineName && !(embeddingEngines as readonly string[]).includes(engineName)) throw new Error(`bench openset: expected --engine among ${embeddingEngines.join(', ')} but received ${engineName}`);
  const engine = (engineName || undefined) as EmbeddingEngine | undefined;
  for (const { name, dir } of models) {
    const bundle = await loadModelBundle(dir);
    let calibration = bundle.config.calibration;
    let scoring: IdentityScoring | undefined;
    const validation = refit || scoringKind === 'spread' ? heldOutStrokeValidation(bundle.config) : undefined;
    if (validation) {
      const embedded = await embedSet(bundle, validation);
      if (scoringKind === 'spread') {
        const items = embedded.identities.map((identity, i) => ({ id: `v${i}`, identity, source: `v${i}` }));
        const spreads = identitySpreads(items, embedded.embeddings, embedded.dim, { shrinkage: 0 });
        // A spread is v·(1 + 1/n); the prior is v.
        const prior = [...spreads.values()].reduce((a, b) => a + b, 0) / spreads.size / (1 + 1 / 20);
        scoring = { kind: 'spread', priorVariance: prior };
      }
      if (refit) {
        const ranking = scoringKind === 'calibration' && calibration?.ranking ? { ranking: 'spread' as const } : {};
        // The shipped rule (balanced threshold and spread ranking on the epoch's strokes, the map on all of them) is refitted as the training script fits it.
        const every = refit === 'balanced' && !scoring && 'ranking' in ranking ? heldOutStrokeValidation(bundle.config, { every: true }) : undefined;
        calibration = every
          ? fitGlyphModelCalibration(embedded, await embedSet(bundle, every)).calibration
          : fitOpenSetCalibration(embedded, { fittedOn: `refit on ${validation.length} held-out images`, thresholdRule: refit === 'balanced' ? 'balanced' : 'false-match-rate', ...(scoring ? { scoring } : ranking) }).calibration;
      }
      console.error(`${name}: scoring ${JSON.stringify(scoring ?? 'centroid')}, threshold ${calibration?.threshold} (${calibration?.target})`);
    }
    const ranking = scoringKind === 'calibration' ? calibration?.ranking : undefined;
    if (ranking) scoring = rankingScoring(ranking);
    const sets = [
      { set: 'held-out digits', data: await embedSet(bundle, digits.heldOut, engine), background: await embedSet(bundle, digits.seen, engine) },
      { set: 'glyph classes', data: await embedSet(bundle, glyphClasses, engine), background: undefined },
      { set: 'glyph identities', data: await embedSet(bundle, glyphs, engine), background: undefined },
    ];
    for (const { set, data, background } of sets) {
      for (const shots of [1, 5]) {
        const snorm: { top1: number; unknownAuroc: number }[] = [];
        const spread = openSetOverSeeds(data, {
          shots, seeds, ...(scoring ? { scoring } : {}), threshold: calibration?.threshold, probability: calibration?.probability, probabilityThreshold: calibration?.probabilityThreshold, ...(background ? { background } : {}),
          // The same queries ranked by adaptive s-norm against the gallery's other identities.
          onRun: (run) => {
            const ranked = cohortNormalisedRankings(run.gallery, run.queryEmbeddings);
            const known = run.queries.map((q) => q.known);
            const right = run.queries.filter((q, i) => q.known && ranked[i]!.identities[0] === q.truth).length;
            snorm.push({ top1: right / Math.max(1, known.filter(Boolean).length), unknownAuroc: auroc(ranked.map((r) => r.scores[0]!), known) });
          },
        });
        const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
        const stat = (key: keyof OpenSetSpread) => spread[key];
        console.log(JSON.stringify({
          bench: 'openset', model: name, engine: engine ?? 'module', trainedOn: bundle.config.trainedOn ?? bundle.config.recipe.data, set, shots, seeds: seeds.length,
          calibrated: calibration !== undefined, threshold: calibration?.threshold ?? null, verdictOn: calibration?.probabilityThreshold !== undefined ? `probability >= ${calibration.probabilityThreshold}` : 'distance', scoring: scoring?.kind ?? 'centroid', thresholdRule: calibration?.target ?? null,
          top1: stat('top1'), unknownAuroc: stat('unknownAuroc'), baks: stat('baks'), baus: stat('baus'), normalisedAccuracy: stat('normalisedAccuracy'), ece: stat('ece'),
          snorm: { top1: mean(snorm.map((x) => x.top1)), unknownAuroc: mean(snorm.map((x) => x.unknownAuroc)) },
          queries: { known: spread.knownQueries.mean, unknown: spread.unknownQueries.mean },
        }));
      }
    }
    await releaseBundleEmbedders(bundle);
    bundle.model.dispose();
  }
}
