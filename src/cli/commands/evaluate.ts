// `reid eval`: closed-set, held-out and k-shot open-set metrics in a table and JSON.
import type { Command } from 'commander';
import { evaluateRun, formatTable, loadModelBundle, oneDatasetSplit, photoProtocol, Progress, writeJsonAtomic, type Matcher } from '../../index.ts';
import { parseMatcher, parseShortlist, matcherHelp } from '../matcher-option.ts';
import { intList, list } from '../parse-options.ts';
import { addDataOptions, addModelOption } from '../shared-options.ts';

export function registerEval(program: Command): void {
  addDataOptions(addModelOption(program
    .command('eval')
    .description('precision@1, recall@k, mAP, MAP@R, CMC; held-out identities; k-shot open-set identification'), 'required'), { what: 'dataset to evaluate' })
    .option('--holdout <ids>', 'identities held out of training, e.g. 7,8,9', list, [])
    .option('--shots <list>', 'k-shot enrolment sizes', intList('--shots'), [1, 5])
    .option('--out <file>', 'JSON report')
    .option('--matcher <m>', 'embedding (default) | local | fused: local or fused runs the photo protocol instead (2 sightings enrolled per individual of --data, a third of them unknown), beside the embedding', parseMatcher)
    .option('--calibration-data <spec>', 'with --matcher local|fused: individuals disjoint from --data that the probabilities and thresholds are fitted on (without it: no BAKS/BAUS)')
    .option('--shortlist <B>', matcherHelp.shortlist, parseShortlist)
    .action(async (flags: { model: string; data: string; split?: string; holdout: string[]; shots: number[]; out?: string; matcher?: Matcher; calibrationData?: string; shortlist?: number }) => {
      const bundle = await loadModelBundle(flags.model);
      if (flags.matcher && flags.matcher !== 'embedding') {
        const rows = await photoProtocol({ bundle, data: flags.data, calibrationData: flags.calibrationData, matchers: ['embedding', flags.matcher], shortlist: flags.shortlist });
        console.log(formatTable(rows.map((r) => ({ matcher: r.matcher, enrolled: r.enrolledImages, 'known q': r.knownQueries, 'unknown q': r.unknownQueries, 'top-1': r.top1, 'top-5': r.top5, 'unknown AUROC': r.unknownAuroc, BAKS: r.baks, BAUS: r.baus, 'p50 ms': r.p50LatencyMs, 'queries/s': r.queriesPerSecond }))));
        if (flags.out) await writeJsonAtomic(flags.out, { model: flags.model, fingerprint: bundle.config.fingerprint, data: flags.data, calibrationData: flags.calibrationData ?? null, photoProtocol: rows });
        return;
      }
      const holdout = flags.holdout.length ? flags.holdout : ((bundle.config.recipe.holdout as string[] | undefined) ?? []);
      const test = await oneDatasetSplit(flags.data, flags.split, bundle);
      const bar = new Progress({ total: test.length, label: 'embedding', unit: 'img' });
      const report = await evaluateRun(bundle, test, { holdout, shots: flags.shots, onProgress: (done) => bar.tick(done - bar.completed) });
      bar.done();
      const row = (name: string, s: typeof report.closedSet) => ({ protocol: name, queries: s.queries, 'P@1': s.precisionAt1, ...s.recallAt, mAP: s.mAP, 'MAP@R': s.mapAtR, 'R-prec': s.rPrecision, 'kNN acc': s.knnAccuracy });
      console.log(formatTable([row('closed set', report.closedSet), ...(report.heldOut ? [row(`held out ${holdout.join(',')}`, report.heldOut)] : [])]));
      if (report.kShot.length) console.log(formatTable(report.kShot.map((k) => ({ 'k-shot': k.shots, queries: k.queries, 'top-1 (nearest item)': k.top1, 'top-1 (gallery, centroid)': k.top1Gallery, 'unknown AUROC (item)': k.auroc, 'unknown AUROC (gallery)': k.aurocGallery, threshold: k.threshold, 'balanced open-set acc': k.balancedAccuracy }))));
      if (report.openSet.length) {
        const calibration = bundle.config.calibration;
        console.log(`open set on the held-out identities (half enrolled, half unknown; 3 seeds) at the model's ${calibration ? `calibration (threshold ${calibration.threshold.toFixed(4)}, ${calibration.target})` : 'calibration: none shipped, so no BAKS/BAUS/ECE'}:`);
        console.log(formatTable(report.openSet.map(({ shots, summary: s }) => ({ 'k-shot': shots, 'top-1': s.top1, 'unknown AUROC': s.unknownAuroc, BAKS: s.baks, BAUS: s.baus, 'normalised acc': s.normalisedAccuracy, ECE: s.ece }))));
      }
      if (flags.out) {
        await writeJsonAtomic(flags.out, { model: flags.model, fingerprint: bundle.config.fingerprint, holdout, ...report });
        console.log(`wrote ${flags.out}`);
      }
    });
}
