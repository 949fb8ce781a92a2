// A tiny, fast training setup shared by the train tests: a patterned random dataset of 12×12
// images, a P×K loader, the small EmbeddingNet (dropout on) and AdamW, plus state snapshots
// compared bit for bit.
import assert from 'node:assert/strict';
import { BatchLoader, InMemoryDataset, PKSampler, augmentationPresets, composeAugmentations } from '../../../src/data/index.ts';
import { batchHardSoftMarginLoss } from '../../../src/metric/index.ts';
import { EmbeddingNet, type Module } from '../../../src/nn/index.ts';
import { AdamW } from '../../../src/optim/index.ts';
import { manualSeed } from '../../../src/tensor/index.ts';
import { Learner, type Callback } from '../../../src/train/index.ts';
import { Random } from '../../../src/util/random.ts';

export const tinyShape = { channels: 1, height: 12, width: 12 } as const;
export const tinyMean = [0.3];
export const tinyStd = [0.3];

/** `identities` × `perIdentity` noisy 12×12 images; identity k has a bright bar at a place of its own. */
export function tinyDataset(seed: number, identities = 4, perIdentity = 6): InMemoryDataset {
  const random = new Random(seed);
  const size = 144;
  const n = identities * perIdentity;
  const pixels = new Uint8Array(n * size);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(i / perIdentity);
    labels[i] = k;
    for (let p = 0; p < size; p++) pixels[i * size + p] = Math.round(random.uniform(0, 90));
    const row = 1 + ((k * 5) % 10);
    for (let c = 1 + k; c < 7 + k; c++) pixels[i * size + row * 12 + (c % 12)] = 255;
  }
  return new InMemoryDataset({ name: 'tiny', ...tinyShape, pixels, labels, identities: Array.from({ length: identities }, (_, k) => `id${k}`) });
}

export interface TinySetupOptions {
  seed?: number;
  /** The Learner's callbacks, or a function of the model that makes them (for a WeightAverage). */
  callbacks?: Callback[] | ((model: EmbeddingNet) => Callback[]);
  /** Batches per epoch of the P×K sampler (P = 4, K = 3); default 4. */
  batchesPerEpoch?: number;
  /** Augment with the glyph preset (seeded per batch by the loader). */
  augment?: boolean;
  dataset?: InMemoryDataset;
  lr?: number;
  /** Seed of the initial weights (default: seed). */
  initSeed?: number;
}

export interface TinySetup {
  model: EmbeddingNet;
  optimizer: AdamW;
  loader: BatchLoader;
  learner: Learner;
  dispose(): void;
}

/** Model weights come from manualSeed(seed); the Learner reseeds libtorch per batch from the same seed. */
export function tinySetup(options: TinySetupOptions = {}): TinySetup {
  const seed = options.seed ?? 7;
  const dataset = options.dataset ?? tinyDataset(seed);
  const sampler = new PKSampler(dataset, { identitiesPerBatch: 4, imagesPerIdentity: 3, seed, batchesPerEpoch: options.batchesPerEpoch ?? 4 });
  const augment = options.augment ? composeAugmentations(augmentationPresets.glyph) : undefined;
  const loader = new BatchLoader(dataset, { sampler, mean: tinyMean, std: tinyStd, augment, seed });
  manualSeed(options.initSeed ?? seed);
  const model = new EmbeddingNet({ arch: 'small', dim: 16, dropout: 0.25 });
  const optimizer = new AdamW(model.parameters(), { lr: options.lr ?? 3e-3 });
  const learner = new Learner({ model, loss: batchHardSoftMarginLoss(), loader, optimizer, shape: tinyShape, callbacks: typeof options.callbacks === 'function' ? options.callbacks(model) : options.callbacks, seed });
  return {
    model, optimizer, loader, learner,
    dispose: () => {
      optimizer.dispose();
      model.dispose();
    },
  };
}

/** Copies of every parameter and buffer, as raw bytes by name. */
export function stateBytes(model: Module): Map<string, Buffer> {
  return new Map([...model.stateDict()].map(([name, t]) => {
    const d = t.data();
    return [name, Buffer.from(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength))];
  }));
}

/** Same names, same bytes: bit-for-bit equal (NaN payloads included). */
export function assertSameState(actual: Map<string, Buffer>, expected: Map<string, Buffer>, what: string): void {
  assert.deepEqual([...actual.keys()], [...expected.keys()], `${what}: names`);
  const differing = [...expected].filter(([name, bytes]) => !actual.get(name)!.equals(bytes)).map(([name]) => name);
  assert.deepEqual(differing, [], `${what}: tensors that differ`);
}

/** How many tensors differ (to show that a run really changed something). */
export function differingTensors(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  return [...a].filter(([name, bytes]) => !b.get(name)?.equals(bytes)).map(([name]) => name);
}
