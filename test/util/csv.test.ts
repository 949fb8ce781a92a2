import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../../src/util/errors.ts';
import { parseCsv, toCsv } from '../../src/util/csv.ts';
import { Random } from '../../src/util/random.ts';

test('parses plain fields, CRLF and LF line ends, and ignores a final line end', () => {
  assert.deepEqual(parseCsv('a,b,c\r\n1,2,3\r\n'), [['a', 'b', 'c'], ['1', '2', '3']]);
  assert.deepEqual(parseCsv('a,b\n1,2'), [['a', 'b'], ['1', '2']]);
  assert.deepEqual(parseCsv('a\rb\r'), [['a'], ['b']]);
  assert.deepEqual(parseCsv(''), []);
  assert.deepEqual(parseCsv('\r\n'), [['']]);
  assert.deepEqual(parseCsv('a,\n,b\n\nc'), [['a', ''], ['', 'b'], [''], ['c']]);
});

test('parses quoted fields holding commas, doubled quotes and line breaks', () => {
  const text = 'id,comment\r\n1,"hello, world"\r\n2,"she said ""hi"""\r\n3,"two\r\nlines"\r\n4,""\r\n';
  assert.deepEqual(parseCsv(text), [
    ['id', 'comment'],
    ['1', 'hello, world'],
    ['2', 'she said "hi"'],
    ['3', 'two\r\nlines'],
    ['4', ''],
  ]);
});

test('strips a leading BOM only', () => {
  assert.deepEqual(parseCsv('\ufeffname,x\nZoë,\ufeff'), [['name', 'x'], ['Zoë', '\ufeff']]);
});

test('malformed input throws DataError naming the line and the source', () => {
  assert.throws(() => parseCsv('a,b\n1,"open\n\nstill open', { source: 'manifest.csv' }), (error: unknown) => {
    assert.ok(error instanceof DataError);
    assert.equal(error.file, 'manifest.csv');
    assert.match(error.message, /^parseCsv: expected a closing quote for line 2 but received "end of text".*In manifest\.csv: A quoted field starts here/);
    return true;
  });
  assert.throws(() => parseCsv('a\n"x"y,z'), /expected ',' or a line end after a closing quote for line 2 but received "\\"y,z\\""/);
});

test('"a"b is refused (text after a closing quote), a"b is read literally (the one documented leniency)', () => {
  assert.throws(() => parseCsv('"a"b', { source: 'm.csv' }), (e: unknown) => e instanceof DataError && /line 1/.test(e.message) && e.message.includes('m.csv'));
  assert.deepEqual(parseCsv('a"b,c\n'), [['a"b', 'c']]);
});

test('toCsv quotes only what needs quoting and uses CRLF by default', () => {
  assert.equal(toCsv([['a', 'b'], [1, 2.5]]), 'a,b\r\n1,2.5\r\n');
  assert.equal(toCsv([['x,y', 'say "hi"', 'two\nlines', ' spaced ']], { newline: '\n' }), '"x,y","say ""hi""","two\nlines", spaced \n');
  assert.equal(toCsv([]), '');
});

test('toCsv then parseCsv gives back random tables exactly', () => {
  const random = new Random(4180);
  const alphabet = ['a', 'b', ',', '"', '\n', '\r', '\r\n', ' ', 'é', '😀'];
  for (let trial = 0; trial < 200; trial += 1) {
    const width = 1 + random.int(4);
    const rows = Array.from({ length: random.int(5) }, () =>
      Array.from({ length: width }, () => Array.from({ length: random.int(6) }, () => alphabet[random.int(alphabet.length)]).join('')),
    );
    // A one-field empty row and a zero-field row print alike; the generator never makes the latter.
    assert.deepEqual(parseCsv(toCsv(rows)), rows, JSON.stringify(rows));
    assert.deepEqual(parseCsv(toCsv(rows, { newline: '\n' })), rows, JSON.stringify(rows));
  }
});
