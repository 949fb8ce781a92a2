// Tensor: a typed, disposable handle on a libtorch tensor. Ops are free functions in
// sibling files (add, matmul, conv2d...), as in TensorFlow.js's functional API.
import type { TensorHandle } from '../binding/native-types.ts';
import { DisposedTensorError } from '../util/errors.ts';
import { native } from './engine.ts';
import { dtypeCode, dtypeFromCode, viewAs, type DType, type TypedArrayOf } from './dtype.ts';
import { track, untrack } from './memory.ts';

const handleKey = Symbol('reid.tensor.handle');
export type Device = 'cpu' | `cuda${'' | `:${number}`}`;

export class Tensor {
  private readonly [handleKey]: TensorHandle;
  #shape: readonly number[] | undefined;
  #disposed = false;

  /** Internal: use the creation functions (tensor, zeros, ...) instead. */
  constructor(handle: TensorHandle) {
    this[handleKey] = handle;
    track(this);
  }

  get shape(): readonly number[] {
    return (this.#shape ??= Object.freeze(native().shape(handleOf(this, 'shape'))));
  }
  get rank(): number {
    return this.shape.length;
  }
  get dtype(): DType {
    return dtypeFromCode(native().dtype(handleOf(this, 'dtype')));
  }
  get device(): Device {
    return native().device(handleOf(this, 'device')) as Device;
  }
  get numel(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
  get isDisposed(): boolean {
    return this.#disposed;
  }

  /** A copy of the elements, in row-major order, as the dtype's TypedArray. */
  data<D extends DType = DType>(): TypedArrayOf<D> {
    return viewAs(native().toData(handleOf(this, 'data')), this.dtype) as TypedArrayOf<D>;
  }

  /** The single element of a one-element tensor, as a number (booleans as 0/1). */
  item(): number {
    return Number(native().item(handleOf(this, 'item')));
  }

  /** Nested arrays, for printing and tests. */
  toArray(): unknown {
    const flat = Array.from(this.data() as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? Number(v) : v));
    const build = (dims: readonly number[], offset: number): unknown => {
      if (dims.length === 0) return flat[offset];
      const [n, ...rest] = dims;
      const stride = rest.reduce((a, b) => a * b, 1);
      return Array.from({ length: n! }, (_, i) => build(rest, offset + i * stride));
    };
    return build(this.shape, 0);
  }

  to(target: DType | Device, device?: Device): Tensor {
    const isDevice = target === 'cpu' || target.startsWith('cuda');
    const dtype = isDevice ? this.dtype : (target as DType);
    const dev = isDevice ? (target as Device) : (device ?? this.device);
    return new Tensor(native().to(handleOf(this, 'to'), dtypeCode(dtype), dev));
  }

  clone(): Tensor {
    return new Tensor(native().clone(handleOf(this, 'clone')));
  }

  // ---- autograd ----
  get requiresGrad(): boolean {
    return native().requiresGrad(handleOf(this, 'requiresGrad'));
  }
  /** Marks this (leaf) tensor as a parameter to differentiate; returns this. */
  setRequiresGrad(flag = true): this {
    native().setRequiresGrad(handleOf(this, 'setRequiresGrad'), flag);
    return this;
  }
  get isLeaf(): boolean {
    return native().isLeaf(handleOf(this, 'isLeaf'));
  }
  /** The accumulated gradient as a new tensor (caller owns it), or null. */
  get grad(): Tensor | null {
    const g = native().grad(handleOf(this, 'grad'));
    return g === null ? null : new Tensor(g);
  }
  /** Drops the accumulated gradient (PyTorch's zero_grad(set_to_none=True)). */
  clearGrad(): void {
    native().clearGrad(handleOf(this, 'clearGrad'));
  }
  backward(gradient?: Tensor, options: { retainGraph?: boolean } = {}): void {
    const g = gradient === undefined ? null : handleOf(gradient, 'backward');
    native().backward(handleOf(this, 'backward'), g, options.retainGraph ?? false);
  }
  /** A tensor sharing data but cut from the autograd graph. */
  detach(): Tensor {
    return new Tensor(native().detach(handleOf(this, 'detach')));
  }

  // ---- memory ----
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this[handleKey].dispose();
    untrack(this);
  }
  [Symbol.dispose](): void {
    this.dispose();
  }

  toString(): string {
    if (this.#disposed) return 'Tensor(disposed)';
    const body = this.numel <= 64 ? JSON.stringify(this.toArray()) : `[${this.numel} elements]`;
    return `Tensor(${body}, shape=[${this.shape.join(', ')}], dtype=${this.dtype})`;
  }
}

/** Internal: the native handle of t, checked. Not part of the public API. */
export function handleOf(t: Tensor, op: string): TensorHandle {
  if (!(t instanceof Tensor)) {
    throw new TypeError(`${op}: expected a Tensor but received ${t === null ? 'null' : typeof t}`);
  }
  if (t.isDisposed) throw new DisposedTensorError(`${op}: tensor was already disposed. Hint: keep() it or move the call inside the tidy() that created it.`);
  return t[handleKey];
}

/** Internal: wraps a handle returned by the native layer. */
export function fromHandle(h: TensorHandle): Tensor {
  return new Tensor(h);
}
