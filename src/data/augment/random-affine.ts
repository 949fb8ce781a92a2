// Random rotation, scale, translation and shear about the image centre (torchvision's RandomAffine,
// same conventions): small pose changes a network should not care about, e.g. a digit written tilted.
import type { Random } from '../../util/random.ts';
import type { FloatImage } from './float-image.ts';
import { warpAffine, type SourceMap } from './warp-affine.ts';

export interface RandomAffineOptions {
  /** Largest rotation either way, degrees (positive = counter-clockwise on screen); default 0. */
  degrees?: number;
  /** Scale factor range [min, max]; default [1, 1]. */
  scale?: readonly [number, number];
  /** Largest shift as a fraction of [width, height], either way; default [0, 0]. */
  translate?: readonly [number, number];
  /** Largest horizontal shear either way, degrees; default 0. */
  shear?: number;
  /** Value for pixels that come from outside the image; default 0 (MNIST's background). */
  fill?: number;
}

/** One concrete pose: rotation and shear in degrees, translation in pixels. */
export interface AffinePose {
  rotation: number;
  scale: number;
  translateX: number;
  translateY: number;
  shear: number;
}

export function randomAffine(image: FloatImage, random: Random, options: RandomAffineOptions = {}): FloatImage {
  const degrees = options.degrees ?? 0;
  const [scaleLow, scaleHigh] = options.scale ?? [1, 1];
  const [shiftX, shiftY] = options.translate ?? [0, 0];
  const shear = options.shear ?? 0;
  const pose: AffinePose = {
    rotation: random.uniform(-degrees, degrees),
    scale: random.uniform(scaleLow, scaleHigh),
    translateX: Math.round(random.uniform(-shiftX, shiftX) * image.width),
    translateY: Math.round(random.uniform(-shiftY, shiftY) * image.height),
    shear: random.uniform(-shear, shear),
  };
  return warpAffine(image, affineSourceMap(pose, image.width, image.height), { fill: options.fill ?? 0 });
}

/**
 * The output→source map of `pose` about the image centre. Forward: p' = centre + t + R·H·s·(p − centre),
 * with R the on-screen counter-clockwise rotation (y points down) and H a horizontal shear.
 */
export function affineSourceMap(pose: AffinePose, width: number, height: number): SourceMap {
  const centreX = (width - 1) / 2;
  const centreY = (height - 1) / 2;
  const angle = (pose.rotation * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const shear = Math.tan((pose.shear * Math.PI) / 180);
  // Forward linear part M = R·H·s, with R = [[cos, sin], [-sin, cos]] and H = [[1, shear], [0, 1]].
  const m00 = cos * pose.scale;
  const m01 = (cos * shear + sin) * pose.scale;
  const m10 = -sin * pose.scale;
  const m11 = (-sin * shear + cos) * pose.scale;
  const det = m00 * m11 - m01 * m10;
  const i00 = m11 / det;
  const i01 = -m01 / det;
  const i10 = -m10 / det;
  const i11 = m00 / det;
  // Source = centre + M⁻¹·(p' − centre − t).
  const ox = centreX + pose.translateX;
  const oy = centreY + pose.translateY;
  return {
    a: i00,
    b: i01,
    c: centreX - i00 * ox - i01 * oy,
    d: i10,
    e: i11,
    f: centreY - i10 * ox - i11 * oy,
  };
}
