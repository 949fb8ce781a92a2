// Element types and their TypedArray counterparts.
import type { DtypeCode } from '../binding/native-types.ts';

/** float16 holds IEEE half bit patterns in a Uint16Array (storage for compact galleries; few CPU kernels compute in it). */
export type DType = 'float32' | 'float64' | 'int64' | 'int32' | 'uint8' | 'bool' | 'float16';

export interface DataTypeMap {
  float32: Float32Array;
  float64: Float64Array;
  int64: BigInt64Array;
  int32: Int32Array;
  uint8: Uint8Array;
  bool: Uint8Array;
  float16: Uint16Array;
}

export type TypedArrayOf<D extends DType> = DataTypeMap[D];
export type AnyTypedArray = DataTypeMap[DType];

const codes: Record<DType, DtypeCode> = { float32: 0, float64: 1, int64: 2, int32: 3, uint8: 4, bool: 5, float16: 6 };
const names: DType[] = ['float32', 'float64', 'int64', 'int32', 'uint8', 'bool', 'float16'];

export function dtypeCode(dtype: DType): DtypeCode {
  const code = codes[dtype];
  if (code === undefined) throw new TypeError(`dtype: expected one of ${names.join(', ')} but received ${String(dtype)}`);
  return code;
}

export function dtypeFromCode(code: number): DType {
  const name = names[code];
  if (name === undefined) throw new TypeError(`dtype: native returned unsupported dtype code ${code}`);
  return name;
}

export function bytesPerElement(dtype: DType): number {
  return { float32: 4, float64: 8, int64: 8, int32: 4, uint8: 1, bool: 1, float16: 2 }[dtype];
}

/** Views the bytes of `buffer` as the TypedArray of `dtype` (no copy). */
export function viewAs<D extends DType>(buffer: ArrayBuffer, dtype: D): TypedArrayOf<D> {
  switch (dtype) {
    case 'float32': return new Float32Array(buffer) as TypedArrayOf<D>;
    case 'float64': return new Float64Array(buffer) as TypedArrayOf<D>;
    case 'int64': return new BigInt64Array(buffer) as TypedArrayOf<D>;
    case 'int32': return new Int32Array(buffer) as TypedArrayOf<D>;
    case 'float16': return new Uint16Array(buffer) as TypedArrayOf<D>;
    default: return new Uint8Array(buffer) as TypedArrayOf<D>;
  }
}

/** The dtype a TypedArray holds by default (Uint8Array → uint8). */
export function dtypeOfArray(data: ArrayBufferView): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) return 'uint8';
  throw new TypeError(`tensor: expected a Float32Array, Float64Array, BigInt64Array, Int32Array or Uint8Array for data but received ${data.constructor.name}`);
}

export const isFloating = (dtype: DType): boolean => dtype === 'float32' || dtype === 'float64' || dtype === 'float16';
