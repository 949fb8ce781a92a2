import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ArgumentError,
  DataError,
  DisposedTensorError,
  ReidError,
  ShapeError,
  TorchError,
  describeValue,
  expected,
  typeOfValue,
} from '../../src/util/errors.ts';

test('each error class is a ReidError and an Error, with its own name', () => {
  const classes = { DataError, ArgumentError, ShapeError, DisposedTensorError, TorchError };
  for (const [name, ErrorClass] of Object.entries(classes)) {
    const error = new ErrorClass('boom');
    assert.ok(error instanceof ReidError, name);
    assert.ok(error instanceof Error, name);
    assert.equal(error.name, name);
    assert.equal(error.message, 'boom');
    assert.match(String(error.stack), new RegExp(`^${name}: boom`));
  }
  assert.equal(new ReidError('x').name, 'ReidError');
  assert.ok(!(new DataError('x') instanceof ArgumentError));
});

test('errors carry the file and the cause when given', () => {
  const cause = new Error('ENOENT');
  const error = new DataError('readIdx: bad file', { file: '/data/x.idx', cause });
  assert.equal(error.file, '/data/x.idx');
  assert.equal(error.cause, cause);
  assert.equal(new DataError('plain').file, undefined);
  assert.ok(!('cause' in new DataError('plain')));
});

test('expected() builds the standard message, with and without a hint', () => {
  assert.equal(
    expected('resize', 'width', 'a positive integer', -1, 'Pass the width in pixels.'),
    'resize: expected a positive integer for width but received -1 of type number. Pass the width in pixels.',
  );
  assert.equal(expected('Gallery.add', 'label', 'a string', null), 'Gallery.add: expected a string for label but received null of type null.');
  assert.equal(
    expected('embed', 'pixels', 'a Float32Array', new Uint8Array(12)),
    'embed: expected a Float32Array for pixels but received Uint8Array(12) of type Uint8Array.',
  );
});

test('describeValue and typeOfValue render every kind of value briefly', () => {
  assert.equal(describeValue('cat'), '"cat"');
  assert.equal(describeValue(12n), '12n');
  assert.equal(describeValue(undefined), 'undefined');
  assert.equal(describeValue([1, 2, 3]), '[1,2,3]');
  assert.equal(describeValue({ a: 1n }), '{"a":"1n"}');
  assert.equal(describeValue(function resize() {}), 'function resize');
  assert.equal(describeValue('x'.repeat(500)).length, 60);
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  assert.equal(describeValue(circular), '[Object]');
  assert.equal(typeOfValue([]), 'Array');
  assert.equal(typeOfValue(new Map()), 'Map');
  assert.equal(typeOfValue(Object.create(null)), 'object');
  assert.equal(typeOfValue(Number.NaN), 'number');
});
