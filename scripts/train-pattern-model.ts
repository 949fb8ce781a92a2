// Reproduces the shipped pattern model (assets/models/pattern-general) from a seed:
//   npx tsx scripts/train-pattern-model.ts [--out runs/pattern-general] [--seed 1] [--patterns spots,stripes,notches]
//     [--individuals 100] [--image-size 96] [--epochs 1] [--batches BATCHES] [--lr LR] [--batch-sources single|mixed] [--no-ship]
// Run again on the same --out, it resumes from the last checkpoint (or, when done, only ships).
// It pre-trains the photo network on synthetic patterned individuals only (src/data/synth: manta
// belly spots, zebra flank stripes and humpback fluke notches; `--individuals` of each pattern,
// numbers 0..N-1 of synth seed 0, 8 sightings each, drawn on read and cached), so individuals
// numbered N and above stay never-seen (bench photo uses 20000+).
// Why this recipe (issue 11; P@1 of 100 never-seen individuals × 8 sightings, synth 5000-5099, 96 px,
// chance 0.009; bench/photo-pattern-study.ts, seed 1, P16K4, batch-hard soft margin, AdamW one-cycle):
// - one pattern per batch (--batch-sources single): with the three patterns mixed in every batch the
//   network put each pattern at one point (eval-mode probe: distance within a pattern 0.02, between
//   patterns 1.34; loss 0.70 ≈ ln 2, gradient norm 0.02) and never-seen P@1 stayed at chance
//   (spots/stripes/notches 0.013/0.018/0.030, 150 batches at 1e-2). Still collapsed with mixed
//   batches: lr 1e-3 (within 0.20; 0.013/0.019/0.068), a BNNeck (BatchNorm1d before the L2 norm;
//   within 0.02), an ArcFace term beside the triplet (weight 1; within 0.08). One pattern per batch
//   kept within-pattern distances at 1.1 (150 batches at 1e-2: 0.056/0.048/0.144, not collapsed).
//   The likely reading (not isolated by a run of its own): a mixed batch lets BatchNorm's batch centring
//   be met by three pattern means while each pattern shrinks to a point, which lowers a soft-margin
//   loss whose triplets are all violated;
// - then length and lr, one pattern per batch (scored with bench/photo-pattern-study.ts --model on the
//   bundles of this script, 270 training identities): 450 batches at 1e-2: 0.103/0.075/0.158;
//   450 at 3e-3: 0.149/0.143/0.296; 900 at 3e-3: 0.165/0.236/0.381; 900 at 5e-3: 0.198/0.308/0.369
//   (shipped; 17.3 min on 2 shared cores, load 5-7). Spots fell from the spots-only model's 0.33:
//   each pattern gets a third of the batches; longer runs were not tried;
// - no augmentation: the sightings already vary pose, light, occlusion and blur; the photo preset's
//   random crops (down to half the area) cut the pattern away: spots 0.08 with it, 0.21 without
//   (spots only, 150 batches); 128 px scored as 96 px at 1.4× the cost;
// - spots only (the model shipped before): 150 batches at 1e-2 gave spots 0.33 (3e-3: 0.21, 3e-2: 0.30),
//   stripes 0.014, notches 0.046; 600 batches at 1e-2 collapsed on spots alone.
// 10% of the training identities are held out: they choose the epoch and fit the bundle's open-set
// calibration. `reid train --init pattern-general` fine-tunes it on a user's own catalogue.
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isSynthPattern, type SynthPattern } from '../src/data/index.ts';
import { defaultRecipe, trainRun, type TrainRecipe } from '../src/recipes/index.ts';
import { writeJsonAtomic } from '../src/util/atomic-write.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const out = option('--out', 'runs/pattern-general');
const shipTo = option('--ship-to', 'assets/models/pattern-general');
const individuals = Number(option('--individuals', '100'));
const patterns = option('--patterns', 'spots,stripes,notches').split(',') as SynthPattern[];
const batchSources = option('--batch-sources', 'single');
if (batchSources !== 'single' && batchSources !== 'mixed') throw new Error(`train-pattern-model: expected single or mixed for --batch-sources but received ${batchSources}`);
for (const pattern of patterns) if (!isSynthPattern(pattern)) throw new Error(`train-pattern-model: expected spots, stripes or notches for --patterns but received ${pattern}`);

export const patternModelRecipe: TrainRecipe = {
  ...defaultRecipe,
  data: patterns.map((pattern) => `synth:${pattern}:${individuals}`).join('+'),
  arch: 'photo', dim: 128, imageSize: Number(option('--image-size', '96')),
  loss: 'triplet', miner: 'batchhard', margin: 'soft', p: 16, k: 4,
  batchSources, epochs: Number(option('--epochs', '1')), batchesPerEpoch: Number(option('--batches', '900')),
  lr: Number(option('--lr', '5e-3')), augment: false, seed: Number(option('--seed', '1')), channelsLast: true,
  validationIdentities: 'auto', validationLimit: 900, checkpointEvery: 50,
};

const result = await trainRun(patternModelRecipe, { out, log: (line) => console.error(line), quiet: !process.stderr.isTTY });
// Training minutes from the run's own log, so a resumed run (or one that only ships) reports the whole of it.
const epochLines = (await readFile(join(out, 'train.jsonl'), 'utf8')).split('\n').filter((line) => line.includes('"kind":"epoch"'));
const minutes = epochLines.reduce((total, line) => total + (JSON.parse(line) as { seconds: number }).seconds, 0) / 60;
const heldOut = (result.config.recipe.heldOutForValidation as string[] | undefined)?.length ?? 0;
const validated = result.validation ? new Set(result.validation.labels).size : 0;
const trainedOn = `synthetic patterned individuals 0-${individuals - 1} of ${patterns.length > 1 ? `each of ${patterns.join(', ')}` : patterns[0]} (synth seed 0, 8 sightings each, `
  + `${patternModelRecipe.imageSize} px), ${heldOut} of them held out of training (${validated} of those validate and calibrate); `
  + `individuals ${individuals} and above never seen. ${minutes.toFixed(1)} min of training on 2 shared CPU cores`;
console.error(`trained in ${minutes.toFixed(1)} min: ${JSON.stringify(result.config.metrics)}`);
if (!args.includes('--no-ship')) {
  await mkdir(shipTo, { recursive: true });
  await copyFile(join(out, 'model.safetensors'), join(shipTo, 'model.safetensors'));
  const config = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as Record<string, unknown>;
  await writeJsonAtomic(join(shipTo, 'model.json'), { ...config, trainedOn });
  console.error(`shipped ${shipTo}`);
}
result.model.dispose();
