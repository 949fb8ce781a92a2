// The inference engines behind `embed`, `gallery build` and `identify`: libtorch running the
// BatchNorm-folded network, or ONNX Runtime running the same network exported to ONNX. Training
// and validation keep the trainable module. REID_ENGINE (or `--engine`) chooses; both give the
// same embeddings to 1e-5 (test/train/embedder.test.ts). onnx-int8 is the opt-in third: the same
// network with int8 weights and uint8 activations over ranges measured on calibration images
// (model.json `quantization`), faster and approximate (README, "Inference engines").
import { InferenceNet } from '../nn/inference/inference-net.ts';
import { inferencePlan } from '../nn/inference/fold-batch-norm.ts';
import type { InferencePlan } from '../nn/inference/inference-plan.ts';
import type { Module } from '../nn/module.ts';
import { activationTapCount, type OnnxPrecision } from '../nn/onnx/activation-quantizer.ts';
import type { ActivationRange } from '../nn/onnx/int8-params.ts';
import { OrtSession } from '../nn/onnx/ort-session.ts';
import { threadCount, type ThreadUse } from '../binding/thread-count.ts';
import { ArgumentError, DataError } from '../util/errors.ts';
import { checkFinite, embedPixels, packPixels } from './embed.ts';
import type { Preprocessing } from './preprocessing.ts';
import { planOnnx } from './onnx-model.ts';

export type EmbeddingEngine = 'libtorch' | 'onnx' | 'onnx-int8';
export const embeddingEngines: readonly EmbeddingEngine[] = ['libtorch', 'onnx', 'onnx-int8'];
/** Measured faster (bench/inference.ts): see README's "Inference engines". */
export const defaultEmbeddingEngine: EmbeddingEngine = 'onnx';

/** REID_ENGINE when set, else the default. */
export function embeddingEngine(env: NodeJS.ProcessEnv = process.env): EmbeddingEngine {
  const set = env.REID_ENGINE;
  if (set === undefined || set.trim() === '') return defaultEmbeddingEngine;
  if (!(embeddingEngines as readonly string[]).includes(set)) {
    throw new ArgumentError(`REID_ENGINE: expected one of ${embeddingEngines.join(', ')} but received "${set}"`);
  }
  return set as EmbeddingEngine;
}

/** Smallest batch the libtorch engine runs channels-last. */
export const channelsLastFrom = 16;

export interface Embedder {
  readonly engine: EmbeddingEngine;
  /** Embeds preprocessed images (uint8 CHW at the model's size); N×dim row-major. */
  embed(images: readonly Uint8Array[], sourceOf?: (row: number) => string): Promise<{ embeddings: Float32Array; dim: number }>;
  dispose(): Promise<void>;
}

export interface EmbedderOptions {
  /** Default `embeddingEngine()`. */
  engine?: EmbeddingEngine;
  /** ONNX Runtime intra-op threads of its one session; default `threadCount(use)` (REID_THREADS when set). */
  threads?: number;
  /** What the threads are for when not given (default 'batch'). */
  use?: ThreadUse;
  /** ONNX Runtime: most images per run (default 64; see onnxEmbedder). */
  chunk?: number;
  dim: number;
  /** onnx-int8: the activation ranges measured for this model (model.json `quantization.activations`). */
  activations?: readonly ActivationRange[];
  /** Names the model in errors (default "the model"). */
  source?: string;
}

/** An inference engine for `model` (read, not changed: later training does not reach it). */
export async function createEmbedder(model: Module, p: Preprocessing, options: EmbedderOptions): Promise<Embedder> {
  const engine = options.engine ?? embeddingEngine();
  if (engine === 'libtorch') {
    // Channels-last activations paid off from batch 64 (1.1-1.4× in bench/inference.ts) and cost
    // at batch 1 (0.6-0.8×), so batches of `channelsLastFrom` or more take the channels-last copy.
    const plan = inferencePlan(model);
    const plain = new InferenceNet(plan);
    const channelsLast = new InferenceNet(plan, { channelsLast: true });
    return {
      engine,
      embed: async (images, sourceOf) => embedPixels(images.length >= channelsLastFrom ? channelsLast : plain, images, p, sourceOf, model),
      dispose: async () => {
        plain.dispose();
        channelsLast.dispose();
      },
    };
  }
  const plan = inferencePlan(model);
  let precision: OnnxPrecision = { kind: 'float32' };
  if (engine === 'onnx-int8') {
    if (!options.activations) {
      throw new ArgumentError(`createEmbedder: the onnx-int8 engine needs ${options.source ?? 'the model'}'s activation ranges (model.json "quantization") but it has none. Hint: measure them with reid quantize --model DIR --data SPEC, or choose --engine onnx.`);
    }
    const taps = activationTapCount(plan);
    if (options.activations.length !== taps) {
      throw new DataError(`createEmbedder: expected ${taps} activation ranges for this network in ${options.source ?? 'the model'} but received ${options.activations.length}. Hint: measure them again with reid quantize --model DIR --data SPEC.`);
    }
    precision = { kind: 'int8', activations: options.activations };
  }
  return onnxEmbedder(model, plan, p, options.dim, options.threads ?? threadCount(options.use ?? 'batch'), options.chunk ?? 64, engine, precision);
}

/**
 * ONNX Runtime with one session of `threads` intra-op threads, taking the batch in chunks of at most
 * `maxChunk`. Measured on 2 idle cores (bench/inference.ts, load 1.6-2.2, small CNN at batch 512):
 * 6,955 images/s on one two-threaded session against 3,692 on two single-threaded sessions, which
 * onnxruntime-node does not run at the same time (their CPU time per image was equal, 0.28 ms). Under
 * a load of 14-24 the two single-threaded sessions had cost less CPU per image (0.28 against 0.39 ms),
 * but an idle machine is what a user embeds on.
 */
async function onnxEmbedder(model: Module, plan: InferencePlan, p: Preprocessing, dim: number, threads: number, maxChunk: number, engine: EmbeddingEngine, precision: OnnxPrecision): Promise<Embedder> {
  const bytes = planOnnx(plan, p, { dim, precision });
  const session = await OrtSession.create(bytes, 'the exported model', { threads });
  const size = p.channels * p.height * p.width;
  return {
    engine,
    async embed(images, sourceOf = (row) => `image ${row}`) {
      if (images.length === 0) return { embeddings: new Float32Array(0), dim: 0 };
      const batch = packPixels(images, p, 'Embedder.embed');
      const out = new Float32Array(images.length * dim);
      for (let start = 0; start < images.length; start += maxChunk) {
        const end = Math.min(images.length, start + maxChunk);
        const { data } = await session.run(batch.subarray(start * size, end * size), [end - start, p.channels, p.height, p.width]);
        out.set(data, start * dim);
      }
      checkFinite(model, out, dim, sourceOf);
      return { embeddings: out, dim };
    },
    dispose: () => session.dispose(),
  };
}
