import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as util from '../../src/util/index.ts';

test('src/util/index.ts exports every runtime name, each a usable value', () => {
  const names = [
    'Random', 'ReidError', 'DataError', 'ArgumentError', 'ShapeError', 'DisposedTensorError', 'TorchError',
    'expected', 'describeValue', 'typeOfValue', 'writeFileAtomic', 'writeJsonAtomic', 'withFileLock', 'acquireFileLock', 'LockTimeoutError', 'checkOutDir', 'readableBundleDir',
    'recoverReplacedDir', 'backupDirName', 'encodeSafetensors', 'decodeSafetensors', 'saveSafetensors',
    'loadSafetensors', 'isSafetensorsDtype', 'encodeNpy', 'decodeNpy', 'saveNpy', 'loadNpy', 'parseCsv', 'toCsv',
    'Progress',
  ];
  for (const name of names) assert.equal(typeof (util as Record<string, unknown>)[name], 'function', name);
  assert.deepEqual(Object.keys(util).sort(), [...names, 'SAFETENSORS_DTYPES'].sort());
  assert.ok(util.SAFETENSORS_DTYPES.includes('F32'));
});

test('src/util imports nothing from the rest of the project', async () => {
  const { readdir, readFile } = await import('node:fs/promises');
  const dir = new URL('../../src/util/', import.meta.url);
  for (const name of await readdir(dir)) {
    const source = await readFile(new URL(name, dir), 'utf8');
    for (const match of source.matchAll(/from '([^']+)'/g)) {
      const specifier = match[1]!;
      assert.ok(specifier.startsWith('node:') || /^\.\/[\w-]+\.ts$/.test(specifier), `${name} imports ${specifier}`);
    }
  }
});
