// Parsing of CLI option values, with errors that name the option and what was expected.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ArgumentError, DataError, resolveModelDir } from '../index.ts';

// Number('') and Number('  ') are 0: an empty value must not pass as zero.
const toNumber = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));

function integer(option: string, min: number, what: string) {
  return (value: string): number => {
    const n = toNumber(value);
    if (!Number.isSafeInteger(n) || n < min) throw new ArgumentError(`${option}: expected ${what} but received "${value}"`);
    return n;
  };
}

export const positiveInt = (option: string) => integer(option, 1, 'a positive integer');
export const nonNegativeInt = (option: string) => integer(option, 0, 'a non-negative integer');

export function positiveNumber(option: string) {
  return (value: string): number => {
    const n = toNumber(value);
    if (!(n > 0) || !Number.isFinite(n)) throw new ArgumentError(`${option}: expected a positive number but received "${value}"`);
    return n;
  };
}

export function nonNegativeNumber(option: string) {
  return (value: string): number => {
    const n = toNumber(value);
    if (!(n >= 0) || !Number.isFinite(n)) throw new ArgumentError(`${option}: expected a non-negative finite number but received "${value}"`);
    return n;
  };
}

/** A number strictly between 0 and 1 (a decay, a rate). */
export function openUnitInterval(option: string) {
  return (value: string): number => {
    const n = toNumber(value);
    if (!(n > 0 && n < 1)) throw new ArgumentError(`${option}: expected a number between 0 and 1 (both excluded) but received "${value}"`);
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

/** "SPEC@split" → { spec, split } (split defaults to the given one, or to the spec's own default when none is given). */
export function specWithSplit(value: string, fallback?: string): { spec: string; split: string | undefined } {
  const at = value.lastIndexOf('@');
  return at > 0 ? { spec: value.slice(0, at), split: value.slice(at + 1) } : { spec: value, split: fallback };
}

/**
 * Image paths from a `--files-from LIST` file: one path per line, blank lines ignored, CRLF allowed.
 * Relative paths are relative to the list file's folder (as a CSV manifest's are), so a list kept
 * beside its images works from any working directory; "-" reads standard input, relative to the
 * working directory. A file list sidesteps the kernel's 128 KB limit on one argument, which
 * `npm run reid -- embed *.png` hits with a few thousand files.
 */
export async function readFileList(listFile: string, option = '--files-from'): Promise<string[]> {
  let text: string;
  try {
    text = listFile === '-' ? await readStdin() : await readFile(listFile, 'utf8');
  } catch (error) {
    throw new DataError(`${option}: could not read the file list ${listFile}: ${(error as Error).message}`, { file: listFile, cause: error });
  }
  const base = listFile === '-' ? process.cwd() : dirname(resolve(listFile));
  return text.split(/\r?\n/).filter((line) => line.trim() !== '').map((line) => (isAbsolute(line) ? line : resolve(base, line)));
}

/** Positional image arguments followed by those of `--files-from`, refusing an empty result. */
export async function imageArguments(images: readonly string[], filesFrom: string | undefined, command: string): Promise<string[]> {
  const all = [...images, ...(filesFrom === undefined ? [] : await readFileList(filesFrom))];
  if (all.length === 0) {
    throw new ArgumentError(`${command}: expected image files (as arguments or --files-from LIST) but received none${filesFrom ? ` (${filesFrom} lists no paths)` : ''}`);
  }
  return all;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A --model value: a bundle directory, or the name of a model that ships with reid (glyph-general). */
export const modelDir = (value: string): string => resolveModelDir(value);
