// Image catalogs described by a CSV manifest with a header: path,identity[,split][,x,y,w,h]. Paths
// are relative to the manifest's folder (its root) and may not lead outside it. Without a split
// column every image is in split "train". x,y,w,h crop each image (pixels of the upright image) at
// load; a row may leave all four empty to use the whole image.
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseCsv } from '../util/csv.ts';
import { DataError } from '../util/errors.ts';
import { cropColumns, parseCropCells, type CropBox } from './crop-box.ts';
import { FileImageDataset, type CatalogEntry, type ImageCatalogOptions, type SkippedFile } from './file-image-dataset.ts';
import { unsupportedExtension } from './image-extensions.ts';
import { mapConcurrent } from './map-concurrent.ts';
import { resolveCatalogRoot, resolveInsideRoot } from './resolve-inside-root.ts';

const caller = 'openCsvManifest';

export interface CsvManifestOptions extends ImageCatalogOptions {
  /** Folder paths are relative to and confined to; default the manifest's folder. */
  root?: string;
}

export interface CsvManifest {
  /** One dataset per split value ("train" when there is no split column); all share one identity list. */
  splits: Record<string, FileImageDataset>;
  identities: readonly string[];
  /** Every file left out under onBadImage: 'skip', across splits. */
  skipped: SkippedFile[];
}

export async function openCsvManifest(file: string, options: CsvManifestOptions = {}): Promise<CsvManifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DataError(`${caller}: could not read manifest ${file}: ${(error as Error).message}`, { file, cause: error });
  }
  const rows = parseCsv(text, { source: file });
  const header = (rows[0] ?? []).map((cell) => cell.trim().toLowerCase());
  const column = { path: header.indexOf('path'), identity: header.indexOf('identity'), split: header.indexOf('split') };
  if (column.path < 0 || column.identity < 0) {
    throw new DataError(
      `${caller}: expected a header row with columns path,identity[,split][,x,y,w,h] in manifest ${file} but received "${(rows[0] ?? []).join(',')}".`,
      { file },
    );
  }
  const cropAt = cropColumns.map((name) => header.indexOf(name));
  const hasCrop = cropAt.some((i) => i >= 0);
  if (hasCrop && cropAt.some((i) => i < 0)) {
    const missing = cropColumns.filter((_, i) => cropAt[i]! < 0);
    throw new DataError(`${caller}: expected all four crop columns x,y,w,h or none in the header of manifest ${file} but ${missing.join(',')} ${missing.length === 1 ? 'is' : 'are'} missing.`, { file });
  }
  const root = await resolveCatalogRoot(options.root ?? dirname(file), caller);
  const listed: { path: string; identity: string; split: string; origin: string; crop?: CropBox }[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length === 1 && row[0]!.trim() === '') continue;
    const origin = `manifest ${file} line ${r + 1}`;
    const path = row[column.path]?.trim() ?? '';
    const identity = row[column.identity]?.trim() ?? '';
    if (path === '' || identity === '') {
      throw new DataError(`${caller}: expected a path and an identity on ${origin} but received "${row.join(',')}".`, { file });
    }
    const cells = { x: row[cropAt[0]!] ?? '', y: row[cropAt[1]!] ?? '', w: row[cropAt[2]!] ?? '', h: row[cropAt[3]!] ?? '' };
    const crop = hasCrop ? parseCropCells(cells, caller, origin, file) : undefined;
    listed.push({ path, identity, split: (column.split >= 0 ? row[column.split]?.trim() : '') || 'train', origin, ...(crop ? { crop } : {}) });
  }
  // Each row costs a realpath and a stat; a few in flight hide their latency on big manifests.
  const checked = await mapConcurrent(listed, 16, async ({ path, identity, origin, crop }): Promise<CatalogEntry> => {
    const resolved = await resolveInsideRoot(root, path, origin, caller);
    const problem = resolved.exists ? await fileProblem(resolved.path) : `file not found (listed on ${origin})`;
    return { file: resolved.path, identity, ...(problem === undefined ? {} : { problem }), ...(crop ? { crop } : {}) };
  });
  const bySplit = new Map<string, CatalogEntry[]>();
  const identitySet = new Set<string>();
  listed.forEach(({ split, identity }, i) => {
    identitySet.add(identity);
    let entries = bySplit.get(split);
    if (entries === undefined) bySplit.set(split, (entries = []));
    entries.push(checked[i]!);
  });
  const identities = [...identitySet].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const splits: Record<string, FileImageDataset> = {};
  const skipped: SkippedFile[] = [];
  for (const [split, entries] of bySplit) {
    const dataset = await FileImageDataset.create({ name: `csv:${file}:${split}`, entries, identities, options, caller });
    splits[split] = dataset;
    skipped.push(...dataset.skipped);
  }
  return { splits, identities, skipped };
}

async function fileProblem(path: string): Promise<string | undefined> {
  const info = await stat(path);
  if (info.isDirectory()) return 'is a directory, not an image file';
  return unsupportedExtension(path) ?? (info.size === 0 ? 'empty file (0 bytes)' : undefined);
}
