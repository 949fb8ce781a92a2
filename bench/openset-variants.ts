// What else might lift the open-set figures of a trained glyph model, measured on bench openset's
// sets and protocol seeds, each variant refitting its calibration on the stroke identities the model's
// training held out (never on test data), so a line compares with the 'shipped' line only:
//   shipped:   the bundle as it ships (its embeddings, ranking, thresholds and probability map);
//   refit:     the same, calibration refitted here by the shipped rule (checks that refitting alone changes nothing);
//   tta:       each image embedded as the mean of itself and its four 1-pixel shifts, renormalised
//              (test-time augmentation; 5× the embedding cost);
//   ensemble:  unit embeddings of this bundle and of --with DIR[,DIR] side by side (scaled by 1/√m);
//   byDistance: the shipped embeddings and calibration, but the verdict reads the distance threshold,
//              not the probability threshold (how the model shipped before calibration.probabilityThreshold);
//              AUROC is then of the distance (the score the verdict thresholds).
// Usage: npm run bench -- openset-variants [--general DIR] [--with DIR,DIR] [--seeds 3] [--only shipped,tta,...]
import { concatDatasets, GlyphDataset, loadMnist, splitByIdentity, StrokeDataset, type ImageDataset } from '../src/data/index.ts';
import type { OpenSetCalibration } from '../src/eval/index.ts';
import { rankingScoring } from '../src/gallery/index.ts';
import { fitGlyphModelCalibration, heldOutStrokeValidation } from '../src/recipes/held-out-validation.ts';
import { generalGlyphModelDir, openSetOverSeeds, type EmbeddedSet } from '../src/recipes/index.ts';
import { embedDataset, loadModelBundle, type ModelBundle } from '../src/train/index.ts';

function option(args: readonly string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
}

/** The same images moved by (dx, dy) pixels, blank where they enter (one-channel glyphs). */
function shifted(dataset: ImageDataset, dx: number, dy: number): ImageDataset {
  const { width: w, height: h } = dataset;
  return {
    name: `${dataset.name}+shift(${dx},${dy})`, length: dataset.length, labels: dataset.labels, identities: dataset.identities,
    channels: dataset.channels, height: h, width: w, source: (i) => dataset.source(i),
    read: async (i) => {
      const image = await dataset.read(i);
      const out = new Uint8Array(image.length);
      for (let y = Math.max(0, dy); y < Math.min(h, h + dy); y++) for (let x = Math.max(0, dx); x < Math.min(w, w + dx); x++) out[y * w + x] = image[(y - dy) * w + (x - dx)]!;
      return out;
    },
  };
}

function unitRows(values: Float32Array, dim: number): Float32Array {
  for (let row = 0; row < values.length / dim; row++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += values[row * dim + d]! ** 2;
    const scale = 1 / Math.sqrt(norm || 1);
    for (let d = 0; d < dim; d++) values[row * dim + d]! *= scale;
  }
  return values;
}

type Embed = (dataset: ImageDataset) => Promise<EmbeddedSet>;

function embedder(bundles: readonly ModelBundle[], shifts: readonly (readonly [number, number])[]): Embed {
  return async (dataset) => {
    const dims = bundles.map((b) => b.config.dim);
    const dim = dims.reduce((a, b) => a + b, 0);
    const out = new Float32Array(dataset.length * dim);
    let offset = 0;
    for (const bundle of bundles) {
      const own = new Float32Array(dataset.length * bundle.config.dim);
      for (const [dx, dy] of shifts) {
        const { embeddings } = await embedDataset(bundle.model, dx === 0 && dy === 0 ? dataset : shifted(dataset, dx, dy), bundle.config.preprocessing);
        for (let i = 0; i < own.length; i++) own[i]! += embeddings[i]!;
      }
      unitRows(own, bundle.config.dim);
      const scale = 1 / Math.sqrt(bundles.length);
      for (let row = 0; row < dataset.length; row++) for (let d = 0; d < bundle.config.dim; d++) out[row * dim + offset + d] = own[row * bundle.config.dim + d]! * scale;
      offset += bundle.config.dim;
    }
    return { embeddings: out, dim, identities: Array.from(dataset.labels, (l) => dataset.identities[l]!) };
  };
}

const rankingOf = (c: OpenSetCalibration) => (c.ranking ? { scoring: rankingScoring(c.ranking) } : {});


export async function main(args: readonly string[]): Promise<void> {
  const seeds = Array.from({ length: Number(option(args, '--seeds', '3')) }, (_, i) => i + 1);
  const bundle = await loadModelBundle(option(args, '--general', generalGlyphModelDir));
  const others = await Promise.all(option(args, '--with', '').split(',').filter(Boolean).map((dir) => loadModelBundle(dir)));
  const wanted = option(args, '--only', `shipped,refit,tta,${others.length ? 'ensemble,' : ''}byDistance`).split(',');
  const held = heldOutStrokeValidation(bundle.config);
  const everyHeld = heldOutStrokeValidation(bundle.config, { every: true });
  if (!held || !everyHeld || !bundle.config.calibration?.probability) throw new Error('bench openset-variants: expected a glyph model trained beside held-out strokes, with a probability calibration (--general)');
  const mnist = await loadMnist();
  const digits = splitByIdentity(mnist.test, ['7', '8', '9']);
  const glyphClasses = new GlyphDataset({ countPerClass: 30, seed: 123, name: 'glyphs-eval' });
  const glyphIdentities = concatDatasets([glyphClasses, new StrokeDataset({ identities: 200, sightingsPerIdentity: 10, seed: 0, firstIdentity: 100000, name: 'strokes-eval' })]);
  const plain: readonly (readonly [number, number])[] = [[0, 0]];
  const variants: Record<string, Embed> = {
    shipped: embedder([bundle], plain), refit: embedder([bundle], plain), byDistance: embedder([bundle], plain),
    tta: embedder([bundle], [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]]), ensemble: embedder([bundle, ...others], plain),
  };
  for (const variant of wanted) {
    const embed = variants[variant];
    if (!embed) throw new Error(`bench openset-variants: expected --only among ${Object.keys(variants).join(', ')} but received ${variant}`);
    const validation = await embed(held);
    const shipped = bundle.config.calibration;
    const { probabilityThreshold: _, ...byDistance } = shipped;
    const calibration: OpenSetCalibration = variant === 'shipped' ? shipped : variant === 'byDistance' ? byDistance : fitGlyphModelCalibration(validation, await embed(everyHeld)).calibration;
    const sets = [
      { set: 'held-out digits', data: await embed(digits.heldOut), background: await embed(digits.seen) },
      { set: 'glyph classes', data: await embed(glyphClasses) },
      { set: 'glyph identities', data: await embed(glyphIdentities) },
    ];
    for (const { set, data, background } of sets) for (const shots of [1, 5]) {
      const spread = openSetOverSeeds(data, {
        shots, seeds, ...rankingOf(calibration), threshold: calibration.threshold, probability: calibration.probability, probabilityThreshold: calibration.probabilityThreshold, ...(background ? { background } : {}),
      });
      console.log(JSON.stringify({
        bench: 'openset-variants', variant, set, shots, seeds: seeds.length, dim: data.dim, threshold: calibration.threshold, probabilityThreshold: calibration.probabilityThreshold ?? null,
        top1: spread.top1, unknownAuroc: spread.unknownAuroc, baks: spread.baks, baus: spread.baus, ece: spread.ece,
      }));
    }
  }
}
