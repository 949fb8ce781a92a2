// The tutorial end to end (`reid demo`): train on MNIST the way the tutorial does, then ask the
// demo's question (enrol a star from 3 images, re-identify 10 more, call hearts new) of that model
// and of the shipped general glyph model side by side; then the photo part (synthetic mantas enrolled
// with the shipped pattern model and the fused matcher, re-identified and called new, with match
// pictures, src/recipes/demo-photo.ts); and draw the map and the report.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelBundle, type ModelBundle } from '../train/index.ts';
import { defaultRecipe, trainRun } from './train-run.ts';
import type { DemoResult } from './demo-result.ts';
import { writeDemoReport } from './demo-report.ts';
import { runDemoScenario, type DemoQuery, type DemoScenario } from './demo-scenario.ts';
import { runDemoPhoto, type DemoPhoto } from './demo-photo.ts';
import { generalGlyphModelDir, patternModelDir } from './shipped-models.ts';

export type { DemoQuery, DemoScenario } from './demo-scenario.ts';
export type { DemoPhoto, DemoPhotoPicture, DemoPhotoQuery } from './demo-photo.ts';

export interface DemoOptions {
  out: string;
  /** A reduced run for CI: a short training and small sets. */
  quick?: boolean;
  /** A folder of the user's own drawings to use as the new glyph (default: generated stars). */
  images?: string;
  seed?: number;
  /** Override the training length (default 1 epoch of 250 batches). */
  epochs?: number;
  batchesPerEpoch?: number;
  /** Training augmentation preset (default 'glyph'). */
  augmentPreset?: 'glyph' | 'glyphElastic';
  /** The general model to compare with (default: the shipped one; null: none). */
  generalModelDir?: string | null;
  /** The pattern model of the photo part (default: the shipped one; null: no photo part). */
  photoModelDir?: string | null;
  log?: (line: string) => void;
}

export type { DemoResult } from './demo-result.ts';

export async function demoRun(options: DemoOptions): Promise<DemoResult> {
  const log = options.log ?? ((line: string) => console.error(line));
  const quick = options.quick ?? false;
  const seed = options.seed ?? 7;
  // Short on purpose: in our measurements, longer training on digits tightened the digits but
  // loosened the never-seen glyphs (star neighbour purity 0.92-0.98 after 250 batches, 0.82
  // after 900), i.e. it over-fits the training identities. Quick mode differs in set sizes.
  const epochs = options.epochs ?? 1;
  const batchesPerEpoch = options.batchesPerEpoch ?? 250;
  log(`[2/9] training the small CNN on MNIST (${epochs} epoch(s) of ${batchesPerEpoch} batches)...`);
  const train = await trainRun(
    { ...defaultRecipe, seed, epochs, batchesPerEpoch, augmentPreset: options.augmentPreset, validationLimit: quick ? 300 : 2000, checkpointEvery: 0 },
    { out: join(options.out, 'model'), resume: false, log },
  );
  const scenarioOptions = { quick, seed, images: options.images, log };
  log('[3/9] the MNIST-trained model:');
  const tutorial = await runDemoScenario({ model: train.model, config: train.config }, scenarioOptions);
  const generalDir = options.generalModelDir === undefined ? generalGlyphModelDir : options.generalModelDir;
  let general: DemoScenario | undefined;
  if (generalDir && existsSync(join(generalDir, 'model.json'))) {
    log(`[4/9] the general glyph model (${generalDir}, trained on stroke identities and the digits 0-6, never on 7-9 or any glyph class):`);
    const bundle: ModelBundle = await loadModelBundle(generalDir);
    general = await runDemoScenario(bundle, { ...scenarioOptions, shippedCalibration: true });
  }
  const photoDir = options.photoModelDir === undefined ? patternModelDir : options.photoModelDir;
  let photo: DemoPhoto | undefined;
  if (photoDir && existsSync(join(photoDir, 'model.json'))) {
    log(`[5/9] photo-ID: synthetic mantas with the pattern model (${photoDir}, pre-trained on synthetic individuals only), fused matcher:`);
    const bundle = await loadModelBundle(photoDir);
    try {
      photo = await runDemoPhoto(bundle, { quick, seed, dir: join(options.out, 'photo'), log });
    } finally {
      bundle.model.dispose();
    }
    log(`   ${photo.reidentified}/${photo.knownQueries} photos of enrolled mantas re-identified, ${photo.calledNew}/${photo.unknownQueries} never-enrolled mantas called new`);
  }
  const headline = general ?? tutorial;
  const { bundle: _b, gallery: _g, gallerySet: _s, glyphImages: _i, known: _k, unknown: _u, ...figures } = headline;
  const result: DemoResult = { ...figures, train, tutorial, ...(general ? { general } : {}), ...(photo ? { photo } : {}), reportPath: join(options.out, 'report.html') };
  log('[8/9] drawing the map, plots and match grids...');
  await writeDemoReport(result, headline, { quick, outDir: options.out, seed, log });
  return result;
}
