import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add, dispose, keep, liveTensors, nativeHandleCount, ones, tensor, tidy, zeros } from '../../src/tensor/index.ts';
import type { Tensor } from '../../src/tensor/index.ts';
import { DisposedTensorError } from '../../src/util/errors.ts';

test('tidy disposes what fn created and keeps what it returns', () => {
  const before = liveTensors();
  let inner: Tensor | undefined;
  const out = tidy(() => {
    inner = ones([2]);
    return add(inner, 1);
  });
  assert.equal(inner!.isDisposed, true);
  assert.equal(out.isDisposed, false);
  assert.equal(liveTensors(), before + 1);
  out.dispose();
  assert.equal(liveTensors(), before);
});

test('tidy keeps tensors inside returned arrays and plain objects', () => {
  const before = liveTensors();
  const result = tidy(() => {
    ones([1]);
    return { a: ones([1]), list: [zeros([1]), zeros([2])], n: 3 };
  });
  assert.equal(liveTensors(), before + 3);
  assert.equal(result.n, 3);
  dispose(result);
  assert.equal(liveTensors(), before);
});

test('keep() lets a tensor outlive its tidy scope', () => {
  const before = liveTensors();
  let kept: Tensor | undefined;
  tidy(() => {
    kept = keep(ones([3]));
    ones([3]);
  });
  assert.equal(kept!.isDisposed, false);
  assert.equal(liveTensors(), before + 1);
  kept!.dispose();
  assert.equal(liveTensors(), before);
});

test('nested tidy: a returned tensor moves to the outer scope and dies with it', () => {
  const before = liveTensors();
  let middle: Tensor | undefined;
  tidy(() => {
    middle = tidy(() => {
      ones([1]);
      return ones([1]);
    });
    assert.equal(middle.isDisposed, false);
    assert.equal(liveTensors(), before + 1);
  });
  assert.equal(middle!.isDisposed, true);
  assert.equal(liveTensors(), before);
});

test('tidy disposes its tensors even when fn throws', () => {
  const before = liveTensors();
  let made: Tensor | undefined;
  assert.throws(() => tidy(() => {
    made = ones([4]);
    throw new Error('boom');
  }), /boom/);
  assert.equal(made!.isDisposed, true);
  assert.equal(liveTensors(), before);
  // the scope was popped, so later tensors are not adopted by a dead scope
  const after = ones([1]);
  tidy(() => undefined);
  assert.equal(after.isDisposed, false);
  after.dispose();
  assert.equal(liveTensors(), before);
});

test('tidy refuses async functions', () => {
  assert.throws(() => tidy((async () => ones([1])) as unknown as () => Tensor), TypeError);
});

test('dispose() is idempotent and dispose(value) walks arrays and objects', () => {
  const before = liveTensors();
  const t = ones([2]);
  t.dispose();
  t.dispose();
  assert.equal(t.isDisposed, true);
  assert.equal(t.toString(), 'Tensor(disposed)');
  const group = { x: ones([1]), ys: [ones([1]), ones([1])] };
  dispose(group);
  assert.ok(group.x.isDisposed && group.ys.every((y) => y.isDisposed));
  assert.equal(liveTensors(), before);
});

test('Symbol.dispose releases at the end of a using block', () => {
  const before = liveTensors();
  let seen: Tensor | undefined;
  {
    using t = ones([2]);
    seen = t;
    assert.equal(liveTensors(), before + 1);
  }
  assert.equal(seen.isDisposed, true);
  assert.equal(liveTensors(), before);
});

test('using a disposed tensor throws DisposedTensorError naming the op', () => {
  const t = tensor([1, 2]);
  t.dispose();
  assert.throws(() => add(t, 1), (e: unknown) => e instanceof DisposedTensorError && /^add: /.test(e.message));
  assert.throws(() => t.data(), DisposedTensorError);
  assert.throws(() => t.shape, DisposedTensorError);
  assert.throws(() => tidy(() => add(ones([1]), t)), DisposedTensorError);
});

test('liveTensors counts every Tensor wrapper, and native handles follow dispose', () => {
  const live = liveTensors();
  const handles = nativeHandleCount();
  const ts = [ones([1]), ones([1]), ones([1])];
  assert.equal(liveTensors(), live + 3);
  assert.equal(nativeHandleCount(), handles + 3);
  dispose(ts);
  assert.equal(liveTensors(), live);
  assert.equal(nativeHandleCount(), handles);
});
