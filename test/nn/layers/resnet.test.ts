import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BasicBlock, resnet18, resnetDepths } from '../../../src/nn/index.ts';
import { liveTensors, noGrad, ones, setNumThreads, tidy } from '../../../src/tensor/index.ts';

setNumThreads(1);

const count = (shapes: readonly (readonly number[])[]) => shapes.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);

test('resnet18 body has torchvision\'s parameter counts and names (children[:-2])', () => {
  const r18 = resnet18();
  // torchvision resnet18: 11,689,512 parameters, of which fc has 513,000
  assert.equal(count(r18.parameters().map((p) => p.shape)), 11_689_512 - 513_000);
  const names = r18.namedParameters().map(([n]) => n);
  assert.equal(names[0], '0.weight');
  assert.ok(names.includes('4.0.conv1.weight') && names.includes('5.0.downsample.0.weight') && names.includes('7.1.bn2.bias'));
  assert.ok(r18.namedBuffers().some(([n]) => n === '5.0.downsample.1.running_var'));
  r18.dispose();
  assert.deepEqual(resnetDepths.resnet34, [3, 4, 6, 3]);
});

test('small-input ResNet keeps 28×28 resolution until the strided stages; blocks release their temporaries', () => {
  const body = resnet18({ inChannels: 1, smallInput: true });
  body.eval();
  const before = liveTensors();
  tidy(() => assert.deepEqual([...noGrad(() => body.forward(ones([1, 1, 28, 28]))).shape], [1, 512, 4, 4]));
  assert.equal(liveTensors(), before);
  body.dispose();
  const block = new BasicBlock(8, 16, 2);
  assert.ok(block.downsample);
  tidy(() => assert.deepEqual([...block.forward(ones([2, 8, 6, 6])).shape], [2, 16, 3, 3]));
  block.dispose();
});
