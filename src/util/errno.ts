// Node reports file-system failures as Errors with a string `code` ("ENOENT", "EEXIST"...);
// this is the one test for them, so callers branch on the code and rethrow everything else.
export function isErrno(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && codes.includes((error as NodeJS.ErrnoException).code ?? '');
}

/** True when `pid` is a running process on this machine (ours counts; EPERM means it exists). */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}
