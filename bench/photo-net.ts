// Which network fits photographs on a small CPU: eval-mode forward and training-step throughput
// (images/s) of candidate bodies under the same embedding head, at one image size and batch, with
// contiguous and channels-last input. The candidates: the small glyph CNN (full resolution),
// ResNet-18, and strided-stem bodies (ResNet basic blocks at several widths and depths, and a
// MobileNet-v1-style depthwise-separable body). The training step is forward → MSE to random
// targets → backward → AdamW, as in bench engine. Rounds interleave the candidates; each line
// reports the best round (least disturbed by other work on the machine) and the median.
// Usage: npm run bench -- photo-net [--size 128] [--batch 64] [--rounds 5] [--only NAME,NAME] [--no-channels-last]
import { cpus, loadavg } from 'node:os';
import {
  BatchNorm2d, Conv2d, embeddingHead, MaxPool2d, photoBody, ReLU, resnetBody, Sequential, smallCnnBody, type Module,
} from '../src/nn/index.ts';
import { AdamW } from '../src/optim/index.ts';
import { channelsLast, getNumThreads, manualSeed, mean, noGrad, rand, randn, square, sub, sum, tidy, type Tensor } from '../src/tensor/index.ts';

interface Candidate {
  name: string;
  description: string;
  build(): { body: Module; features: number };
}

/** MobileNet v1 blocks (depthwise 3×3 → BN → ReLU → pointwise 1×1 → BN → ReLU) after the photo stem. */
function separableBody(inChannels: number): { body: Module; features: number } {
  const layers: Module[] = [new Conv2d(inChannels, 32, 3, { stride: 2, padding: 1, bias: false }), new BatchNorm2d(32), new ReLU(), new MaxPool2d(3, { stride: 2, padding: 1 })];
  const plan: [number, number][] = [[64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2]];
  let c = 32;
  for (const [out, stride] of plan) {
    layers.push(new Conv2d(c, c, 3, { stride, padding: 1, groups: c, bias: false }), new BatchNorm2d(c), new ReLU());
    layers.push(new Conv2d(c, out, 1, { bias: false }), new BatchNorm2d(out), new ReLU());
    c = out;
  }
  return { body: new Sequential(...layers), features: c };
}

const candidates: Candidate[] = [
  { name: 'small', description: 'glyph CNN: 4× conv3×3 (32, 32, 64, 64) at full and half resolution', build: () => smallCnnBody(3) },
  { name: 'resnet18', description: 'ResNet-18: 7×7/2 stem + max-pool, [2,2,2,2] basic blocks, widths 64-512', build: () => ({ body: resnetBody('resnet18', { inChannels: 3 }), features: 512 }) },
  { name: 'photo-32x1', description: 'stem 3×3/2 + max-pool, [1,1,1,1] basic blocks, widths 32-256', build: () => photoBody({ inChannels: 3 }) },
  { name: 'photo-48x1', description: 'stem 3×3/2 + max-pool, [1,1,1,1] basic blocks, widths 48-384', build: () => photoBody({ inChannels: 3, widths: [48, 96, 192, 384] }) },
  { name: 'photo-64x1', description: 'stem 3×3/2 + max-pool, [1,1,1,1] basic blocks, widths 64-512 (ResNet-10)', build: () => photoBody({ inChannels: 3, widths: [64, 128, 256, 512] }) },
  { name: 'photo-32x2', description: 'stem 3×3/2 + max-pool, [2,2,2,2] basic blocks, widths 32-256', build: () => photoBody({ inChannels: 3, blocks: [2, 2, 2, 2] }) },
  { name: 'separable', description: 'stem 3×3/2 + max-pool, 6 depthwise-separable blocks, widths 64-512', build: () => separableBody(3) },
];

interface Options {
  size: number;
  batch: number;
  steps: number;
  only?: string[];
  channelsLast: boolean;
}

function parseOptions(args: readonly string[]): Options {
  const options: Options = { size: 128, batch: 64, steps: 3, channelsLast: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new Error(`bench photo-net: expected a value after ${arg}`);
      return v;
    };
    const positive = (text: string): number => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1) throw new Error(`bench photo-net: expected a positive integer for ${arg} but received ${text}`);
      return n;
    };
    if (arg === '--size') options.size = positive(value());
    else if (arg === '--batch') options.batch = positive(value());
    else if (arg === '--rounds') options.steps = positive(value());
    else if (arg === '--no-channels-last') options.channelsLast = false;
    else if (arg === '--only') options.only = value().split(',');
    else throw new Error(`bench photo-net: unknown option ${arg}. Options: --size N, --batch N, --rounds N, --only NAME,NAME, --no-channels-last`);
  }
  return options;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

interface Subject {
  candidate: Candidate;
  layout: 'contiguous' | 'channels-last';
  parameters: number;
  train(): void;
  forward(): void;
  dispose(): void;
  times: { train: number[]; forward: number[] };
}

function subject(candidate: Candidate, o: Options, layout: Subject['layout']): Subject {
  manualSeed(0);
  const { body, features } = candidate.build();
  const net = new Sequential(body, embeddingHead(features, 128));
  const parameters = net.parameters().reduce((n, p) => n + p.numel, 0);
  const optimizer = new AdamW(net.parameters(), { lr: 1e-3, weightDecay: 0.01 });
  const { x, target } = tidy(() => {
    const input = rand([o.batch, 3, o.size, o.size]);
    return { x: layout === 'channels-last' ? channelsLast(input) : input, target: randn([o.batch, 128]) };
  });
  return {
    candidate, layout, parameters, times: { train: [], forward: [] },
    train: () => {
      net.train();
      tidy(() => {
        optimizer.zeroGrad();
        const loss = mean(square(sub(net.forward(x), target)));
        loss.backward();
        optimizer.step();
        loss.item();
      });
    },
    forward: () => {
      net.eval();
      noGrad(() => tidy(() => void sum(net.forward(x)).item()));
    },
    dispose: () => {
      for (const t of [x, target] as Tensor[]) t.dispose();
      optimizer.dispose();
      net.dispose();
    },
  };
}

/** Seconds of one call. */
const time = (body: () => void): number => {
  const start = performance.now();
  body();
  return (performance.now() - start) / 1000;
};

export async function main(args: readonly string[]): Promise<void> {
  const o = parseOptions(args);
  const chosen = o.only ? candidates.filter((c) => o.only!.includes(c.name)) : candidates;
  if (chosen.length === 0) throw new Error(`bench photo-net: expected candidates among ${candidates.map((c) => c.name).join(', ')} for --only but received ${o.only?.join(',')}`);
  console.log(JSON.stringify({ bench: 'photo-net/setup', threads: getNumThreads(), cpus: cpus().length, loadAverageBefore: loadavg().map((l) => Math.round(l * 100) / 100), ...o }));
  const layouts = o.channelsLast ? (['contiguous', 'channels-last'] as const) : (['contiguous'] as const);
  const subjects = chosen.flatMap((candidate) => layouts.map((layout) => subject(candidate, o, layout)));
  for (const s of subjects) {
    s.train(); // warm-up: oneDNN picks its kernels on the first call
    s.forward();
  }
  // Rounds over every subject, so a burst of load from elsewhere hits all alike; the best round is
  // the one least disturbed, the median says how much load there was.
  for (let round = 0; round < o.steps; round++) {
    for (const s of subjects) {
      s.times.train.push(time(s.train));
      s.times.forward.push(time(s.forward));
    }
  }
  for (const s of subjects) {
    const best = { train: Math.min(...s.times.train), forward: Math.min(...s.times.forward) };
    const mid = { train: median(s.times.train), forward: median(s.times.forward) };
    console.log(JSON.stringify({
      bench: 'photo-net', candidate: s.candidate.name, layout: s.layout, size: o.size, batch: o.batch, parameters: s.parameters,
      forwardImagesPerSecond: Math.round(o.batch / best.forward), trainImagesPerSecond: Math.round((o.batch / best.train) * 10) / 10,
      medianForwardImagesPerSecond: Math.round(o.batch / mid.forward), medianTrainImagesPerSecond: Math.round((o.batch / mid.train) * 10) / 10,
      rounds: o.steps, description: s.candidate.description,
    }));
    s.dispose();
  }
  console.log(JSON.stringify({ bench: 'photo-net/end', loadAverageAfter: loadavg().map((l) => Math.round(l * 100) / 100) }));
}
