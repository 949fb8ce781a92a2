// Validation of a bundle's model.json when it is loaded: every number that shapes or normalises
// the network's input must be usable (std 0 divides by zero, height 0 makes no image), and the
// config must describe the weights beside it. Errors blame model.json and the field by name.
import { architectures, type Architecture, type EmbeddingNet } from '../nn/models/embedding-net.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { checkIdentityRanking, checkMatchCalibration } from '../eval/index.ts';
import { DataError } from '../util/errors.ts';
import { reidVersion } from '../version.ts';
import type { ModelConfig } from './model-config.ts';

const fn = 'loadModelBundle';
const isPositiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The first problem with a preprocessing object, as "expected … for <field> but received …", or null. */
function preprocessingProblem(p: Record<string, unknown>): string | null {
  for (const field of ['channels', 'height', 'width'] as const) {
    if (!isPositiveInt(p[field])) return `expected a positive integer for preprocessing.${field} but received ${JSON.stringify(p[field])}`;
  }
  const channels = p.channels as number;
  for (const field of ['mean', 'std'] as const) {
    const values = p[field];
    if (!Array.isArray(values) || values.length !== channels) return `expected ${channels} values (one per channel) for preprocessing.${field} but received ${JSON.stringify(values)}`;
    const bad = values.findIndex((v) => !isFiniteNumber(v) || (field === 'std' && v <= 0));
    if (bad >= 0) return `expected ${field === 'std' ? 'a finite number > 0' : 'a finite number'} for preprocessing.${field}[${bad}] but received ${JSON.stringify(values[bad])}`;
  }
  if (p.glyph !== undefined && typeof p.glyph !== 'boolean') return `expected true or false for preprocessing.glyph but received ${JSON.stringify(p.glyph)}`;
  return null;
}

/** A shipped calibration must have a finite threshold and a usable probability map, or none at all. */
function checkBundleCalibration(calibration: unknown, file: string): void {
  if (calibration === undefined) return;
  const c = calibration as Record<string, unknown> | null;
  if (!c || typeof c !== 'object' || !isFiniteNumber(c.threshold)) {
    throw new DataError(`${fn}: expected a finite number for calibration.threshold in ${file} but received ${JSON.stringify(c?.threshold ?? c)}. Hint: delete "calibration" from ${file}; galleries can be calibrated with \`reid calibrate\`.`, { file });
  }
  const cut = c.probabilityThreshold;
  if (cut !== undefined && !(isFiniteNumber(cut) && cut > 0 && cut < 1 && c.probability !== undefined)) {
    throw new DataError(`${fn}: expected a number between 0 and 1, beside calibration.probability, for calibration.probabilityThreshold in ${file} but received ${JSON.stringify(cut)}. Hint: delete "probabilityThreshold" from ${file}; the verdict then reads calibration.threshold.`, { file });
  }
  for (const [field, check] of [['probability', checkMatchCalibration], ['ranking', checkIdentityRanking]] as const) {
    if (c[field] === undefined) continue;
    try {
      check(c[field], fn);
    } catch (error) {
      throw new DataError(`${(error as Error).message.replace(/\.$/, '')} in ${file}.`, { file });
    }
  }
}

/** Quantization, when present, is a list of finite ranges (its length is checked against the network when the int8 engine builds). */
function checkQuantization(quantization: unknown, file: string): void {
  if (quantization === undefined) return;
  const q = quantization as { activations?: unknown } | null;
  const ranges = q && typeof q === 'object' ? q.activations : undefined;
  const problem = !Array.isArray(ranges) || ranges.length === 0 ? `a non-empty list for quantization.activations but received ${JSON.stringify(ranges ?? quantization)}`
    : (() => {
      const bad = ranges.findIndex((r: { min?: unknown; max?: unknown } | null) => !r || !isFiniteNumber(r.min) || !isFiniteNumber(r.max) || r.min > r.max);
      return bad >= 0 ? `finite numbers min ≤ max for quantization.activations[${bad}] but received ${JSON.stringify(ranges[bad])}` : null;
    })();
  if (problem) throw new DataError(`${fn}: expected ${problem} in ${file}. Hint: delete "quantization" from ${file} and measure it again with \`reid quantize\`.`, { file });
}

export function checkModelConfig(value: unknown, file: string): ModelConfig {
  const c = value as Partial<ModelConfig> | null;
  const kind =
    !c || typeof c !== 'object' || c.format !== 'reid-model' ? 'a "format": "reid-model" field'
      : c.formatVersion !== 1 ? `formatVersion 1 (this reid is ${reidVersion})`
        : !architectures.includes(c.arch as Architecture) ? `an arch among ${architectures.join(', ')}`
          : null;
  if (kind) throw new DataError(`${fn}: expected ${kind} in ${file}. Is this a reid model bundle (made by \`reid train\`)?`, { file });
  const problem =
    !(isPositiveInt(c!.dim) && c!.dim > 1) ? `expected an integer ≥ 2 for dim but received ${JSON.stringify(c!.dim)}`
      : !c!.preprocessing || typeof c!.preprocessing !== 'object' ? `expected an object for preprocessing but received ${JSON.stringify(c!.preprocessing)}`
        : preprocessingProblem(c!.preprocessing as unknown as Record<string, unknown>);
  if (problem) throw new DataError(`${fn}: ${problem} in ${file}.`, { file });
  checkBundleCalibration(c!.calibration, file);
  checkQuantization(c!.quantization, file);
  return c as ModelConfig;
}

/**
 * Checks that model.json's dim and channels are those of the weights, before loadStateDict
 * would fail with a bare shape error: the network's first weight takes `channels` inputs
 * (shape[1]) and its last weight, the head's projection, gives `dim` outputs (shape[0]).
 */
export function checkConfigMatchesWeights(model: EmbeddingNet, state: ReadonlyMap<string, Tensor>, config: ModelConfig, files: { json: string; weights: string }): void {
  const own = model.namedParameters();
  const checks = [
    { field: 'dim', value: config.dim, name: own.at(-1)![0], axis: 0, what: 'outputs' },
    { field: 'preprocessing.channels', value: config.preprocessing.channels, name: own[0]![0], axis: 1, what: 'input channels' },
  ];
  for (const { field, value, name, axis, what } of checks) {
    const found = state.get(name)?.shape[axis];
    if (found !== undefined && found !== value) {
      throw new DataError(`${fn}: ${files.json} says ${field.replace('preprocessing.', '')} ${value} but the weights in ${files.weights} have ${found} ${what} (tensor "${name}"). Hint: model.json was edited or comes from another model; set ${field} to ${found}.`, { file: files.json });
    }
  }
}
