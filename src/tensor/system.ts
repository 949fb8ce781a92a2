// Engine-wide settings and facts: threads, seeds, versions, devices.
import type { AllocatorStats } from '../binding/native-types.ts';
import { native } from './engine.ts';

export { threadCount, type ThreadUse } from '../binding/thread-count.ts';

/** Seeds libtorch's generator (rand, randn, dropout, init). */
export const manualSeed = (seed: number): void => native().manualSeed(seed);
export const getNumThreads = (): number => native().getNumThreads();
export const setNumThreads = (n: number): void => {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`setNumThreads: expected a positive integer for n but received ${n}`);
  native().setNumThreads(n);
};
export const torchVersion = (): string => native().torchVersion();
export const cudaAvailable = (): boolean => native().cudaAvailable();
export const cudaDeviceCount = (): number => native().cudaDeviceCount();
export const buildConfig = (): string => native().buildConfig();
export const parallelInfo = (): string => native().parallelInfo();
export const hasMkldnn = (): boolean => native().hasMkldnn();
/** Native handles alive (including ones only the garbage collector still holds). */
export const nativeHandleCount = (): number => native().liveHandles();
/** The caching CPU allocator's counters: tensor blocks of 128 KiB and more are reused, not re-faulted. */
export const allocatorStats = (): AllocatorStats => native().allocatorStats();
/** Hands the allocator's cached free blocks (and malloc's free heap) back to the kernel; returns the cached bytes freed. */
export const releaseMemory = (): number => native().releaseMemory();
