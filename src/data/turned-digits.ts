// New handwritten identities from MNIST digits: each digit mirrored, and turned a quarter each way,
// is a glyph nobody writes, with all of real handwriting's variation. Few-shot work on Omniglot
// made new classes the same way (rotations by multiples of 90°, Santoro et al. 2016). The data
// spec is mnist-turned:DIGITS (mnist-turned:2-6). A turn that maps a digit onto itself, onto
// another digit or onto another turn would make a confusing identity, so each digit has only the
// turns that `distinctTurns` lists (looked at on a contact sheet of MNIST's training images).
import { ArgumentError } from '../util/errors.ts';
import type { ImageDataset } from './dataset.ts';
import { InMemoryDataset } from './in-memory-dataset.ts';

export const digitTurns = ['mirror', 'left', 'right'] as const;
export type DigitTurn = (typeof digitTurns)[number];

/**
 * The turns that give each digit a new glyph: 0 and 8 mirror onto themselves and look alike turned
 * either way, as do 1, 2 and 5 (each nearly keeps its shape half turned over); a mirrored 2 and a
 * mirrored 5 read as each other; 6 and 9 are one shape half turned over, so each keeps its mirror only.
 */
export const distinctTurns: Readonly<Record<string, readonly DigitTurn[]>> = {
  '0': [], '1': ['left'], '2': ['left'], '3': ['mirror', 'left', 'right'], '4': ['mirror', 'left', 'right'],
  '5': ['left'], '6': ['mirror'], '7': ['mirror', 'left', 'right'], '8': ['left'], '9': ['mirror'],
};

/** The identity name of `digit` under `turn`, e.g. "3~mirror". */
export function turnedDigitName(digit: string, turn: DigitTurn): string {
  return `${digit}~${turn}`;
}

/** Where pixel (y, x) of the turned square image reads from, as a row-major index into the original. */
function sourceIndex(turn: DigitTurn, y: number, x: number, side: number): number {
  const last = side - 1;
  switch (turn) {
    case 'mirror':
      return y * side + (last - x);
    case 'left': // a quarter turn anticlockwise
      return x * side + (last - y);
    case 'right': // a quarter turn clockwise
      return (last - x) * side + y;
  }
}

/**
 * Every image of the named digits of `mnist` (an in-memory, square, one-channel set), once per
 * distinct turn of its digit, as identities `DIGIT~TURN` in digit-major order.
 */
export function turnedDigits(mnist: ImageDataset, digits: readonly string[], name: string): InMemoryDataset {
  const { channels, height, width } = mnist;
  if (!mnist.readSync || channels !== 1 || height !== width) {
    throw new ArgumentError(`turnedDigits: expected an in-memory one-channel square dataset but received "${mnist.name}" (${channels}×${height}×${width}).`);
  }
  const labelOf = digits.map((digit) => {
    const label = mnist.identities.indexOf(digit);
    if (label < 0) throw new ArgumentError(`turnedDigits: expected digits of "${mnist.name}" but received "${digit}".`);
    return label;
  });
  if (digits.every((digit) => distinctTurns[digit]?.length === 0)) {
    throw new ArgumentError(`turnedDigits: expected a digit with a distinct turn (every digit but 0) but received ${digits.join(', ')}.`);
  }
  const rows: number[][] = labelOf.map(() => []);
  for (let i = 0; i < mnist.length; i++) {
    const at = labelOf.indexOf(mnist.labels[i]!);
    if (at >= 0) rows[at]!.push(i);
  }
  const side = height;
  const size = side * side;
  const turnsOf = digits.map((digit) => distinctTurns[digit] ?? []);
  const count = rows.reduce((sum, r, d) => sum + r.length * turnsOf[d]!.length, 0);
  const pixels = new Uint8Array(count * size);
  const labels = new Int32Array(count);
  const identities: string[] = [];
  const maps = new Map(digitTurns.map((turn) => [turn, Int32Array.from({ length: size }, (_, p) => sourceIndex(turn, Math.floor(p / side), p % side, side))]));
  let out = 0;
  digits.forEach((digit, d) => {
    turnsOf[d]!.forEach((turn) => {
      const label = identities.push(turnedDigitName(digit, turn)) - 1;
      const map = maps.get(turn)!;
      for (const row of rows[d]!) {
        const image = mnist.readSync!(row);
        const target = out * size;
        for (let p = 0; p < size; p++) pixels[target + p] = image[map[p]!]!;
        labels[out++] = label;
      }
    });
  });
  return new InMemoryDataset({ name, channels: 1, height: side, width: side, pixels, labels, identities });
}
