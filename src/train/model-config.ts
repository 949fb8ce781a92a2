// model.json of a model bundle (model-bundle.ts reads and writes it; model-config-check.ts checks it).
import type { OpenSetCalibration } from '../eval/index.ts';
import type { Architecture } from '../nn/models/embedding-net.ts';
import type { ActivationRange } from '../nn/onnx/int8-params.ts';
import type { Preprocessing } from './preprocessing.ts';

/** What the onnx-int8 engine needs: each activation tap's range over calibration images. */
export interface ModelQuantization {
  /** One per tap, in the order src/nn/onnx/activation-quantizer.ts walks them. */
  activations: ActivationRange[];
  /** What the ranges were measured on, in words (e.g. "512 images of mnist:0-6 (train)"). */
  measuredOn: string;
}

export interface ModelConfig {
  format: 'reid-model';
  formatVersion: 1;
  arch: Architecture;
  dim: number;
  preprocessing: Preprocessing;
  /** How it was trained: loss, miner, margin, sampler, epochs, lr... */
  recipe: Record<string, unknown>;
  seed: number;
  /** Identities seen in training (held-out ones are not). */
  trainedIdentities: string[];
  metrics: Record<string, number>;
  /** Open-set calibration fitted on identities held out of training; galleries built with this model inherit it. */
  calibration?: OpenSetCalibration;
  /** Activation ranges for the int8 engine (`reid train` measures them; `reid quantize` remeasures). */
  quantization?: ModelQuantization;
  /** What the model learned from, in words (e.g. "5,000 procedural stroke identities, never digits or glyph classes"). */
  trainedOn?: string;
  reidVersion: string;
  /** First 16 hex digits of the SHA-256 of model.safetensors; galleries record it. */
  fingerprint: string;
  createdAt: string;
}
