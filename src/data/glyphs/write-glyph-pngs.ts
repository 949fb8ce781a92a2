// PNG files of generated glyphs: the body of `reid glyphs --class star --count 10 --out DIR`,
// and a contact sheet (one row per class) for looking at them.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeContactSheet, type ContactSheetOptions } from '../contact-sheet.ts';
import { writePng } from '../write-png.ts';
import { generateGlyphs, type GlyphStyle } from './generate-glyphs.ts';
import { glyphClasses, type GlyphClass } from './glyph-shapes.ts';

export interface WriteGlyphPngsOptions {
  className: GlyphClass;
  count: number;
  seed: number;
  outDir: string;
  style?: GlyphStyle;
}

const shape = { channels: 1, height: 28, width: 28 } as const;

/** Writes OUT/<class>-<i>.png (28×28 grey, white on black); returns the files in order. */
export async function writeGlyphPngs(options: WriteGlyphPngsOptions): Promise<string[]> {
  const glyphs = generateGlyphs(options);
  await mkdir(options.outDir, { recursive: true });
  const digits = String(Math.max(0, glyphs.length - 1)).length;
  const files = glyphs.map((_, i) => join(options.outDir, `${options.className}-${String(i).padStart(digits, '0')}.png`));
  for (let i = 0; i < glyphs.length; i++) await writePng(files[i]!, glyphs[i]!, shape);
  return files;
}

export interface GlyphSheetOptions extends ContactSheetOptions {
  /** Default: every class. */
  classes?: readonly GlyphClass[];
  /** Samples per row; default 16. */
  perClass?: number;
  seed: number;
  /** Extra rows appended below the glyphs (e.g. MNIST digits to compare stroke width). */
  extraRows?: readonly (readonly Uint8Array[])[];
}

/** Writes a grid PNG with one row of samples per class. */
export async function writeGlyphSheet(file: string, options: GlyphSheetOptions): Promise<void> {
  const classes = options.classes ?? glyphClasses;
  const rows = classes.map((className) => generateGlyphs({ className, count: options.perClass ?? 16, seed: options.seed }));
  await writeContactSheet(file, [...rows, ...(options.extraRows ?? [])], shape, { scale: 3, ...options });
}
