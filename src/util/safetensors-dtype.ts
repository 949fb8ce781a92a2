// The safetensors dtypes reid reads and writes, the TypedArray behind each, and the checks that a
// tensor handed to the encoder is self-consistent (the encoder trusts nothing it did not check).
import { ArgumentError, expected } from './errors.ts';

/** The TypedArray that holds each dtype. F16/BF16 keep raw bit patterns; BOOL holds 0/1. */
export interface SafetensorsArrays {
  BOOL: Uint8Array;
  U8: Uint8Array;
  I8: Int8Array;
  I16: Int16Array;
  U16: Uint16Array;
  F16: Uint16Array;
  BF16: Uint16Array;
  I32: Int32Array;
  U32: Uint32Array;
  F32: Float32Array;
  F64: Float64Array;
  I64: BigInt64Array;
  U64: BigUint64Array;
}

export type SafetensorsDtype = keyof SafetensorsArrays;

/** One tensor, tagged by dtype so `switch (tensor.dtype)` narrows `data`. Shape is C order. */
export type SafetensorsTensor = {
  [D in SafetensorsDtype]: { dtype: D; shape: number[]; data: SafetensorsArrays[D] };
}[SafetensorsDtype];

type TypedArrayConstructor = {
  new (buffer: ArrayBuffer): SafetensorsArrays[SafetensorsDtype];
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
};

const ARRAY_TYPES: { [D in SafetensorsDtype]: TypedArrayConstructor } = {
  BOOL: Uint8Array, U8: Uint8Array, I8: Int8Array, I16: Int16Array, U16: Uint16Array, F16: Uint16Array,
  BF16: Uint16Array, I32: Int32Array, U32: Uint32Array, F32: Float32Array, F64: Float64Array,
  I64: BigInt64Array, U64: BigUint64Array,
};

// Position in Rust's `Dtype` enum (ranks 3-4 are F8 types we do not read). Python writes tensors by
// descending rank, then by name, which keeps every tensor aligned to its element size.
const DTYPE_RANK: { [D in SafetensorsDtype]: number } = {
  BOOL: 0, U8: 1, I8: 2, I16: 5, U16: 6, F16: 7, BF16: 8, I32: 9, U32: 10, F32: 11, F64: 12, I64: 13, U64: 14,
};

export const SAFETENSORS_DTYPES = Object.keys(ARRAY_TYPES) as SafetensorsDtype[];

export function isSafetensorsDtype(value: unknown): value is SafetensorsDtype {
  return typeof value === 'string' && Object.hasOwn(ARRAY_TYPES, value);
}

export function safetensorsArrayType(dtype: SafetensorsDtype): TypedArrayConstructor {
  return ARRAY_TYPES[dtype];
}

export function safetensorsDtypeRank(dtype: SafetensorsDtype): number {
  return DTYPE_RANK[dtype];
}

export function isShape(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((size) => Number.isSafeInteger(size) && size >= 0);
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/** Throws an ArgumentError naming `fn` and the tensor unless dtype, shape and data agree. */
export function checkSafetensorsTensor(fn: string, name: string, tensor: unknown): asserts tensor is SafetensorsTensor {
  const param = `tensors[${JSON.stringify(name)}]`;
  if (tensor === null || typeof tensor !== 'object') {
    throw new ArgumentError(expected(fn, param, 'an object { dtype, shape, data }', tensor));
  }
  const { dtype, shape, data } = tensor as Record<string, unknown>;
  if (!isSafetensorsDtype(dtype)) {
    throw new ArgumentError(expected(fn, `${param}.dtype`, `one of ${SAFETENSORS_DTYPES.join(', ')}`, dtype));
  }
  if (!isShape(shape)) {
    throw new ArgumentError(expected(fn, `${param}.shape`, 'an array of non-negative integers', shape));
  }
  const arrayType = ARRAY_TYPES[dtype];
  if (!(data instanceof arrayType)) {
    throw new ArgumentError(expected(fn, `${param}.data`, `a ${arrayType.name} for dtype ${dtype}`, data));
  }
  const count = elementCount(shape);
  if (data.length !== count) {
    throw new ArgumentError(expected(fn, `${param}.data`, `${count} elements for shape [${shape.join(', ')}]`, data));
  }
  if (dtype === 'BOOL' && (data as Uint8Array).some((value) => value > 1)) {
    throw new ArgumentError(expected(fn, `${param}.data`, 'only 0 and 1 for dtype BOOL', data));
  }
}
