import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchNorm1d, Dropout, Linear, Module, ReLU, Sequential } from '../../src/nn/index.ts';
import { add, liveTensors, manualSeed, ones, sum, tensor, tidy, zeros, type Tensor } from '../../src/tensor/index.ts';
import { ArgumentError, ShapeError } from '../../src/util/errors.ts';
import { values } from '../tensor/helpers/values.ts';

/** A module with a parameter, a buffer and children, to test naming. */
class Block extends Module {
  readonly scale: Tensor;
  readonly inner: Linear;
  constructor() {
    super();
    this.scale = this.registerParameter('scale', ones([2]));
    this.registerBuffer('count', zeros([], { dtype: 'int64' }));
    this.inner = this.registerModule('inner', new Linear(2, 2));
  }
  forward(x: Tensor): Tensor {
    return this.inner.forward(x);
  }
}

test('names are dotted paths as in PyTorch; parameters require grad, buffers do not', () => {
  const net = new Sequential(new Block(), new ReLU(), new Sequential(new BatchNorm1d(2)));
  assert.deepEqual(net.namedParameters().map(([n]) => n), ['0.scale', '0.inner.weight', '0.inner.bias', '2.0.weight', '2.0.bias']);
  assert.deepEqual(net.namedBuffers().map(([n]) => n), ['0.count', '2.0.running_mean', '2.0.running_var', '2.0.num_batches_tracked']);
  assert.deepEqual(net.namedModules().map(([n]) => n), ['', '0', '0.inner', '1', '2', '2.0']);
  assert.deepEqual(net.namedChildren().map(([n]) => n), ['0', '1', '2']);
  assert.ok(net.parameters().every((p) => p.requiresGrad && p.isLeaf));
  assert.ok(net.namedBuffers().every(([, b]) => !b.requiresGrad));
  assert.deepEqual([...net.stateDict().keys()].sort(), [...net.namedParameters(), ...net.namedBuffers()].map(([n]) => n).sort());
  net.dispose();
});

test('parameters made inside tidy outlive it', () => {
  const layer = tidy(() => new Linear(3, 2));
  assert.ok(layer.parameters().every((p) => !p.isDisposed));
  layer.dispose();
  assert.ok(layer.parameters().every((p) => p.isDisposed));
});

test('train()/eval() switch every module, and change BatchNorm and Dropout behaviour', () => tidy(() => {
  manualSeed(2);
  const net = new Sequential(new BatchNorm1d(3), new Dropout(0.5));
  assert.ok(net.namedModules().every(([, m]) => m.training));
  const x = tensor([[1, 2, 3], [3, 6, 9]]);
  const trained = values(net.forward(x));
  // training: batch statistics give ±1 per column (before dropout), dropout zeroes some and doubles the rest
  assert.ok(trained.every((v) => v === 0 || Math.abs(Math.abs(v) - 2) < 1e-3), String(trained));
  assert.ok(trained.some((v) => v === 0));
  net.eval();
  assert.ok(net.namedModules().every(([, m]) => !m.training));
  const bn = net.layers[0] as BatchNorm1d;
  const rm = values(bn.runningMean);
  const rv = values(bn.runningVar);
  const evaluated = values(net.forward(x));
  // eval: running statistics, no dropout, deterministic, and the running statistics stay put
  const expected = [1, 2, 3, 3, 6, 9].map((v, i) => (v - rm[i % 3]!) / Math.sqrt(rv[i % 3]! + 1e-5));
  evaluated.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-5));
  assert.deepEqual(values(net.forward(x)), evaluated);
  assert.deepEqual(values(bn.runningMean), rm);
  net.train();
  assert.ok(net.namedModules().every(([, m]) => m.training));
  net.dispose();
}));

test('loadStateDict copies values by name', () => tidy(() => {
  const a = new Linear(3, 2);
  const b = new Linear(3, 2);
  b.loadStateDict(a.stateDict());
  assert.deepEqual(values(b.weight), values(a.weight));
  assert.deepEqual(values(b.bias!), values(a.bias!));
  assert.notEqual(b.weight, a.weight); // copied, not shared
  a.dispose();
  b.dispose();
}));

test('loadStateDict strict: missing and unexpected names throw ArgumentError listing them; shapes must match', () => tidy(() => {
  const net = new Linear(3, 2);
  const weight = zeros([2, 3]);
  assert.throws(() => net.loadStateDict(new Map([['weight', weight]])), (e: unknown) =>
    e instanceof ArgumentError && /1 are missing \(bias\)/.test(e.message) && /0 are unexpected/.test(e.message));
  assert.throws(() => net.loadStateDict(new Map([['weight', weight], ['bias', zeros([2])], ['extra', zeros([1])]])), (e: unknown) =>
    e instanceof ArgumentError && /unexpected \(extra\)/.test(e.message));
  assert.throws(() => net.loadStateDict(new Map([['weight', zeros([3, 2])], ['bias', zeros([2])]])), (e: unknown) =>
    e instanceof ShapeError && /weight/.test(e.message));
  // non-strict: loads what matches by name, ignores the rest
  const before = values(net.bias!);
  net.loadStateDict(new Map([['weight', weight], ['extra', zeros([1])]]), { strict: false });
  assert.deepEqual(values(net.weight), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(values(net.bias!), before);
  net.dispose();
}));

test('loadStateDict does not record autograd history on parameters', () => tidy(() => {
  const a = new Linear(2, 1);
  const b = new Linear(2, 1);
  b.loadStateDict(a.stateDict());
  assert.ok(b.weight.isLeaf && b.weight.requiresGrad);
  sum(b.forward(ones([1, 2]))).backward();
  assert.ok(b.weight.grad);
  a.dispose();
  b.dispose();
}));

test('zeroGrad forgets gradients; dispose releases every parameter and buffer', () => {
  const before = liveTensors();
  const net = new Sequential(new Linear(2, 2), new BatchNorm1d(2));
  tidy(() => sum(net.forward(tensor([[1, 2], [3, 5]]))).backward());
  assert.ok(tidy(() => net.parameters().every((p) => p.grad !== null))); // .grad is a new tensor the caller owns
  net.zeroGrad();
  assert.ok(net.parameters().every((p) => p.grad === null));
  net.dispose();
  assert.equal(liveTensors(), before);
});

test('Sequential releases intermediate activations as it goes', () => {
  const net = new Sequential(new Linear(4, 4), new ReLU(), new Linear(4, 4), new ReLU());
  const x = ones([2, 4]);
  const before = liveTensors();
  const y = net.forward(x);
  assert.equal(liveTensors(), before + 1);
  assert.equal(x.isDisposed, false);
  tidy(() => add(y, 0));
  y.dispose();
  x.dispose();
  net.dispose();
});
