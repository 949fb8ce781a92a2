// The photo body: a ResNet-style network sized for photographs on a laptop CPU. A stride-2 3×3 stem
// and a max-pool bring the image to a quarter of its side before any residual block runs (the small
// glyph CNN convolves at full resolution), then one ResNet basic block per stage at half ResNet-18's
// widths. At 128×128 it costs 66 M multiply-adds, a ninth of ResNet-18's (592 M) and a sixth of the
// small CNN's (392 M). `npm run bench -- photo-net` (interleaved rounds on a shared 2-core machine)
// measured it the fastest of the candidates to train: about 2× the small CNN's and 3.6× ResNet-18's
// training images/s, ahead of wider, deeper and depthwise-separable bodies. It is built
// only from Conv2d, BatchNorm2d, ReLU, MaxPool2d and BasicBlock, so the ONNX exporter needs nothing new.
import { kaimingNormal } from '../init.ts';
import { BatchNorm2d } from './batch-norm.ts';
import { Conv2d } from './conv2d.ts';
import { BasicBlock } from './resnet.ts';
import { Sequential } from './sequential.ts';
import { MaxPool2d, ReLU } from './simple.ts';

export interface PhotoBodyOptions {
  /** Input channels (default 3). */
  inChannels?: number;
  /** Channels of each stage; every stage after the first halves the resolution (default [32, 64, 128, 256]). */
  widths?: readonly number[];
  /** Basic blocks per stage (default one each). */
  blocks?: readonly number[];
}

export const photoBodyDefaults = { widths: [32, 64, 128, 256], blocks: [1, 1, 1, 1] } as const;

/** stem (conv3×3/2 → BN → ReLU → max-pool 3×3/2) → stages of basic blocks; output channels are the last width. */
export function photoBody(options: PhotoBodyOptions = {}): { body: Sequential; features: number } {
  const inChannels = options.inChannels ?? 3;
  const widths = options.widths ?? photoBodyDefaults.widths;
  const blocks = options.blocks ?? widths.map(() => 1);
  const stemChannels = widths[0]!;
  const stem = [
    new Conv2d(inChannels, stemChannels, 3, { stride: 2, padding: 1, bias: false }), new BatchNorm2d(stemChannels), new ReLU(),
    new MaxPool2d(3, { stride: 2, padding: 1 }),
  ];
  let channels = stemChannels;
  const stages = widths.map((width, i) => {
    const stage = new Sequential(...Array.from({ length: blocks[i] ?? 1 }, (_, b) => new BasicBlock(b === 0 ? channels : width, width, b === 0 && i > 0 ? 2 : 1)));
    channels = width;
    return stage;
  });
  const body = new Sequential(...stem, ...stages);
  for (const [name, p] of body.namedParameters()) if (name.endsWith('weight') && p.rank === 4) kaimingNormal(p, { mode: 'fanOut' });
  return { body, features: channels };
}
