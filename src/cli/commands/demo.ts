// `reid demo` (npm run demo): the tutorial end to end, with a report.
import type { Command } from 'commander';
import { demoRun, environmentReport, formatTable, type DemoScenario } from '../../index.ts';
import { nonNegativeInt, oneOf, positiveInt } from '../parse-options.ts';
import { printEnvironment } from './doctor.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the tutorial end to end on the embedded MNIST: train, enrol a new glyph, re-identify, map, report; then photo-ID of synthetic mantas')
    .option('--quick', 'a reduced run (about a minute), as CI uses')
    .option('--images <dir>', 'your own drawings to use as the new glyph (normalised MNIST-style)')
    .option('--out <dir>', 'output directory', 'out/demo')
    .option('--seed <n>', 'random seed', nonNegativeInt('--seed'), 7)
    .option('--epochs <n>', 'training epochs (default 1)', positiveInt('--epochs'))
    .option('--augment <preset>', 'training augmentation: glyph | glyphElastic', oneOf('--augment', ['glyph', 'glyphElastic'] as const), 'glyph')
    .option('--batches-per-epoch <n>', 'batches per epoch (default 250)', positiveInt('--batches-per-epoch'))
    .action(async (flags: { quick?: boolean; images?: string; out: string; seed: number; epochs?: number; batchesPerEpoch?: number; augment: 'glyph' | 'glyphElastic' }) => {
      const started = Date.now();
      console.error('[1/9] environment');
      printEnvironment(environmentReport(), (line) => console.error(`   ${line}`));
      const result = await demoRun({ out: flags.out, quick: flags.quick, images: flags.images, seed: flags.seed, epochs: flags.epochs, batchesPerEpoch: flags.batchesPerEpoch, augmentPreset: flags.augment });
      console.error('[9/9] report written');
      const last = result.train.history.at(-1);
      const models: [string, DemoScenario][] = [...(result.general ? [['general model', result.general] as [string, DemoScenario]] : []), ['trained on MNIST', result.tutorial]];
      const row = (check: string, value: (s: DemoScenario) => string) => ({ check, ...Object.fromEntries(models.map(([name, s]) => [name, value(s)])) });
      console.log(formatTable([
        row(`${result.newGlyph} re-identified after enrolling 3`, (s) => `${s.starsReidentified}/${s.starQueries.length}`),
        row(`${result.unseenGlyph} (never enrolled) called new`, (s) => `${s.unseenCalledNew}/${s.unseenQueries.length}`),
        row('digits identified', (s) => `${s.digitsIdentified}/${s.digitQueries.length}`),
        row('known when', (s) => (s.gallery.calibration?.probabilityThreshold !== undefined ? `P ≥ ${s.gallery.calibration.probabilityThreshold.toFixed(4)}` : `distance ≤ ${s.threshold.toFixed(4)}`)),
      ]));
      if (result.photo) {
        const p = result.photo;
        console.log(`photo-ID (pattern-general, fused): ${p.reidentified}/${p.knownQueries} photos of ${p.enrolledIndividuals} enrolled synthetic ${p.pattern} individuals re-identified, ${p.calledNew}/${p.unknownQueries} never-enrolled called new; ${p.pictures.length} match pictures in the report`);
      }
      console.log(`validation P@1 of the MNIST training (MNIST test): ${last?.metrics.precisionAt1?.toFixed(4) ?? 'n/a'}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
      console.log(`report: ${result.reportPath}`);
    });
}
