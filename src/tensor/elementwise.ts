// Elementwise arithmetic, comparison and logic. Right-hand sides may be numbers;
// integral numbers keep integer tensors integral, as in PyTorch.
import { native } from './engine.ts';
import { fromHandle, handleOf, type Tensor } from './tensor.ts';

type BinaryName = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'remainder';
type UnaryName =
  | 'neg' | 'abs' | 'exp' | 'log' | 'log1p' | 'sqrt' | 'rsqrt' | 'square' | 'sign' | 'floor' | 'ceil' | 'round'
  | 'sin' | 'cos' | 'tanh' | 'sigmoid' | 'relu' | 'gelu' | 'isnan' | 'isfinite' | 'logicalNot';

const binary = (name: BinaryName) => (a: Tensor, b: Tensor | number): Tensor =>
  fromHandle(native()[name](handleOf(a, name), typeof b === 'number' ? b : handleOf(b, name)));
const tensorBinary = (name: 'maximum' | 'minimum' | 'logicalAnd' | 'logicalOr' | 'logicalXor') => (a: Tensor, b: Tensor): Tensor =>
  fromHandle(native()[name](handleOf(a, name), handleOf(b, name)));
const unary = (name: UnaryName) => (a: Tensor): Tensor => fromHandle(native()[name](handleOf(a, name)));

export const add = binary('add');
export const sub = binary('sub');
export const mul = binary('mul');
export const div = binary('div');
export const pow = binary('pow');
export const eq = binary('eq');
export const ne = binary('ne');
export const lt = binary('lt');
export const le = binary('le');
export const gt = binary('gt');
export const ge = binary('ge');
export const remainder = binary('remainder');
export const maximum = tensorBinary('maximum');
export const minimum = tensorBinary('minimum');
export const logicalAnd = tensorBinary('logicalAnd');
export const logicalOr = tensorBinary('logicalOr');
export const logicalXor = tensorBinary('logicalXor');
export const logicalNot = unary('logicalNot');
export const neg = unary('neg');
export const abs = unary('abs');
export const exp = unary('exp');
export const log = unary('log');
export const log1p = unary('log1p');
export const sqrt = unary('sqrt');
export const rsqrt = unary('rsqrt');
export const square = unary('square');
export const sign = unary('sign');
export const floor = unary('floor');
export const ceil = unary('ceil');
export const round = unary('round');
export const sin = unary('sin');
export const cos = unary('cos');
export const tanh = unary('tanh');
export const sigmoid = unary('sigmoid');
export const relu = unary('relu');
export const gelu = unary('gelu');
export const isnan = unary('isnan');
export const isfinite = unary('isfinite');

/** number − tensor. */
export function rsub(a: Tensor, b: number): Tensor {
  return fromHandle(native().rsub(handleOf(a, 'rsub'), b));
}

/** log(1 + exp(beta·x)) / beta, linear above `threshold` for stability. */
export function softplus(x: Tensor, options: { beta?: number; threshold?: number } = {}): Tensor {
  return fromHandle(native().softplus(handleOf(x, 'softplus'), options.beta ?? 1, options.threshold ?? 20));
}

/** Elements of a where cond is true, else of b. */
export function where(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  const h = (v: Tensor | number) => (typeof v === 'number' ? v : handleOf(v, 'where'));
  return fromHandle(native().where(handleOf(cond, 'where'), h(a), h(b)));
}

export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  return fromHandle(native().clamp(handleOf(x, 'clamp'), min ?? null, max ?? null));
}
export const clampMin = (x: Tensor, min: number): Tensor => clamp(x, min, null);
export const clampMax = (x: Tensor, max: number): Tensor => clamp(x, null, max);
