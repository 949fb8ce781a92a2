// Bundles written by earlier versions of reid replaced their whole directory, through a sibling
// temp dir and a fixed-name backup (`.<name>.backup`); a crash mid-swap left the bundle only in the
// backup. Readers find it there without moving anything (a writer may be at work); a writer, which
// holds the bundle's lock or creates the bundle, puts it back before writing.
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { syncDir } from './atomic-write.ts';
import { isErrno, isProcessAlive } from './errno.ts';

/** What `recoverReplacedDir` found and did. */
export type DirRecovery = 'none' | 'restored-backup' | 'removed-backup';

/** The fixed name the old bundle had while a whole-directory swap was in flight. */
export function backupDirName(targetDir: string): string {
  return join(dirname(targetDir), `.${basename(targetDir)}.backup`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) return false;
    throw error;
  }
}

/**
 * Where the bundle `dir` can be read: `dir` itself, or its backup when only the backup holds the
 * bundle's `marker` file (a crash mid-swap). Moves nothing, so it is safe beside a live writer.
 */
export async function readableBundleDir(dir: string, marker: string): Promise<string> {
  if (await exists(join(dir, marker))) return dir;
  const backup = backupDirName(dir);
  return (await exists(join(backup, marker))) ? backup : dir;
}

/**
 * Repairs `dir` after a crash during an old whole-directory swap, for a writer about to write it:
 * restores the backup when `dir` is missing or empty, drops a backup whose replacement completed (`dir` has
 * its `marker`), and removes temp dirs left by dead processes. Never touches a backup or temp dir
 * that a reader may be using: a reader reads the backup only while `dir` lacks the marker, the
 * backup moves onto a missing or empty `dir` only, and a live pid's temp dir stays.
 */
export async function recoverReplacedDir(dir: string, marker: string): Promise<DirRecovery> {
  const parent = dirname(dir);
  const prefix = `.${basename(dir)}.`;
  let names: string[];
  try {
    names = await readdir(parent);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'none';
    throw error;
  }
  for (const name of names) {
    const match = name.startsWith(prefix) ? /^(\d+)\.[0-9a-f]+\.tmpdir$/.exec(name.slice(prefix.length)) : null;
    if (match && !isProcessAlive(Number(match[1]))) await rm(join(parent, name), { recursive: true, force: true });
  }
  const backup = backupDirName(dir);
  if (!(await exists(join(backup, marker)))) return 'none';
  if (await exists(join(dir, marker))) {
    await rm(backup, { recursive: true, force: true });
    return 'removed-backup';
  }
  try {
    await rename(backup, dir); // onto a missing or empty dir only; anything else stays readable where it is
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'EEXIST', 'ENOTEMPTY')) return 'none';
    throw error;
  }
  await syncDir(parent);
  return 'restored-backup';
}
