// A long-lived PyTorch reference process (a script in bench/reference/ run by Debian's python3),
// driven one JSON command per line with one JSON reply per line, so reid and PyTorch rounds can
// alternate. Shared by the engine, gallery and train benchmarks.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { oneBlasThreadUnlessSet } from '../src/binding/blas-threads.ts';

export interface PythonReference {
  /** PyTorch's version, as the script reports it. */
  torch: string;
  /** Sends one command; resolves with its reply, rejects when the reply has an `error` or the process died. */
  ask(command: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): void;
  kill(): void;
}

export interface StartOptions {
  /** Forward the script's stderr lines (its progress) to ours. */
  echoStderr?: boolean;
}

/** Starts bench/reference/<script> with --threads, or explains (as a note) why it cannot run. */
export async function startPythonReference(python: string, script: string, threads: number, options: StartOptions = {}): Promise<PythonReference | { note: string }> {
  let child: ChildProcessWithoutNullStreams;
  // The same OpenBLAS threads as reid's side (one of its own unless the user set them), so the
  // comparison is of the engines, not of one spinning BLAS worker (src/binding/blas-threads.ts).
  oneBlasThreadUnlessSet();
  try {
    child = spawn(python, [join(dirname(fileURLToPath(import.meta.url)), 'reference', script), '--threads', String(threads)], { stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    return { note: `PyTorch reference skipped: could not start ${python}: ${(error as Error).message}` };
  }
  let lastError = '';
  createInterface({ input: child.stderr }).on('line', (line) => {
    lastError = line;
    if (options.echoStderr) process.stderr.write(`${line}\n`);
  });
  const pending: ((line: string | null) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => pending.shift()?.(line));
  const ended = new Promise<null>((resolve) => {
    child.on('close', () => resolve(null));
    child.on('error', (error) => {
      lastError = error.message; // e.g. spawn ENOENT
      resolve(null);
    });
  });
  void ended.then(() => pending.splice(0).forEach((wake) => wake(null)));
  const next = () => new Promise<string | null>((resolve) => pending.push(resolve));
  const first = await Promise.race([next(), ended]);
  const hello = first === null ? null : (JSON.parse(first) as { ready?: boolean; torch?: string; error?: string });
  if (!hello?.ready) {
    child.kill();
    return { note: `PyTorch reference skipped: ${hello?.error ?? (lastError || `${python} exited`)}` };
  }
  return {
    torch: hello.torch ?? 'unknown',
    async ask(command) {
      const answer = next();
      child.stdin.write(`${JSON.stringify(command)}\n`);
      const line = await answer;
      if (line === null) throw new Error(`PyTorch reference died: ${lastError}`);
      const reply = JSON.parse(line) as Record<string, unknown>;
      if (typeof reply.error === 'string') throw new Error(`PyTorch reference: ${reply.error}`);
      return reply;
    },
    close: () => child.stdin.end(`${JSON.stringify({ cmd: 'quit' })}\n`),
    kill: () => void child.kill(),
  };
}
