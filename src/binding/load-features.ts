// Loads the local-feature addon (OpenCV) once, separately from the libtorch addon, and explains
// concrete fixes when it is missing. OpenCV's own threads are set to 1: reid runs matches in
// parallel on libuv's pool instead, and two layers of threads would fight over the cores.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { FeaturesBinding } from './features-types.ts';
import { NativeLoadError } from './load-native.ts';
import { oneBlasThreadUnlessSet } from './blas-threads.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** Where `npm run setup` builds the local-feature addon. */
export const featuresAddonPath = join(here, '../../native/features/build/Release/reid_features.node');

let cached: FeaturesBinding | undefined;

function fixes(): string {
  return [
    'Fixes:',
    '  - run `npm run setup` (installs libopencv-{core,imgproc,features2d,calib3d}-dev with apt, then builds both addons);',
    '  - or install them yourself: `sudo apt-get install libopencv-features2d-dev libopencv-calib3d-dev`;',
    '  - then build only this addon: `cd native/features && npx node-gyp rebuild`.',
  ].join('\n');
}

export function loadFeatures(): FeaturesBinding {
  if (cached) return cached;
  if (!existsSync(featuresAddonPath)) {
    throw new NativeLoadError(`reid's local-feature addon is not built (missing ${featuresAddonPath}).\n${fixes()}`);
  }
  oneBlasThreadUnlessSet();
  const require = createRequire(import.meta.url);
  let binding: FeaturesBinding;
  try {
    binding = require(featuresAddonPath) as FeaturesBinding;
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new NativeLoadError(`could not load reid's local-feature addon: ${detail}\n${fixes()}`, { cause });
  }
  binding.setNumThreads(1);
  cached = binding;
  return binding;
}
