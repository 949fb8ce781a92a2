export { loadNative, NativeLoadError, nativeAddonPath } from './load-native.ts';
export { loadedBlas, blasWarning } from './blas-check.ts';
export type { BlasInfo, BlasKind } from './blas-check.ts';
export type { AllocatorStats, NativeBinding, TensorHandle, DtypeCode } from './native-types.ts';
export { environmentReport } from './environment-report.ts';
export type { EnvironmentReport } from './environment-report.ts';
export { loadFeatures, featuresAddonPath } from './load-features.ts';
export type { FeaturesBinding, NativeFeatures, NativeDetectOptions, NativeMatchOptions, NativePairMatch, NativeManyMatch, NativeModelCode, NativeMethodCode } from './features-types.ts';
