import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCell, formatTable } from '../../src/eval/format-table.ts';
import { retrievalRows } from '../../src/eval/retrieval-rows.ts';
import { retrievalFromDistances } from '../../src/eval/retrieval-from-distances.ts';

test('aligns columns: text left, numbers right, integers without decimals', () => {
  const table = formatTable([
    { model: 'baseline', 'P@1': 0.91234, queries: 120 },
    { model: 'triplet-hard', 'P@1': 0.5, queries: 7 },
  ]);
  assert.equal(table, [
    'model            P@1  queries',
    '------------  ------  -------',
    'baseline      0.9123      120',
    'triplet-hard  0.5000        7',
  ].join('\n'));
});

test('in a column of fractions 0 and 1 keep their decimals; counts stay integers', () => {
  const table = formatTable([{ metric: 'P@1', value: 1 }, { metric: 'mAP', value: 0.5 }, { metric: 'queries', value: 12 }, { metric: 'none', value: 0 }]);
  assert.deepEqual(table.split('\n').slice(2).map((line) => line.split(/\s+/)[1]), ['1.0000', '0.5000', '12', '0.0000']);
  assert.match(formatTable([{ count: 0 }, { count: 1 }]), /\n    0\n    1$/);
});

test('missing values, NaN and infinities are readable', () => {
  assert.equal(formatCell(NaN), 'n/a');
  assert.equal(formatCell(Infinity), '∞');
  assert.equal(formatCell(undefined), '');
  assert.equal(formatCell(0.123456, 2), '0.12');
  const table = formatTable([{ a: 1 }, { b: 'x' }], { columns: ['b', 'a'] });
  assert.equal(table, ['b  a', '-  -', '   1', 'x'].join('\n'));
});

test('retrieval metrics become named rows', () => {
  const labels = Int32Array.from([0, 0, 1, 1]);
  const d = Float32Array.from([0, 1, 5, 5, 1, 0, 5, 5, 5, 5, 0, 1, 5, 5, 1, 0]);
  const rows = retrievalRows(retrievalFromDistances(d, labels, labels, { excludeSelf: true }), [1, 2, 3]);
  assert.deepEqual(rows.map((row) => row.metric), ['precision@1', 'recall@1', 'recall@5', 'recall@10', 'mAP', 'MAP@R', 'R-precision', '5-NN accuracy', 'CMC rank 1', 'CMC rank 2']);
  assert.equal(rows[0]!.value, 1);
  assert.match(formatTable(rows), /precision@1\s+1\n/, 'an all-integer column prints integers');
  assert.match(formatTable(rows, { fractionColumns: ['value'] }), /precision@1\s+1.0000\n/);
});
