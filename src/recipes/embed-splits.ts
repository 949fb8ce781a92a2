// "Embed the splits of a data spec" written once for `embed`, `gallery build|add` and `calibrate`:
// choose the splits, open them in the model's input form, embed them, keep one row per image.
import { evenlySpacedSubset, openDataset, type ImageCatalogOptions, type ImageDataset, type OpenedDataset } from '../data/index.ts';
import { bundleEmbedder, embedDataset, type ModelBundle } from '../train/index.ts';
import { ArgumentError } from '../util/errors.ts';
import { Progress } from '../util/progress.ts';
import { catalogOptionsForPreprocessing } from './training-input.ts';

/** The split used when none is asked for: "test" where the spec has one, else all (a folder's only split). */
export function defaultSplit(opened: Pick<OpenedDataset, 'splits'>): string {
  return opened.splits.test !== undefined ? 'test' : 'all';
}

/** The named split of an opened dataset, or all of them for "all"; undefined means `defaultSplit`. */
export function chooseSplits(opened: Pick<OpenedDataset, 'splits'>, split: string | undefined, spec: string): ImageDataset[] {
  const name = split ?? defaultSplit(opened);
  if (name === 'all') return Object.values(opened.splits);
  const chosen = opened.splits[name];
  if (chosen === undefined) {
    throw new ArgumentError(`--split: expected one of ${Object.keys(opened.splits).join(', ')}, all for ${spec} but received "${name}"`);
  }
  return [chosen];
}

/**
 * How folders and manifests must be opened for `bundle`: at its input size and channels, each file
 * preprocessed exactly as `embed FILE` would (glyph normalisation for glyph models).
 */
export function catalogOptionsFor(bundle: ModelBundle): ImageCatalogOptions {
  return catalogOptionsForPreprocessing(bundle.config.preprocessing);
}

/** Opens `spec` (folders and manifests in `bundle`'s input form when given) and chooses its splits. */
export async function datasetSplit(spec: string, split?: string, bundle?: ModelBundle): Promise<ImageDataset[]> {
  const opened = await openDataset(spec, bundle === undefined ? {} : catalogOptionsFor(bundle));
  return chooseSplits(opened, split, spec);
}

/** As `datasetSplit`, for work on one split (eval, map): a choice of several splits is refused, not cut to the first. */
export async function oneDatasetSplit(spec: string, split?: string, bundle?: ModelBundle): Promise<ImageDataset> {
  const opened = await openDataset(spec, bundle === undefined ? {} : catalogOptionsFor(bundle));
  const chosen = chooseSplits(opened, split, spec);
  if (chosen.length !== 1) {
    throw new ArgumentError(`--split: expected one split of ${spec} (one of ${Object.keys(opened.splits).join(', ')}) but "${split ?? 'all'}" chooses ${chosen.length}`);
  }
  return chosen[0]!;
}

export interface EmbedSplitsOptions {
  /** A split name or "all"; default `defaultSplit`. */
  split?: string;
  /** At most this many images per split, evenly spaced; default all. */
  limit?: number;
  /** Images per forward pass; default 512. */
  batchSize?: number;
  /** No progress lines on stderr (default false). */
  quiet?: boolean;
}

export interface EmbeddedItem {
  /** `<split name>/<index in split>`, unique within one call. */
  id: string;
  identity: string;
  /** Where the image came from: a file path or a pseudo-path like "mnist:test/12". */
  source: string;
}

export interface EmbeddedSplits {
  /** N × dim, row-major, rows in `items` order. */
  embeddings: Float32Array;
  dim: number;
  items: EmbeddedItem[];
  /** The splits embedded, in order (after `limit`). */
  splits: ImageDataset[];
}

/** Embeds the chosen splits of `spec` with `bundle`, split after split. */
export async function embedSplits(bundle: ModelBundle, spec: string, options: EmbedSplitsOptions = {}): Promise<EmbeddedSplits> {
  const chosen = await datasetSplit(spec, options.split, bundle);
  const splits = options.limit === undefined ? chosen : chosen.map((set) => evenlySpacedSubset(set, options.limit!));
  const items: EmbeddedItem[] = [];
  const parts: Float32Array[] = [];
  for (const set of splits) {
    const bar = new Progress({ total: set.length, label: `embedding ${set.name}`, unit: 'img', quiet: options.quiet });
    const { embeddings } = await embedDataset(await bundleEmbedder(bundle), set, bundle.config.preprocessing, {
      batchSize: options.batchSize,
      onProgress: (done) => bar.tick(done - bar.completed),
    });
    bar.done();
    parts.push(embeddings);
    for (let i = 0; i < set.length; i++) items.push({ id: `${set.name}/${i}`, identity: set.identities[set.labels[i]!]!, source: set.source(i) });
  }
  const embeddings = new Float32Array(parts.reduce((n, part) => n + part.length, 0));
  parts.reduce((offset, part) => (embeddings.set(part, offset), offset + part.length), 0);
  return { embeddings, dim: bundle.config.dim, items, splits };
}
