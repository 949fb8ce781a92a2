// The model bundle: a directory with model.safetensors (weights, PyTorch names) and model.json
// (architecture, embedding size, preprocessing, recipe, seed, metrics, reid version); `embed` and
// `identify` need nothing else. Saved file by file inside the directory (other files there stay),
// with the weights' rename as the commit point: the config of a half-finished save is staged first.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EmbeddingNet } from '../nn/models/embedding-net.ts';
import { safetensorsToStateDict, stateDictToSafetensors } from '../nn/state-dict-io.ts';
import { dispose } from '../tensor/memory.ts';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic-write.ts';
import { readableBundleDir, recoverReplacedDir } from '../util/legacy-dir-swap.ts';
import type { OutDirKind } from '../util/out-dir.ts';
import { DataError, ReidError } from '../util/errors.ts';
import { decodeSafetensors, encodeSafetensors } from '../util/safetensors.ts';
import { reidVersion } from '../version.ts';
import { rememberModelSource } from './embed.ts';
import type { ModelConfig } from './model-config.ts';
import { checkConfigMatchesWeights, checkModelConfig } from './model-config-check.ts';

export type { ModelConfig } from './model-config.ts';

export interface ModelBundle {
  model: EmbeddingNet;
  config: ModelConfig;
  /** The directory it was loaded from (names it in errors). */
  dir?: string;
}

export type NewModelConfig = Omit<ModelConfig, 'format' | 'formatVersion' | 'reidVersion' | 'fingerprint' | 'createdAt' | 'arch' | 'dim'>;

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

export function modelFingerprint(model: EmbeddingNet): string {
  return sha(encodeSafetensors(stateDictToSafetensors(model.stateDict())));
}

/** model.json of a save in flight: it describes model.safetensors once the new weights are renamed in. */
const stagedConfigName = '.model.json.next';

/** A model bundle directory, for the `--out` rule: a reid model.json marks it; these are the names reid writes. */
export const modelBundleDirKind: OutDirKind = {
  what: 'model bundle',
  markers: [{ file: 'model.json', format: 'reid-model' }],
  owns: (name) => ['model.json', 'model.safetensors', stagedConfigName].includes(name) || /^\.(model\.json|model\.safetensors|\.model\.json\.next)\.\d+\.[0-9a-f]+\.tmp$/.test(name),
};

/**
 * Writes the bundle into `dir` (created if missing): a reader sees the old bundle or the new one,
 * never a mix, and files in `dir` other than the bundle's stay.
 */
export async function saveModelBundle(dir: string, model: EmbeddingNet, partial: NewModelConfig): Promise<ModelConfig> {
  const weights = encodeSafetensors(stateDictToSafetensors(model.stateDict()));
  const config: ModelConfig = {
    format: 'reid-model', formatVersion: 1, arch: model.options.arch, dim: model.dim, ...partial,
    reidVersion, fingerprint: sha(weights), createdAt: new Date().toISOString(),
  };
  await recoverReplacedDir(dir, 'model.json'); // a bundle an older reid left mid-swap comes back first
  await mkdir(dir, { recursive: true });
  await writeJsonAtomic(join(dir, stagedConfigName), config);
  await writeFileAtomic(join(dir, 'model.safetensors'), weights); // the commit point
  await writeJsonAtomic(join(dir, 'model.json'), config);
  await rm(join(dir, stagedConfigName), { force: true });
  return config;
}

/** The staged config instead of model.json when a save stopped after its commit point (weights renamed in). */
async function committedConfig(config: ModelConfig, weightsSha: string, dir: string): Promise<ModelConfig> {
  if (config.fingerprint === weightsSha) return config;
  const staged = join(dir, stagedConfigName);
  try {
    const next = checkModelConfig(JSON.parse(await readFile(staged, 'utf8')), staged);
    return next.fingerprint === weightsSha ? next : config;
  } catch {
    return config; // no save in flight: the mismatch is reported against model.json
  }
}

export async function loadModelBundle(dir: string): Promise<ModelBundle> {
  const where = await readableBundleDir(dir, 'model.json'); // reads an old crash's backup, moves nothing
  const jsonFile = join(where, 'model.json');
  const weightsFile = join(where, 'model.safetensors');
  for (const f of [jsonFile, weightsFile]) {
    if (!existsSync(f)) throw new DataError(`loadModelBundle: expected ${f} in the model bundle ${dir} but it is missing. Hint: train one with \`reid train --out ${dir}\`.`, { file: f });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(jsonFile, 'utf8'));
  } catch (cause) {
    throw new DataError(`loadModelBundle: ${jsonFile} is not valid JSON: ${(cause as Error).message}`, { file: jsonFile, cause });
  }
  const bytes = await readFile(weightsFile);
  const config = await committedConfig(checkModelConfig(parsed, jsonFile), sha(bytes), where);
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
  return { model, config, dir };
}
