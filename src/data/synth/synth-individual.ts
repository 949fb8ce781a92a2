// Individuals and their sightings, fixed by (seed, pattern, identity, sighting) alone: a larger set
// keeps a smaller one's images, identities [first, first + count) of one seed never overlap
// another range's, and later sightings of an individual are new photographs of the same animal.
import { ArgumentError } from '../../util/errors.ts';
import { Random } from '../../util/random.ts';
import type { AnimalTexture, SpeciesLayer } from './animal-texture.ts';
import { flukeSpecies } from './fluke-species.ts';
import { mantaSpecies } from './manta-species.ts';
import { renderSighting } from './render-sighting.ts';
import { resolveVariation, type SynthSightingOptions, type SightingVariation } from './sighting-variation.ts';
import type { Species } from './species.ts';
import { isSynthPattern, synthPatterns, type SynthPattern } from './synth-pattern.ts';
import { zebraSpecies } from './zebra-species.ts';

const species: Record<SynthPattern, Species> = { spots: mantaSpecies, stripes: zebraSpecies, notches: flukeSpecies };
const layers = new Map<string, SpeciesLayer>();

export const minSynthSize = 64;
export const maxSynthSize = 512;

export interface SynthImageOptions extends SynthSightingOptions {
  /** Side of the square RGB image in pixels, 64..512; default 128. */
  size?: number;
}

/** A seed for one (pattern, identity, sighting); sighting −1 is the individual itself. */
function streamSeed(seed: number, pattern: SynthPattern, identity: number, sighting: number): number {
  let h = Math.imul(seed ^ 0x27d4eb2f, 0x9e3779b1);
  h = Math.imul(h ^ (synthPatterns.indexOf(pattern) + 0x3c6ef372), 0x85ebca6b);
  h = Math.imul(h ^ (identity + 0x7f4a7c15), 0xc2b2ae35);
  h = Math.imul(h ^ (sighting + 0x165667b1), 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}

/** Checks the pattern, seed and size shared by every entry point; returns the size. */
export function checkSynthArguments(caller: string, pattern: unknown, seed: unknown, size: unknown = 128): number {
  if (typeof pattern !== 'string' || !isSynthPattern(pattern)) throw new ArgumentError(`${caller}: expected a pattern from ${synthPatterns.join(', ')} but received ${JSON.stringify(pattern)}.`);
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw new ArgumentError(`${caller}: expected an integer seed but received ${String(seed)}.`);
  if (typeof size !== 'number' || !Number.isInteger(size) || size < minSynthSize || size > maxSynthSize) {
    throw new ArgumentError(`${caller}: expected an integer size in [${minSynthSize}, ${maxSynthSize}] but received ${String(size)}.`);
  }
  return size;
}

function layerFor(spec: Species, imageSize: number): SpeciesLayer {
  // About one texel per picture pixel at rest, a little more for close-ups.
  const size = Math.ceil(imageSize * spec.extent * 1.1);
  const key = `${spec.pattern}:${size}`;
  let layer = layers.get(key);
  if (layer === undefined) layers.set(key, (layer = spec.layer(size)));
  return layer;
}

/** Individual `identity` of `pattern` under `seed`: its marks on the species' layer, at the texture size for `imageSize`. */
export function synthIndividual(pattern: SynthPattern, seed: number, identity: number, imageSize = 128): AnimalTexture {
  checkSynthArguments('synthIndividual', pattern, seed, imageSize);
  checkIdentity('synthIndividual', identity);
  const spec = species[pattern];
  return spec.individual(layerFor(spec, imageSize), new Random(streamSeed(seed, pattern, identity, -1)));
}

/** Sightings `sightings` (indices ≥ 0) of individual `identity`, as planar RGB uint8 images of size × size. */
export function synthSightings(pattern: SynthPattern, seed: number, identity: number, sightings: readonly number[], options: SynthImageOptions = {}): Uint8Array[] {
  const size = checkSynthArguments('synthSightings', pattern, seed, options.size ?? 128);
  checkIdentity('synthSightings', identity);
  const bad = sightings.find((j) => !Number.isSafeInteger(j) || j < 0);
  if (bad !== undefined) throw new ArgumentError(`synthSightings: expected non-negative integer sighting indices but received ${String(bad)}.`);
  const variation = resolveVariation(options, 'synthSightings');
  const texture = synthIndividual(pattern, seed, identity, size);
  return sightings.map((j) => synthSighting(texture, pattern, seed, identity, j, size, variation));
}

/** One sighting of an individual already drawn by `synthIndividual` (arguments checked by the caller). */
export function synthSighting(texture: AnimalTexture, pattern: SynthPattern, seed: number, identity: number, sighting: number, size: number, variation: Required<SightingVariation>): Uint8Array {
  return renderSighting(species[pattern], texture, new Random(streamSeed(seed, pattern, identity, sighting)), size, variation);
}

function checkIdentity(caller: string, identity: unknown): void {
  if (typeof identity !== 'number' || !Number.isSafeInteger(identity) || identity < 0) throw new ArgumentError(`${caller}: expected a non-negative integer identity but received ${String(identity)}.`);
}
