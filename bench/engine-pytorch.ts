// The PyTorch side of bench/engine.ts: bench/reference/engine_reference.py, one round per command.
import { startPythonReference } from './python-reference.ts';

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
  const reference = await startPythonReference(python, 'engine_reference.py', threads);
  if ('note' in reference) return reference;
  const times = async (command: Record<string, unknown>): Promise<number[]> => (await reference.ask(command)).times as number[];
  return {
    torch: reference.torch,
    train: (batch, steps, channelsLast) => times({ cmd: 'train', batch, steps, channelsLast }),
    forward: (batch, iters, channelsLast) => times({ cmd: 'forward', batch, iters, channelsLast }),
    close: () => reference.close(),
  };
}
