// Whole training runs on MNIST: reid's trainRun against the same recipe in PyTorch
// (bench/reference/train_reference.py, a long-lived process with the same thread count), one after
// the other, never concurrently. Per recipe it reports speed (seconds per epoch, images/s) and quality
// after N epochs: P@1 and mAP over all ten digits, and, trained without 7, 8, 9, P@1 and mAP among
// them plus k-shot top-1 (evaluateRun's protocols; the Python script documents its copies).
// Usage: npm run bench -- train [--epochs N] [--recipes tutorial,best] [--limit-batches N] [--python PATH] [--skip-reference]
// --limit-batches N is a quick check: both engines train on the first N×64 training images of the
// trained digits (an IDX copy in a temporary directory), so epochs are N batches long and the
// one-cycle schedule still spans them; the P×K sampler is capped at N batches too.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPythonReference } from './python-reference.ts';
import { loadedBlas } from '../src/binding/index.ts';
import { mnistDirectory, openDataset } from '../src/data/index.ts';
import { defaultRecipe, evaluateRun, trainRun, tutorialRecipe, type TrainRecipe } from '../src/recipes/index.ts';
import { getNumThreads, torchVersion } from '../src/tensor/index.ts';

const recipes = {
  tutorial: { recipe: { ...defaultRecipe, ...tutorialRecipe }, description: 'semi-hard triplet (TF Addons), margin 1, random batches of 64, no augmentation' },
  best: { recipe: defaultRecipe, description: "reid's defaultRecipe: batch-hard soft-margin triplet, P×K batches, random affine augmentation" },
} satisfies Record<string, { recipe: TrainRecipe; description: string }>;
type RecipeName = keyof typeof recipes;

interface Task {
  name: 'all-classes' | 'held-out';
  /** Digits left out of training (identity names). */
  holdout: readonly string[];
  /** Printed beside the results, not asserted. */
  targets: Readonly<Record<string, number>>;
}
const tasks: readonly Task[] = [
  { name: 'all-classes', holdout: [], targets: { precisionAt1: 0.995 } },
  { name: 'held-out', holdout: ['7', '8', '9'], targets: { precisionAt1: 0.97, fiveShotTop1: 0.8 } },
];
const shots = [1, 5];

interface Options {
  epochs: number;
  recipes: RecipeName[];
  limitBatches?: number;
  python: string;
  skipReference: boolean;
}

function parseOptions(args: readonly string[]): Options {
  const options: Options = { epochs: 3, recipes: ['tutorial', 'best'], python: process.env.REID_BENCH_PYTHON ?? '/usr/bin/python3', skipReference: false };
  const usage = 'Options: --epochs N, --recipes tutorial,best, --limit-batches N, --python PATH, --skip-reference';
  const positive = (name: string, text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`bench train: expected a positive integer for ${name} but received ${text}`);
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new Error(`bench train: expected a value after ${arg}. ${usage}`);
      return v;
    };
    if (arg === '--epochs') options.epochs = positive(arg, value());
    else if (arg === '--limit-batches') options.limitBatches = positive(arg, value());
    else if (arg === '--python') options.python = value();
    else if (arg === '--skip-reference') options.skipReference = true;
    else if (arg === '--recipes') {
      const names = value().split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = names.find((n) => !(n in recipes));
      if (unknown !== undefined || names.length === 0) throw new Error(`bench train: expected recipes among ${Object.keys(recipes).join(', ')} for --recipes but received "${unknown ?? ''}"`);
      options.recipes = names as RecipeName[];
    } else throw new Error(`bench train: unknown option ${arg}. ${usage}`);
  }
  return options;
}

/** One finished training run of either engine, reduced to what the report needs. */
interface RunResult {
  epochSeconds: number[];
  imagesPerEpoch: number;
  trainLoss: number;
  loadAverageBefore: number[];
  /** Embedding the test split and computing every metric. */
  evaluationSeconds: number;
  closedSet: { precisionAt1: number; mAP: number; queries: number };
  heldOut: { precisionAt1: number; mAP: number; queries: number } | null;
  kShot: { shots: number; top1: number; top1Gallery?: number; queries: number }[];
}

/** What both engines are told to train: the reid recipe plus the epoch shape the bench worked out. */
interface Plan {
  recipe: TrainRecipe;
  dataSpec: string;
  dataDir: string;
  holdoutLabels: number[];
  p: number;
  k: number;
  batchSize: number;
  batchesPerEpoch: number;
}

/** Temporary directories of this run, removed at the end or on SIGINT / SIGTERM. */
const scratch = new Set<string>();
function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.add(dir);
  return dir;
}
function removeScratch(dirs: Iterable<string> = [...scratch]): void {
  for (const dir of dirs) {
    rmSync(dir, { recursive: true, force: true });
    scratch.delete(dir);
  }
}

async function trainReid(plan: Plan): Promise<RunResult> {
  const out = scratchDir('reid-bench-train-');
  try {
    const loadAverageBefore = loadavg();
    const result = await trainRun(plan.recipe, { out, resume: false, log: (line) => process.stderr.write(`reid: ${line.trim()}\n`) });
    try {
      const batches = result.losses.length / plan.recipe.epochs;
      if (batches !== plan.batchesPerEpoch) throw new Error(`bench train: expected reid to run ${plan.batchesPerEpoch} batches per epoch (as told to PyTorch) but it ran ${batches}`);
      process.stderr.write('reid: evaluating on the test split\n');
      const evaluationStart = performance.now();
      const test = (await openDataset(plan.dataSpec)).test!;
      const report = await evaluateRun({ model: result.model, config: result.config }, test, { holdout: plan.recipe.holdout, shots, seed: 0 });
      const pick = (s: { precisionAt1: number; mAP: number; queries: number }) => ({ precisionAt1: s.precisionAt1, mAP: s.mAP, queries: s.queries });
      return {
        epochSeconds: result.history.map((e) => e.seconds),
        imagesPerEpoch: plan.batchesPerEpoch * plan.batchSize,
        trainLoss: result.history.at(-1)!.trainLoss,
        loadAverageBefore,
        evaluationSeconds: (performance.now() - evaluationStart) / 1000,
        closedSet: pick(report.closedSet),
        heldOut: report.heldOut ? pick(report.heldOut) : null,
        kShot: report.kShot.map((k) => ({ shots: k.shots, top1: k.top1, top1Gallery: k.top1Gallery, queries: k.queries })),
      };
    } finally {
      result.model.dispose();
    }
  } finally {
    removeScratch([out]);
  }
}

interface Reference {
  torch: string;
  train(plan: Plan): Promise<RunResult>;
  close(): void;
  kill(): void;
}

/** Starts the PyTorch reference, or explains (as a note) why it cannot run. Its progress lines go to stderr. */
async function startReference(python: string, threads: number): Promise<Reference | { note: string }> {
  const reference = await startPythonReference(python, 'train_reference.py', threads, { echoStderr: true });
  if ('note' in reference) return reference;
  return {
    torch: reference.torch,
    async train(plan) {
      const { recipe } = plan;
      if (recipe.miner === 'all' || recipe.loss !== 'triplet' || recipe.lr === 'find') throw new Error('bench train: the PyTorch reference implements triplet loss with semihard or batchhard mining at a fixed lr only');
      const loadAverageBefore = loadavg();
      const reply = await reference.ask({
        cmd: 'train', dataDir: plan.dataDir, holdout: plan.holdoutLabels, sampler: recipe.sampler, batchSize: plan.batchSize, p: plan.p, k: plan.k,
        batchesPerEpoch: plan.batchesPerEpoch, miner: recipe.miner, margin: recipe.margin, augment: recipe.augment, epochs: recipe.epochs,
        maxLr: recipe.lr, weightDecay: recipe.weightDecay, seed: recipe.seed, shots, shotSeed: 0,
      }) as { epochs?: { seconds: number; images: number; loss: number }[]; evaluationSeconds: number; metrics?: Pick<RunResult, 'closedSet' | 'heldOut' | 'kShot'> };
      if (!reply.epochs || !reply.metrics) throw new Error(`PyTorch reference: unexpected reply ${JSON.stringify(reply).slice(0, 200)}`);
      return {
        epochSeconds: reply.epochs.map((e) => e.seconds), imagesPerEpoch: reply.epochs[0]!.images, trainLoss: reply.epochs.at(-1)!.loss,
        loadAverageBefore, evaluationSeconds: reply.evaluationSeconds, ...reply.metrics,
      };
    },
    close: () => reference.close(),
    kill: () => reference.kill(),
  };
}

/** An IDX copy of MNIST's training set with every held-out image and the first `count` of the others; t10k linked. */
function limitedMnist(holdout: ReadonlySet<number>, count: number): string {
  const source = mnistDirectory();
  const dir = scratchDir('reid-bench-mnist-');
  const images = readFileSync(join(source, 'train-images-idx3-ubyte'));
  const labels = readFileSync(join(source, 'train-labels-idx1-ubyte'));
  const total = labels.readUInt32BE(4);
  const size = images.readUInt32BE(8) * images.readUInt32BE(12);
  const kept: number[] = [];
  for (let i = 0, taken = 0; i < total; i++) {
    if (holdout.has(labels[8 + i]!)) kept.push(i);
    else if (taken < count) (kept.push(i), taken++);
  }
  const imageHeader = Buffer.from(images.subarray(0, 16));
  const labelHeader = Buffer.from(labels.subarray(0, 8));
  imageHeader.writeUInt32BE(kept.length, 4);
  labelHeader.writeUInt32BE(kept.length, 4);
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), Buffer.concat([imageHeader, ...kept.map((i) => images.subarray(16 + i * size, 16 + (i + 1) * size))]));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), Buffer.concat([labelHeader, Buffer.from(kept.map((i) => labels[8 + i]!))]));
  for (const name of ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) symlinkSync(join(source, name), join(dir, name));
  return dir;
}

/** The epoch shape trainRun will use (same formulas as src/recipes/train-run.ts); checked against reid's run afterwards. */
async function makePlan(base: TrainRecipe, task: Task, options: Options): Promise<Plan> {
  const recipe: TrainRecipe = { ...base, epochs: options.epochs, holdout: [...task.holdout], validationLimit: 0, checkpointEvery: 0 };
  const holdoutLabels = task.holdout.map(Number);
  let dataSpec = 'mnist';
  let dataDir = mnistDirectory();
  if (options.limitBatches !== undefined) {
    dataDir = limitedMnist(new Set(holdoutLabels), options.limitBatches * recipe.batchSize);
    dataSpec = `idx:${dataDir}`;
    if (recipe.sampler === 'pk') recipe.batchesPerEpoch = options.limitBatches;
  }
  const train = (await openDataset(dataSpec)).train;
  const seenLabels = Array.from(train.labels).filter((label) => !task.holdout.includes(train.identities[label]!));
  const p = Math.min(recipe.p, new Set(seenLabels).size);
  const k = Math.round((recipe.p * recipe.k) / p);
  const batchSize = recipe.sampler === 'pk' ? p * k : recipe.batchSize;
  const batchesPerEpoch = recipe.sampler === 'pk' ? recipe.batchesPerEpoch ?? Math.floor(seenLabels.length / batchSize) : Math.floor(seenLabels.length / batchSize);
  return { recipe: { ...recipe, data: dataSpec }, dataSpec, dataDir, holdoutLabels, p, k, batchSize, batchesPerEpoch };
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? null : round(a / b, 3));

function speed(run: RunResult) {
  const secondsPerEpoch = median(run.epochSeconds);
  return { secondsPerEpoch: round(secondsPerEpoch, 2), imagesPerSecond: Math.round(run.imagesPerEpoch / secondsPerEpoch), epochSeconds: run.epochSeconds.map((s) => round(s, 2)), loadAverageBefore: run.loadAverageBefore.map((x) => round(x, 2)) };
}

function quality(run: RunResult, task: Task) {
  const evaluationSeconds = round(run.evaluationSeconds, 1);
  if (task.name === 'all-classes') {
    return { precisionAt1: round(run.closedSet.precisionAt1), mAP: round(run.closedSet.mAP), queries: run.closedSet.queries, trainLoss: round(run.trainLoss), evaluationSeconds };
  }
  const kShot = (n: number) => run.kShot.find((k) => k.shots === n);
  return {
    precisionAt1: round(run.heldOut!.precisionAt1), mAP: round(run.heldOut!.mAP), queries: run.heldOut!.queries,
    fiveShotTop1: round(kShot(5)!.top1), oneShotTop1: round(kShot(1)!.top1), kShotQueries: kShot(5)!.queries,
    // reid only: the same k-shot queries through reid's Gallery (centroid scoring), as `reid identify` answers them.
    ...(kShot(5)!.top1Gallery !== undefined ? { fiveShotTop1Gallery: round(kShot(5)!.top1Gallery!), oneShotTop1Gallery: round(kShot(1)!.top1Gallery!) } : {}),
    allDigitsPrecisionAt1: round(run.closedSet.precisionAt1), trainLoss: round(run.trainLoss), evaluationSeconds, ...speed(run),
  };
}

function meets(values: Readonly<Record<string, unknown>> | null, targets: Task['targets']): boolean | null {
  return values === null ? null : Object.entries(targets).every(([key, target]) => (values[key] as number) >= target);
}

function emit(line: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench: 'train', ...line }));
}

export async function main(args: readonly string[]): Promise<void> {
  const options = parseOptions(args);
  const threads = getNumThreads();
  const started = options.skipReference ? { note: 'PyTorch reference skipped: --skip-reference' } : await startReference(options.python, threads);
  const reference = 'note' in started ? null : started;
  const note = 'note' in started ? { note: started.note } : {};
  const limit = options.limitBatches === undefined ? {} : { limitBatches: options.limitBatches };
  emit({
    recipe: null, task: 'setup', threads, availableParallelism: availableParallelism(), libtorch: torchVersion(), pytorch: reference?.torch ?? null,
    blas: loadedBlas().kind, epochs: options.epochs, ...limit, order: 'reid and PyTorch one after the other, alternating which goes first',
    recipes: Object.fromEntries(options.recipes.map((name) => [name, recipes[name].description])), loadAverage: loadavg().map((x) => round(x, 2)), ...note,
  });
  const interrupted = (signal: NodeJS.Signals) => {
    reference?.kill();
    removeScratch();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let turn = 0;
  try {
    for (const name of options.recipes) {
      for (const task of tasks) {
        const plan = await makePlan(recipes[name].recipe, task, options);
        const runReid = () => trainReid(plan);
        const runTorch = () => (reference ? reference.train(plan) : Promise.resolve(null));
        let reid: RunResult;
        let torch: RunResult | null;
        if (turn++ % 2 === 0) {
          reid = await runReid();
          torch = await runTorch();
        } else {
          torch = await runTorch();
          reid = await runReid();
        }
        const shape = { sampler: plan.recipe.sampler === 'pk' ? `P×K ${plan.p}×${plan.k}` : `random ${plan.batchSize}`, batchSize: plan.batchSize, batchesPerEpoch: plan.batchesPerEpoch, epochs: options.epochs, ...limit };
        if (task.name === 'all-classes') {
          const [r, t] = [speed(reid), torch ? speed(torch) : null];
          emit({ recipe: name, task: 'speed', data: 'MNIST train, digits 0-9', threads, ...shape, imagesPerEpoch: reid.imagesPerEpoch, reid: r, pytorch: t, ratio: ratio(r.secondsPerEpoch, t?.secondsPerEpoch), ...note });
        }
        const [r, t] = [quality(reid, task), torch ? quality(torch, task) : null];
        const ratioKeys = [...Object.keys(task.targets), 'mAP', ...(task.name === 'held-out' ? ['secondsPerEpoch'] : [])];
        const value = (side: Readonly<Record<string, unknown>> | null, key: string) => side?.[key] as number | undefined;
        const ratios = Object.fromEntries(ratioKeys.map((key) => [key, ratio(value(r, key), value(t, key))]));
        emit({
          recipe: name, task: task.name, ...(task.holdout.length ? { holdout: task.holdout } : {}), ...shape, reid: r, pytorch: t, ratio: ratios,
          targets: task.targets, meetsTargets: { reid: meets(r, task.targets), pytorch: meets(t, task.targets) }, ...note,
        });
      }
    }
    emit({ recipe: null, task: 'load', loadAverageAfter: loadavg().map((x) => round(x, 2)) });
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    reference?.close();
    removeScratch();
  }
}
