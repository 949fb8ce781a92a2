// Public surface of src/data: datasets, catalogs, glyphs, augmentation, sampling and loading.

export { imageSize, type ImageDataset, type ImageShape } from './dataset.ts';
export { InMemoryDataset, type InMemoryDatasetOptions } from './in-memory-dataset.ts';
export { subset } from './subset.ts';
export { evenlySpacedIdentitySubset, evenlySpacedIndices, evenlySpacedSubset } from './evenly-spaced.ts';
export { groupByIdentity } from './group-by-identity.ts';
export { requireTrainingIdentities, type TrainingIdentitiesSource } from './require-identities.ts';
export { splitByIdentity, splitQueryGallery, type IdentitySplit, type QueryGallerySplit, type QueryGallerySplitOptions } from './splits.ts';

export { parseIdx, readIdx, type IdxArray, type IdxData, type IdxDtype } from './idx.ts';
export { openIdxDirectory, readIdxPair, type IdxDirectory, type IdxPairOptions } from './idx-dataset.ts';
export { loadMnist, mnistDirectory, type Mnist } from './mnist.ts';

export { decodeImage, type DecodeImageOptions, type ResizeFit } from './decode-image.ts';
export { checkCropInside, cropColumns, parseCropCells, uprightSize, type CropBox } from './crop-box.ts';
export { probeImages, type ImageProbe } from './probe-images.ts';
export { readImage, type RawImage } from './read-image.ts';
export { interleavedToPlanar, planarToInterleaved } from './planar.ts';
export {
  FileImageDataset,
  type BadImagePolicy,
  type CatalogEntry,
  type ImageCatalogOptions,
  type SkippedFile,
} from './file-image-dataset.ts';
export { imageExtensions } from './image-extensions.ts';
export { openImageFolder } from './image-folder.ts';
export { openCsvManifest, type CsvManifest, type CsvManifestOptions } from './csv-manifest.ts';
export { openDataset, parseDatasetSpec, type DatasetSpec, type OpenDatasetOptions, type OpenedDataset } from './open-dataset.ts';

export { mnistStrokeWidth, normaliseGlyph, normaliseGlyphFile, type GlyphNormaliseOptions } from './glyph-normalise.ts';
export { type PixelSource } from './pixels/to-grey-plane.ts';
export { measureStrokeWidth, type StrokeWidthOptions } from './pixels/stroke-width.ts';
export { centreOfMass, type Point } from './pixels/centre-of-mass.ts';

export { glyphClasses, isGlyphClass, type GlyphClass } from './glyphs/glyph-shapes.ts';
export { drawFigure, drawGlyph, generateGlyphs, renderFigure, type GenerateGlyphsOptions, type GlyphStyle } from './glyphs/generate-glyphs.ts';
export { GlyphDataset, type GlyphDatasetOptions } from './glyphs/glyph-dataset.ts';
export { writeGlyphPngs, writeGlyphSheet, type GlyphSheetOptions, type WriteGlyphPngsOptions } from './glyphs/write-glyph-pngs.ts';
export { rasteriseStrokes, type Stroke } from './glyphs/rasterise-strokes.ts';

export { writePng } from './write-png.ts';
export { encodeJpeg, writeJpeg } from './write-jpeg.ts';
export { writeContactSheet, type ContactSheetOptions } from './contact-sheet.ts';
export { exportPngs, type ExportPngsOptions } from './export-pngs.ts';

export { toFloatImage, type FloatImage } from './augment/float-image.ts';
export { warpAffine, type SourceMap } from './augment/warp-affine.ts';
export { affineSourceMap, randomAffine, type AffinePose, type RandomAffineOptions } from './augment/random-affine.ts';
export { elasticDistortion, type ElasticDistortionOptions } from './augment/elastic-distortion.ts';
export { randomResizedCrop, type RandomResizedCropOptions } from './augment/random-resized-crop.ts';
export { colourJitter, type ColourJitterOptions } from './augment/colour-jitter.ts';
export { horizontalFlip, type HorizontalFlipOptions } from './augment/horizontal-flip.ts';
export { composeAugmentations, type Augmentation, type AugmentationSpec } from './augment/compose-augmentations.ts';
export { augmentationPresets } from './augment/augmentation-presets.ts';

export { type BatchSampler } from './samplers/batch-sampler.ts';
export { PKSampler, type PKSamplerOptions } from './samplers/pk-sampler.ts';
export { ShuffledSampler, type ShuffledSamplerOptions } from './samplers/shuffled-sampler.ts';
export { SourceTurnsSampler, type SourceTurnsSamplerOptions } from './samplers/source-turns-sampler.ts';
export { drawsForSourceShares } from './samplers/source-draws.ts';
export { identitySources } from './identity-sources.ts';
export { BatchLoader, type Batch, type BatchLoaderOptions } from './batch-loader.ts';
export { StrokeDataset, strokeSightings } from './strokes/stroke-dataset.ts';
export type { StrokeDatasetOptions } from './strokes/stroke-dataset.ts';
export { strokeFigure, sightingStrokes, catmullRom } from './strokes/stroke-figure.ts';
export type { StrokeFigure, FigureStroke, StrokeKind, SightingOptions } from './strokes/stroke-figure.ts';
export { concatDatasets } from './concat-datasets.ts';
export { SynthDataset, type SynthDatasetOptions } from './synth/synth-dataset.ts';
export { synthIndividual, synthSightings, minSynthSize, maxSynthSize, type SynthImageOptions } from './synth/synth-individual.ts';
export { synthPatterns, isSynthPattern, type SynthPattern } from './synth/synth-pattern.ts';
export { sightingFactors, resolveVariation, type SightingFactor, type SynthSightingOptions, type SightingVariation } from './synth/sighting-variation.ts';
export type { AnimalTexture, SpeciesLayer } from './synth/animal-texture.ts';
