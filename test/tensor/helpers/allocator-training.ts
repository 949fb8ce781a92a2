// Child process for test/tensor/allocator.test.ts: a few AdamW steps of the bench's small CNN
// (activations of 3 MB, so they go through the caching allocator unless REID_CPU_CACHE_MB=0),
// printing each loss's float64 bits and the allocator's counters as one JSON line.
import { EmbeddingNet } from '../../../src/nn/index.ts';
import { AdamW } from '../../../src/optim/index.ts';
import { allocatorStats, manualSeed, mean, rand, randn, square, sub, tidy } from '../../../src/tensor/index.ts';

const steps = Number(process.argv[2] ?? 4);
manualSeed(7);
const net = new EmbeddingNet({ arch: 'small', dim: 128 });
const optimizer = new AdamW(net.parameters(), { lr: 1e-3, weightDecay: 0.01 });
const { x, target } = tidy(() => ({ x: rand([32, 1, 28, 28]), target: randn([32, 128]) }));
net.train();
const bits: string[] = [];
for (let s = 0; s < steps; s++) {
  const loss = tidy(() => {
    optimizer.zeroGrad();
    const value = mean(square(sub(net.forward(x), target)));
    value.backward();
    optimizer.step();
    return value.item();
  });
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, loss);
  bits.push(view.getBigUint64(0).toString(16));
}
console.log(JSON.stringify({ bits, stats: allocatorStats() }));
