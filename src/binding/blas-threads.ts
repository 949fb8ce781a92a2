// OpenBLAS on one thread of its own, unless the user says otherwise. Debian's libtorch hands matrix
// products to OpenBLAS (pthread build), whose worker threads spin on sched_yield for about 2^28
// cycles after every call before they sleep. libtorch already runs its ops on REID_THREADS OpenMP
// threads (oneDNN for the convolutions), so in a training loop, with products every step, the
// spinning worker never slept and took a core from them: perf (cpu-clock) put it at a third of a
// batch-64 train step's samples, and the step took 124 ms against 93 ms with OPENBLAS_NUM_THREADS=1
// (small CNN, 2 cores, load 1.7; batched exact search over 300k items was no slower). OpenBLAS reads
// the variable when it loads, so this runs before either addon (and with it libopenblas) is opened;
// Node's process.env writes through to the C environment.
export function oneBlasThreadUnlessSet(env: NodeJS.ProcessEnv = process.env): void {
  if (env.OPENBLAS_NUM_THREADS === undefined && env.OMP_NUM_THREADS === undefined) env.OPENBLAS_NUM_THREADS = '1';
}
