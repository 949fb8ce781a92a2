// The only importer of the compiled addon. Loads it once, wires the typed error
// classes, sets the thread count, and explains concrete fixes when loading fails.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { DisposedTensorError, ReidError, TorchError } from '../util/errors.ts';
import type { NativeBinding } from './native-types.ts';
import { threadCount } from './thread-count.ts';
import { oneBlasThreadUnlessSet } from './blas-threads.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** Where `npm run setup` builds the addon. */
export const nativeAddonPath = join(here, '../../native/build/Release/reid_native.node');
/** The libtorch minor versions this addon is written and tested against. */
export const supportedTorch = /^(1\.1[3-9]|2\.\d+)\./;

let cached: NativeBinding | undefined;

export class NativeLoadError extends ReidError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NativeLoadError';
  }
}

function fixes(): string {
  return [
    'Fixes:',
    '  - run `npm run setup` (installs libtorch-dev and libopenblas0-pthread with apt, then builds the addon);',
    '  - or build only the addon: `npm run build:native`;',
    '  - or point at an unpacked libtorch from pytorch.org: `LIBTORCH=/path/to/libtorch npm run build:native`',
    '    (and LD_LIBRARY_PATH=$LIBTORCH/lib if it was moved after building).',
  ].join('\n');
}

export function loadNative(): NativeBinding {
  if (cached) return cached;
  if (!existsSync(nativeAddonPath)) {
    throw new NativeLoadError(`reid's native addon is not built (missing ${nativeAddonPath}).\n${fixes()}`);
  }
  oneBlasThreadUnlessSet();
  const require = createRequire(import.meta.url);
  let binding: NativeBinding;
  try {
    binding = require(nativeAddonPath) as NativeBinding;
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new NativeLoadError(`could not load reid's native addon: ${detail}\n${fixes()}`, { cause });
  }
  const version = binding.torchVersion();
  if (!supportedTorch.test(version)) {
    throw new NativeLoadError(`libtorch ${version} is not supported (need 1.13 or newer).\n${fixes()}`);
  }
  binding.setErrorClasses(TorchError, DisposedTensorError);
  // Debian's libtorch starts with one intra-op thread; use every core unless told otherwise.
  binding.setNumThreads(threadCount('batch'));
  cached = binding;
  return binding;
}
