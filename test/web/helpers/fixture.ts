// A model bundle and a saved gallery for the server tests: an untrained small net (seeded) and
// one-image identities, so an identity's centroid is its enrolled image. Photo preprocessing by
// default: a 28×28 grey PNG then decodes to exactly the enrolled pixels, so a re-uploaded image
// lies at distance ~0 from its identity and (measured over all ten classes) 0.09 or more from any other.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { EmbeddingNet, Gallery, embedPixels, generateGlyphs, manualSeed, measureActivationRanges, saveGallery, saveModelBundle, type Calibration, type GlyphClass, type Preprocessing } from '../../../src/index.ts';

const preprocessing = (glyph: boolean): Preprocessing => ({ channels: 1, height: 28, width: 28, mean: [0.1307], std: [0.3081], glyph });

export interface ServeFixture {
  root: string;
  modelDir: string;
  galleryDir: string;
  /** The enrolled glyph of each identity (28×28 grey), by identity name. */
  glyphs: Map<string, Uint8Array>;
}

export const glyph = (className: GlyphClass, seed = 1): Uint8Array => generateGlyphs({ className, count: 1, seed })[0]!;

export const pngOf = (pixels: Uint8Array, side = 28): Promise<Buffer> =>
  sharp(Buffer.from(pixels), { raw: { width: side, height: side, channels: 1 } }).png().toBuffer();

/** Saves a model and a gallery enrolling one glyph per class in `identities`. */
export interface ServeFixtureOptions {
  calibration?: Calibration | null;
  /** Glyph normalisation of uploads (as a model trained on drawings); default false. */
  glyph?: boolean;
  /** More drawings of these identities enrolled beside the first (seeds 10, 11, ...), so identities differ in count and spread. */
  extra?: Partial<Record<GlyphClass, number>>;
  /** Record int8 activation ranges in the bundle (measured on the enrolled drawings), for --engine onnx-int8. */
  quantize?: boolean;
}

export async function serveFixture(identities: readonly GlyphClass[], options: ServeFixtureOptions = {}): Promise<ServeFixture> {
  const root = mkdtempSync(join(tmpdir(), 'reid-serve-test-'));
  const modelDir = join(root, 'model');
  manualSeed(3);
  const model = new EmbeddingNet({ arch: 'small', dim: 16 });
  const p = preprocessing(options.glyph ?? false);
  model.eval();
  const quantization = options.quantize ? { activations: await measureActivationRanges(model, p, identities.map((name) => glyph(name)), { dim: 16 }), measuredOn: 'the enrolled drawings' } : undefined;
  const config = await saveModelBundle(modelDir, model, { preprocessing: p, recipe: {}, seed: 3, trainedIdentities: [], metrics: {}, ...(quantization ? { quantization } : {}) });
  const gallery = new Gallery({ dim: 16, modelFingerprint: config.fingerprint, modelDir, calibration: options.calibration ?? null });
  const glyphs = new Map<string, Uint8Array>();
  for (const name of identities) {
    const pixels = glyph(name);
    glyphs.set(name, pixels);
    gallery.enroll(name, embedPixels(model, [pixels], p).embeddings, [`${name}-0`]);
    const more = Array.from({ length: options.extra?.[name] ?? 0 }, (_, i) => glyph(name, 10 + i));
    if (more.length) gallery.enroll(name, embedPixels(model, more, p).embeddings, more.map((_, i) => `${name}-${i + 1}`));
  }
  const galleryDir = join(root, 'gallery');
  await saveGallery(galleryDir, gallery);
  gallery.dispose();
  return { root, modelDir, galleryDir, glyphs };
}
