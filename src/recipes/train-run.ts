// A whole training run from one recipe: data → sampler → loader → network → loss → Learner
// with callbacks → model bundle. `reid train`, the demo and the benchmarks all call this.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  augmentationPresets, BatchLoader, composeAugmentations, drawsForSourceShares, identitySources, PKSampler, requireTrainingIdentities, ShuffledSampler, SourceTurnsSampler, splitByIdentity,
  type BatchSampler, type ImageDataset,
} from '../data/index.ts';
import { EmbeddingNet, type Architecture } from '../nn/index.ts';
import { AdamW } from '../optim/index.ts';
import type { MetricLoss } from '../metric/index.ts';
import { manualSeed, type Tensor } from '../tensor/index.ts';
import {
  Checkpointer, CollapseMonitor, JsonlLog, Learner, ProgressBar, Recorder, Validation, WeightAverage, fitOneCycle, loadCheckpoint, lrFind, saveModelBundle,
  type EpochRecord, type LrFindResult, type ModelConfig,
} from '../train/index.ts';
import { writeJsonAtomic } from '../util/atomic-write.ts';
import { ArgumentError } from '../util/errors.ts';
import { checkOutDir } from '../util/out-dir.ts';
import { historyOf, resumeFromCheckpoint, trainRunDirKind } from './train-run-dir.ts';
import { buildLoss, type LossKind, type MarginSpec, type MinerKind } from './loss-spec.ts';
import { measureQuantization } from './quantize-run.ts';
import { calibrateOnValidation, chooseValidationIdentities, validationSet } from './held-out-validation.ts';
import { initialModel, type InitialModel } from './initial-model.ts';
import { openTrainingData } from './training-input.ts';

export interface TrainRecipe {
  data: string;
  /** Network (default: chosen from the data: 'photo' for photo catalogues, 'small' for glyphs; with init, the model's). */
  arch?: Architecture;
  /** Embedding size (default 128; with init, the model's). */
  dim?: number;
  /** Side of the square input for photo catalogues, 96..224 (default 128; with init, the model's). */
  imageSize?: number;
  /** A model bundle to start from: its weights, architecture, embedding size and preprocessing. */
  init?: string;
  loss: LossKind;
  miner: MinerKind;
  margin: MarginSpec;
  sampler: 'pk' | 'random';
  /** P identities × K images per batch (pk sampler). */
  p: number;
  k: number;
  /** Batch size for the random sampler. */
  batchSize: number;
  epochs: number;
  /** Max lr of the one-cycle schedule, or 'find' to run the LR finder first and use its suggestion. */
  lr: number | 'find';
  weightDecay: number;
  holdout: string[];
  seed: number;
  augment: boolean;
  /** Augmentation preset when augment is on (default: 'glyph' for glyph data, 'photo' for photo catalogues). */
  augmentPreset?: keyof typeof augmentationPresets;
  /** Limit the validation set (items), to keep epochs quick; 0 = no validation. */
  validationLimit: number;
  channelsLast: boolean;
  /** Checkpoint every N batches inside an epoch (0: only at epoch ends). */
  checkpointEvery: number;
  /** Batches per epoch (pk sampler; default: about one pass over the data). */
  batchesPerEpoch?: number;
  /**
   * Identities held out for open-set validation and calibration when --holdout names none:
   * 'auto' (10%, 3 to 300, with at least 20 identities) or a count (0: none).
   */
  validationIdentities?: number | 'auto';
  /**
   * pk sampler over a SPEC+SPEC spec: 'mixed' (default) draws each batch's identities from all the
   * sources; 'single' draws each batch from one source, the sources in turn (source-turns-sampler.ts:
   * three synthetic patterns mixed in every batch collapsed each pattern to a point).
   */
  batchSources?: 'mixed' | 'single';
  /**
   * pk sampler over a SPEC+SPEC spec, mixed batches: each source's share of the identities a batch
   * draws (default: in proportion to their identities), e.g. [0.2, 0.8] for mnist:0-6+strokes:4000.
   */
  sourceShares?: number[];
  /** Per-step decay of an average of the weights that validation, checkpoints and the bundle use (WeightAverage; default: none, the raw weights). */
  averageDecay?: number;
}

export const defaultRecipe: TrainRecipe = {
  data: 'mnist', loss: 'triplet', miner: 'batchhard', margin: 'soft', sampler: 'pk', p: 16, k: 4,
  batchSize: 64, epochs: 3, lr: 3e-3, weightDecay: 0.01, holdout: [], seed: 42, augment: true, validationLimit: 2000,
  channelsLast: false, checkpointEvery: 200,
};

/** The tutorial's recipe: semi-hard triplet loss on random batches of 64, margin 1, no augmentation. */
export const tutorialRecipe: Partial<TrainRecipe> = { loss: 'triplet', miner: 'semihard', margin: 1, sampler: 'random', batchSize: 64, augment: false };

export interface TrainRunOptions {
  out: string;
  /** Continue from out/checkpoints/last.ckpt when present (default true). */
  resume?: boolean;
  quiet?: boolean;
  /** Length of the LR-finder sweep when lr is 'find' (default 100). */
  lrFindIterations?: number;
  log?: (line: string) => void;
}

export interface TrainRunResult {
  config: ModelConfig;
  history: EpochRecord[];
  losses: number[];
  lrFind?: LrFindResult;
  model: EmbeddingNet;
  seen: ImageDataset;
  validation?: ImageDataset;
}

/** fastai's parameter groups: no weight decay on BatchNorm weights and biases (1-D tensors). A loss's learned centres train with the network. */
function parameterGroups(model: EmbeddingNet, loss: MetricLoss, weightDecay: number): { params: Tensor[]; weightDecay: number }[] {
  const params = [...model.parameters(), ...(loss.learned?.parameters() ?? [])];
  return [
    { params: params.filter((p) => p.rank > 1), weightDecay },
    { params: params.filter((p) => p.rank <= 1), weightDecay: 0 },
  ];
}

export async function trainRun(recipe: TrainRecipe, options: TrainRunOptions): Promise<TrainRunResult> {
  const log = options.log ?? ((line: string) => console.error(line));
  await checkOutDir(options.out, '--out', trainRunDirKind); // before any work: a refused --out costs nothing
  if (recipe.sourceShares && (recipe.sampler !== 'pk' || recipe.batchSources === 'single')) {
    throw new ArgumentError(`trainRun: --source-shares shares out the identities of mixed pk batches, but received --sampler ${recipe.sampler}${recipe.batchSources === 'single' ? ' with --batch-sources single' : ''}. Hint: drop --source-shares, or use --sampler pk with mixed batches.`);
  }
  manualSeed(recipe.seed);
  const init = recipe.init === undefined ? undefined : await initialModel(recipe);
  try {
    return await trainFrom(recipe, options, init, log); // the result's model is the init model, trained on
  } catch (error) {
    init?.bundle.model.dispose();
    throw error;
  }
}

async function trainFrom(recipe: TrainRecipe, options: TrainRunOptions, init: InitialModel | undefined, log: (line: string) => void): Promise<TrainRunResult> {
  const { opened, input } = await openTrainingData(recipe, init?.bundle);
  const dim = recipe.dim ?? init?.bundle.config.dim ?? 128;
  const autoHeld = recipe.holdout.length === 0 ? chooseValidationIdentities(opened.train.identities, recipe.validationIdentities ?? 'auto') : [];
  if (autoHeld.length > 0) log(`holding ${autoHeld.length} of ${opened.train.identities.length} identities out of training for open-set validation and calibration`);
  const holdout = [...recipe.holdout, ...autoHeld];
  const { seen, heldOut } = splitByIdentity(opened.train, holdout);
  requireTrainingIdentities(seen, { data: recipe.data, holdout: recipe.holdout });
  // What the data made of the defaults, said once (and recorded in model.json's recipe).
  const chosen = [`${input.preprocessing.channels}×${input.preprocessing.height}×${input.preprocessing.width}`, `arch ${input.arch}`, `dim ${dim}`, recipe.augment ? `${input.augmentPreset} augmentations` : 'no augmentation'];
  log(`${input.kind} data (${input.reason}): ${chosen.join(', ')}${init ? `, starting from ${init.dir} (fingerprint ${init.bundle.config.fingerprint})` : ''}`);
  const shape = { channels: seen.channels, height: seen.height, width: seen.width };
  const preprocessing = input.preprocessing;
  // With fewer identities than P (MNIST has 10), keep the batch size by raising K.
  const identityCount = new Set(seen.labels).size;
  const p = Math.min(recipe.p, identityCount);
  const k = Math.round((recipe.p * recipe.k) / p);
  const pkOptions = { identitiesPerBatch: p, imagesPerIdentity: k, seed: recipe.seed, batchesPerEpoch: recipe.batchesPerEpoch ?? Math.floor(seen.length / (p * k)) };
  const sampler: BatchSampler = recipe.sampler !== 'pk'
    ? new ShuffledSampler(seen.length, { batchSize: recipe.batchSize, seed: recipe.seed, dropLast: true })
    : recipe.batchSources === 'single'
      ? new SourceTurnsSampler(seen, { ...pkOptions, identitySource: await identitySources(opened.spec, seen.identities) })
      : new PKSampler(seen, { ...pkOptions, ...(recipe.sourceShares ? { draws: drawsForSourceShares(seen, await identitySources(opened.spec, seen.identities), recipe.sourceShares) } : {}) });
  if (sampler instanceof PKSampler) for (const w of sampler.warnings) log(`warning: ${w}`);
  const augment = recipe.augment ? composeAugmentations(augmentationPresets[input.augmentPreset]) : undefined;
  const loader = new BatchLoader(seen, { sampler, mean: preprocessing.mean, std: preprocessing.std, augment, seed: recipe.seed });

  const model = init?.bundle.model ?? new EmbeddingNet({ arch: input.arch, dim, inChannels: shape.channels, imageSize: shape.height });
  model.train();
  const loss = buildLoss(recipe, { classes: seen.identities.length, dim });
  const optimizer = new AdamW(parameterGroups(model, loss, recipe.weightDecay), { lr: recipe.lr === 'find' ? 1e-3 : recipe.lr, momentum: 0.9, beta2: 0.99, eps: 1e-5 });
  const recorder = new Recorder();
  const callbacks = [recorder, new ProgressBar({ quiet: options.quiet }), new JsonlLog(join(options.out, 'train.jsonl')), new CollapseMonitor({ warn: (m) => log(`\nwarning: ${m}`) })];
  // With averageDecay, validation, the checkpoints' "best" and the bundle read the weights' running average.
  const average = recipe.averageDecay === undefined ? undefined
    : new WeightAverage({ model, average: new EmbeddingNet({ arch: input.arch, dim, inChannels: shape.channels, imageSize: shape.height }), decay: recipe.averageDecay });
  if (average) callbacks.push(average as never);
  const kept = average?.average ?? model;

  // Held-out identities validate as never-seen individuals; without any, the test split's images do.
  const evalSource = holdout.length > 0 ? heldOut : opened.test;
  const validation = evalSource && recipe.validationLimit > 0 ? validationSet(evalSource, recipe.validationLimit) : undefined;
  if (validation) {
    callbacks.push(new Validation({ dataset: validation, preprocessing, model: kept }) as never);
  }
  const checkpointer = new Checkpointer({ dir: join(options.out, 'checkpoints'), everyBatches: recipe.checkpointEvery, monitor: validation ? 'precisionAt1' : undefined, info: () => historyOf(recorder), ...(average ? { average: average.average } : {}) });
  callbacks.push(checkpointer as never);
  const learner = new Learner({ model, loss, loader, optimizer, shape, callbacks, seed: recipe.seed, channelsLast: recipe.channelsLast });

  let found: LrFindResult | undefined;
  let resumedMetrics: Record<string, number> = {};
  let maxLr = recipe.lr === 'find' ? Number.NaN : recipe.lr;
  if (options.resume !== false && existsSync(checkpointer.lastPath)) {
    const resumed = await resumeFromCheckpoint(options.out, learner, checkpointer, recorder, average?.average);
    ({ maxLr, metrics: resumedMetrics } = resumed);
    const { epoch, batch } = resumed.position;
    if (epoch >= recipe.epochs) log(`the run in ${options.out} already finished ${epoch} epochs; not training again, only rewriting its bundle (use --fresh to start over)`);
    else log(`resuming from ${checkpointer.lastPath} at epoch ${epoch + 1}, batch ${batch}`);
  } else if (recipe.lr === 'find') {
    log('finding a learning rate (LR finder, 100 batches)...');
    found = await lrFind(learner, { iterations: options.lrFindIterations ?? 100, callbacks: [new ProgressBar({ quiet: options.quiet })] });
    maxLr = found.suggestions.valley;
    log(`LR finder suggests ${maxLr.toExponential(2)} (valley); steep ${found.suggestions.steep.toExponential(2)}, minimum/10 ${found.suggestions.minimum.toExponential(2)}`);
    await writeJsonAtomic(join(options.out, 'lr-find.json'), found);
  }
  await writeJsonAtomic(join(options.out, 'checkpoints', 'recipe.json'), { recipe, maxLr });
  if (learner.startAt.epoch < recipe.epochs) await fitOneCycle(learner, recipe.epochs, { maxLr });

  // The bundle holds the best epoch by validation P@1 (on held-out identities when there are
  // some): longer training on the seen identities can make the unseen ones worse.
  let last = recorder.epochs.at(-1);
  const bestRecord = recorder.epochs.find((e) => e.epoch === checkpointer.bestEpoch);
  if (bestRecord && bestRecord !== last && existsSync(checkpointer.bestPath)) {
    await loadCheckpoint(checkpointer.bestPath, model, optimizer, loss.learned, average?.average);
    log(`keeping epoch ${bestRecord.epoch + 1} (validation P@1 ${bestRecord.metrics.precisionAt1?.toFixed(4)}), the best; the last epoch scored ${last?.metrics.precisionAt1?.toFixed(4)}`);
    last = bestRecord;
  }
  const fitted = validation && holdout.length > 0 ? await calibrateOnValidation(kept, preprocessing, validation) : undefined;
  if (fitted && 'skipped' in fitted) log(`not calibrated: ${fitted.skipped}; run reid calibrate on a gallery`);
  const calibration = fitted && 'calibration' in fitted ? fitted.calibration : undefined;
  const openSet = fitted && 'summaries' in fitted ? Object.fromEntries(fitted.summaries.flatMap(({ shots, summary }) => [[`heldOutTop1At${shots}Shot`, summary.top1], [`heldOutAurocAt${shots}Shot`, summary.unknownAuroc]])) : {};
  if (calibration) log(`calibrated on ${calibration.fittedOn}: threshold ${calibration.threshold.toFixed(4)} (${calibration.target}), precision ${calibration.precision.toFixed(3)}, recall ${calibration.recall.toFixed(3)}`);
  const held = new Set(holdout);
  // The int8 engine's activation ranges, on the images the model trained on (not augmented).
  const quantization = await measureQuantization(kept, preprocessing, seen, `${recipe.data} (its training identities)`);
  const config = await saveModelBundle(options.out, kept, {
    preprocessing, seed: recipe.seed,
    recipe: {
      ...recipe, arch: input.arch, dim, imageSize: preprocessing.height, augmentPreset: input.augmentPreset, dataKind: input.kind, dataReason: input.reason,
      maxLr, heldOutForValidation: autoHeld, ...(init ? { init: { dir: init.dir, fingerprint: init.bundle.config.fingerprint, trainedOn: init.bundle.config.trainedOn ?? null } } : {}),
    },
    trainedIdentities: seen.identities.filter((name) => !held.has(name)),
    metrics: { ...(last ? { ...last.metrics, trainLoss: last.trainLoss } : resumedMetrics), ...openSet },
    ...(calibration ? { calibration } : {}),
    quantization,
    trainedOn: `${recipe.data}: ${seen.identities.length - held.size} identities (${holdout.length} held out)`,
  });
  await writeJsonAtomic(join(options.out, 'history.json'), { epochs: recorder.epochs, losses: recorder.losses, lrs: recorder.lrs });
  if (kept !== model) model.dispose(); // the caller owns the returned model, here the average; the raw weights end with the run
  return { config, history: recorder.epochs, losses: recorder.losses, lrFind: found, model: kept, seen, validation };
}
