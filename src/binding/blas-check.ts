// Which BLAS did the process load? Debian's libtorch calls whatever libblas.so.3 the
// alternatives system points at; the reference BLAS is ~30x slower than OpenBLAS.
import { readFileSync } from 'node:fs';

export type BlasKind = 'openblas' | 'reference' | 'mkl' | 'other' | 'unknown';

export interface BlasInfo {
  kind: BlasKind;
  path: string | null;
}

/** Reads /proc/self/maps for the loaded BLAS library (Linux only). */
export function loadedBlas(maps?: string): BlasInfo {
  let text = maps;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/maps', 'utf8');
    } catch {
      return { kind: 'unknown', path: null };
    }
  }
  const paths = [...new Set(text.split('\n').map((line) => line.split(/\s+/).slice(5).join(' ')).filter(Boolean))];
  const find = (re: RegExp) => paths.find((p) => re.test(p)) ?? null;
  const mkl = find(/libmkl_/);
  if (mkl) return { kind: 'mkl', path: mkl };
  const open = find(/openblas/);
  if (open) return { kind: 'openblas', path: open };
  const blas = find(/libblas\.so/);
  // The reference BLAS is Debian's blas/libblas.so.3 or a bare lib/libblas.so.3 (Fedora); ATLAS and BLIS
  // also install a libblas.so.3, in their own directories (atlas/, blis-openmp/...), and are not slow.
  const reference = /\/blas\/libblas\.so|\/lib(?:64)?(?:\/[\w-]+-linux-gnu)?\/libblas\.so/;
  if (blas) return { kind: reference.test(blas) ? 'reference' : 'other', path: blas };
  return { kind: 'unknown', path: null };
}

export function blasWarning(info: BlasInfo): string | null {
  if (info.kind !== 'reference') return null;
  return (
    `libtorch is using the reference BLAS (${info.path}), about 30x slower for matrix products. ` +
    'Fix: `apt-get install libopenblas0-pthread` (or `npm run setup`).'
  );
}
