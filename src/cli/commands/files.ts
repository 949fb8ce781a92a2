// `reid glyphs` and `reid export`: files for people who want them.
import type { Command } from 'commander';
import { evenlySpacedSubset, exportPngs, glyphClasses, openDataset, Progress, writeGlyphPngs, type GlyphClass, type ImageDataset } from '../../index.ts';
import { nonNegativeInt, oneOf, positiveInt } from '../parse-options.ts';

export function registerFiles(program: Command): void {
  program
    .command('glyphs')
    .description('generate hand-drawn-looking glyphs MNIST lacks (star, triangle, spiral, ...) as PNGs')
    .requiredOption('--class <name>', glyphClasses.join(' | '), oneOf('--class', glyphClasses))
    .option('--count <n>', 'how many', positiveInt('--count'), 10)
    .option('--seed <n>', 'seed', nonNegativeInt('--seed'), 0)
    .requiredOption('--out <dir>', 'output directory')
    .action(async (flags: { class: GlyphClass; count: number; seed: number; out: string }) => {
      const files = await writeGlyphPngs({ className: flags.class, count: flags.count, seed: flags.seed, outDir: flags.out });
      console.log(`wrote ${files.length} ${flags.class} glyphs to ${flags.out}`);
    });
  program
    .command('export')
    .description("write a dataset as PNG folders in the tutorial's layout (training/<label>/<n>.png, testing/...)")
    .requiredOption('--data <spec>', 'dataset spec')
    .requiredOption('--out <dir>', 'output directory')
    .option('--limit <n>', 'images per split at most (evenly spaced)', positiveInt('--limit'))
    .action(async (flags: { data: string; out: string; limit?: number }) => {
      const opened = await openDataset(flags.data);
      const cap = (set: ImageDataset) => (flags.limit === undefined ? set : evenlySpacedSubset(set, flags.limit));
      const splits: Record<string, ImageDataset> = { training: cap(opened.train) };
      if (opened.test) splits.testing = cap(opened.test);
      const total = Object.values(splits).reduce((n, s) => n + s.length, 0);
      const bar = new Progress({ total, label: 'exporting', unit: 'png' });
      const written = await exportPngs(splits, flags.out, { onProgress: (done) => bar.tick(done - bar.completed) });
      bar.done();
      console.log(`exported ${written} PNGs to ${flags.out}`);
    });
}
