// Starting points for the two kinds of data reid ships for. Glyphs: small pose changes only (no
// flips: a mirrored 7, arrow or moon is a different glyph). Photos: crops and lighting, no flips
// either (see horizontal-flip.ts for why); add { kind: 'horizontalFlip' } yourself when safe.
import type { AugmentationSpec } from './compose-augmentations.ts';

export const augmentationPresets = {
  glyph: [{ kind: 'affine', degrees: 10, scale: [0.9, 1.1], translate: [0.08, 0.08], shear: 8 }],
  glyphElastic: [
    { kind: 'affine', degrees: 10, scale: [0.9, 1.1], translate: [0.08, 0.08], shear: 8 },
    { kind: 'elastic', alpha: 34, sigma: 4 },
  ],
  photo: [
    { kind: 'randomResizedCrop', scale: [0.5, 1], ratio: [3 / 4, 4 / 3] },
    { kind: 'colourJitter', brightness: 0.3, contrast: 0.3, saturation: 0.3 },
  ],
} as const satisfies Record<string, readonly AugmentationSpec[]>;
