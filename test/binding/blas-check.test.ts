import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blasWarning, loadedBlas } from '../../src/binding/index.ts';

const line = (path: string) => `7f2a5c000000-7f2a5c100000 r-xp 00000000 08:01 1234   ${path}`;

test('loadedBlas reads the BLAS library from /proc/self/maps text', () => {
  assert.deepEqual(loadedBlas([line('/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3'), line('/usr/lib/libc.so.6')].join('\n')),
    { kind: 'openblas', path: '/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3' });
  assert.deepEqual(loadedBlas(line('/usr/lib/x86_64-linux-gnu/blas/libblas.so.3')), { kind: 'reference', path: '/usr/lib/x86_64-linux-gnu/blas/libblas.so.3' });
  assert.equal(loadedBlas(line('/opt/intel/lib/libmkl_rt.so.2')).kind, 'mkl');
  assert.equal(loadedBlas(line('/usr/lib64/libblas.so.3')).kind, 'reference'); // Fedora's reference BLAS
  assert.equal(loadedBlas(line('/usr/lib/x86_64-linux-gnu/blis-openmp/libblas.so.3')).kind, 'other');
  assert.equal(loadedBlas(line('/usr/lib/x86_64-linux-gnu/atlas/libblas.so.3')).kind, 'other');
  assert.deepEqual(loadedBlas(line('/usr/lib/libc.so.6')), { kind: 'unknown', path: null });
  assert.deepEqual(loadedBlas(''), { kind: 'unknown', path: null });
});

test('blasWarning explains the fix only for the reference BLAS', () => {
  const warning = blasWarning({ kind: 'reference', path: '/usr/lib/x86_64-linux-gnu/blas/libblas.so.3' });
  assert.match(warning ?? '', /reference BLAS.*libopenblas0-pthread/s);
  assert.equal(blasWarning({ kind: 'openblas', path: 'x' }), null);
  assert.equal(blasWarning({ kind: 'unknown', path: null }), null);
});
