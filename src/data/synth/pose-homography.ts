// The pose of one sighting as a homography between the species frame and the picture:
// scale, rotation, shear/aspect, shift and a perspective tilt, and its inverse for sampling.
import type { Random } from '../../util/random.ts';

/** Row-major 3×3 matrix [a b c; d e f; g h k] mapping (x, y, 1). */
export type Homography = readonly [number, number, number, number, number, number, number, number, number];

export interface PoseHomography {
  /** Picture pixel (x, y) → continuous texel coordinates (texel centres at integers). */
  toTexture: Homography;
  /** Texel → picture pixel. */
  toPixel: Homography;
}

function multiply(p: Homography, q: Homography): Homography {
  const r = new Array<number>(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) r[i * 3 + j] = p[i * 3]! * q[j]! + p[i * 3 + 1]! * q[3 + j]! + p[i * 3 + 2]! * q[6 + j]!;
  return r as unknown as Homography;
}

export function invert(m: Homography): Homography {
  const [a, b, c, d, e, f, g, h, k] = m;
  const A = e * k - f * h, B = -(d * k - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [A / det, -(b * k - c * h) / det, (b * f - c * e) / det, B / det, (a * k - c * g) / det, -(a * f - c * d) / det, C / det, -(a * h - b * g) / det, (a * e - b * d) / det];
}

/** A random pose at strength `strength` in [0, 1] (see SightingVariation.pose for the ranges). */
export function poseHomography(random: Random, strength: number, maxRotation: number, size: number, texture: { size: number; extent: number }): PoseHomography {
  const angle = ((strength * random.uniform(-1, 1) * maxRotation) / 180) * Math.PI;
  const scale = Math.exp(strength * random.uniform(Math.log(0.75), Math.log(1.3)));
  const shear = strength * random.uniform(-0.12, 0.12);
  const aspect = strength * random.uniform(-0.12, 0.12);
  const shiftX = strength * random.uniform(-0.28, 0.28);
  const shiftY = strength * random.uniform(-0.28, 0.28);
  const tiltAngle = random.uniform(0, 2 * Math.PI);
  const tilt = strength * random.uniform(0, 0.35);
  const cos = Math.cos(angle) * scale, sin = Math.sin(angle) * scale;
  const [sx, sy] = [1 + aspect, 1 - aspect];
  // Species frame → picture frame ([-1, 1]² across the picture).
  const frame: Homography = [cos * sx, cos * shear - sin * sy, shiftX, sin * sx, sin * shear + cos * sy, shiftY, tilt * Math.cos(tiltAngle) / 1.5, tilt * Math.sin(tiltAngle) / 1.5, 1];
  // Texel → species frame, and picture frame → pixel.
  const texel = (2 * texture.extent) / texture.size;
  const fromTexel: Homography = [texel, 0, -texture.extent + texel / 2, 0, texel, -texture.extent + texel / 2, 0, 0, 1];
  const toPixelFrame: Homography = [size / 2, 0, size / 2 - 0.5, 0, size / 2, size / 2 - 0.5, 0, 0, 1];
  const toPixel = multiply(toPixelFrame, multiply(frame, fromTexel));
  return { toPixel, toTexture: invert(toPixel) };
}
