// `reid identify` and `reid calibrate`: the open-set decision and its threshold.
import type { Command } from 'commander';
import { ArgumentError, calibrateRun, explainIdentifications, identificationJson, identifyRun, parseDatasetSpec, setNumThreads, type CalibrationQuerySet, type Matcher, type ThresholdTarget } from '../../index.ts';
import { matcherHelp, parseMatcher, parseShortlist } from '../matcher-option.ts';
import { positiveInt, specWithSplit } from '../parse-options.ts';
import { addEngineOption } from '../engine-option.ts';
import { addModelOption } from '../shared-options.ts';

function parseTarget(value: string): ThresholdTarget {
  if (value === 'f1') return { kind: 'f1' };
  const m = /^precision=(0?\.\d+|1(\.0+)?)$/.exec(value);
  if (!m) throw new ArgumentError(`--target: expected "precision=P" (0 < P ≤ 1) or "f1" but received "${value}"`);
  return { kind: 'precision', precision: Number(m[1]) };
}

/** "SPEC[@split]" for --known / --unknown, refused here (naming the option) when it cannot name queries. */
export function querySet(option: string) {
  return (value: string): CalibrationQuerySet => {
    const example = `${option}: expected a dataset spec with an optional split, e.g. glyphs:triangle,spiral@test,`;
    const at = value.lastIndexOf('@');
    if (value.trim() === '' || at === 0) throw new ArgumentError(`${example} but received "${value}"`);
    const { spec, split } = specWithSplit(value, '');
    if (at > 0 && split === '') throw new ArgumentError(`${example} but received "${value}" (no split after "@")`);
    // "glyphs" means every class; "glyphs:" with no class named is a mistake, not "all".
    if (/^glyphs:\s*$/.test(spec)) throw new ArgumentError(`${option}: expected at least one class after "glyphs:" (or "glyphs" for every class) but received "${value}"`);
    try {
      parseDatasetSpec(spec);
    } catch (error) {
      throw new ArgumentError(`${option}: ${(error as Error).message}`, { cause: error });
    }
    return { spec, label: option, ...(split === '' ? {} : { split }) };
  };
}

export function registerIdentify(program: Command): void {
  addEngineOption(addModelOption(program
    .command('identify')
    .description('which known individual is each image, or a new one?')
    .requiredOption('--gallery <dir>', 'gallery directory'), 'recorded'))
    .option('--top <n>', 'candidates to show', positiveInt('--top'), 5)
    .option('--json', 'one JSON object per query per line')
    .option('--matcher <m>', matcherHelp.identify, parseMatcher)
    .option('--shortlist <B>', matcherHelp.shortlist, parseShortlist)
    .option('--explain <dir>', 'write a match picture per top candidate (and report.html) into this directory')
    .argument('<images...>', 'image files')
    .action(async (images: string[], flags: { gallery: string; model?: string; top: number; json?: boolean; matcher?: Matcher; shortlist?: number; explain?: string }) => {
      // A few queries: one intra-op thread answers faster than two (see web/server.ts).
      if (!process.env.REID_THREADS && images.length <= 8) setNumThreads(1);
      const results = await identifyRun({ galleryDir: flags.gallery, modelDir: flags.model, images, top: flags.top, matcher: flags.matcher, shortlist: flags.shortlist });
      results.forEach((r, i) => {
        if (flags.json) return console.log(JSON.stringify(identificationJson(r, images[i])));
        const verdict = r.verdict === 'new' ? 'NEW INDIVIDUAL'
          : r.verdict === 'known' ? `known: ${r.identity}${r.probability === undefined ? '' : ` (probability ${r.probability.toFixed(3)})`}`
            : `UNCALIBRATED: closest is ${r.identity}, but the gallery has no threshold to decide with (run reid calibrate)`;
        console.log(`${images[i]}: ${verdict}`);
        r.candidates.forEach((c, rank) => console.log(`  ${rank + 1}. ${c.identity.padEnd(16)} distance ${c.distance.toFixed(4)}${c.inliers === undefined ? '' : `  inliers ${String(c.inliers).padStart(3)}`}${c.probability === undefined ? '' : `  p ${c.probability.toFixed(3)}`}  ${c.matchedItem?.source ?? c.support[0]?.source ?? ''}`));
      });
      if (flags.explain) {
        const explained = await explainIdentifications(results, images, { dir: flags.explain });
        const skipped = explained.skipped.length ? `; ${explained.skipped.length} candidates without an image file were skipped` : '';
        (flags.json ? console.error : console.log)(`wrote ${explained.pictures.length} match pictures and ${explained.report}${skipped}`);
      }
    });

  addModelOption(program
    .command('calibrate')
    .description('choose the "new individual" threshold from queries of known and unknown identities')
    .requiredOption('--gallery <dir>', 'gallery directory'), 'recorded')
    .requiredOption('--known <spec>', 'queries whose identities are in the gallery (not the gallery images themselves), e.g. mnist@train', querySet('--known'))
    .requiredOption('--unknown <spec>', 'queries of identities not in the gallery, e.g. glyphs:triangle,spiral@test', querySet('--unknown'))
    .option('--target <t>', 'precision=P or f1', parseTarget, parseTarget('precision=0.95'))
    .option('--limit <n>', 'queries per side', positiveInt('--limit'), 1000)
    .option('--matcher <m>', 'embedding | local | fused: which calibration to refit (default: the gallery\'s matcher; local and fused need stored local features)', parseMatcher)
    .option('--shortlist <B>', matcherHelp.shortlist, parseShortlist)
    .action(async (flags: { gallery: string; model?: string; known: CalibrationQuerySet; unknown: CalibrationQuerySet; target: ThresholdTarget; limit: number; matcher?: Matcher; shortlist?: number }) => {
      const { calibration, knownQueries, unknownQueries, matcher } = await calibrateRun({
        galleryDir: flags.gallery, modelDir: flags.model, known: flags.known, unknown: flags.unknown,
        target: flags.target, targetLabel: '--target', limit: flags.limit, matcher: flags.matcher, shortlist: flags.shortlist,
      });
      const part = matcher === 'fused' || matcher === 'local' ? calibration[matcher] : undefined;
      if (part) console.log(`${matcher}: known when P(same) ≥ ${part.threshold.toFixed(4)} for ${part.target}: precision ${part.precision.toFixed(3)}, recall ${part.recall.toFixed(3)} on ${part.queries} queries (shortlist ${part.shortlist})`);
      console.log(`threshold ${calibration.threshold.toFixed(4)} for ${calibration.target}: precision ${calibration.precision.toFixed(3)}, recall ${calibration.recall.toFixed(3)} on ${knownQueries} known and ${unknownQueries} unknown queries; saved in ${flags.gallery}`);
    });
}
