// New sightings into a catalogue, written once for `reid catalog add`, `reid catalog import` and
// the web app's uploads: each image is stored under its content hash, embedded, and recorded
// with its embedding in one transaction; new ones are queued for review with their candidates.
// An image the catalogue already holds is skipped, so a rerun after a crash only does what is left.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp from 'sharp';
import { checkNewSighting, imageExtension, putImage, sha256Hex, type AddSightingsResult, type Crop, type FieldValue, type NewSighting } from '../catalog/index.ts';
import { bundleEmbedder } from '../train/index.ts';
import { DataError } from '../util/errors.ts';
import { catalogMatch } from './catalog-match.ts';
import type { CatalogSession } from './catalog-session.ts';
import { preprocessImage } from './embed-files.ts';

/**
 * An image file path, or an upload: its name (for the record, and the extension unless `ext` is
 * given) and bytes. A server gives `ext` from the bytes' magic, since a client's name is not trusted.
 */
export type CatalogImageInput = string | { name: string; bytes: Uint8Array; ext?: string };

/**
 * Where the pixel work of an add runs. Default: on this thread (the CLI). A server passes its
 * workers, so an upload is decoded and embedded off the event loop by this same recipe.
 */
export interface CatalogAddWork {
  /** Encoded bytes → uint8 CHW at the model's input (preprocessImage). */
  preprocess(bytes: Uint8Array, label: string): Promise<Uint8Array>;
  /** Row-major embeddings of the images, in order; `names` name them in errors. */
  embed(images: Uint8Array[], names: string[]): Promise<Float32Array>;
}

export interface CatalogSightingInput {
  image: CatalogImageInput;
  /** Present for imports of identified sightings; absent for new sightings (queued). */
  individualName?: string;
  date?: string | null;
  location?: string | null;
  photographer?: string | null;
  crop?: Crop | null;
  fields?: Record<string, FieldValue>;
}

export interface CatalogAddOptions {
  who?: string;
  /** 'add' queues (and matches) the new sightings; 'import' records identified ones. Default from the inputs. */
  kind?: 'add' | 'import';
  /** One encounter for the whole batch (default), or one per image. */
  encounters?: 'together' | 'separate';
  /** Candidates stored per queued sighting (default 10). */
  top?: number;
  work?: CatalogAddWork;
  /** Ties the batches of one import together, so one undo takes them all back (catalogImport sets it). */
  run?: string;
}

async function readInput(image: CatalogImageInput): Promise<{ name: string; bytes: Uint8Array; ext?: string }> {
  if (typeof image !== 'string') return image;
  try {
    return { name: basename(image), bytes: await readFile(image) };
  } catch (error) {
    throw new DataError(`catalogAdd: could not read image file ${image}: ${(error as Error).message}`, { file: image, cause: error });
  }
}

async function cropped(bytes: Uint8Array, crop: Crop | null | undefined, label: string): Promise<Uint8Array> {
  if (!crop) return bytes;
  try {
    return await sharp(bytes).extract({ left: crop.x, top: crop.y, width: crop.w, height: crop.h }).png().toBuffer();
  } catch (error) {
    throw new DataError(`catalogAdd: could not crop ${label} to ${crop.w}×${crop.h}+${crop.x}+${crop.y}: ${(error as Error).message}`, { cause: error });
  }
}

/** Stores, embeds and records a batch of sightings (one transaction); queued ones get candidates. */
export async function catalogAdd(session: CatalogSession, inputs: readonly CatalogSightingInput[], options: CatalogAddOptions = {}): Promise<AddSightingsResult> {
  const { catalog } = session;
  const kind = options.kind ?? (inputs.every((i) => i.individualName !== undefined) && inputs.length > 0 ? 'import' : 'add');
  const work = options.work ?? localWork(session);
  const records: NewSighting[] = [];
  const pixels: Uint8Array[] = [];
  const keep: number[] = [];
  for (const [index, input] of inputs.entries()) {
    const { name, bytes, ext: given } = await readInput(input.image);
    const ext = given ?? imageExtension('catalogAdd', name);
    const record: NewSighting = {
      imageHash: sha256Hex(bytes), imageExt: ext, originalName: name, date: input.date ?? null, location: input.location ?? null,
      photographer: input.photographer ?? null, crop: input.crop ?? null, fields: input.fields ?? {}, ...(input.individualName === undefined ? {} : { individualName: input.individualName }),
    };
    checkNewSighting('catalogAdd', record, index); // before any file is stored
    records.push(record);
    if (catalog.findSightingByImage(record.imageHash, record.crop ?? null)) continue; // held already: nothing to embed
    pixels.push(await work.preprocess(await cropped(bytes, record.crop, name), name));
    keep.push(index);
    await putImage(catalog.dir, bytes, ext); // before the rows that name it, so no row ever lacks its file
  }
  const embeddings = pixels.length === 0 ? new Float32Array(0) : await work.embed(pixels, keep.map((index) => records[index]!.originalName));
  const dim = catalog.info.dim;
  // Already-held inputs go in too (with zero vectors the store never writes): the store reports them as skipped.
  const vectors = new Float32Array(records.length * dim);
  keep.forEach((index, row) => vectors.set(embeddings.subarray(row * dim, (row + 1) * dim), index * dim));
  const result = catalog.addSightings(records, {
    who: options.who ?? 'reid', kind, encounters: options.encounters ?? 'together',
    embeddings: { modelFingerprint: catalog.info.modelFingerprint, dim, vectors },
    requireImageFiles: true, ...(options.run === undefined ? {} : { run: options.run }),
  });
  const queued = result.added.filter((s) => s.status === 'queued').map((s) => s.id);
  if (queued.length) catalogMatch(session, { sightings: queued, top: options.top, who: options.who });
  return result;
}

/** The CLI's pixel work: decoded and embedded here, by the session's model. */
function localWork(session: CatalogSession): CatalogAddWork {
  const { bundle } = session;
  return {
    preprocess: (bytes, label) => preprocessImage(bundle.config.preprocessing, bytes, label),
    embed: async (images, names) => (await (await bundleEmbedder(bundle)).embed(images, (row) => names[row]!)).embeddings,
  };
}
