// Argument checks shared by the eval functions, so every message has the project's shape:
// `<function>: expected <what> for <parameter> but received <value>. <hint>`.
import { ArgumentError, ShapeError } from '../util/errors.ts';

export function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return `${value} of type ${typeof value}`;
  if (value === null || value === undefined) return String(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  if (Array.isArray(value)) return `array of length ${value.length}`;
  return typeof value;
}

export function expectPositiveInteger(fn: string, parameter: string, value: number, hint = ''): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new ArgumentError(`${fn}: expected a positive integer for ${parameter} but received ${describeValue(value)}.${hint ? ` ${hint}` : ''}`);
  }
}

export function expectLength(fn: string, parameter: string, values: ArrayLike<unknown>, length: number, hint = ''): void {
  if (values.length !== length) {
    throw new ShapeError(`${fn}: expected length ${length} for ${parameter} but received length ${values.length}.${hint ? ` ${hint}` : ''}`);
  }
}

export function expectInt32Array(fn: string, parameter: string, value: unknown): asserts value is Int32Array {
  if (!(value instanceof Int32Array)) {
    throw new ArgumentError(`${fn}: expected an Int32Array for ${parameter} but received ${describeValue(value)}. Convert with Int32Array.from(labels).`);
  }
}
