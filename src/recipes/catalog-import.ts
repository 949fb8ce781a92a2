// Existing catalogues into a reid catalogue, with their identities: `folder:DIR` (DIR/<identity>/
// <image>), `csv:FILE` (header path,identity[,date,location,photographer,crop_x,crop_y,crop_w,
// crop_h,…]; other columns become free fields; an empty identity queues the sighting), or any other
// dataset spec with an optional split (`synth:spots:20@train`, default train), its images as PNGs. Batches of
// `batchSize` images are each one transaction, and images already held are skipped, so an import
// killed part way is finished by running it again. The batches share one run id, so one undo
// (reid catalog undo DIR) takes the whole import back.
import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Crop, FieldValue } from '../catalog/index.ts';
import sharp from 'sharp';
import { openDataset, parseDatasetSpec, planarToInterleaved, type ImageDataset } from '../data/index.ts';
import { unsupportedExtension } from '../data/image-extensions.ts';
import { resolveCatalogRoot, resolveInsideRoot } from '../data/resolve-inside-root.ts';
import { parseCsv } from '../util/csv.ts';
import { ArgumentError, DataError } from '../util/errors.ts';
import { Progress } from '../util/progress.ts';
import { catalogAdd, type CatalogSightingInput } from './catalog-add.ts';
import type { CatalogSession } from './catalog-session.ts';

const fn = 'catalogImport';

export interface CatalogImportOptions {
  /** "folder:DIR", "csv:FILE" or a dataset spec with an optional split ("synth:spots:20@train"; default train). */
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

/** What an import reads, batch by batch (a generated dataset is drawn only as far as it is read). */
export interface ImportSource {
  count: number;
  read(start: number, end: number): Promise<CatalogSightingInput[]>;
}

export async function openImportSource(from: string): Promise<ImportSource> {
  const m = /^(folder|csv):(.+)$/.exec(from);
  if (m) {
    const all = m[1] === 'folder' ? await listFolder(m[2]!) : await listCsv(m[2]!);
    return { count: all.length, read: async (start, end) => all.slice(start, end) };
  }
  const at = from.lastIndexOf('@');
  const spec = at > 0 ? from.slice(0, at) : from;
  const split = at > 0 ? from.slice(at + 1) : 'train';
  try {
    parseDatasetSpec(spec);
  } catch (error) {
    throw new ArgumentError(`--from: expected folder:DIR, csv:FILE or a dataset spec[@split] but received "${from}": ${(error as Error).message}`, { cause: error });
  }
  const opened = await openDataset(spec);
  const dataset = opened.splits[split];
  if (!dataset) throw new ArgumentError(`--from: expected a split of ${spec} (one of ${Object.keys(opened.splits).join(', ')}) after "@" but received "${split}"`);
  return { count: dataset.length, read: (start, end) => datasetInputs(dataset, start, end) };
}

async function datasetInputs(dataset: ImageDataset, start: number, end: number): Promise<CatalogSightingInput[]> {
  const out: CatalogSightingInput[] = [];
  const { channels, height, width } = dataset;
  for (let i = start; i < Math.min(end, dataset.length); i++) {
    const pixels = await dataset.read(i);
    const raw = channels === 1 ? pixels : planarToInterleaved(pixels, channels);
    const image = sharp(raw, { raw: { width, height, channels: channels as 1 | 3 | 4 } });
    const bytes = await (channels === 1 ? image.toColourspace('b-w') : image).png().toBuffer();
    const identity = dataset.identities[dataset.labels[i]!]!;
    out.push({ image: { name: `${identity}-${i}.png`, bytes }, individualName: identity, fields: { source: dataset.source(i) } });
  }
  return out;
}

/** Every input of `from` at once (small sources; `catalogImport` reads batch by batch). */
export async function listImportSource(from: string): Promise<CatalogSightingInput[]> {
  const source = await openImportSource(from);
  return source.read(0, source.count);
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
  const source = await openImportSource(options.from);
  const batchSize = options.batchSize ?? 64;
  const bar = new Progress({ total: source.count, label: 'importing', unit: 'img', quiet: options.quiet });
  const result: CatalogImportResult = { listed: source.count, added: 0, skipped: 0, queued: 0 };
  const run = randomUUID();
  for (let start = 0; start < source.count; start += batchSize) {
    const batch = await source.read(start, start + batchSize);
    // Each image its own encounter: an old catalogue's photos were not one upload.
    const added = await catalogAdd(session, batch, { who: options.who, kind: 'import', encounters: 'separate', run });
    result.added += added.added.length;
    result.skipped += added.skipped.length;
    result.queued += added.added.filter((s) => s.status === 'queued').length;
    bar.tick(batch.length);
  }
  bar.done();
  return result;
}
