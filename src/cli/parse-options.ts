// Parsing of CLI option values, with errors that name the option and what was expected.
import { ArgumentError } from '../index.ts';

export function positiveInt(option: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new ArgumentError(`${option}: expected a positive integer but received "${value}"`);
    return n;
  };
}

export function positiveNumber(option: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!(n > 0) || !Number.isFinite(n)) throw new ArgumentError(`${option}: expected a positive number but received "${value}"`);
    return n;
  };
}

export function oneOf<T extends string>(option: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!choices.includes(value as T)) throw new ArgumentError(`${option}: expected one of ${choices.join(', ')} but received "${value}"`);
    return value as T;
  };
}

export const list = (value: string): string[] => value.split(',').map((s) => s.trim()).filter(Boolean);

export function intList(option: string) {
  return (value: string): number[] => list(value).map(positiveInt(option));
}

/** "SPEC@split" → { spec, split } (split defaults to the given one). */
export function specWithSplit(value: string, fallback: string): { spec: string; split: string } {
  const at = value.lastIndexOf('@');
  return at > 0 ? { spec: value.slice(0, at), split: value.slice(at + 1) } : { spec: value, split: fallback };
}
