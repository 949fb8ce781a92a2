// Embedding networks: a convolutional body and the tutorial's head
// (adaptive concat pool → BatchNorm1d → Dropout → Linear without bias → L2 normalise).
import type { Tensor } from '../../tensor/tensor.ts';
import { ArgumentError } from '../../util/errors.ts';
import { Module } from '../module.ts';
import { BatchNorm1d, BatchNorm2d } from '../layers/batch-norm.ts';
import { Conv2d } from '../layers/conv2d.ts';
import { Linear } from '../layers/linear.ts';
import { photoBody } from '../layers/photo-body.ts';
import { resnetBody } from '../layers/resnet.ts';
import { Sequential } from '../layers/sequential.ts';
import { AdaptiveConcatPool2d, Dropout, Flatten, L2Normalize, MaxPool2d, ReLU } from '../layers/simple.ts';

/**
 * 'small': the glyph CNN (full resolution); 'small-wide': the same at 1.5× the channels (48/96,
 * 2.2× the multiply-adds); 'photo': strided-stem ResNet for photographs on a CPU (photo-body.ts).
 */
export type Architecture = 'small' | 'small-wide' | 'photo' | 'resnet18' | 'resnet34';
export const architectures: readonly Architecture[] = ['small', 'small-wide', 'photo', 'resnet18', 'resnet34'];

export interface EmbeddingNetOptions {
  arch: Architecture;
  /** Embedding size (default 128). */
  dim?: number;
  inChannels?: number;
  /** Input height/width, used to pick a small-image ResNet stem below 64 px. */
  imageSize?: number;
  /** Dropout before the final linear layer (default 0.25, as in the tutorial). */
  dropout?: number;
}

const convBnRelu = (i: number, o: number): Module[] => [new Conv2d(i, o, 3, { padding: 1, bias: false }), new BatchNorm2d(o), new ReLU()];

/** The reference glyph CNN: 2×[conv3×3(32)-BN-ReLU] → pool → 2×[conv3×3(64)-BN-ReLU] → pool; `width` replaces 32 (the second stage has twice it). */
export function smallCnnBody(inChannels = 1, width = 32): { body: Sequential; features: number } {
  const body = new Sequential(
    ...convBnRelu(inChannels, width), ...convBnRelu(width, width), new MaxPool2d(2),
    ...convBnRelu(width, 2 * width), ...convBnRelu(2 * width, 2 * width), new MaxPool2d(2),
  );
  return { body, features: 2 * width };
}

/** fastai's replacement head, with L2-normalised output. */
export function embeddingHead(features: number, dim: number, dropout = 0.25): Sequential {
  return new Sequential(
    new AdaptiveConcatPool2d(), new Flatten(), new BatchNorm1d(2 * features), new Dropout(dropout),
    new Linear(2 * features, dim, { bias: false }), new L2Normalize(),
  );
}

/** body → head; state-dict names are "0.*" (body) and "1.*" (head), as nn.Sequential(body, head) in PyTorch. */
export class EmbeddingNet extends Module {
  readonly net: Sequential;
  readonly dim: number;

  constructor(readonly options: EmbeddingNetOptions) {
    super();
    const dim = options.dim ?? 128;
    if (!Number.isInteger(dim) || dim < 2) throw new ArgumentError(`EmbeddingNet: expected an integer ≥ 2 for dim but received ${dim}`);
    const inChannels = options.inChannels ?? 1;
    let body: Sequential;
    let features: number;
    switch (options.arch) {
      case 'small':
        ({ body, features } = smallCnnBody(inChannels));
        break;
      case 'small-wide':
        ({ body, features } = smallCnnBody(inChannels, 48));
        break;
      case 'photo':
        ({ body, features } = photoBody({ inChannels }));
        break;
      case 'resnet18':
      case 'resnet34':
        body = resnetBody(options.arch, { inChannels, smallInput: (options.imageSize ?? 224) < 64 });
        features = 512;
        break;
      default:
        throw new ArgumentError(`EmbeddingNet: expected one of ${architectures.join(', ')} for arch but received ${String(options.arch)}`);
    }
    this.dim = dim;
    this.net = new Sequential(body, embeddingHead(features, dim, options.dropout ?? 0.25));
    // Register the Sequential's children directly so names are "0.*" and "1.*".
    this.net.namedChildren().forEach(([name, child]) => this.registerModule(name, child));
  }

  forward(x: Tensor): Tensor {
    return this.net.forward(x);
  }
}
