// reid's public API. Each folder's index.ts lists its exports by name; this file gathers
// them in the order of the layering (docs/CONTRACTS.md): engine → data → metric → eval → train → gallery → viz.
export * from './binding/index.ts';
export * from './tensor/index.ts';
export * from './nn/index.ts';
export * from './optim/index.ts';
export * from './data/index.ts';
export * from './metric/index.ts';
export * from './eval/index.ts';
export * from './train/index.ts';
export * from './features/index.ts';
export * from './gallery/index.ts';
export * from './catalog/index.ts';
export * from './viz/index.ts';
export {
  ReidError, DataError, ArgumentError, ShapeError, DisposedTensorError, TorchError,
  Progress, Random, saveNpy, loadNpy, toCsv, parseCsv, writeFileAtomic, writeJsonAtomic, LockTimeoutError,
  saveSafetensors, loadSafetensors, encodeSafetensors, decodeSafetensors,
} from './util/index.ts';
export { reidVersion } from './version.ts';
export * from './recipes/index.ts';
