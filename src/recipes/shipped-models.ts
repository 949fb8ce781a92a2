// Models that ship with reid (committed small, each with the script that reproduces it), and the
// names the CLI accepts for them: `--model glyph-general` works without training first,
// `--init pattern-general` fine-tunes the pattern model.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The general glyph model: trained on procedural stroke identities and MNIST digits 0-6 (scripts/train-glyph-model.ts). */
export const generalGlyphModelDir = fileURLToPath(new URL('../../assets/models/glyph-general', import.meta.url));

/** The general pattern model: the photo network pre-trained on synthetic patterned individuals only (scripts/train-pattern-model.ts). */
export const patternModelDir = fileURLToPath(new URL('../../assets/models/pattern-general', import.meta.url));

const shipped: Record<string, string> = { 'glyph-general': generalGlyphModelDir, 'pattern-general': patternModelDir };

/** A shipped model's directory for its name, unless a directory of that name exists where the user is. */
export function resolveModelDir(value: string): string {
  const dir = shipped[value];
  return dir !== undefined && !existsSync(value) ? dir : value;
}
