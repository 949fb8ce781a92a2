// Image catalogs laid out as root/<identity>/<image>.{png,jpg,jpeg,webp}: the folder name is the
// identity. Files directly under root and nested folders are not images of an identity and are ignored;
// dotfiles (.DS_Store) too.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '../util/errors.ts';
import { FileImageDataset, type CatalogEntry, type ImageCatalogOptions } from './file-image-dataset.ts';
import { unsupportedExtension } from './image-extensions.ts';
import { resolveCatalogRoot, resolveInsideRoot, type CatalogRoot } from './resolve-inside-root.ts';

const caller = 'openImageFolder';

/** Opens root/<identity>/*.{png,jpg,jpeg,webp}; identities sorted naturally ("2" before "10"). */
export async function openImageFolder(root: string, options: ImageCatalogOptions = {}): Promise<FileImageDataset> {
  const catalogRoot = await resolveCatalogRoot(root, caller);
  const identityNames: string[] = [];
  for (const name of await list(catalogRoot.given)) {
    const resolved = await resolveInsideRoot(catalogRoot, name, `identity folder "${name}"`, caller);
    if ((await stat(resolved.path)).isDirectory()) identityNames.push(name);
  }
  const natural = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });
  identityNames.sort(natural);
  if (identityNames.length === 0) {
    throw new DataError(`${caller}: expected identity folders (root/<identity>/<image>) in ${catalogRoot.given} but found none.`, {
      file: catalogRoot.given,
    });
  }
  const entries: CatalogEntry[] = [];
  for (const identity of identityNames) entries.push(...(await listIdentity(catalogRoot, identity, natural)));
  return FileImageDataset.create({ name: `folder:${catalogRoot.given}`, entries, identities: identityNames, options, caller });
}

async function listIdentity(root: CatalogRoot, identity: string, order: (a: string, b: string) => number): Promise<CatalogEntry[]> {
  const entries: CatalogEntry[] = [];
  for (const name of (await list(join(root.given, identity))).sort(order)) {
    const relative = join(identity, name);
    const resolved = await resolveInsideRoot(root, relative, `image "${relative}"`, caller);
    const info = await stat(resolved.path);
    if (info.isDirectory()) continue;
    const problem = unsupportedExtension(name) ?? (info.size === 0 ? 'empty file (0 bytes)' : undefined);
    entries.push(problem === undefined ? { file: resolved.path, identity } : { file: resolved.path, identity, problem });
  }
  return entries;
}

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => !name.startsWith('.'));
  } catch (error) {
    throw new DataError(`${caller}: could not list ${dir}: ${(error as Error).message}`, { file: dir, cause: error });
  }
}
