// Small catalogues for the store and CLI tests: glyph classes stand for individuals (a few
// 28×28 PNGs each), identified with the shipped general glyph model; all in a temp directory.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGlyphPngs } from '../../src/data/index.ts';
import type { GlyphClass } from '../../src/data/index.ts';
import { generalGlyphModelDir } from '../../src/recipes/shipped-models.ts';

export const modelDir = generalGlyphModelDir;
export const individuals: readonly GlyphClass[] = ['star', 'heart', 'triangle'];

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `reid-${prefix}-`));
}

/** ROOT/<class>/<class>-<i>.png for each class: a folder catalogue with known identities. */
export async function folderCatalogue(root: string, options: { perIndividual?: number; seed?: number; classes?: readonly GlyphClass[] } = {}): Promise<string> {
  for (const className of options.classes ?? individuals) {
    await writeGlyphPngs({ className, count: options.perIndividual ?? 3, seed: options.seed ?? 1, outDir: join(root, className) });
  }
  return root;
}

/** New sightings of known classes (another seed, so other images): files in DIR. */
export async function newSightings(dir: string, className: GlyphClass, count: number, seed = 99): Promise<string[]> {
  return writeGlyphPngs({ className, count, seed, outDir: dir });
}
