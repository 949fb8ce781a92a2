// A model as ONNX bytes, with reid's preprocessing in the graph: what `reid export-onnx` writes,
// what the ONNX Runtime engine loads and what the web page runs in the browser.
import { inferencePlan } from '../nn/inference/fold-batch-norm.ts';
import type { InferencePlan } from '../nn/inference/inference-plan.ts';
import type { Module } from '../nn/module.ts';
import type { OnnxPrecision } from '../nn/onnx/activation-quantizer.ts';
import { planToOnnx } from '../nn/onnx/plan-to-onnx.ts';
import { reidVersion } from '../version.ts';
import type { Preprocessing } from './preprocessing.ts';

export interface ModelOnnxOptions {
  /** uint8 (default): raw planar pixels, normalised in the graph; float32: already normalised input. */
  input?: 'uint8' | 'float32';
  /** Embedding size. */
  dim: number;
  /** Recorded in the file's metadata (the bundle's fingerprint), when known. */
  fingerprint?: string;
  /** Default float32; int8 takes the bundle's measured activation ranges (model.json `quantization`). */
  precision?: OnnxPrecision;
}

export function modelOnnx(model: Module, p: Preprocessing, options: ModelOnnxOptions): Uint8Array {
  return planOnnx(inferencePlan(model), p, options);
}

/** As modelOnnx, from a network already folded (inferencePlan copies every weight; callers that need the plan too fold once). */
export function planOnnx(plan: InferencePlan, p: Preprocessing, options: ModelOnnxOptions): Uint8Array {
  return planToOnnx(plan, {
    input: { kind: options.input ?? 'uint8', height: p.height, width: p.width, mean: p.mean, std: p.std },
    dim: options.dim,
    ...(options.precision ? { precision: options.precision } : {}),
    metadata: {
      producerVersion: reidVersion,
      docString: `reid embedding network${options.precision?.kind === 'int8' ? ' (int8 activations and weights)' : ''}: uint8 planar pixels N×C×H×W in, L2-normalised embeddings N×dim out`,
      properties: { preprocessing: JSON.stringify(p), ...(options.fingerprint ? { fingerprint: options.fingerprint } : {}) },
    },
  });
}
