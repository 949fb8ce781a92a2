// Procedural stroke identities as an ordinary in-memory dataset (1×28×28, MNIST-style), so they
// train, embed, export and mix with MNIST like any other source. Image (identity i, sighting j)
// depends only on (seed, i, j): a larger set keeps the smaller one's images, and identities
// [first, first + count) of one seed never overlap another range's.
import { ArgumentError } from '../../util/errors.ts';
import { Random } from '../../util/random.ts';
import { renderFigure, type GlyphStyle } from '../glyphs/generate-glyphs.ts';
import { InMemoryDataset } from '../in-memory-dataset.ts';
import { sightingStrokes, strokeFigure, type SightingOptions } from './stroke-figure.ts';

export interface StrokeDatasetOptions {
  identities: number;
  sightingsPerIdentity: number;
  seed: number;
  /** Index of the first identity (default 0): disjoint ranges give disjoint identities. */
  firstIdentity?: number;
  /** First sighting index (default 0): a later range gives new sightings of the same identities. */
  firstSighting?: number;
  style?: GlyphStyle;
  sighting?: SightingOptions;
  name?: string;
}

/** A seed for one (identity, sighting) pair; sighting −1 is the identity's own figure. */
function streamSeed(seed: number, identity: number, sighting: number): number {
  let h = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1);
  h = Math.imul(h ^ (identity + 0x7f4a7c15), 0x85ebca6b);
  h = Math.imul(h ^ (sighting + 0x165667b1), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Sightings of identity `identity` under `seed`, as 28×28 uint8 glyphs. */
export function strokeSightings(seed: number, identity: number, sightings: readonly number[], options: Pick<StrokeDatasetOptions, 'style' | 'sighting'> = {}): Uint8Array[] {
  const figure = strokeFigure(new Random(streamSeed(seed, identity, -1)));
  return sightings.map((j) => {
    const random = new Random(streamSeed(seed, identity, j));
    return renderFigure(sightingStrokes(figure, random, options.sighting), random, options.style, {}, `stroke identity ${identity}`);
  });
}

export class StrokeDataset extends InMemoryDataset {
  constructor(options: StrokeDatasetOptions) {
    const { identities, sightingsPerIdentity: k, seed } = options;
    const first = options.firstIdentity ?? 0;
    const firstSighting = options.firstSighting ?? 0;
    for (const [key, value, min] of [['identities', identities, 1], ['sightingsPerIdentity', k, 1], ['firstIdentity', first, 0], ['firstSighting', firstSighting, 0]] as const) {
      if (!Number.isInteger(value) || value < min) throw new ArgumentError(`StrokeDataset: expected an integer ≥ ${min} for ${key} but received ${String(value)}.`);
    }
    if (!Number.isFinite(seed)) throw new ArgumentError(`StrokeDataset: expected a finite seed but received ${String(seed)}.`);
    const pixels = new Uint8Array(identities * k * 784);
    const labels = new Int32Array(identities * k);
    const sightings = Array.from({ length: k }, (_, j) => firstSighting + j);
    for (let i = 0; i < identities; i++) {
      strokeSightings(seed, first + i, sightings, options).forEach((glyph, j) => {
        pixels.set(glyph, (i * k + j) * 784);
        labels[i * k + j] = i;
      });
    }
    const name = options.name ?? `strokes:${identities}`;
    const names = Array.from({ length: identities }, (_, i) => `stroke-${first + i}`);
    super({ name, sourcePrefix: `${name}:seed${seed}`, channels: 1, height: 28, width: 28, pixels, labels, identities: names });
  }
}
