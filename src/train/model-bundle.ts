// The model bundle: a directory with model.safetensors (weights, PyTorch names) and model.json
// (architecture, embedding size, preprocessing, recipe, seed, metrics, reid version). Written
// atomically as a whole directory; `embed` and `identify` need nothing else.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EmbeddingNet, type Architecture } from '../nn/models/embedding-net.ts';
import { safetensorsToStateDict, stateDictToSafetensors } from '../nn/state-dict-io.ts';
import { dispose } from '../tensor/memory.ts';
import { recoverReplacedDir, replaceDirAtomic, writeFileAtomic, writeJsonAtomic } from '../util/atomic-write.ts';
import { DataError, ReidError } from '../util/errors.ts';
import { decodeSafetensors, encodeSafetensors } from '../util/safetensors.ts';
import { reidVersion } from '../version.ts';
import { rememberModelSource, type Preprocessing } from './embed.ts';
import { checkConfigMatchesWeights, checkModelConfig } from './model-config-check.ts';

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
  reidVersion: string;
  /** First 16 hex digits of the SHA-256 of model.safetensors; galleries record it. */
  fingerprint: string;
  createdAt: string;
}

export interface ModelBundle {
  model: EmbeddingNet;
  config: ModelConfig;
}

export type NewModelConfig = Omit<ModelConfig, 'format' | 'formatVersion' | 'reidVersion' | 'fingerprint' | 'createdAt' | 'arch' | 'dim'>;

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

export function modelFingerprint(model: EmbeddingNet): string {
  return sha(encodeSafetensors(stateDictToSafetensors(model.stateDict())));
}

/** Writes the bundle atomically: a reader sees the old bundle or the new one, never a mix. */
export async function saveModelBundle(dir: string, model: EmbeddingNet, partial: NewModelConfig): Promise<ModelConfig> {
  const weights = encodeSafetensors(stateDictToSafetensors(model.stateDict()));
  const config: ModelConfig = {
    format: 'reid-model', formatVersion: 1, arch: model.options.arch, dim: model.dim, ...partial,
    reidVersion, fingerprint: sha(weights), createdAt: new Date().toISOString(),
  };
  await replaceDirAtomic(dir, async (tmp) => {
    await writeFileAtomic(join(tmp, 'model.safetensors'), weights);
    await writeJsonAtomic(join(tmp, 'model.json'), config);
  });
  return config;
}

export async function loadModelBundle(dir: string): Promise<ModelBundle> {
  await recoverReplacedDir(dir);
  const jsonFile = join(dir, 'model.json');
  const weightsFile = join(dir, 'model.safetensors');
  for (const f of [jsonFile, weightsFile]) {
    if (!existsSync(f)) throw new DataError(`loadModelBundle: expected ${f} in the model bundle ${dir} but it is missing. Hint: train one with \`reid train --out ${dir}\`.`, { file: f });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(jsonFile, 'utf8'));
  } catch (cause) {
    throw new DataError(`loadModelBundle: ${jsonFile} is not valid JSON: ${(cause as Error).message}`, { file: jsonFile, cause });
  }
  const config = checkModelConfig(parsed, jsonFile);
  const bytes = await readFile(weightsFile);
  if (sha(bytes) !== config.fingerprint) {
    throw new DataError(`loadModelBundle: ${weightsFile} does not match the fingerprint in model.json (${config.fingerprint}); the bundle was modified or mixed from two models.`, { file: weightsFile });
  }
  const model = new EmbeddingNet({ arch: config.arch, dim: config.dim, inChannels: config.preprocessing.channels, imageSize: config.preprocessing.height });
  try {
    const state = safetensorsToStateDict(decodeSafetensors(bytes, { source: weightsFile }).tensors, weightsFile);
    try {
      checkConfigMatchesWeights(model, state, config, { json: jsonFile, weights: weightsFile });
      model.loadStateDict(state);
    } finally {
      dispose([...state.values()]);
    }
  } catch (error) {
    model.dispose();
    if (error instanceof DataError || !(error instanceof ReidError)) throw error;
    throw new DataError(`${error.message} (loading ${weightsFile} as described by ${jsonFile}: does model.json belong to these weights?)`, { file: jsonFile, cause: error });
  }
  model.eval();
  rememberModelSource(model, dir);
  return { model, config };
}
