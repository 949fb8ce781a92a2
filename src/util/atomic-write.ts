// Crash-safe writes: a reader (or the next run after a crash, Ctrl-C or SIGKILL) sees either the
// old content or the new, never a torn file: temp file in the same directory, fsync, rename, fsync
// the directory. Bundles (gallery, model) are files written this way one by one inside their
// directory, never a swap of the whole directory, so files reid did not write there survive.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isErrno } from './errno.ts';
import { ArgumentError, ReidError, expected } from './errors.ts';

export interface WriteFileAtomicOptions {
  /** Permission bits of the new file (default 0o666, minus the umask). */
  mode?: number;
}

export interface WriteJsonAtomicOptions extends WriteFileAtomicOptions {
  /** Spaces of indentation (default 2); 0 writes compact JSON. */
  indent?: number;
}

/** A unique temp name beside `path`; the pid in it tells a dead writer's leftovers from a live one's. */
export function tempNameBeside(path: string, suffix: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.${suffix}`);
}

/** fsync a directory so a rename inside it survives power loss; some platforms/filesystems refuse. */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!isErrno(error, 'EISDIR', 'EINVAL', 'EPERM', 'EBADF', 'ENOTSUP')) throw error;
  } finally {
    await handle?.close();
  }
}

function checkPath(fn: string, param: string, path: unknown): asserts path is string {
  if (typeof path !== 'string' || path === '') {
    throw new ArgumentError(expected(fn, param, 'a non-empty path string', path));
  }
}

/** Writes `data` to `path` so that `path` always holds either its old content or all of `data`. */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  checkPath('writeFileAtomic', 'path', path);
  const temp = tempNameBeside(path, 'tmp');
  try {
    const handle = await open(temp, 'wx', options.mode ?? 0o666);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new ReidError(`writeFileAtomic: could not write ${path}: ${(error as Error).message}`, {
      file: path,
      cause: error,
    });
  }
  await syncDir(dirname(path));
}

/** `JSON.stringify(value)` (with a trailing newline) written atomically. */
export async function writeJsonAtomic(path: string, value: unknown, options: WriteJsonAtomicOptions = {}): Promise<void> {
  const text = JSON.stringify(value, null, options.indent ?? 2);
  if (text === undefined) {
    throw new ArgumentError(expected('writeJsonAtomic', 'value', 'a JSON-serialisable value', value));
  }
  await writeFileAtomic(path, `${text}\n`, options);
}
