#!/usr/bin/env node
// Finds libtorch in a fixed, documented order and prints build flags for node-gyp:
//   1. $LIBTORCH: an unpacked libtorch from pytorch.org (CPU or CUDA);
//   2. the system's (Debian/Ubuntu libtorch-dev: /usr/lib/<triplet>/cmake/Torch);
//   3. Python's torch, if `python3 -c "import torch"` works.
// Usage: find-libtorch.mjs include|libs|cflags|describe
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const triplets = ['x86_64-linux-gnu', 'aarch64-linux-gnu'];

function fromRoot(root, source) {
  const cmake = join(root, 'share/cmake/Torch/TorchConfig.cmake');
  return {
    source,
    root,
    includes: [join(root, 'include'), join(root, 'include/torch/csrc/api/include')],
    libDir: join(root, 'lib'),
    abi: abiFrom(cmake),
    rpath: true,
  };
}

function abiFrom(cmakeFile) {
  if (!existsSync(cmakeFile)) return null;
  const m = /_GLIBCXX_USE_CXX11_ABI=(\d)/.exec(readFileSync(cmakeFile, 'utf8'));
  return m ? m[1] : null;
}

function findSystem() {
  for (const t of triplets) {
    const cmake = `/usr/lib/${t}/cmake/Torch/TorchConfig.cmake`;
    if (existsSync(cmake) && existsSync('/usr/include/ATen/ATen.h')) {
      return {
        source: 'system',
        root: '/usr',
        includes: ['/usr/include', '/usr/include/torch/csrc/api/include'],
        libDir: `/usr/lib/${t}`,
        abi: abiFrom(cmake),
        rpath: false,
      };
    }
  }
  return null;
}

function findPython() {
  try {
    const dir = execFileSync('python3', ['-c', 'import torch, os; print(os.path.dirname(torch.__file__))'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (dir && existsSync(join(dir, 'include/ATen/ATen.h'))) return fromRoot(dir, 'python');
  } catch {
    // no python torch: fall through
  }
  return null;
}

export function findLibtorch() {
  const env = process.env.LIBTORCH;
  if (env) {
    if (!existsSync(join(env, 'include/ATen/ATen.h'))) {
      throw new Error(`LIBTORCH=${env} does not look like an unpacked libtorch (no include/ATen/ATen.h).`);
    }
    return fromRoot(env, 'LIBTORCH');
  }
  const found = findSystem() ?? findPython();
  if (!found) {
    throw new Error(
      'libtorch not found. Fixes: run `npm run setup` (installs Debian libtorch-dev), or ' +
        '`apt-get install libtorch-dev libopenblas0-pthread`, or set LIBTORCH=/path/to/unpacked/libtorch.',
    );
  }
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const what = process.argv[2] ?? 'describe';
  const t = findLibtorch();
  const out = {
    include: t.includes.join(' '),
    libs: [`-L${t.libDir}`, ...(t.rpath ? [`-Wl,-rpath,${t.libDir}`] : []), '-ltorch', '-ltorch_cpu', '-lc10'].join(' '),
    cflags: t.abi !== null ? `-D_GLIBCXX_USE_CXX11_ABI=${t.abi}` : '',
    describe: JSON.stringify(t),
  }[what];
  if (out === undefined) {
    console.error(`find-libtorch: unknown query ${what}; expected include, libs, cflags or describe`);
    process.exit(2);
  }
  process.stdout.write(out + '\n');
}
