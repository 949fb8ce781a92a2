// `reid train` and `reid lr-find`.
import type { Command } from 'commander';
import { join } from 'node:path';
import {
  architectures, checkImageSize, defaultPhotoImageSize, defaultRecipe, imageSizeRange, lossKinds, formatTable, lrFinderSvg, svgToPng, trainRun, tutorialRecipe, trainingCurvesSvg, writeJsonAtomic,
  type TrainRecipe,
} from '../../index.ts';
import { list, modelDir, nonNegativeInt, nonNegativeNumber, oneOf, openUnitInterval, positiveInt, positiveNumber } from '../parse-options.ts';
import { dataSpecForms } from '../shared-options.ts';

function imageSize(value: string): number {
  const n = Number(value.trim() === '' ? Number.NaN : value);
  checkImageSize(n, `"${value}"`);
  return n;
}

function addRecipeOptions(cmd: Command): Command {
  return cmd
    .option('--data <spec>', dataSpecForms, defaultRecipe.data)
    .option('--arch <arch>', `network: ${architectures.join(' | ')} (default: photo for photo catalogues, small for glyphs; with --init, the model's)`, oneOf('--arch', architectures))
    .option('--dim <n>', "embedding size (default 128; with --init, the model's)", positiveInt('--dim'))
    .option('--image-size <n>', `side of the square input of photo catalogues, ${imageSizeRange.min}-${imageSizeRange.max} (default ${defaultPhotoImageSize}; with --init, the model's)`, imageSize)
    .option('--init <model>', 'start from this model bundle (or glyph-general): its weights, network, embedding size and preprocessing', modelDir)
    .option('--loss <loss>', lossKinds.join(' | '), oneOf('--loss', lossKinds), defaultRecipe.loss)
    .option('--miner <miner>', 'semihard | batchhard | all', oneOf('--miner', ['semihard', 'batchhard', 'all'] as const), defaultRecipe.miner)
    .option('--margin <m>', "hinge margin, or 'soft' for log(1+exp(d_ap-d_an)); ArcFace: angular margin in radians (soft: 0.5)", (v: string) => (v === 'soft' ? 'soft' : positiveNumber('--margin')(v)), defaultRecipe.margin)
    .option('--sampler <s>', 'pk (identity-balanced P×K) | random', oneOf('--sampler', ['pk', 'random'] as const), defaultRecipe.sampler)
    .option('--p <n>', 'identities per batch (pk)', positiveInt('--p'), defaultRecipe.p)
    .option('--k <n>', 'images per identity (pk)', positiveInt('--k'), defaultRecipe.k)
    .option('--batch-sources <s>', 'pk batches over SPEC+SPEC: mixed (every batch from all sources) | single (each batch from one source, in turn)', oneOf('--batch-sources', ['mixed', 'single'] as const))
    .option('--source-shares <s,s>', 'pk batches over SPEC+SPEC: each source\'s share of the identities drawn, e.g. 0.25,0.75 for mnist:0-6+strokes:4000 (default: in proportion to identities)', (v: string) => list(v).map(positiveNumber('--source-shares')))
    .option('--batch-size <n>', 'batch size (random sampler)', positiveInt('--batch-size'), defaultRecipe.batchSize)
    .option('--epochs <n>', 'epochs', positiveInt('--epochs'), defaultRecipe.epochs)
    .option('--batches-per-epoch <n>', 'batches per epoch (pk sampler)', positiveInt('--batches-per-epoch'))
    .option('--lr <lr>', "max learning rate of the one-cycle schedule, or 'find'", (v: string) => (v === 'find' ? 'find' : positiveNumber('--lr')(v)), defaultRecipe.lr)
    .option('--wd <wd>', 'weight decay (AdamW, not on BatchNorm/bias)', nonNegativeNumber('--wd'), defaultRecipe.weightDecay)
    .option('--average <decay>', 'validate, keep and ship a running average of the weights with this per-step decay, e.g. 0.998 (about the last 500 steps)', openUnitInterval('--average'))
    .option('--holdout <ids>', 'identities held out of training, e.g. 7,8,9', list, [])
    .option('--seed <n>', 'random seed', nonNegativeInt('--seed'), defaultRecipe.seed)
    .option('--no-augment', 'no data augmentation')
    .option('--tutorial', "the tutorial's recipe: semi-hard triplet, random batches of 64, margin 1, no augmentation")
    .option('--channels-last', 'channels-last memory format for convolutions')
    .option('--checkpoint-every <n>', 'checkpoint every N batches (0: at epoch ends only)', nonNegativeInt('--checkpoint-every'), defaultRecipe.checkpointEvery)
    .option('--quiet', 'no progress output');
}

type RecipeFlags = Omit<TrainRecipe, 'weightDecay' | 'validationLimit' | 'checkpointEvery' | 'averageDecay'> & { wd: number; average?: number; checkpointEvery: number; tutorial?: boolean; quiet?: boolean; out: string; fresh?: boolean };

function recipeFrom(flags: RecipeFlags): TrainRecipe {
  const recipe: TrainRecipe = {
    ...defaultRecipe, data: flags.data, arch: flags.arch, dim: flags.dim, imageSize: flags.imageSize, init: flags.init, loss: flags.loss, miner: flags.miner, margin: flags.margin,
    sampler: flags.sampler, p: flags.p, k: flags.k, batchSize: flags.batchSize, epochs: flags.epochs, lr: flags.lr, weightDecay: flags.wd,
    holdout: flags.holdout, seed: flags.seed, augment: flags.augment, channelsLast: Boolean(flags.channelsLast),
    checkpointEvery: flags.checkpointEvery, batchesPerEpoch: flags.batchesPerEpoch, ...(flags.batchSources ? { batchSources: flags.batchSources } : {}),
    ...(flags.sourceShares ? { sourceShares: flags.sourceShares } : {}), ...(flags.average !== undefined ? { averageDecay: flags.average } : {}),
  };
  return flags.tutorial ? { ...recipe, ...tutorialRecipe } : recipe;
}

export function registerTrain(program: Command): void {
  addRecipeOptions(program.command('train').description('train an embedding network with triplet (or contrastive) loss; writes a model bundle'))
    .requiredOption('--out <dir>', 'model bundle directory (resumes from its last checkpoint if present)')
    .option('--fresh', 'ignore an existing checkpoint and start over')
    .action(async (flags: RecipeFlags) => {
      const recipe = recipeFrom(flags);
      const result = await trainRun(recipe, { out: flags.out, resume: !flags.fresh, quiet: flags.quiet });
      if (result.history.length > 0) {
        await svgToPng(trainingCurvesSvg(result.history), join(flags.out, 'training-curves.png'));
      }
      const rows = result.history.map((e) => ({ epoch: e.epoch + 1, loss: e.trainLoss, seconds: e.seconds, 'img/s': e.imagesPerSecond, ...e.metrics }));
      console.log(formatTable(rows));
      const { arch, dim, preprocessing: p } = result.config;
      console.log(`model bundle: ${flags.out} (${arch}, dim ${dim}, input ${p.channels}×${p.height}×${p.width}, fingerprint ${result.config.fingerprint})`);
    });

  addRecipeOptions(program.command('lr-find').description('LR finder: exponential sweep, smoothed loss, suggestion; restores the weights'))
    .requiredOption('--out <file>', 'JSON output (a PNG plot is written beside it)')
    .option('--iterations <n>', 'sweep length in batches', positiveInt('--iterations'), 100)
    .action(async (flags: RecipeFlags & { iterations: number }) => {
      const { lrFindRun } = await import('../../recipes/lr-find-run.ts');
      const result = await lrFindRun(recipeFrom(flags), { iterations: flags.iterations, quiet: flags.quiet });
      await writeJsonAtomic(flags.out, result);
      await svgToPng(lrFinderSvg({ learningRates: result.lrs, losses: result.losses, suggestion: result.suggestions.valley }), flags.out.replace(/\.json$/, '') + '.png');
      console.log(`suggested lr ${result.suggestions.valley.toExponential(2)} (valley); steep ${result.suggestions.steep.toExponential(2)}; minimum/10 ${result.suggestions.minimum.toExponential(2)}`);
    });
}
