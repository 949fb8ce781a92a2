// The one rule for output directories (`--out`, a new gallery): reid writes into a directory that
// is missing, empty, or one it made before (recognised by its JSON file: gallery.json saying
// "format": "reid-gallery");
// it refuses a file, a directory of someone else's files, and one that overlaps an input bundle.
// It then writes only its own files there, so a user's notes beside a bundle survive.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { isErrno } from './errno.ts';
import { ArgumentError } from './errors.ts';

export interface OutDirKind {
  /** What the directory holds, for messages: "gallery", "model bundle". */
  what: string;
  /** JSON files whose "format" field marks the directory as one reid wrote (any one suffices). */
  markers: readonly { file: string; format: string }[];
  /** Names reid itself writes there, so a directory a crash left without its marker is still ours. */
  owns: (name: string) => boolean;
}

/** The option and path a directory must not overlap (e.g. the --model bundle a gallery is built from). */
export interface OutDirInput {
  option: string;
  dir: string;
}

async function canonical(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) return resolve(path);
    throw error;
  }
}

async function isMarked(dir: string, kind: OutDirKind): Promise<boolean> {
  for (const marker of kind.markers) {
    try {
      if ((JSON.parse(await readFile(join(dir, marker.file), 'utf8')) as { format?: unknown }).format === marker.format) return true;
    } catch {
      // Missing, unreadable or not JSON: not this marker.
    }
  }
  return false;
}

function overlap(out: string, input: string): 'the same directory as' | 'inside' | 'a parent of' | null {
  if (out === input) return 'the same directory as';
  const rel = relative(input, out);
  if (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '') return 'inside';
  const back = relative(out, input);
  return !back.startsWith('..') && !back.startsWith(sep) && back !== '' ? 'a parent of' : null;
}

/**
 * Throws a one-line ArgumentError naming `option` unless `dir` may receive a `kind` bundle:
 * missing, empty, already such a bundle, or holding only files reid writes for it.
 */
export async function checkOutDir(dir: string, option: string, kind: OutDirKind, inputs: readonly OutDirInput[] = []): Promise<void> {
  const out = await canonical(dir);
  for (const input of inputs) {
    const how = overlap(out, await canonical(input.dir));
    if (how) {
      throw new ArgumentError(`${option}: expected a directory apart from the ${input.option} directory ${input.dir} but ${dir} is ${how} it. Hint: choose another directory for the ${kind.what}.`);
    }
  }
  let names: string[];
  try {
    if (!(await stat(dir)).isDirectory()) {
      throw new ArgumentError(`${option}: expected a directory for the ${kind.what} but ${dir} is a file. Hint: choose a new directory (reid will not replace a file with a directory).`);
    }
    names = await readdir(dir);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    if (isErrno(error, 'ENOTDIR')) throw new ArgumentError(`${option}: expected a directory path for the ${kind.what} but part of ${dir} is a file. Hint: choose a new directory.`);
    throw error;
  }
  if (names.length === 0 || names.every(kind.owns) || (await isMarked(dir, kind))) return;
  const shown = [...names].sort().slice(0, 3).join(', ') + (names.length > 3 ? ', ...' : '');
  throw new ArgumentError(
    `${option}: expected a new or empty directory, or an existing ${kind.what}, but ${dir} holds other files (${shown}). ` +
      'Hint: choose a new directory or an empty one; reid writes only into directories it can tell are its own.',
  );
}
