// The lowest layer of reid: seeded randomness, typed errors, crash-safe writes, file formats
// shared with Python (safetensors, .npy), CSV and progress lines. Imports nothing from the project.
export { Random } from './random.ts';
export {
  ArgumentError,
  DataError,
  DisposedTensorError,
  ReidError,
  ShapeError,
  TorchError,
  describeValue,
  expected,
  typeOfValue,
  type ReidErrorOptions,
} from './errors.ts';
export {
  writeFileAtomic,
  writeJsonAtomic,
  type WriteFileAtomicOptions,
  type WriteJsonAtomicOptions,
} from './atomic-write.ts';
export { backupDirName, readableBundleDir, recoverReplacedDir, type DirRecovery } from './legacy-dir-swap.ts';
export { acquireFileLock, withFileLock, LockTimeoutError, type FileLock, type FileLockOptions } from './file-lock.ts';
export { checkOutDir, type OutDirInput, type OutDirKind } from './out-dir.ts';
export {
  SAFETENSORS_DTYPES,
  isSafetensorsDtype,
  type SafetensorsArrays,
  type SafetensorsDtype,
  type SafetensorsTensor,
} from './safetensors-dtype.ts';
export {
  decodeSafetensors,
  encodeSafetensors,
  loadSafetensors,
  saveSafetensors,
  type DecodeSafetensorsOptions,
  type SafetensorsFile,
} from './safetensors.ts';
export {
  decodeNpy,
  encodeNpy,
  loadNpy,
  saveNpy,
  type DecodeNpyOptions,
  type NpyArray,
  type NpyArrays,
  type NpyData,
  type NpyDtype,
} from './npy.ts';
export { parseCsv, toCsv, type ParseCsvOptions, type ToCsvOptions } from './csv.ts';
export { Progress, type ProgressOptions, type ProgressStream } from './progress.ts';
