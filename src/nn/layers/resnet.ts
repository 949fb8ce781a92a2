// ResNet-18/34 bodies (He et al. 2016) with torchvision's layer names, so a torchvision
// state dict (minus fc) loads. Any input size and channel count; `smallInput` swaps the
// 7×7/2 stem and max-pool for a 3×3/1 stem, as usual for 28×28 glyphs.
import { add } from '../../tensor/elementwise.ts';
import { relu } from '../../tensor/elementwise.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { Module } from '../module.ts';
import { BatchNorm2d } from './batch-norm.ts';
import { Conv2d } from './conv2d.ts';
import { Sequential } from './sequential.ts';
import { MaxPool2d, ReLU } from './simple.ts';
import { kaimingNormal } from '../init.ts';

export class BasicBlock extends Module {
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly downsample: Sequential | null;

  constructor(inChannels: number, outChannels: number, stride = 1) {
    super();
    this.conv1 = this.registerModule('conv1', new Conv2d(inChannels, outChannels, 3, { stride, padding: 1, bias: false }));
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(outChannels));
    this.conv2 = this.registerModule('conv2', new Conv2d(outChannels, outChannels, 3, { padding: 1, bias: false }));
    this.bn2 = this.registerModule('bn2', new BatchNorm2d(outChannels));
    this.downsample = stride !== 1 || inChannels !== outChannels
      ? this.registerModule('downsample', new Sequential(new Conv2d(inChannels, outChannels, 1, { stride, bias: false }), new BatchNorm2d(outChannels)))
      : null;
  }

  forward(x: Tensor): Tensor {
    const a = relu(this.bn1.forward(this.conv1.forward(x)));
    const b = this.bn2.forward(this.conv2.forward(a));
    const identity = this.downsample ? this.downsample.forward(x) : x;
    const out = relu(add(b, identity));
    for (const t of [a, b]) t.dispose();
    if (identity !== x) identity.dispose();
    return out;
  }
}

export interface ResNetOptions {
  inChannels?: number;
  /** 3×3 stride-1 stem without max-pool, for small images such as 28×28 glyphs. */
  smallInput?: boolean;
}

export const resnetDepths = { resnet18: [2, 2, 2, 2], resnet34: [3, 4, 6, 3] } as const;
export type ResNetDepth = keyof typeof resnetDepths;

/** The convolutional body (torchvision's children[:-2]); output has 512 channels. */
export function resnetBody(depth: ResNetDepth, options: ResNetOptions = {}): Sequential {
  const inChannels = options.inChannels ?? 3;
  const stem = options.smallInput
    ? [new Conv2d(inChannels, 64, 3, { padding: 1, bias: false }), new BatchNorm2d(64), new ReLU()]
    : [new Conv2d(inChannels, 64, 7, { stride: 2, padding: 3, bias: false }), new BatchNorm2d(64), new ReLU(), new MaxPool2d(3, { stride: 2, padding: 1 })];
  const stages: Sequential[] = [];
  let channels = 64;
  resnetDepths[depth].forEach((blocks, i) => {
    const out = 64 * 2 ** i;
    const list = Array.from({ length: blocks }, (_, b) => new BasicBlock(b === 0 ? channels : out, out, b === 0 && i > 0 ? 2 : 1));
    stages.push(new Sequential(...list));
    channels = out;
  });
  const body = new Sequential(...stem, ...stages);
  for (const [name, p] of body.namedParameters()) if (name.endsWith('weight') && p.rank === 4) kaimingNormal(p, { mode: 'fanOut' });
  return body;
}

export const resnet18 = (options: ResNetOptions = {}): Sequential => resnetBody('resnet18', options);
export const resnet34 = (options: ResNetOptions = {}): Sequential => resnetBody('resnet34', options);
