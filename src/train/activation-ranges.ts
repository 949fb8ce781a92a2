// Static int8 calibration: run the float network over calibration images, with every activation tap
// as an extra ONNX output, and keep each tap's minimum and maximum. The plain extremes, not a
// percentile: the head's global max-pool reads each channel's peak, and clipping the top 0.01% of
// values measured worse (shipped glyph model on 2,048 MNIST test images, ranges from 512 held-out
// strokes: mean cosine to float32 0.9998 with the extremes, 0.9985 at the 99.99th percentile).
import { activationTapCount } from '../nn/onnx/activation-quantizer.ts';
import type { ActivationRange } from '../nn/onnx/int8-params.ts';
import { OrtSession } from '../nn/onnx/ort-session.ts';
import { inferencePlan } from '../nn/inference/fold-batch-norm.ts';
import type { Module } from '../nn/module.ts';
import { ArgumentError } from '../util/errors.ts';
import { packPixels } from './embed.ts';
import { planOnnx } from './onnx-model.ts';
import type { Preprocessing } from './preprocessing.ts';

export interface ActivationRangeOptions {
  dim: number;
  /** Intra-op threads (default 1). */
  threads?: number;
}

/** The range of each activation tap over `images` (uint8 CHW at the model's size), in tap order. */
export async function measureActivationRanges(model: Module, p: Preprocessing, images: readonly Uint8Array[], options: ActivationRangeOptions): Promise<ActivationRange[]> {
  if (images.length === 0) throw new ArgumentError('measureActivationRanges: expected at least one calibration image but received none');
  const size = p.channels * p.height * p.width;
  const plan = inferencePlan(model);
  const ranges = Array.from({ length: activationTapCount(plan) }, () => ({ min: Infinity, max: -Infinity }));
  const session = await OrtSession.create(planOnnx(plan, p, { dim: options.dim, precision: { kind: 'taps' } }), 'the calibration graph', { threads: options.threads ?? 1 });
  // Every tap comes back at once, so a run's images are fewer for larger inputs: 64 glyphs, 21
  // photos at 128×128, 6 at 224×224 (a ResNet-34's taps are ~16 MB an image there).
  const perRun = Math.max(1, Math.min(64, Math.floor(2 ** 20 / size)));
  try {
    for (let start = 0; start < images.length; start += perRun) {
      const chunk = images.slice(start, start + perRun);
      const batch = packPixels(chunk, p, 'measureActivationRanges', start);
      const outputs = await session.runAll(batch, [chunk.length, p.channels, p.height, p.width]);
      ranges.forEach((range, t) => {
        for (const v of outputs[t + 1]!) {
          if (!Number.isFinite(v)) throw new ArgumentError(`measureActivationRanges: expected finite activations but tap ${t} received ${v} on images ${start}-${start + chunk.length - 1}`);
          if (v < range.min) range.min = v;
          if (v > range.max) range.max = v;
        }
      });
    }
  } finally {
    await session.dispose();
  }
  return ranges;
}
