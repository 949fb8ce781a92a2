// An advisory lock file for writers of one bundle: created whole and exclusively (a hard link of a
// finished temp file, which fails if the lock exists), holding pid, host and a token. A lock whose
// pid is dead on this host is stale and taken over; one held by a live process is waited for, up
// to a bound, then refused with a message naming the holder and the file.
import { randomBytes } from 'node:crypto';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { tempNameBeside } from './atomic-write.ts';
import { isErrno, isProcessAlive } from './errno.ts';
import { ReidError } from './errors.ts';

export interface FileLockOptions {
  /** How long to wait for a live holder, in ms (default 60 000). */
  timeoutMs?: number;
  /** What the lock protects, for messages (e.g. "the gallery g/"). */
  what?: string;
}

interface Holder {
  pid: number;
  hostname: string;
  token: string;
  since: string;
}

/** A lock held by another live process for longer than the caller would wait. */
export class LockTimeoutError extends ReidError {
  constructor(message: string, options: { file: string }) {
    super(message, options);
    this.name = 'LockTimeoutError';
  }
}

async function readHolder(path: string): Promise<Holder | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'missing';
    throw error;
  }
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.hostname === 'string' && typeof h.token === 'string' ? (h as Holder) : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

async function tryCreate(path: string, content: string): Promise<boolean> {
  const temp = tempNameBeside(path, 'tmp');
  await writeFile(temp, content, { flag: 'wx' });
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    if (!isErrno(error, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS')) throw error;
  } finally {
    await rm(temp, { force: true });
  }
  // A file system without hard links: O_EXCL create; a contender may briefly see it empty, and waits.
  try {
    await writeFile(path, content, { flag: 'wx' });
    return true;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  }
}

/**
 * Removes a stale lock. It is moved aside first and checked: if another process took the lock
 * over between our read and the move, its lock is linked back (link fails rather than replace).
 */
async function breakStale(path: string, stale: Holder): Promise<void> {
  const aside = tempNameBeside(path, 'stale');
  try {
    await rename(path, aside);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    throw error;
  }
  const moved = await readHolder(aside);
  if (typeof moved !== 'object' || moved.token !== stale.token) {
    await link(aside, path).catch((error: unknown) => {
      if (!isErrno(error, 'EEXIST')) throw error;
    });
  }
  await rm(aside, { force: true });
}

export interface FileLock {
  readonly path: string;
  release(): Promise<void>;
}

export async function acquireFileLock(path: string, options: FileLockOptions = {}): Promise<FileLock> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const me: Holder = { pid: process.pid, hostname: hostname(), token: randomBytes(8).toString('hex'), since: new Date().toISOString() };
  const content = `${JSON.stringify(me)}\n`;
  const deadline = Date.now() + timeoutMs;
  for (let wait = 10; ; wait = Math.min(250, wait * 2)) {
    if (await tryCreate(path, content)) break;
    const holder = await readHolder(path);
    if (holder === 'missing') continue;
    if (typeof holder === 'object' && holder.hostname === me.hostname && !isProcessAlive(holder.pid)) {
      await breakStale(path, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = typeof holder === 'object' ? `process ${holder.pid} on ${holder.hostname} since ${holder.since}` : 'a process that left it unreadable';
      throw new LockTimeoutError(
        `${options.what ?? path} is locked by ${who} (lock file ${path}); waited ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}. ` +
          `Hint: let that process finish; if no reid process is using it, delete ${path}.`,
        { file: path },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return {
    path,
    release: async () => {
      const holder = await readHolder(path);
      if (typeof holder === 'object' && holder.token === me.token) await rm(path, { force: true });
    },
  };
}

/** Runs `fn` holding the lock file `path`; the lock is released however `fn` ends. */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lock = await acquireFileLock(path, options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
