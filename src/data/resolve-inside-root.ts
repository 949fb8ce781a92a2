// Catalogs name files by path, and a manifest is user input: this guard makes sure nothing is
// read outside the catalog's root, whether by "../", an absolute path, or a symlink pointing out.
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { DataError } from '../util/errors.ts';

export interface CatalogRoot {
  /** The root as given (resolved to absolute), used for messages and sources. */
  given: string;
  /** The root with symlinks resolved, used for the containment check. */
  real: string;
}

export async function resolveCatalogRoot(root: string, functionName: string): Promise<CatalogRoot> {
  const given = resolve(root);
  try {
    return { given, real: await realpath(given) };
  } catch (error) {
    throw new DataError(`${functionName}: could not open root ${given}: ${(error as Error).message}`, { file: given, cause: error });
  }
}

export interface ResolvedPath {
  /** Absolute path under the given root (the image's `source`). */
  path: string;
  /** False when nothing exists there (a missing file is a bad image, not an escape). */
  exists: boolean;
}

/**
 * Resolves `path` (relative to the root, or absolute) and throws a DataError naming `origin`
 * (e.g. "manifest.csv line 3") when it, or the file a symlink leads to, lies outside the root.
 */
export async function resolveInsideRoot(root: CatalogRoot, path: string, origin: string, functionName: string): Promise<ResolvedPath> {
  const candidate = isAbsolute(path) ? resolve(path) : resolve(root.given, path);
  const escape = (where: string): never => {
    throw new DataError(
      `${functionName}: expected a path inside ${root.given} for ${origin} but received "${path}"${where}. ` +
        'Catalogs may only read files under their root.',
      { file: candidate },
    );
  };
  if (!isInside(root.given, candidate) && !isInside(root.real, candidate)) escape('');
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return { path: candidate, exists: false };
  }
  if (!isInside(root.real, real)) escape(`, which resolves to ${real}`);
  return { path: candidate, exists: true };
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
