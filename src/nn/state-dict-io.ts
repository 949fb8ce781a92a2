// State dicts to and from safetensors, the format Python's `safetensors.torch` reads.
import { tensor } from '../tensor/creation.ts';
import type { DType } from '../tensor/dtype.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { DataError } from '../util/errors.ts';
import { loadSafetensors, saveSafetensors } from '../util/safetensors.ts';
import type { SafetensorsTensor } from '../util/safetensors-dtype.ts';

const toSafetensors: Record<DType, SafetensorsTensor['dtype']> = {
  float32: 'F32', float64: 'F64', int64: 'I64', int32: 'I32', uint8: 'U8', bool: 'BOOL', float16: 'F16',
};
const fromSafetensors: Partial<Record<SafetensorsTensor['dtype'], DType>> = {
  F32: 'float32', F64: 'float64', I64: 'int64', I32: 'int32', U8: 'uint8', BOOL: 'bool', F16: 'float16',
};

export function stateDictToSafetensors(state: ReadonlyMap<string, Tensor>): Record<string, SafetensorsTensor> {
  const out: Record<string, SafetensorsTensor> = {};
  for (const [name, t] of state) {
    const cpu = t.device === 'cpu' ? t : t.to('cpu');
    out[name] = { dtype: toSafetensors[t.dtype], shape: [...t.shape], data: cpu.data() } as SafetensorsTensor;
    if (cpu !== t) cpu.dispose();
  }
  return out;
}

/** Index of the first NaN or ±Infinity, or -1. */
function firstNonFinite(values: Float32Array | Float64Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return i;
  return -1;
}

/**
 * New tensors (caller owns them) from decoded safetensors entries. Weights enter reid here, so
 * non-finite floats are refused here: one NaN weight turns every embedding into NaN.
 */
export function safetensorsToStateDict(tensors: Record<string, SafetensorsTensor>, source = 'safetensors'): Map<string, Tensor> {
  const fn = 'safetensorsToStateDict';
  for (const [name, entry] of Object.entries(tensors)) {
    if (!fromSafetensors[entry.dtype]) throw new DataError(`${fn}: expected F32, F64, F16, I64, I32, U8 or BOOL for ${name} in ${source} but received ${entry.dtype}`, { file: source });
    if (entry.dtype !== 'F32' && entry.dtype !== 'F64') continue;
    const at = firstNonFinite(entry.data as Float32Array | Float64Array);
    if (at >= 0) {
      throw new DataError(`${fn}: expected finite values for tensor "${name}" in ${source} but received ${(entry.data as Float32Array)[at]} at index ${at}. Hint: the weights are corrupt or training diverged; retrain or restore them.`, { file: source });
    }
  }
  const state = new Map<string, Tensor>();
  for (const [name, entry] of Object.entries(tensors)) state.set(name, tensor(entry.data as ArrayBufferView, entry.shape, { dtype: fromSafetensors[entry.dtype]! }));
  return state;
}

/** Writes a state dict atomically. */
export async function saveStateDict(path: string, state: ReadonlyMap<string, Tensor>, metadata?: Record<string, string>): Promise<void> {
  await saveSafetensors(path, stateDictToSafetensors(state), metadata);
}

/** Reads a safetensors file into new tensors, with its metadata. */
export async function loadStateDictFile(path: string): Promise<{ state: Map<string, Tensor>; metadata: Record<string, string> }> {
  const file = await loadSafetensors(path);
  return { state: safetensorsToStateDict(file.tensors, path), metadata: file.metadata };
}
