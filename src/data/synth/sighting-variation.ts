// How much sightings of one individual differ: one strength in [0, 1] per factor, 0 turning the
// factor off. Each sighting draws its own amount of every factor uniformly up to the strength's
// range, so a set holds easy and hard sightings alike. `difficulty` sets every factor at once.
import { ArgumentError } from '../../util/errors.ts';

export interface SightingVariation {
  /** Pose. At 1: rotation up to ±(the species' range: manta 60°, fluke 20°, zebra 15°), scale ×0.75–1.3, shift up to ±14% of the frame, shear and aspect ±12%, perspective tilt up to 0.35 (about 20° off square). */
  pose?: number;
  /** Light. At 1: exposure ×2^±0.9, colour cast up to ±18% per channel, a shading gradient up to 55% darker across the frame, contrast ×0.7–1.1, water haze up to 45% on mantas. */
  light?: number;
  /** Background. At 1: full-contrast water/grass/sea texture and clutter (marine snow, bushes, whitecaps); at 0 a plain gradient. */
  background?: number;
  /** Occlusion. At 1: in 70% of sightings something (fish, bubbles, grass, spray) covers up to about 30% of the animal. */
  occlusion?: number;
  /** Hidden marks. At 1: up to 40% of the individual's pattern elements are missing from a sighting. */
  hiddenMarks?: number;
  /** Blur. At 1: Gaussian blur up to σ = 1.6 px at 128 px (scaled with the image size). */
  blur?: number;
  /** Sensor noise. At 1: Gaussian noise up to σ = 10 levels of 255. */
  noise?: number;
  /** Camera JPEG. At 1: quality down to 30 (4:2:0 chroma); at 0 no compression before the file's own. */
  jpeg?: number;
}

export const sightingFactors = ['pose', 'light', 'background', 'occlusion', 'hiddenMarks', 'blur', 'noise', 'jpeg'] as const;
export type SightingFactor = (typeof sightingFactors)[number];

export interface SynthSightingOptions {
  /** Every factor's strength unless `variation` names it; default 0.5. */
  difficulty?: number;
  variation?: SightingVariation;
}

/** Every factor's strength, checked: finite, in [0, 1]. */
export function resolveVariation(options: SynthSightingOptions = {}, caller = 'resolveVariation'): Required<SightingVariation> {
  const difficulty = options.difficulty ?? 0.5;
  check(caller, 'difficulty', difficulty);
  const out = {} as Required<SightingVariation>;
  for (const factor of sightingFactors) {
    const value = options.variation?.[factor] ?? difficulty;
    check(caller, `variation.${factor}`, value);
    out[factor] = value;
  }
  return out;
}

function check(caller: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new ArgumentError(`${caller}: expected a number in [0, 1] for ${name} but received ${String(value)}.`);
  }
}
