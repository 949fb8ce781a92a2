// Making tensors: from TypedArrays and nested arrays, and the usual factories.
import { ShapeError } from '../util/errors.ts';
import { native } from './engine.ts';
import { dtypeCode, dtypeOfArray, type DType } from './dtype.ts';
import { fromHandle, handleOf, type Device, type Tensor } from './tensor.ts';

export interface CreateOptions {
  dtype?: DType;
  device?: Device;
}

function flattenNested(data: unknown, shape: number[], out: number[], depth: number): void {
  if (Array.isArray(data)) {
    if (shape.length <= depth) shape.push(data.length);
    else if (shape[depth] !== data.length) throw new ShapeError(`tensor: expected nested arrays of equal length for data but found lengths ${shape[depth]} and ${data.length} at depth ${depth}`);
    for (const item of data) flattenNested(item, shape, out, depth + 1);
  } else if (typeof data === 'number' || typeof data === 'boolean') {
    if (depth !== shape.length) throw new ShapeError('tensor: expected nested arrays of equal depth for data');
    out.push(Number(data));
  } else {
    throw new TypeError(`tensor: expected numbers, booleans or nested arrays for data but received ${typeof data}`);
  }
}

function toTyped(values: ArrayLike<number>, dtype: DType): ArrayBufferView {
  switch (dtype) {
    case 'float32': return Float32Array.from(values);
    case 'float64': return Float64Array.from(values);
    case 'int64': return BigInt64Array.from(Array.from(values, (v) => BigInt(Math.trunc(v))));
    case 'int32': return Int32Array.from(values);
    case 'uint8': return Uint8Array.from(values);
    case 'bool': return Uint8Array.from(values, (v) => (v ? 1 : 0));
    case 'float16': throw new TypeError('tensor: expected a Uint16Array of half bit patterns for float16 data (or make float32 and convert with .to(\'float16\'))');
  }
}

/**
 * A tensor from a TypedArray (with shape) or nested arrays of numbers. The data is copied.
 * A TypedArray keeps its own dtype unless `dtype` asks for another.
 */
export function tensor(data: ArrayBufferView | number | readonly unknown[], shape?: readonly number[], options: CreateOptions = {}): Tensor {
  let values: ArrayBufferView;
  let dims: readonly number[];
  let dtype: DType;
  if (ArrayBuffer.isView(data)) {
    dtype = options.dtype ?? dtypeOfArray(data);
    const length = (data as unknown as ArrayLike<unknown>).length;
    dims = shape ?? [length];
    const need = dims.reduce((a, b) => a * b, 1);
    if (need !== length) throw new ShapeError(`tensor: expected ${need} elements for data (shape [${dims.join(', ')}]) but received ${length}`);
    // bool always goes through toTyped: a byte other than 0/1 in a C++ bool is undefined behaviour.
    const sameType = (dtype === 'float16' ? data instanceof Uint16Array : dtypeOfArray(data) === dtype) && dtype !== 'bool';
    values = sameType ? data : toTyped(Array.from(data as unknown as ArrayLike<number | bigint>, Number), dtype);
  } else {
    const flat: number[] = [];
    const found: number[] = [];
    flattenNested(data, found, flat, 0);
    dims = shape ?? found;
    dtype = options.dtype ?? 'float32';
    if (dims.reduce((a, b) => a * b, 1) !== flat.length) throw new ShapeError(`tensor: expected ${flat.length} elements to fit shape [${dims.join(', ')}]`);
    values = toTyped(flat, dtype);
  }
  return fromHandle(native().fromData(values, dims, dtypeCode(dtype), options.device));
}

/** A 0-d tensor holding one number. */
export const scalar = (value: number, options: CreateOptions = {}): Tensor => tensor([value], [], options);

const dev = (o: CreateOptions) => o.device ?? 'cpu';
export const zeros = (shape: readonly number[], o: CreateOptions = {}): Tensor => fromHandle(native().zeros(shape, dtypeCode(o.dtype ?? 'float32'), dev(o)));
export const ones = (shape: readonly number[], o: CreateOptions = {}): Tensor => fromHandle(native().ones(shape, dtypeCode(o.dtype ?? 'float32'), dev(o)));
export const full = (shape: readonly number[], value: number, o: CreateOptions = {}): Tensor => fromHandle(native().full(shape, value, dtypeCode(o.dtype ?? 'float32'), dev(o)));
/** Uniform on [0, 1), from libtorch's generator (see manualSeed). */
export const rand = (shape: readonly number[], o: CreateOptions = {}): Tensor => fromHandle(native().rand(shape, dtypeCode(o.dtype ?? 'float32'), dev(o)));
export const randn = (shape: readonly number[], o: CreateOptions = {}): Tensor => fromHandle(native().randn(shape, dtypeCode(o.dtype ?? 'float32'), dev(o)));
/** Integers uniform in [low, high). */
export const randint = (low: number, high: number, shape: readonly number[], o: CreateOptions = {}): Tensor => fromHandle(native().randint(low, high, shape, dtypeCode(o.dtype ?? 'int64'), dev(o)));
export const randperm = (n: number, o: CreateOptions = {}): Tensor => fromHandle(native().randperm(n, dtypeCode(o.dtype ?? 'int64'), dev(o)));
export const eye = (n: number, m = n, o: CreateOptions = {}): Tensor => fromHandle(native().eye(n, m, dtypeCode(o.dtype ?? 'float32'), dev(o)));
export const linspace = (start: number, end: number, steps: number, o: CreateOptions = {}): Tensor => fromHandle(native().linspace(start, end, steps, dtypeCode(o.dtype ?? 'float32'), dev(o)));

/** start, start+step, ... < end. Integer arguments give int64 unless dtype says otherwise. */
export function arange(start: number, end?: number, step = 1, o: CreateOptions = {}): Tensor {
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  const integral = [lo, hi, step].every(Number.isInteger);
  return fromHandle(native().arange(lo, hi, step, dtypeCode(o.dtype ?? (integral ? 'int64' : 'float32')), dev(o)));
}

export const zerosLike = (t: Tensor): Tensor => fromHandle(native().zerosLike(handleOf(t, 'zerosLike')));
export const onesLike = (t: Tensor): Tensor => fromHandle(native().onesLike(handleOf(t, 'onesLike')));
