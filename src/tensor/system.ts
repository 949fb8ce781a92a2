// Engine-wide settings and facts: threads, seeds, versions, devices.
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
