import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, tidy } from '../../src/tensor/index.ts';
import { AvgNonZeroReducer, MeanReducer, SumReducer, type Reducer } from '../../src/metric/index.ts';

const reduce = (reducer: Reducer, values: number[]) =>
  tidy(() => reducer.reduce(tensor(Float64Array.from(values), [values.length])).item());

test('reducers: mean over all, mean over non-zero, sum', () => {
  const losses = [0, 1, 0, 3, 2];
  assert.equal(reduce(new MeanReducer(), losses), 6 / 5);
  assert.equal(reduce(new AvgNonZeroReducer(), losses), 6 / 3);
  assert.equal(reduce(new SumReducer(), losses), 6);
  assert.equal(reduce(new AvgNonZeroReducer(), [0, 0]), 0);
});

test('reducers give 0 on empty input, still connected to the graph', () => {
  for (const reducer of [new MeanReducer(), new AvgNonZeroReducer(), new SumReducer()]) {
    tidy(() => {
      const losses = tensor(new Float64Array(0), [0]).setRequiresGrad();
      const out = reducer.reduce(losses);
      assert.equal(out.item(), 0);
      assert.ok(out.requiresGrad);
      out.backward();
    });
  }
});

test('AvgNonZeroReducer treats the count as a constant: gradient 1/count', () => {
  tidy(() => {
    const losses = tensor(Float64Array.from([0, 2, 4, 0]), [4]).setRequiresGrad();
    new AvgNonZeroReducer().reduce(losses).backward();
    assert.deepEqual(Array.from(losses.grad!.data() as Float64Array), [0.5, 0.5, 0.5, 0.5]);
  });
});
