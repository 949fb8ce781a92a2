// The PyTorch side of bench/engine.ts: a long-lived /usr/bin/python3 process running
// bench/reference/engine_reference.py, driven one JSON line per round so rounds can alternate.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** One engine that can run a round of training steps or forward passes and report seconds per step. */
export interface Side {
  train(batch: number, steps: number, channelsLast: boolean): Promise<number[]>;
  forward(batch: number, iters: number, channelsLast: boolean): Promise<number[]>;
}

export interface PythonSide extends Side {
  torch: string;
  close(): void;
}

/** Starts the PyTorch reference, or explains (as a note) why it cannot run. */
export async function pythonSide(python: string, threads: number): Promise<PythonSide | { note: string }> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'reference', 'engine_reference.py');
  let child: ChildProcessWithoutNullStreams;
  try {
    child = spawn(python, [script, '--threads', String(threads)], { stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    return { note: `PyTorch reference skipped: could not start ${python}: ${(error as Error).message}` };
  }
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.on('error', (error) => (stderr += `${error.message}\n`)); // e.g. spawn ENOENT
  const lines: Interface = createInterface({ input: child.stdout });
  const pending: ((line: string | null) => void)[] = [];
  lines.on('line', (line) => pending.shift()?.(line));
  const ended = new Promise<void>((resolve) => {
    child.on('close', () => resolve());
    child.on('error', () => resolve());
  });
  void ended.then(() => {
    for (const wake of pending.splice(0)) wake(null);
  });
  const next = () => new Promise<string | null>((resolve) => pending.push(resolve));
  const first = await Promise.race([next(), ended.then(() => null)]);
  const hello = first === null ? null : (JSON.parse(first) as { ready?: boolean; torch?: string; error?: string });
  if (!hello?.ready) {
    child.kill();
    const reason = hello?.error ?? (stderr.trim().split('\n').at(-1) || `${python} exited`);
    return { note: `PyTorch reference skipped: ${reason}` };
  }
  const ask = async (command: object): Promise<number[]> => {
    const answer = next();
    child.stdin.write(`${JSON.stringify(command)}\n`);
    const line = await answer;
    if (line === null) throw new Error(`PyTorch reference died: ${stderr.trim().split('\n').at(-1) ?? ''}`);
    const reply = JSON.parse(line) as { times?: number[]; error?: string };
    if (!reply.times) throw new Error(`PyTorch reference: ${reply.error ?? line}`);
    return reply.times;
  };
  return {
    torch: hello.torch ?? 'unknown',
    train: (batch, steps, channelsLast) => ask({ cmd: 'train', batch, steps, channelsLast }),
    forward: (batch, iters, channelsLast) => ask({ cmd: 'forward', batch, iters, channelsLast }),
    close() {
      child.stdin.end(`${JSON.stringify({ cmd: 'quit' })}\n`);
    },
  };
}
