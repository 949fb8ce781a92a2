// `reid demo` (npm run demo): the tutorial end to end, with a report.
import type { Command } from 'commander';
import { demoRun, environmentReport, formatTable } from '../../index.ts';
import { printEnvironment } from './doctor.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the tutorial end to end on the embedded MNIST: train, enrol a new glyph, re-identify, map, report')
    .option('--quick', 'a reduced run (about a minute), as CI uses')
    .option('--images <dir>', 'your own drawings to use as the new glyph (normalised MNIST-style)')
    .option('--out <dir>', 'output directory', 'out/demo')
    .option('--seed <n>', 'random seed', Number, 7)
    .option('--epochs <n>', 'training epochs (default 1)', Number)
    .option('--augment <preset>', 'training augmentation: glyph | glyphElastic', 'glyph')
    .option('--batches-per-epoch <n>', 'batches per epoch (default 250)', Number)
    .action(async (flags: { quick?: boolean; images?: string; out: string; seed: number; epochs?: number; batchesPerEpoch?: number; augment: 'glyph' | 'glyphElastic' }) => {
      const started = Date.now();
      console.error('[1/9] environment');
      printEnvironment(environmentReport(), (line) => console.error(`   ${line}`));
      const result = await demoRun({ out: flags.out, quick: flags.quick, images: flags.images, seed: flags.seed, epochs: flags.epochs, batchesPerEpoch: flags.batchesPerEpoch, augmentPreset: flags.augment });
      console.error('[9/9] report written');
      const last = result.train.history.at(-1);
      console.log(formatTable([
        { check: `${result.newGlyph} re-identified after enrolling 3`, result: `${result.starsReidentified}/${result.starQueries.length}` },
        { check: `${result.unseenGlyph} (never enrolled) called new`, result: `${result.unseenCalledNew}/${result.unseenQueries.length}` },
        { check: 'digits identified', result: `${result.digitQueries.filter((q) => q.result.identity === q.truth && q.result.verdict === 'known').length}/${result.digitQueries.length}` },
        { check: 'validation P@1 (MNIST test)', result: last?.metrics.precisionAt1?.toFixed(4) ?? 'n/a' },
        { check: 'calibrated threshold', result: result.threshold.toFixed(4) },
        { check: 'seconds', result: ((Date.now() - started) / 1000).toFixed(0) },
      ]));
      console.log(`report: ${result.reportPath}`);
    });
}
