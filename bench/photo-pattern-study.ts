// Why 3-pattern pre-training of the photo network collapses, measured (issue 11). One short run
// per call: the pattern model's recipe (photo net, 96 px, P16K4, one-cycle AdamW, no augmentation)
// with one setting changed, logging every few batches the mined distances, the gradient norm and a
// fixed probe of 16 images per pattern embedded in eval mode (mean pairwise distance within and
// between patterns, norm before L2), then never-seen P@1 per pattern (synth 5000-5099 × 8, 96 px).
//   npx tsx bench/photo-pattern-study.ts [--patterns spots,stripes,notches] [--batches 150] [--lr 1e-2]
//     [--seed 1] [--individuals 100] [--loss triplet|arcface|...] [--miner batchhard|semihard|all]
//     [--neck none|bnneck] [--arcface-weight W] [--pattern-batches] [--every 10] [--eval-patterns spots,stripes,notches]
//   npx tsx bench/photo-pattern-study.ts --model runs/pattern-general   (only scores a bundle)
import { BatchLoader, concatDatasets, openDataset, PKSampler, type BatchSampler, type ImageDataset, type SynthPattern } from '../src/data/index.ts';
import { leaveOneOutRetrieval } from '../src/eval/index.ts';
import { WeightedSumLoss } from '../src/metric/index.ts';
import { BatchNorm1d, EmbeddingNet, L2Normalize, Sequential, type Module } from '../src/nn/index.ts';
import { AdamW } from '../src/optim/index.ts';
import { buildLoss, type LossKind, type MinerKind } from '../src/recipes/loss-spec.ts';
import { manualSeed, mul, noGrad, sqrt, sum, tensor, tidy, type Tensor } from '../src/tensor/index.ts';
import { embedDataset, engineDistances, fitOneCycle, Learner, loadModelBundle, pixelsToInput, type Callback, type Preprocessing } from '../src/train/index.ts';


export async function main(args: readonly string[]): Promise<void> {
  const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
  const patterns = option('--patterns', 'spots,stripes,notches').split(',') as SynthPattern[];
  const evalPatterns = option('--eval-patterns', 'spots,stripes,notches').split(',') as SynthPattern[];
  const batches = Number(option('--batches', '150'));
  const lr = Number(option('--lr', '1e-2'));
  const seed = Number(option('--seed', '1'));
  const individuals = Number(option('--individuals', '100'));
  const every = Number(option('--every', '10'));
  // --neck bnneck: a BatchNorm1d over the embedding before the L2 normalisation (Luo et al.'s BNNeck).
  const neck = option('--neck', 'none');
  const loss = option('--loss', 'triplet') as LossKind;
  const miner = option('--miner', 'batchhard') as MinerKind;
  const size = 96;
  const p: Preprocessing = { channels: 3, height: size, width: size, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], glyph: false };
  const open = async (pattern: SynthPattern, range: string) => (await openDataset(`synth:${pattern}:${range}`, { synthImage: { size } })).train;
  const score = async (model: Module): Promise<Record<string, number>> => {
    model.eval();
    const precisionAt1: Record<string, number> = {};
    for (const pattern of evalPatterns) {
      const test = await open(pattern, '5000-5099');
      const { embeddings, dim } = await embedDataset(model, test, p);
      const source = engineDistances(embeddings, dim);
      precisionAt1[pattern] = +leaveOneOutRetrieval(source, test.labels).precisionAt1.toFixed(4);
      source.dispose();
    }
    return precisionAt1;
  };
  // --model DIR: only score a trained bundle (e.g. a run of scripts/train-pattern-model.ts).
  if (args.includes('--model')) {
    const bundle = await loadModelBundle(option('--model', ''));
    console.log(JSON.stringify({ bench: 'photo-pattern-study', model: option('--model', ''), recipe: bundle.config.recipe.data, batchSources: bundle.config.recipe.batchSources ?? 'mixed', lr: bundle.config.recipe.lr, batches: bundle.config.recipe.batchesPerEpoch, trainLoss: bundle.config.metrics.trainLoss, precisionAt1: await score(bundle.model) }));
    bundle.model.dispose();
    return;
  }

  const parts = await Promise.all(patterns.map((pattern) => open(pattern, String(individuals))));
  const train = concatDatasets(parts);
  // --pattern-batches: every batch holds one pattern only (patterns take turns), so BatchNorm never sees them mixed.
  const singlePattern = args.includes('--pattern-batches');
  manualSeed(seed);
  const base = new EmbeddingNet({ arch: 'photo', dim: 128, inChannels: 3, imageSize: size });
  const [body, head] = base.net.layers as [Sequential, Sequential];
  const model = neck === 'bnneck' ? new Sequential(body, new Sequential(...head.layers.slice(0, -1), new BatchNorm1d(128), new L2Normalize())) : base.net;
  model.train();
  // --arcface-weight W: an ArcFace identity term beside the triplet loss (Bag of Tricks' ID loss).
  const arcWeight = Number(option('--arcface-weight', '0'));
  const context = { classes: train.identities.length, dim: 128 };
  const metricLoss = arcWeight > 0
    ? new WeightedSumLoss([{ loss: buildLoss({ loss, miner, margin: 'soft' }, context) }, { loss: buildLoss({ loss: 'arcface', miner, margin: 'soft' }, context), weight: arcWeight }])
    : buildLoss({ loss, miner, margin: 'soft' }, context);
  const params = [...model.parameters(), ...(metricLoss.learned?.parameters() ?? [])];
  const optimizer = new AdamW([{ params: params.filter((t) => t.rank > 1), weightDecay: 0.01 }, { params: params.filter((t) => t.rank <= 1), weightDecay: 0 }], { lr, momentum: 0.9, beta2: 0.99, eps: 1e-5 });
  const sampler = singlePattern ? patternTurns(parts, batches, seed) : new PKSampler(train, { identitiesPerBatch: 16, imagesPerIdentity: 4, seed, batchesPerEpoch: batches });
  const loader = new BatchLoader(train, { sampler, mean: p.mean, std: p.std, seed });
  const probe = await probeInput(await Promise.all(patterns.map((pattern) => open(pattern, '9000-9015'))), p);
  const diagnostics: Callback = {
    order: 90,
    afterBatch(learner) {
      if (learner.batchIndex % every !== 0 && learner.batchIndex !== batches - 1) return;
      const gradNorm = noGrad(() => tidy(() => {
        let total = 0;
        for (const t of params) if (t.grad) total += sum(mul(t.grad, t.grad)).item();
        return Math.sqrt(total);
      }));
      const s = learner.lastStats;
      console.log(JSON.stringify({
        bench: 'photo-pattern-study', batch: learner.batchIndex, lr: +(learner.optimizer.groups[0]!.options.lr).toExponential(2), loss: +learner.lastLoss.toFixed(4),
        dap: +(s.meanPositiveDistance ?? NaN).toFixed(4), dan: +(s.meanNegativeDistance ?? NaN).toFixed(4), active: +(s.activeFraction ?? NaN).toFixed(3), gradNorm: +gradNorm.toFixed(4),
        ...probeSpread(model, probe),
      }));
    },
  };
  const learner = new Learner({ model, loss: metricLoss, loader, optimizer, shape: { channels: 3, height: size, width: size }, callbacks: [diagnostics], seed, channelsLast: true });
  const started = performance.now();
  await fitOneCycle(learner, 1, { maxLr: lr });
  const minutes = (performance.now() - started) / 60000;
  const precisionAt1 = await score(model);
  console.log(JSON.stringify({ bench: 'photo-pattern-study', patterns, individuals, batches, lr, seed, loss, miner, neck, singlePattern, arcWeight, minutes: +minutes.toFixed(2), finalLoss: +learner.lastLoss.toFixed(4), precisionAt1 }));
  model.dispose();
}

/** P×K batches drawn from one pattern at a time, in turn. */
function patternTurns(parts: ImageDataset[], batches: number, seed: number): BatchSampler {
  const per = Math.ceil(batches / parts.length);
  const offsets = parts.map((_, i) => parts.slice(0, i).reduce((total, part) => total + part.length, 0));
  const samplers = parts.map((part, i) => new PKSampler(part, { identitiesPerBatch: 16, imagesPerIdentity: 4, seed: seed + i, batchesPerEpoch: Math.max(per, Math.ceil(part.identities.length / 16)) }));
  return {
    batchesPerEpoch: batches,
    batches(epoch) {
      const lists = samplers.map((sampler, i) => sampler.batches(epoch).map((batch) => batch.map((item) => item + offsets[i]!)));
      return Array.from({ length: batches }, (_, b) => lists[b % parts.length]![Math.floor(b / parts.length)]!);
    },
  };
}

interface Probe { input: Float32Array; count: number; pattern: Int32Array }

async function probeInput(sets: ImageDataset[], p: Preprocessing): Promise<Probe> {
  const images: Uint8Array[] = [];
  const pattern: number[] = [];
  for (const [index, set] of sets.entries()) {
    // One sighting each of 16 individuals per pattern.
    for (let i = 0; i < set.length && images.length < 16 * (index + 1); i += 8) {
      images.push(await set.read(i));
      pattern.push(index);
    }
  }
  return { input: pixelsToInput(images, p), count: images.length, pattern: Int32Array.from(pattern) };
}

/** Eval-mode embeddings of the probe: mean distance within a pattern and between patterns, and the norm before L2. */
function probeSpread(model: Sequential, probe: Probe): Record<string, number> {
  model.eval();
  try {
    return noGrad(() => tidy(() => {
      const x = tensor(probe.input, [probe.count, 3, 96, 96]);
      const head = model.layers[1] as Sequential;
      let h = model.layers[0]!.forward(x);
      for (const layer of head.layers.slice(0, -1)) h = layer.forward(h);
      const raw = h.data<"float32">();
      const rawNorm = sqrt(sum(mul(h, h), { dim: 1 })).data<"float32">();
      const dim = raw.length / probe.count;
      let within = 0, wn = 0, between = 0, bn = 0;
      for (let i = 0; i < probe.count; i++) {
        for (let j = i + 1; j < probe.count; j++) {
          let dot = 0;
          for (let d = 0; d < dim; d++) dot += raw[i * dim + d]! * raw[j * dim + d]!;
          const distance = Math.sqrt(Math.max(0, 2 - 2 * dot / (rawNorm[i]! * rawNorm[j]!)));
          if (probe.pattern[i] === probe.pattern[j]) { within += distance; wn++; } else { between += distance; bn++; }
        }
      }
      const norms = Array.from(rawNorm);
      return { probeWithin: +(within / wn).toFixed(4), probeBetween: bn ? +(between / bn).toFixed(4) : NaN, rawNorm: +(norms.reduce((a, b) => a + b, 0) / norms.length).toFixed(3) };
    }));
  } finally {
    model.train();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2));
