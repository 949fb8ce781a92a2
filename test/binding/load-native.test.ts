import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { loadNative, loadedBlas, nativeAddonPath } from '../../src/binding/index.ts';
import { supportedTorch } from '../../src/binding/load-native.ts';
import { DisposedTensorError, TorchError } from '../../src/util/errors.ts';

test('the addon loads once, with libtorch 1.13 or newer', () => {
  assert.ok(existsSync(nativeAddonPath), nativeAddonPath);
  const binding = loadNative();
  assert.equal(loadNative(), binding, 'cached');
  assert.match(binding.torchVersion(), supportedTorch);
});

test('supportedTorch accepts 1.13+ and 2.x, rejects older', () => {
  for (const v of ['1.13.0', '1.13.1+cpu', '2.1.0', '2.10.1']) assert.match(v, supportedTorch);
  for (const v of ['1.12.1', '1.9.0', '0.4.1']) assert.doesNotMatch(v, supportedTorch);
});

test('threads follow REID_THREADS or the core count', () => {
  assert.equal(loadNative().getNumThreads(), Number(process.env.REID_THREADS ?? availableParallelism()));
});

test('native errors are instances of the TypeScript error classes', () => {
  const b = loadNative();
  const h = b.zeros([2, 2], 0);
  assert.throws(() => b.matmul(h, b.zeros([3, 3], 0)), (e: unknown) => e instanceof TorchError && (e as TorchError & { op: string }).op === 'matmul');
  h.dispose();
  assert.equal(h.isDisposed(), true);
  assert.throws(() => b.add(h, 1), (e: unknown) => e instanceof DisposedTensorError && /^add: /.test((e as Error).message));
  h.dispose(); // idempotent
});

test('native argument checks catch what TypeScript would never send, without crashing', () => {
  const b = loadNative();
  const bad = b as unknown as Record<string, (...args: unknown[]) => unknown>;
  assert.throws(() => bad.add!({}, 1), (e: unknown) => e instanceof TorchError && /tensor handle/.test((e as Error).message));
  assert.throws(() => bad.zeros!('x', 0), TorchError);
  assert.throws(() => bad.zeros!([2], 99), (e: unknown) => e instanceof TorchError && /dtype code/.test((e as Error).message));
  assert.throws(() => bad.fromData!(new Float32Array(3), [2, 2], 0), (e: unknown) => e instanceof TorchError && /bytes/.test((e as Error).message));
  assert.throws(() => bad.cat!('not an array', 0), TorchError);
});

test('live handles are counted natively', () => {
  const b = loadNative();
  const before = b.liveHandles();
  const h = b.ones([1], 0);
  assert.equal(b.liveHandles(), before + 1);
  h.dispose();
  assert.equal(b.liveHandles(), before);
});

test('the process uses an optimised BLAS (not the reference one)', () => {
  loadNative().matmul(loadNative().ones([2, 2], 0), loadNative().ones([2, 2], 0)).dispose();
  assert.notEqual(loadedBlas().kind, 'reference', `loaded ${loadedBlas().path}`);
});
