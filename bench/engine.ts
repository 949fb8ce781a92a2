// The tensor engine against PyTorch on the reference small CNN (EmbeddingNet arch 'small', dim 128):
// median training-step time (forward, MSE to random targets, backward, AdamW) at batch 64 and 128,
// and eval-mode forward throughput at batch 512 under noGrad, each also with channels-last input.
// PyTorch runs in a long-lived Python process (bench/reference/engine_reference.py) with the same
// thread count, and the two alternate round by round (one step per round by default, the first
// engine switching each round) so machine noise hits both alike.
// Usage: npm run bench -- engine [--rounds N] [--steps N] [--only train|forward] [--no-channels-last] [--python PATH]
import { cpus, loadavg } from 'node:os';
import { loadedBlas } from '../src/binding/index.ts';
import { pythonSide, type Side } from './engine-pytorch.ts';
import { EmbeddingNet } from '../src/nn/index.ts';
import { AdamW } from '../src/optim/index.ts';
import {
  allocatorStats, channelsLast, getNumThreads, hasMkldnn, manualSeed, mean, noGrad, rand, randn, square, sub, sum, tidy, torchVersion,
  type Tensor,
} from '../src/tensor/index.ts';

interface Options {
  rounds: number;
  steps: number;
  channelsLast: boolean;
  python: string;
  only: 'train' | 'forward' | null;
}

function parseOptions(args: readonly string[]): Options {
  const options: Options = { rounds: 8, steps: 1, channelsLast: true, python: process.env.REID_BENCH_PYTHON ?? '/usr/bin/python3', only: null };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`bench engine: expected a value after ${arg}`);
      return v;
    };
    if (arg === '--rounds') options.rounds = Number(value());
    else if (arg === '--steps') options.steps = Number(value());
    else if (arg === '--no-channels-last') options.channelsLast = false;
    else if (arg === '--python') options.python = value();
    else if (arg === '--only') {
      const part = value();
      if (part !== 'train' && part !== 'forward') throw new Error(`bench engine: expected train or forward for --only but received ${part}`);
      options.only = part;
    } else throw new Error(`bench engine: unknown option ${arg}. Options: --rounds N, --steps N, --only train|forward, --no-channels-last, --python PATH`);
  }
  for (const key of ['rounds', 'steps'] as const) {
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new Error(`bench engine: expected a positive integer for --${key} but received ${options[key]}`);
  }
  return options;
}

function reidSide(): Side & { dispose(): void; faultsPerStep(batch: number, cl: boolean): number | null } {
  manualSeed(0);
  const net = new EmbeddingNet({ arch: 'small', dim: 128 });
  const optimizer = new AdamW(net.parameters(), { lr: 1e-3, weightDecay: 0.01 });
  const inputs = new Map<string, { x: Tensor; target: Tensor }>();
  const data = (batch: number, cl: boolean) => {
    const key = `${batch}/${cl}`;
    let entry = inputs.get(key);
    if (!entry) {
      entry = tidy(() => {
        const x = rand([batch, 1, 28, 28]);
        return { x: cl ? channelsLast(x) : x, target: randn([batch, 128]) };
      });
      inputs.set(key, entry);
    }
    return entry;
  };
  // Minor page faults per training step, one figure per round (the kernel zeroing pages that a
  // step freed and took again: what the caching allocator in native/src/allocator.cc removes).
  const faults = new Map<string, number[]>();
  const timed = (count: number, body: () => void): number[] => Array.from({ length: count }, () => {
    const start = performance.now();
    body();
    return (performance.now() - start) / 1000;
  });
  return {
    async train(batch, steps, cl) {
      const { x, target } = data(batch, cl);
      net.train();
      const faultsBefore = process.resourceUsage().minorPageFault;
      const times = timed(steps, () => tidy(() => {
        optimizer.zeroGrad();
        const loss = mean(square(sub(net.forward(x), target)));
        loss.backward();
        optimizer.step();
        loss.item();
      }));
      const key = `${batch}/${cl}`;
      faults.set(key, [...(faults.get(key) ?? []), (process.resourceUsage().minorPageFault - faultsBefore) / steps]);
      return times;
    },
    faultsPerStep(batch, cl) {
      const rounds = faults.get(`${batch}/${cl}`) ?? [];
      return rounds.length > 1 ? Math.round(median(rounds.slice(1))) : null; // the first round warms up
    },
    async forward(batch, iters, cl) {
      const { x } = data(batch, cl);
      net.eval();
      const times = timed(iters, () => noGrad(() => tidy(() => sum(net.forward(x)).item())));
      net.train();
      return times;
    },
    dispose() {
      for (const { x, target } of inputs.values()) for (const t of [x, target]) t.dispose();
      optimizer.dispose();
      net.dispose();
    },
  };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = (seconds: number) => Math.round(seconds * 1e4) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Median seconds per step of reid and (when present) PyTorch: one warm-up round each, then
 * `rounds` rounds alternating which engine goes first.
 */
async function compare(reid: Side, torch: Side | null, rounds: number, run: (side: Side) => Promise<number[]>): Promise<{ reid: number; pytorch: number | null }> {
  const sides = torch ? [reid, torch] : [reid];
  for (const side of sides) await run(side);
  const times = new Map<Side, number[]>(sides.map((s) => [s, []]));
  for (let r = 0; r < rounds; r++) {
    for (const side of r % 2 === 0 ? sides : [...sides].reverse()) times.get(side)!.push(...(await run(side)));
  }
  return { reid: median(times.get(reid)!), pytorch: torch ? median(times.get(torch)!) : null };
}

function emit(line: Record<string, unknown>): void {
  console.log(JSON.stringify(line));
}

export async function main(args: readonly string[]): Promise<void> {
  const options = parseOptions(args);
  const threads = getNumThreads();
  const reid = reidSide();
  const started = await pythonSide(options.python, threads);
  const torch = 'note' in started ? null : started;
  const note = 'note' in started ? started.note : undefined;
  const loadBefore = loadavg().map(round3);
  emit({
    bench: 'engine/setup', model: "EmbeddingNet { arch: 'small', dim: 128 } on 1×28×28", threads, cpus: cpus().length,
    libtorch: torchVersion(), pytorch: torch?.torch ?? null, blas: loadedBlas().kind, mkldnn: hasMkldnn(),
    rounds: options.rounds, stepsPerRound: options.steps, openblasThreads: process.env.OPENBLAS_NUM_THREADS ?? null, loadAverage: loadBefore, ...(note ? { note } : {}),
  });
  try {
    const variants = options.channelsLast ? [false, true] : [false];
    for (const batch of options.only === 'forward' ? [] : [64, 128]) {
      const line: Record<string, unknown> = { bench: 'engine/train-step', batch, threads };
      for (const cl of variants) {
        const result = await compare(reid, torch, options.rounds, (side) => side.train(batch, options.steps, cl));
        const prefix = cl ? 'channelsLast' : '';
        const key = (name: string) => (prefix ? `${prefix}${name[0]!.toUpperCase()}${name.slice(1)}` : name);
        line[key('reidMs')] = ms(result.reid);
        line[key('pytorchMs')] = result.pytorch === null ? null : ms(result.pytorch);
        if (result.pytorch !== null) line[key('ratio')] = round3(result.reid / result.pytorch);
        line[key('reidMinorFaultsPerStep')] = reid.faultsPerStep(batch, cl);
      }
      finishChannelsLast(line, 'Ms');
      emit({ ...line, allocator: allocatorStats().caching ? 'caching' : 'libtorch', ...(note ? { note } : {}) });
    }
    const batch = 512;
    const line: Record<string, unknown> = { bench: 'engine/forward', batch, mode: 'eval, noGrad', threads };
    for (const cl of options.only === 'train' ? [] : variants) {
      const result = await compare(reid, torch, options.rounds, (side) => side.forward(batch, 1, cl));
      const prefix = cl ? 'channelsLast' : '';
      const key = (name: string) => (prefix ? `${prefix}${name[0]!.toUpperCase()}${name.slice(1)}` : name);
      line[key('reidImagesPerSecond')] = Math.round(batch / result.reid);
      line[key('pytorchImagesPerSecond')] = result.pytorch === null ? null : Math.round(batch / result.pytorch);
      line[key('reidMs')] = ms(result.reid);
      line[key('pytorchMs')] = result.pytorch === null ? null : ms(result.pytorch);
      if (result.pytorch !== null) line[key('ratio')] = round3(result.reid / result.pytorch);
    }
    finishChannelsLast(line, 'Ms');
    if (options.only !== 'train') emit({ ...line, ...(note ? { note } : {}) });
    emit({ bench: 'engine/load', loadAverageBefore: loadBefore, loadAverageAfter: loadavg().map(round3) });
  } finally {
    torch?.close();
    reid.dispose();
  }
}

/** Adds whether channels-last input helped each engine (lower time than NCHW). */
function finishChannelsLast(line: Record<string, unknown>, unit: string): void {
  const get = (k: string) => (typeof line[k] === 'number' ? (line[k] as number) : null);
  const reidPlain = get(`reid${unit}`);
  const reidCl = get(`channelsLastReid${unit}`);
  if (reidPlain !== null && reidCl !== null) line.channelsLastHelpsReid = reidCl < reidPlain;
  const torchPlain = get(`pytorch${unit}`);
  const torchCl = get(`channelsLastPytorch${unit}`);
  if (torchPlain !== null && torchCl !== null) line.channelsLastHelpsPytorch = torchCl < torchPlain;
  if (reidCl !== null) line.channelsLastScope = 'input only (parameters stay NCHW in both engines)';
}
