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
      const inside = x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height;
      for (let base = 0; base < data.length; base += plane) {
        const j = base + y0 * width + x0;
        const v00 = inside || (x0 >= 0 && y0 >= 0 && x0 < width && y0 < height) ? data[j]! : fill;
        const v01 = inside || (x0 + 1 >= 0 && y0 >= 0 && x0 + 1 < width && y0 < height) ? data[j + 1]! : fill;
        const v10 = inside || (x0 >= 0 && y0 + 1 >= 0 && x0 < width && y0 + 1 < height) ? data[j + width]! : fill;
        const v11 = inside || (x0 + 1 >= 0 && y0 + 1 >= 0 && x0 + 1 < width && y0 + 1 < height) ? data[j + width + 1]! : fill;
        out[base + p] = (1 - fy) * ((1 - fx) * v00 + fx * v01) + fy * ((1 - fx) * v10 + fx * v11);
      }
    }
  }
  return { data: out, channels, height, width };
}
