// Existing catalogues into a reid catalogue, with their identities: `folder:DIR` (DIR/<identity>/
// <image>) or `csv:FILE` (header path,identity[,date,location,photographer,crop_x,crop_y,crop_w,
// crop_h,…]; other columns become free fields; an empty identity queues the sighting). Batches of
// `batchSize` images are each one transaction, and images already held are skipped, so an import
// killed part way is finished by running it again.
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Crop, FieldValue } from '../catalog/index.ts';
import { unsupportedExtension } from '../data/image-extensions.ts';
import { resolveCatalogRoot, resolveInsideRoot } from '../data/resolve-inside-root.ts';
import { parseCsv } from '../util/csv.ts';
import { ArgumentError, DataError } from '../util/errors.ts';
import { Progress } from '../util/progress.ts';
import { catalogAdd, type CatalogSightingInput } from './catalog-add.ts';
import type { CatalogSession } from './catalog-session.ts';

const fn = 'catalogImport';

export interface CatalogImportOptions {
  /** "folder:DIR" or "csv:FILE". */
  from: string;
  who?: string;
  /** Images per transaction (default 64). */
  batchSize?: number;
  quiet?: boolean;
}

export interface CatalogImportResult {
  listed: number;
  added: number;
  /** Already in the catalogue (same content and crop). */
  skipped: number;
  /** Added without an identity, queued for review. */
  queued: number;
}

export async function listImportSource(from: string): Promise<CatalogSightingInput[]> {
  const m = /^(folder|csv):(.+)$/.exec(from);
  if (!m) throw new ArgumentError(`${fn}: expected --from folder:DIR or csv:FILE but received "${from}"`);
  return m[1] === 'folder' ? listFolder(m[2]!) : listCsv(m[2]!);
}

async function listFolder(dir: string): Promise<CatalogSightingInput[]> {
  const root = await resolveCatalogRoot(dir, fn);
  const natural = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });
  const out: CatalogSightingInput[] = [];
  for (const identity of (await readdir(root.given)).filter((n) => !n.startsWith('.')).sort(natural)) {
    const folder = await resolveInsideRoot(root, identity, `identity folder "${identity}"`, fn);
    if (!(await stat(folder.path)).isDirectory()) continue;
    for (const name of (await readdir(folder.path)).filter((n) => !n.startsWith('.') && unsupportedExtension(n) === undefined).sort(natural)) {
      const file = await resolveInsideRoot(root, join(identity, name), `image "${identity}/${name}"`, fn);
      out.push({ image: file.path, individualName: identity });
    }
  }
  if (out.length === 0) throw new DataError(`${fn}: expected images in identity folders (DIR/<identity>/<image>) under ${root.given} but found none`, { file: root.given });
  return out;
}

const fixedColumns = ['path', 'identity', 'date', 'location', 'photographer', 'crop_x', 'crop_y', 'crop_w', 'crop_h'];

async function listCsv(file: string): Promise<CatalogSightingInput[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DataError(`${fn}: could not read ${file}: ${(error as Error).message}`, { file, cause: error });
  }
  const rows = parseCsv(text, { source: file });
  const header = (rows[0] ?? []).map((h) => h.trim());
  const col = (name: string): number => header.findIndex((h) => h.toLowerCase() === name);
  if (col('path') < 0 || col('identity') < 0) throw new DataError(`${fn}: expected a header with columns path,identity in ${file} but received "${header.join(',')}"`, { file });
  const root = await resolveCatalogRoot(dirname(file), fn);
  const out: CatalogSightingInput[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length === 1 && row[0]!.trim() === '') continue;
    const cell = (name: string): string => (col(name) < 0 ? '' : (row[col(name)] ?? '').trim());
    const origin = `${file} line ${r + 1}`;
    const resolved = await resolveInsideRoot(root, cell('path'), origin, fn);
    if (!resolved.exists) throw new DataError(`${fn}: expected an image file for ${origin} but ${resolved.path} does not exist`, { file });
    const cropCells = ['crop_x', 'crop_y', 'crop_w', 'crop_h'].map(cell);
    let crop: Crop | null = null;
    if (cropCells.some((c) => c !== '')) {
      const [x, y, w, h] = cropCells.map((c) => (c === '' ? Number.NaN : Number(c)));
      crop = { x: x!, y: y!, w: w!, h: h! };
    }
    const fields: Record<string, FieldValue> = {};
    header.forEach((h, i) => { if (!fixedColumns.includes(h.toLowerCase()) && h !== '' && (row[i] ?? '') !== '') fields[h] = row[i]!; });
    out.push({
      image: resolved.path, ...(cell('identity') === '' ? {} : { individualName: cell('identity') }),
      date: cell('date') || null, location: cell('location') || null, photographer: cell('photographer') || null, crop, fields,
    });
  }
  return out;
}

/** Imports `from` into the open catalogue, batch by batch; safe to rerun after a crash. */
export async function catalogImport(session: CatalogSession, options: CatalogImportOptions): Promise<CatalogImportResult> {
  const inputs = await listImportSource(options.from);
  const batchSize = options.batchSize ?? 64;
  const bar = new Progress({ total: inputs.length, label: 'importing', unit: 'img', quiet: options.quiet });
  const result: CatalogImportResult = { listed: inputs.length, added: 0, skipped: 0, queued: 0 };
  for (let start = 0; start < inputs.length; start += batchSize) {
    const batch = inputs.slice(start, start + batchSize);
    // Each image its own encounter: an old catalogue's photos were not one upload.
    const added = await catalogAdd(session, batch, { who: options.who, kind: 'import', encounters: 'separate' });
    result.added += added.added.length;
    result.skipped += added.skipped.length;
    result.queued += added.added.filter((s) => s.status === 'queued').length;
    bar.tick(batch.length);
  }
  bar.done();
  return result;
}
