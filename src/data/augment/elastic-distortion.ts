// Elastic distortion (Simard, Steinkraus & Platt 2003): every pixel moves by a random displacement,
// the displacement field smoothed by a Gaussian (σ) so neighbours move together, then scaled (α).
// It imitates the oscillations of a hand's muscles; their MNIST setting is α = 34, σ = 4.
import type { Random } from '../../util/random.ts';
import { gaussianBlurPlane } from '../pixels/gaussian-blur.ts';
import type { FloatImage } from './float-image.ts';

export interface ElasticDistortionOptions {
  /** Displacement scale in pixels; default 34 (Simard's MNIST value). */
  alpha?: number;
  /** Smoothness of the field, pixels; default 4. */
  sigma?: number;
  /** Value for positions outside the image; default 0. */
  fill?: number;
}

export function elasticDistortion(image: FloatImage, random: Random, options: ElasticDistortionOptions = {}): FloatImage {
  const { channels, height, width, data } = image;
  const alpha = options.alpha ?? 34;
  const sigma = options.sigma ?? 4;
  const fill = options.fill ?? 0;
  const plane = height * width;
  const field = (): Float32Array => {
    const noise = new Float32Array(plane);
    for (let i = 0; i < plane; i++) noise[i] = random.uniform(-1, 1);
    return gaussianBlurPlane(noise, width, height, sigma);
  };
  const dx = field();
  const dy = field();
  const out = new Float32Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const sx = x + alpha * dx[p]!;
      const sy = y + alpha * dy[p]!;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let ch = 0; ch < channels; ch++) {
        const base = ch * plane;
        const tap = (tx: number, ty: number): number => (tx >= 0 && ty >= 0 && tx < width && ty < height ? data[base + ty * width + tx]! : fill);
        out[base + p] =
          (1 - fy) * ((1 - fx) * tap(x0, y0) + fx * tap(x0 + 1, y0)) + fy * ((1 - fx) * tap(x0, y0 + 1) + fx * tap(x0 + 1, y0 + 1));
      }
    }
  }
  return { data: out, channels, height, width };
}
