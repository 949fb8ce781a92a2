// Generated glyph classes as an ordinary in-memory dataset (1×28×28, identities = class names),
// so they train, embed and export exactly like MNIST.
import { ArgumentError } from '../../util/errors.ts';
import { InMemoryDataset } from '../in-memory-dataset.ts';
import { generateGlyphs, type GlyphStyle } from './generate-glyphs.ts';
import { glyphClasses, isGlyphClass, type GlyphClass } from './glyph-shapes.ts';

export interface GlyphDatasetOptions {
  /** Default: every class in `glyphClasses`. */
  classes?: readonly GlyphClass[];
  countPerClass: number;
  seed: number;
  style?: GlyphStyle;
  /** Default "glyphs". */
  name?: string;
}

export class GlyphDataset extends InMemoryDataset {
  constructor(options: GlyphDatasetOptions) {
    const classes = options.classes ?? glyphClasses;
    const unknown = classes.find((name) => !isGlyphClass(name));
    if (unknown !== undefined || classes.length === 0) {
      throw new ArgumentError(`GlyphDataset: expected classes from ${glyphClasses.join(', ')} but received "${String(unknown ?? '(none)')}".`);
    }
    const count = options.countPerClass;
    const pixels = new Uint8Array(classes.length * count * 784);
    const labels = new Int32Array(classes.length * count);
    classes.forEach((className, label) => {
      generateGlyphs({ className, count, seed: options.seed, style: options.style }).forEach((glyph, i) => {
        pixels.set(glyph, (label * count + i) * 784);
        labels[label * count + i] = label;
      });
    });
    const name = options.name ?? 'glyphs';
    super({ name, sourcePrefix: `${name}:seed${options.seed}`, channels: 1, height: 28, width: 28, pixels, labels, identities: [...classes] });
  }
}
