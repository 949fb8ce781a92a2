// model.json of a model bundle (model-bundle.ts reads and writes it; model-config-check.ts checks it).
import type { OpenSetCalibration } from '../eval/index.ts';
import type { Architecture } from '../nn/models/embedding-net.ts';
import type { Preprocessing } from './preprocessing.ts';

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
  /** What the model learned from, in words (e.g. "5,000 procedural stroke identities, never digits or glyph classes"). */
  trainedOn?: string;
  reidVersion: string;
  /** First 16 hex digits of the SHA-256 of model.safetensors; galleries record it. */
  fingerprint: string;
  createdAt: string;
}
