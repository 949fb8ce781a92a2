// Synthetic patterned individuals as an ordinary dataset (3×size×size RGB), so they train, embed,
// export and join other sources like any catalogue. Images are drawn when first read (about 5 ms
// each at 128 px) and kept while they fit in `cacheBytes`, so pre-training on thousands of
// individuals needs neither a folder on disk nor the memory to hold them all.
import { checkIndex } from '../check-index.ts';
import type { ImageDataset } from '../dataset.ts';
import { ArgumentError } from '../../util/errors.ts';
import type { AnimalTexture } from './animal-texture.ts';
import { resolveVariation, type SightingVariation } from './sighting-variation.ts';
import { checkSynthArguments, synthIndividual, synthSighting, type SynthImageOptions } from './synth-individual.ts';
import type { SynthPattern } from './synth-pattern.ts';

export interface SynthDatasetOptions extends SynthImageOptions {
  pattern: SynthPattern;
  individuals: number;
  sightingsPerIndividual: number;
  /** Default 0. */
  seed?: number;
  /** Number of the first individual (default 0): disjoint ranges give disjoint individuals. */
  firstIndividual?: number;
  /** First sighting index (default 0): a later range gives new sightings of the same individuals. */
  firstSighting?: number;
  name?: string;
  /** Rendered images are kept for later reads while their total stays within this (default 1 GiB); later ones are drawn again on each read. */
  cacheBytes?: number;
}

export class SynthDataset implements ImageDataset {
  readonly name: string;
  readonly channels = 3;
  readonly height: number;
  readonly width: number;
  readonly length: number;
  readonly labels: Int32Array;
  readonly identities: readonly string[];
  readonly pattern: SynthPattern;
  readonly seed: number;
  private readonly first: number;
  private readonly firstSighting: number;
  private readonly perIndividual: number;
  private readonly variation: Required<SightingVariation>;
  private readonly cache: (Uint8Array | undefined)[];
  private readonly cacheLimit: number;
  private readonly textures = new Map<number, AnimalTexture>();

  constructor(options: SynthDatasetOptions) {
    const seed = options.seed ?? 0;
    const size = checkSynthArguments('SynthDataset', options.pattern, seed, options.size ?? 128);
    const first = options.firstIndividual ?? 0;
    const firstSighting = options.firstSighting ?? 0;
    const k = options.sightingsPerIndividual;
    const cacheBytes = options.cacheBytes ?? 2 ** 30;
    for (const [key, value, min] of [['individuals', options.individuals, 1], ['sightingsPerIndividual', k, 1], ['firstIndividual', first, 0], ['firstSighting', firstSighting, 0], ['cacheBytes', cacheBytes, 0]] as const) {
      if (!Number.isSafeInteger(value) || value < min) throw new ArgumentError(`SynthDataset: expected an integer ≥ ${min} for ${key} but received ${String(value)}.`);
    }
    this.variation = resolveVariation(options, 'SynthDataset');
    this.pattern = options.pattern;
    this.seed = seed;
    this.height = this.width = size;
    this.first = first;
    this.firstSighting = firstSighting;
    this.perIndividual = k;
    this.length = options.individuals * k;
    this.labels = Int32Array.from({ length: this.length }, (_, i) => Math.floor(i / k));
    this.identities = Array.from({ length: options.individuals }, (_, i) => `${options.pattern}-${first + i}`);
    this.name = options.name ?? `synth:${options.pattern}:${options.individuals}`;
    this.cacheLimit = Math.min(this.length, Math.floor(cacheBytes / (3 * size * size)));
    this.cache = new Array<Uint8Array | undefined>(this.cacheLimit);
  }

  /** The individual's number and the sighting's index of image `index`. */
  sightingOf(index: number): { individual: number; sighting: number } {
    checkIndex(`${this.name}.sightingOf`, index, this.length);
    return { individual: this.first + Math.floor(index / this.perIndividual), sighting: this.firstSighting + (index % this.perIndividual) };
  }

  source(index: number): string {
    const { individual, sighting } = this.sightingOf(index);
    return `synth:${this.pattern}:seed${this.seed}/${individual}/${sighting}`;
  }

  readSync(index: number): Uint8Array {
    checkIndex(`${this.name}.read`, index, this.length);
    const cached = index < this.cacheLimit ? this.cache[index] : undefined;
    if (cached) return cached;
    const { individual, sighting } = this.sightingOf(index);
    const image = synthSighting(this.texture(individual), this.pattern, this.seed, individual, sighting, this.width, this.variation);
    if (index < this.cacheLimit) this.cache[index] = image;
    return image;
  }

  read(index: number): Promise<Uint8Array> {
    try {
      return Promise.resolve(this.readSync(index));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Samplers read an individual's sightings together: a few recent individuals are kept drawn. */
  private texture(individual: number): AnimalTexture {
    let texture = this.textures.get(individual);
    if (texture === undefined) {
      texture = synthIndividual(this.pattern, this.seed, individual, this.width);
      if (this.textures.size >= 16) this.textures.delete(this.textures.keys().next().value!);
      this.textures.set(individual, texture);
    }
    return texture;
  }
}
