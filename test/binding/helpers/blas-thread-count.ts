// Child process for test/binding/blas-threads.test.ts: a few large matrix products through
// libtorch (and so OpenBLAS), then this process's thread count and the OPENBLAS_NUM_THREADS it ran with.
import { readdirSync } from 'node:fs';
import { matmul, randn, setNumThreads, sum, tidy } from '../../../src/tensor/index.ts';

setNumThreads(1); // libtorch's own pool stays at one thread: only OpenBLAS's workers differ
for (let i = 0; i < 3; i++) tidy(() => sum(matmul(randn([512, 512]), randn([512, 512]))).item());
console.log(JSON.stringify({ threads: readdirSync('/proc/self/task').length, openblas: process.env.OPENBLAS_NUM_THREADS ?? null }));
