// Reproduces the shipped general pattern model (assets/models/pattern-general) from a seed:
//   npx tsx scripts/train-pattern-model.ts [--out runs/pattern-general] [--seed 1] [--individuals 1000]
//     [--image-size 96] [--epochs 1] [--batches 200] [--no-ship]
// Run again on the same --out, it resumes from the last checkpoint (or, when done, only ships).
// It pre-trains the photo network on synthetic patterned individuals only (src/data/synth: manta
// belly spots, zebra flank stripes, humpback fluke notches, `--individuals` of each pattern,
// numbers 0..N-1 of synth seed 0, 8 sightings each, drawn on read and cached), so individuals
// numbered N and above of every pattern stay never-seen for evaluation (bench photo uses them).
// An epoch must visit every identity (P = 16): one epoch of 200 batches of 16 × 4 meets each about once.
// 10% of the training identities (at most 300, evenly spaced over the three patterns) are held out:
// they choose the epoch and fit the bundle's open-set calibration. `reid train --init pattern-general`
// fine-tunes it on a user's own catalogue.
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultRecipe, trainRun, type TrainRecipe } from '../src/recipes/index.ts';
import { writeJsonAtomic } from '../src/util/atomic-write.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const out = option('--out', 'runs/pattern-general');
const shipTo = option('--ship-to', 'assets/models/pattern-general');
const individuals = Number(option('--individuals', '1000'));
const patterns = ['spots', 'stripes', 'notches'] as const;

export const patternModelRecipe: TrainRecipe = {
  ...defaultRecipe,
  data: patterns.map((pattern) => `synth:${pattern}:${individuals}`).join('+'),
  arch: 'photo', dim: 128, imageSize: Number(option('--image-size', '96')),
  loss: 'triplet', miner: 'batchhard', margin: 'soft', p: 16, k: 4,
  epochs: Number(option('--epochs', '1')), batchesPerEpoch: Number(option('--batches', '200')),
  lr: 3e-3, seed: Number(option('--seed', '1')), channelsLast: true,
  validationIdentities: 'auto', validationLimit: 1500, checkpointEvery: 50,
};

const result = await trainRun(patternModelRecipe, { out, log: (line) => console.error(line), quiet: !process.stderr.isTTY });
// Training minutes from the run's own log, so a resumed run (or one that only ships) reports the whole of it.
const epochLines = (await readFile(join(out, 'train.jsonl'), 'utf8')).split('\n').filter((line) => line.includes('"kind":"epoch"'));
const minutes = epochLines.reduce((total, line) => total + (JSON.parse(line) as { seconds: number }).seconds, 0) / 60;
const heldOut = (result.config.recipe.heldOutForValidation as string[] | undefined)?.length ?? 0;
const validated = result.validation ? new Set(result.validation.labels).size : 0;
const trainedOn = `synthetic patterned individuals 0-${individuals - 1} of each of ${patterns.join(', ')} (synth seed 0, 8 sightings each, `
  + `${patternModelRecipe.imageSize} px), ${heldOut} of them held out of training (${validated} of those validate and calibrate); `
  + `individuals ${individuals} and above of every pattern never seen. ${minutes.toFixed(1)} min of training on 2 shared CPU cores`;
console.error(`trained in ${minutes.toFixed(1)} min: ${JSON.stringify(result.config.metrics)}`);
if (!args.includes('--no-ship')) {
  await mkdir(shipTo, { recursive: true });
  await copyFile(join(out, 'model.safetensors'), join(shipTo, 'model.safetensors'));
  const config = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as Record<string, unknown>;
  await writeJsonAtomic(join(shipTo, 'model.json'), { ...config, trainedOn });
  console.error(`shipped ${shipTo}`);
}
result.model.dispose();
