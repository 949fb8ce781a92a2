// A small catalogue for the web tests: the shipped general glyph model, and a few procedural
// glyph classes as individuals (one PNG each, dated), imported confirmed; embeddings are made by
// the session when it opens. Fresh glyphs of the same classes (another seed) are the uploads.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { Catalog, putImage } from '../../../../src/catalog/index.ts';
import { generalGlyphModelDir, generateGlyphs, loadModelBundle, type GlyphClass } from '../../../../src/index.ts';

export const pngOfGlyph = (pixels: Uint8Array, side = 28): Promise<Buffer> =>
  sharp(Buffer.from(pixels), { raw: { width: side, height: side, channels: 1 } }).png().toBuffer();

/** The `index`-th glyph of `className` drawn with `seed`, as a PNG. */
export async function glyphPng(className: GlyphClass, seed: number, index = 0): Promise<Buffer> {
  return pngOfGlyph(generateGlyphs({ className, count: index + 1, seed })[index]!);
}

export interface GlyphCatalogFixture {
  root: string;
  dir: string;
}

export interface GlyphCatalogOptions {
  /** Sightings per class (default 2), drawn with seed 1. */
  perClass?: number;
  /** Extra individuals: name → glyph class, drawn with another seed (a duplicate a reviewer would merge). */
  duplicates?: Record<string, GlyphClass>;
}

/** A catalogue in a fresh temp folder with `perClass` sightings of each class, named after the class. */
export async function glyphCatalog(classes: readonly GlyphClass[], options: GlyphCatalogOptions = {}): Promise<GlyphCatalogFixture> {
  const perClass = options.perClass ?? 2;
  const root = mkdtempSync(join(tmpdir(), 'reid-catalog-web-'));
  const dir = join(root, 'catalog');
  const bundle = await loadModelBundle(generalGlyphModelDir);
  const { fingerprint, dim } = bundle.config;
  bundle.model.dispose();
  const catalog = Catalog.create(dir, { model: { dir: generalGlyphModelDir, fingerprint, dim } });
  try {
    const sightings = [];
    for (const [c, className] of classes.entries()) {
      for (let i = 0; i < perClass; i++) {
        const stored = await putImage(dir, await glyphPng(className, 1, i), 'png');
        sightings.push({ imageHash: stored.hash, imageExt: 'png', originalName: `${className}-${i}.png`, date: `2024-0${1 + i}-${String(10 + c).padStart(2, '0')}`, location: 'bay', individualName: className });
      }
    }
    for (const [name, className] of Object.entries(options.duplicates ?? {})) {
      const stored = await putImage(dir, await glyphPng(className, 2), 'png');
      sightings.push({ imageHash: stored.hash, imageExt: 'png', originalName: `${name}.png`, date: '2024-03-01', location: 'reef', individualName: name });
    }
    catalog.addSightings(sightings, { kind: 'import' });
  } finally {
    catalog.close();
  }
  return { root, dir };
}
