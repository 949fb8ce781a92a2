// A pipeline of augmentations described as data (a tagged union), so it can be saved with a model,
// printed in a run log, or parsed from a config, and is checked exhaustively by the compiler.
import { ArgumentError } from '../../util/errors.ts';
import type { Random } from '../../util/random.ts';
import { colourJitter, type ColourJitterOptions } from './colour-jitter.ts';
import { elasticDistortion, type ElasticDistortionOptions } from './elastic-distortion.ts';
import type { FloatImage } from './float-image.ts';
import { horizontalFlip, type HorizontalFlipOptions } from './horizontal-flip.ts';
import { randomAffine, type RandomAffineOptions } from './random-affine.ts';
import { randomResizedCrop, type RandomResizedCropOptions } from './random-resized-crop.ts';

export type AugmentationSpec =
  | ({ kind: 'affine' } & RandomAffineOptions)
  | ({ kind: 'elastic' } & ElasticDistortionOptions)
  | ({ kind: 'randomResizedCrop' } & RandomResizedCropOptions)
  | ({ kind: 'colourJitter' } & ColourJitterOptions)
  | ({ kind: 'horizontalFlip' } & HorizontalFlipOptions);

/** Applies a pipeline to one image; all randomness comes from `random`, so a seed fixes the result. */
export type Augmentation = (image: FloatImage, random: Random) => FloatImage;

export function composeAugmentations(specs: readonly AugmentationSpec[]): Augmentation {
  const steps: Augmentation[] = specs.map((spec, index) => {
    switch (spec.kind) {
      case 'affine':
        return (image, random) => randomAffine(image, random, spec);
      case 'elastic':
        return (image, random) => elasticDistortion(image, random, spec);
      case 'randomResizedCrop':
        return (image, random) => randomResizedCrop(image, random, spec);
      case 'colourJitter':
        return (image, random) => colourJitter(image, random, spec);
      case 'horizontalFlip':
        return (image, random) => horizontalFlip(image, random, spec);
      default: {
        const unknown: never = spec;
        throw new ArgumentError(
          `composeAugmentations: expected kind affine, elastic, randomResizedCrop, colourJitter or horizontalFlip for specs[${index}] ` +
            `but received ${JSON.stringify((unknown as { kind?: unknown }).kind)}.`,
        );
      }
    }
  });
  return (image, random) => steps.reduce((current, step) => step(current, random), image);
}
