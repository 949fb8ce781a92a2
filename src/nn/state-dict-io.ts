// State dicts to and from safetensors, the format Python's `safetensors.torch` reads.
import { tensor } from '../tensor/creation.ts';
import type { DType } from '../tensor/dtype.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { DataError } from '../util/errors.ts';
import { loadSafetensors, saveSafetensors } from '../util/safetensors.ts';
import type { SafetensorsTensor } from '../util/safetensors-dtype.ts';

const toSafetensors: Record<DType, SafetensorsTensor['dtype']> = {
  float32: 'F32', float64: 'F64', int64: 'I64', int32: 'I32', uint8: 'U8', bool: 'BOOL',
};
const fromSafetensors: Partial<Record<SafetensorsTensor['dtype'], DType>> = {
  F32: 'float32', F64: 'float64', I64: 'int64', I32: 'int32', U8: 'uint8', BOOL: 'bool',
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

/** New tensors (caller owns them) from decoded safetensors entries. */
export function safetensorsToStateDict(tensors: Record<string, SafetensorsTensor>, source = 'safetensors'): Map<string, Tensor> {
  const state = new Map<string, Tensor>();
  for (const [name, entry] of Object.entries(tensors)) {
    const dtype = fromSafetensors[entry.dtype];
    if (!dtype) throw new DataError(`safetensorsToStateDict: expected F32, F64, I64, I32, U8 or BOOL for ${name} in ${source} but received ${entry.dtype}`, { file: source });
    state.set(name, tensor(entry.data as ArrayBufferView, entry.shape, { dtype }));
  }
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
