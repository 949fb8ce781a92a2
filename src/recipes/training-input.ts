// How a training run sees its data, chosen from the data unless the recipe says: a photo catalogue
// (a folder or manifest of colour images, or of images larger than glyphs) trains in RGB at
// --image-size (default 128) with the photo network and the photo augmentations; glyph data (MNIST,
// IDX, generated glyphs and strokes, a folder of small grey drawings) keeps 1×28×28, the small CNN
// and the glyph augmentations. A run started from a model (--init) takes that model's input instead.
import {
  augmentationPresets, openDataset, parseDatasetSpec, probeImages, type DatasetSpec, type ImageCatalogOptions, type ImageProbe, type OpenDatasetOptions, type OpenedDataset,
} from '../data/index.ts';
import type { Architecture } from '../nn/index.ts';
import type { ModelBundle, Preprocessing } from '../train/index.ts';
import { ArgumentError } from '../util/errors.ts';
import { preprocessImage } from './embed-files.ts';

export const imageSizeRange = { min: 96, max: 224 } as const;
export const defaultPhotoImageSize = 128;
/** Images whose longer side is at most this, in grey, are glyphs; anything larger is a photograph. */
export const glyphMaxSide = 64;

export type DataKind = 'glyph' | 'photo';

export interface TrainingInput {
  kind: DataKind;
  preprocessing: Preprocessing;
  arch: Architecture;
  augmentPreset: keyof typeof augmentationPresets;
  /** Why, in words, for the run's log and model.json (e.g. "colour images up to 320 px"). */
  reason: string;
}

export interface TrainingInputRecipe {
  data: string;
  arch?: Architecture;
  imageSize?: number;
  augmentPreset?: keyof typeof augmentationPresets;
}

/** Refuses an image size outside 96..224 (the photo network's range), naming the option; `received` is the value as the user gave it. */
export function checkImageSize(size: number, received: string = String(size)): void {
  if (!Number.isSafeInteger(size) || size < imageSizeRange.min || size > imageSizeRange.max) {
    throw new ArgumentError(`--image-size: expected an integer from ${imageSizeRange.min} to ${imageSizeRange.max} (pixels, the side of the square input) but received ${received}`);
  }
}

/** How folders and manifests are opened for a model's preprocessing: each file as `embed FILE` would bring it (glyph normalisation for glyph models). */
export function catalogOptionsForPreprocessing(p: Preprocessing): ImageCatalogOptions {
  if (p.channels !== 1 && p.channels !== 3) throw new ArgumentError(`catalogOptionsFor: expected a model with 1 or 3 input channels but it has ${p.channels}`);
  return { channels: p.channels, height: p.height, width: p.width, decode: (file, crop) => preprocessImage(p, file, file, crop ? { crop } : {}) };
}

const glyphPreprocessing: Preprocessing = { channels: 1, height: 28, width: 28, mean: [0.1307], std: [0.3081], glyph: true };
const photoPreprocessing = (size: number): Preprocessing => ({ channels: 3, height: size, width: size, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], glyph: false });

/** Asks a source for size×size images: catalogues resize to it, synthetic photographs are drawn at it. */
const sizeOptions = (size: number): OpenDatasetOptions => ({ height: size, width: size, synthImage: { size } });

const isFileCatalogue = (spec: DatasetSpec): boolean => spec.kind === 'folder' || spec.kind === 'csv';
/** Sources that only make 1×28×28 glyphs and digits. */
const isGlyphSource = (spec: DatasetSpec): boolean =>
  spec.kind === 'mnist' || spec.kind === 'mnist-turned' || spec.kind === 'idx' || spec.kind === 'glyphs' || spec.kind === 'strokes' || (spec.kind === 'concat' && spec.parts.every(isGlyphSource));

function describeProbe(probe: ImageProbe): string {
  return `${probe.colour ? 'colour' : 'grey'} images of ${probe.minSide === probe.maxSide ? `${probe.maxSide} px` : `${probe.minSide}-${probe.maxSide} px`}, ${probe.probed} probed`;
}

/** Opens the recipe's data in the input form the run trains on, and says which form and why. */
export async function openTrainingData(recipe: TrainingInputRecipe, init?: ModelBundle): Promise<{ opened: OpenedDataset; input: TrainingInput }> {
  if (recipe.imageSize !== undefined) checkImageSize(recipe.imageSize);
  const spec = parseDatasetSpec(recipe.data);
  const choose = (kind: DataKind, preprocessing: Preprocessing, reason: string): TrainingInput => ({
    kind, preprocessing, reason,
    arch: recipe.arch ?? init?.config.arch ?? (kind === 'photo' ? 'photo' : 'small'),
    augmentPreset: recipe.augmentPreset ?? (kind === 'photo' ? 'photo' : 'glyph'),
  });
  if (init !== undefined) {
    const p = init.config.preprocessing;
    const opened = await openDataset(spec, isFileCatalogue(spec) ? catalogOptionsForPreprocessing(p) : sizeOptions(p.height));
    const t = opened.train;
    if (t.channels !== p.channels || t.height !== p.height || t.width !== p.width) {
      throw new ArgumentError(`--init: expected data of the model's input ${p.channels}×${p.height}×${p.width} but ${recipe.data} holds ${t.channels}×${t.height}×${t.width} images. Hint: start from a model trained on data like this one, or train without --init.`);
    }
    const kind: DataKind = p.glyph || (p.channels === 1 && p.height <= glyphMaxSide) ? 'glyph' : 'photo';
    return { opened, input: choose(kind, p, `the --init model's input (${p.channels}×${p.height}×${p.width})`) };
  }
  if (isFileCatalogue(spec)) {
    const listing = await openDataset(spec, { preload: false });
    const probe = await probeImages(listing.train);
    const photo = recipe.imageSize !== undefined || probe.colour || probe.maxSide > glyphMaxSide;
    const p = photo ? photoPreprocessing(recipe.imageSize ?? defaultPhotoImageSize) : glyphPreprocessing;
    const reason = `${describeProbe(probe)}${recipe.imageSize !== undefined ? `, --image-size ${recipe.imageSize}` : ''}`;
    return { opened: await openDataset(spec, catalogOptionsForPreprocessing(p)), input: choose(photo ? 'photo' : 'glyph', p, reason) };
  }
  if (isGlyphSource(spec)) {
    if (recipe.imageSize !== undefined) {
      throw new ArgumentError(`--image-size: expected a photo catalogue (folder:DIR or csv:FILE) to resize but ${recipe.data} makes 1×28×28 glyphs at a fixed size`);
    }
    const opened = await openDataset(spec);
    const t = opened.train;
    const glyph = spec.kind === 'mnist' || spec.kind === 'mnist-turned' || spec.kind === 'glyphs' || (t.channels === 1 && t.height === 28 && t.width === 28);
    return { opened, input: choose('glyph', { ...glyphPreprocessing, channels: t.channels, height: t.height, width: t.width, glyph }, `${spec.kind} data (glyphs)`) };
  }
  // Any other source (generated photographs): it says its own shape; a size is asked of it, and refused when it cannot make it.
  const size = recipe.imageSize ?? defaultPhotoImageSize;
  const opened = await openDataset(spec, sizeOptions(size));
  const t = opened.train;
  const photo = t.channels === 3 || Math.max(t.height, t.width) > glyphMaxSide;
  if (recipe.imageSize !== undefined && (t.height !== size || t.width !== size)) {
    throw new ArgumentError(`--image-size: expected ${recipe.data} to make ${size}×${size} images but it holds ${t.height}×${t.width}`);
  }
  const p: Preprocessing = photo
    ? { ...photoPreprocessing(t.height), width: t.width, channels: t.channels, mean: Array(t.channels).fill(0.5), std: Array(t.channels).fill(0.25) }
    : { ...glyphPreprocessing, channels: t.channels, height: t.height, width: t.width, glyph: t.channels === 1 && t.height === 28 && t.width === 28 };
  return { opened, input: choose(photo ? 'photo' : 'glyph', p, `${t.channels === 3 ? 'colour' : 'grey'} ${t.height}×${t.width} images from ${spec.kind}`) };
}
