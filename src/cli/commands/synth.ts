// `reid synth`: synthetic patterned individuals as a catalogue on disk (folder: and csv: specs).
import type { Command } from 'commander';
import { ArgumentError, Progress, sightingFactors, synthPatterns, synthRun, type SightingVariation, type SynthPattern } from '../../index.ts';
import { nonNegativeInt, oneOf, positiveInt } from '../parse-options.ts';

function intIn(option: string, min: number, max: number) {
  return (value: string): number => {
    const n = value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new ArgumentError(`${option}: expected an integer in [${min}, ${max}] but received "${value}"`);
    return n;
  };
}

function strength(option: string, value: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!(n >= 0 && n <= 1)) throw new ArgumentError(`${option}: expected a number in [0, 1] but received "${value}"`);
  return n;
}

/** "pose=0.8,blur=0" → { pose: 0.8, blur: 0 }. */
function variation(value: string): SightingVariation {
  const out: Record<string, number> = {};
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [factor, amount] = part.split('=');
    if (amount === undefined || !(sightingFactors as readonly string[]).includes(factor!.trim())) {
      throw new ArgumentError(`--vary: expected FACTOR=STRENGTH pairs with FACTOR one of ${sightingFactors.join(', ')} but received "${part}"`);
    }
    out[factor!.trim()] = strength(`--vary ${factor!.trim()}`, amount);
  }
  return out as SightingVariation;
}

interface SynthFlags {
  pattern: SynthPattern; individuals: number; sightings: number; out: string; seed: number; size: number; first: number; quality: number; difficulty: number; vary?: SightingVariation;
}

export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description('draw synthetic patterned individuals (manta spots, zebra stripes, fluke notches) as OUT/<individual>/<k>.jpg and OUT/manifest.csv')
    .requiredOption('--pattern <name>', synthPatterns.join(' | '), oneOf('--pattern', synthPatterns))
    .requiredOption('--individuals <n>', 'how many individuals', positiveInt('--individuals'))
    .requiredOption('--sightings <k>', 'images per individual', positiveInt('--sightings'))
    .requiredOption('--out <dir>', 'output directory (new, empty, or one reid synth wrote)')
    .option('--seed <n>', 'seed of the individuals and sightings', nonNegativeInt('--seed'), 0)
    .option('--size <px>', 'image side in pixels, 64..512', intIn('--size', 64, 512), 128)
    .option('--first <n>', 'number of the first individual (disjoint ranges give disjoint individuals)', nonNegativeInt('--first'), 0)
    .option('--quality <q>', 'JPEG quality of the files, 1..100', intIn('--quality', 1, 100), 90)
    .option('--difficulty <d>', 'strength of every sighting variation, 0..1', (value) => strength('--difficulty', value), 0.5)
    .option('--vary <factor=strength,...>', `per-factor strengths overriding --difficulty (${sightingFactors.join(', ')})`, variation)
    .action(async (flags: SynthFlags) => {
      const bar = new Progress({ total: flags.individuals * flags.sightings, label: `synth ${flags.pattern}`, unit: 'img' });
      const result = await synthRun({
        pattern: flags.pattern, individuals: flags.individuals, sightings: flags.sightings, out: flags.out, seed: flags.seed, size: flags.size,
        first: flags.first, quality: flags.quality, difficulty: flags.difficulty, ...(flags.vary ? { variation: flags.vary } : {}),
        onProgress: (done) => bar.tick(done - bar.completed),
      });
      bar.done();
      const kept = result.images - result.written;
      console.log(`wrote ${result.written} images${kept > 0 ? ` (kept ${kept} from the last run)` : ''}${result.removed > 0 ? `, removed ${result.removed} stale` : ''} of ${flags.individuals} ${flags.pattern} individuals to ${flags.out}; manifest ${result.manifest}`);
    });
}
