import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDataset, parseDatasetSpec } from '../../src/data/open-dataset.ts';
import { InMemoryDataset } from '../../src/data/in-memory-dataset.ts';
import { distinctTurns, turnedDigits } from '../../src/data/turned-digits.ts';

// One 3×3 image of each digit named: pixel value = 10·row + column (+ 100 for the second digit).
const square = (offset: number) => Uint8Array.from({ length: 9 }, (_, p) => offset + 10 * Math.floor(p / 3) + (p % 3));
const tiny = new InMemoryDataset({
  name: 'tiny', channels: 1, height: 3, width: 3, pixels: Uint8Array.from([...square(0), ...square(100)]),
  labels: Int32Array.from([0, 1]), identities: ['3', '6'],
});

test('each turn moves every pixel where a hand-worked mirror and quarter turns put it', () => {
  const turned = turnedDigits(tiny, ['3', '6'], 'tiny-turned');
  assert.deepEqual(turned.identities, ['3~mirror', '3~left', '3~right', '6~mirror']);
  assert.deepEqual([...turned.labels], [0, 1, 2, 3]);
  // Rows of the original 3: [0 1 2] [10 11 12] [20 21 22].
  assert.deepEqual([...turned.readSync(0)], [2, 1, 0, 12, 11, 10, 22, 21, 20]); // mirror: each row reversed
  assert.deepEqual([...turned.readSync(1)], [2, 12, 22, 1, 11, 21, 0, 10, 20]); // anticlockwise: the right column on top
  assert.deepEqual([...turned.readSync(2)], [20, 10, 0, 21, 11, 1, 22, 12, 2]); // clockwise: the left column on top, read upwards
  assert.deepEqual([...turned.readSync(3)], [102, 101, 100, 112, 111, 110, 122, 121, 120]);
});

test('mnist-turned:DIGITS parses, joins other sources and opens every image of each digit once per distinct turn', async () => {
  assert.deepEqual(parseDatasetSpec('mnist-turned:2-4'), { kind: 'mnist-turned', digits: ['2', '3', '4'] });
  assert.deepEqual(parseDatasetSpec('mnist:0-6+mnist-turned:6+strokes:5').kind, 'concat');
  for (const bad of ['mnist-turned', 'mnist-turned:', 'mnist-turned:x', 'mnist-turned:6-2']) assert.throws(() => parseDatasetSpec(bad), /mnist-turned:DIGITS/, bad);
  assert.throws(() => turnedDigits(tiny, ['0'], 'x'), /expected digits of "tiny"/);
  const mnist = await openDataset('mnist:2,6');
  const turned = await openDataset('mnist-turned:2,6');
  assert.deepEqual(turned.train.identities, [...distinctTurns['2']!.map((t) => `2~${t}`), ...distinctTurns['6']!.map((t) => `6~${t}`)]);
  for (const split of ['train', 'test'] as const) {
    const plain = mnist.splits[split]!;
    const twos = Array.from(plain.labels).filter((l) => l === 0).length;
    const sixes = plain.length - twos;
    assert.equal(turned.splits[split]!.length, twos * distinctTurns['2']!.length + sixes * distinctTurns['6']!.length);
  }
  // The first mirrored 6 is the first 6 with each row reversed.
  const firstSix = mnist.train.readSync!(Array.from(mnist.train.labels).indexOf(1));
  const mirrored = turned.train.readSync!(Array.from(turned.train.labels).indexOf(turned.train.identities.indexOf('6~mirror')));
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) assert.equal(mirrored[y * 28 + x], firstSix[y * 28 + 27 - x]);
  await assert.rejects(openDataset('mnist-turned:0'), /a digit with a distinct turn/);
});
