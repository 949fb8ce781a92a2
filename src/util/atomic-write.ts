// Crash-safe writes: a reader (or the next run after a crash, Ctrl-C or SIGKILL) sees either the
// old content or the new, never a torn file. Files: temp file in the same directory, fsync, rename,
// fsync the directory. Directory bundles (gallery, checkpoint): sibling temp dir, then a swap
// through a fixed-name backup that `recoverReplacedDir` repairs if the swap was interrupted.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ArgumentError, ReidError, expected } from './errors.ts';

export interface WriteFileAtomicOptions {
  /** Permission bits of the new file (default 0o666, minus the umask). */
  mode?: number;
}

export interface WriteJsonAtomicOptions extends WriteFileAtomicOptions {
  /** Spaces of indentation (default 2); 0 writes compact JSON. */
  indent?: number;
}

/** What `recoverReplacedDir` found and did. */
export type DirRecovery = 'none' | 'restored-backup' | 'removed-backup';

function tempName(path: string, kind: 'tmp' | 'tmpdir'): string {
  // The pid in the name lets recovery tell a dead writer's leftovers from a live one's.
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.${kind}`);
}

/** The fixed name of the old bundle while a swap is in flight (recovery must find it without state). */
export function backupDirName(targetDir: string): string {
  return join(dirname(targetDir), `.${basename(targetDir)}.backup`);
}

function isErrno(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && codes.includes((error as NodeJS.ErrnoException).code ?? '');
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
}

/** fsync a directory so a rename inside it survives power loss; some platforms/filesystems refuse. */
async function syncDir(dir: string): Promise<void> {
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

/** fsync every file and directory under `dir`, so a bundle is durable before it is swapped in. */
async function syncTree(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await syncTree(path);
    else if (entry.isFile()) {
      const handle = await open(path, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  }
  await syncDir(dir);
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
  const temp = tempName(path, 'tmp');
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

/** True when `pid` is a running process (ours counts); used to spare a live writer's temp dir. */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

/**
 * Repairs `targetDir` after a crash during `replaceDirAtomic`: restores the backup if the
 * target is missing, drops a backup whose replacement completed, and removes temp dirs left by
 * dead processes. Call it before reading a bundle (on startup or reload).
 */
export async function recoverReplacedDir(targetDir: string): Promise<DirRecovery> {
  checkPath('recoverReplacedDir', 'targetDir', targetDir);
  const parent = dirname(targetDir);
  const prefix = `.${basename(targetDir)}.`;
  let names: string[] = [];
  try {
    names = await readdir(parent);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'none';
    throw error;
  }
  for (const name of names) {
    const match = name.startsWith(prefix) ? /^(\d+)\.[0-9a-f]+\.tmpdir$/.exec(name.slice(prefix.length)) : null;
    if (match && !isAlive(Number(match[1]))) await rm(join(parent, name), { recursive: true, force: true });
  }
  const backup = backupDirName(targetDir);
  if (!(await exists(backup))) return 'none';
  if (await exists(targetDir)) {
    // The new bundle was already renamed into place; only the cleanup was interrupted.
    await rm(backup, { recursive: true, force: true });
    return 'removed-backup';
  }
  await rename(backup, targetDir);
  await syncDir(parent);
  return 'restored-backup';
}

/**
 * Replaces the directory `targetDir` with one built by `fill(tmpDir)`. If `fill` throws, the
 * target is untouched. A crash leaves either the old or the new bundle (after `recoverReplacedDir`).
 */
export async function replaceDirAtomic(targetDir: string, fill: (tmpDir: string) => Promise<void>): Promise<void> {
  checkPath('replaceDirAtomic', 'targetDir', targetDir);
  if (typeof fill !== 'function') {
    throw new ArgumentError(expected('replaceDirAtomic', 'fill', 'an async function (tmpDir) => void', fill));
  }
  const parent = dirname(targetDir);
  await mkdir(parent, { recursive: true });
  await recoverReplacedDir(targetDir);
  const temp = tempName(targetDir, 'tmpdir');
  await mkdir(temp);
  try {
    await fill(temp);
    await syncTree(temp);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  const backup = backupDirName(targetDir);
  const hadTarget = await exists(targetDir);
  if (hadTarget) await rename(targetDir, backup);
  try {
    await rename(temp, targetDir);
  } catch (error) {
    if (hadTarget) await rename(backup, targetDir);
    await rm(temp, { recursive: true, force: true });
    throw new ReidError(`replaceDirAtomic: could not move the new bundle into ${targetDir}: ${(error as Error).message}`, {
      file: targetDir,
      cause: error,
    });
  }
  await syncDir(parent);
  if (hadTarget) await rm(backup, { recursive: true, force: true });
}
