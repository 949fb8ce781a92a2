// Networks whose BatchNorms hold non-trivial statistics and shifts (a fresh net's mean 0 / var 1
// would make folding look right even if it ignored them), one per architecture reid trains.
import { EmbeddingNet, type Architecture } from '../../../src/nn/index.ts';
import { copyInPlace } from '../../../src/tensor/in-place.ts';
import { manualSeed, noGrad, rand, randn, tidy } from '../../../src/tensor/index.ts';

export interface ArchCase {
  arch: Architecture;
  channels: number;
  size: number;
}

/** Every architecture at a small size (the ResNets with their small-input stem at 32 px). */
export const archCases: readonly ArchCase[] = [
  { arch: 'small', channels: 1, size: 28 },
  { arch: 'photo', channels: 3, size: 64 },
  { arch: 'resnet18', channels: 3, size: 32 },
  { arch: 'resnet34', channels: 3, size: 32 },
  { arch: 'small-wide', channels: 1, size: 28 },
];

export function trainedLooking(c: ArchCase, seed = 1, dim = 32): EmbeddingNet {
  manualSeed(seed);
  const net = new EmbeddingNet({ arch: c.arch, dim, inChannels: c.channels, imageSize: c.size });
  noGrad(() => tidy(() => {
    for (const [name, t] of net.stateDict()) {
      if (name.endsWith('running_mean')) copyInPlace(t, randn(t.shape));
      else if (name.endsWith('running_var')) copyInPlace(t, rand(t.shape));
      else if (t.rank === 1 && !name.endsWith('num_batches_tracked')) copyInPlace(t, randn(t.shape));
    }
  }));
  return net.eval();
}
