// Folding BatchNorm (and ReLU) into the step before it changes the arithmetic only by rounding:
// the folded network's output matches the unfused eval-mode forward to 1e-5 for every architecture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferencePlan, InferenceNet, countSteps, Module, Sequential, Conv2d, type InferenceStep } from '../../../src/nn/index.ts';
import { liveTensors, noGrad, rand, setNumThreads, tidy, type Tensor } from '../../../src/tensor/index.ts';
import { ArgumentError } from '../../../src/util/errors.ts';
import { archCases, trainedLooking } from './trained-looking.ts';

setNumThreads(1);

const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
const kinds = (steps: readonly InferenceStep[]): string[] => steps.flatMap((s) => (s.kind === 'residual' ? [`residual(${kinds(s.main).join(',')}|${kinds(s.shortcut).join(',')})`] : [s.kind + ('relu' in s && s.relu ? '+relu' : '')]));

for (const c of archCases) {
  test(`inferencePlan(${c.arch}): the folded network equals the eval-mode forward to 1e-5, NCHW and channels-last`, () => {
    const net = trainedLooking(c);
    const x = rand([3, c.channels, c.size, c.size]);
    const expected = noGrad(() => tidy(() => net.forward(x).data<'float32'>()));
    for (const channelsLast of [false, true]) {
      const folded = new InferenceNet(inferencePlan(net), { channelsLast });
      const actual = noGrad(() => tidy(() => folded.forward(x).data<'float32'>()));
      assert.ok(maxAbsDiff(expected, actual) <= 1e-5, `${c.arch} channelsLast=${channelsLast}: max abs diff ${maxAbsDiff(expected, actual)}`);
      folded.dispose();
    }
    x.dispose();
    net.dispose();
  });
}

test('inferencePlan(small): every BatchNorm and ReLU is folded; the head is pool, flatten, one Gemm, L2', () => {
  const net = trainedLooking(archCases[0]!);
  const plan = inferencePlan(net);
  assert.deepEqual(kinds(plan.steps), ['conv+relu', 'conv+relu', 'max-pool', 'conv+relu', 'conv+relu', 'max-pool', 'global-pool', 'flatten', 'linear', 'l2-normalize']);
  assert.equal(plan.inChannels, 1);
  const linear = plan.steps[8]!;
  assert.ok(linear.kind === 'linear' && linear.bias !== null, 'BatchNorm1d folded into the linear map as its bias');
  net.dispose();
});

test('inferencePlan(resnet18): blocks become residual steps with conv+BN+ReLU fused and a folded downsample', () => {
  const net = trainedLooking(archCases[2]!);
  const plan = inferencePlan(net);
  const k = kinds(plan.steps);
  assert.equal(k[0], 'conv+relu');
  assert.equal(k.filter((s) => s.startsWith('residual')).length, 8);
  assert.ok(k.includes('residual(conv+relu,conv|conv)'), 'a downsampling block: its shortcut is one folded conv');
  assert.ok(k.includes('residual(conv+relu,conv|)'), 'an identity block');
  assert.ok(countSteps(plan.steps) > k.length);
  net.dispose();
});

test('inferencePlan reads the module without changing it, and InferenceNet releases its tensors', () => {
  const net = trainedLooking(archCases[0]!);
  const before = net.stateDict().get('0.1.running_mean')!.data<'float32'>();
  const live = liveTensors();
  const folded = new InferenceNet(inferencePlan(net));
  noGrad(() => tidy(() => void folded.forward(rand([2, 1, 28, 28]))));
  folded.dispose();
  assert.equal(liveTensors(), live);
  assert.deepEqual(net.stateDict().get('0.1.running_mean')!.data<'float32'>(), before);
  net.dispose();
});

test('inferencePlan names a layer it cannot fold, with its path', () => {
  class Swish extends Module {
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  const net = new Sequential(new Conv2d(1, 2, 3), new Swish());
  assert.throws(() => inferencePlan(net), (e: Error) => e instanceof ArgumentError && /inferencePlan: .* for 1 but received Swish/.test(e.message));
  net.dispose();
});
