// Pictures and numbers of the demo: the 2-D map with the new glyph boxed, how tightly it
// clusters, training curves, CMC, distance histograms with the threshold, match grids, the photo
// part's verdicts and match pictures, and one self-contained HTML report.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leaveOneOutRetrieval, reliability } from '../eval/index.ts';
import { cmcCurveSvg, distanceHistogramSvg, reliabilityDiagramSvg, embed2d, htmlReport, matchGridPng, scatterMapSvg, svgToPng, trainingCurvesSvg, type MatchGridRow } from '../viz/index.ts';
import { embedPixels, engineDistances } from '../train/index.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { DemoPhoto } from './demo-photo.ts';
import type { DemoResult } from './demo-result.ts';
import type { DemoQuery, DemoScenario } from './demo-scenario.ts';

export interface DemoReportInput {
  quick: boolean;
  outDir: string;
  seed: number;
  log: (line: string) => void;
}

/** How tightly the new glyph clusters: neighbour purity and intra- vs nearest-other distance. */
export function clusterStats(embeddings: Float32Array, dim: number, isGlyph: boolean[]): { neighbourPurity: number; meanIntraDistance: number; meanNearestOtherDistance: number } {
  const source = engineDistances(embeddings, dim);
  try {
    const n = isGlyph.length;
    const glyphs = Int32Array.from(isGlyph.flatMap((g, i) => (g ? [i] : [])));
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const d = source.distances(glyphs, all);
    let purity = 0, intra = 0, intraCount = 0, nearestOther = 0;
    glyphs.forEach((gi, row) => {
      const order = Array.from(all).filter((j) => j !== gi).sort((a, b) => d[row * n + a]! - d[row * n + b]!);
      purity += order.slice(0, 5).filter((j) => isGlyph[j]).length / 5;
      nearestOther += Math.min(...order.filter((j) => !isGlyph[j]).map((j) => d[row * n + j]!));
      for (const j of glyphs) if (j !== gi) { intra += d[row * n + j]!; intraCount++; }
    });
    return { neighbourPurity: purity / glyphs.length, meanIntraDistance: intra / Math.max(1, intraCount), meanNearestOtherDistance: nearestOther / glyphs.length };
  } finally {
    source.dispose();
  }
}

/** The report of the headline scenario, with every model's results side by side. */
export async function writeDemoReport(result: DemoResult, headline: DemoScenario, input: DemoReportInput): Promise<void> {
  const { outDir } = input;
  const { gallery, bundle, gallerySet, glyphImages, enrolCount } = headline;
  const galleryPixels = (index: number) => (index < gallerySet.length ? gallerySet.readSync!(index) : glyphImages[index - gallerySet.length]!);
  const dim = gallery.dim;
  const digitCount = gallery.size - enrolCount;
  const mapDigits = Math.min(digitCount, input.quick ? 400 : 2000);
  const step = digitCount / mapDigits;
  const rows = Array.from({ length: mapDigits }, (_, i) => Math.floor(i * step));
  const glyphEmb = embedPixels(bundle.model, glyphImages, bundle.config.preprocessing).embeddings;
  const points = new Float32Array((mapDigits + glyphImages.length) * dim);
  rows.forEach((r, i) => points.set(gallery.embeddings.subarray(r * dim, (r + 1) * dim), i * dim));
  points.set(glyphEmb, mapDigits * dim);
  const names = [...new Set(gallery.items.slice(0, digitCount).map((it) => it.identity))].sort();
  const labels = Int32Array.from([...rows.map((r) => names.indexOf(gallery.items[r]!.identity)), ...glyphImages.map(() => names.length)]);
  const labelNames = new Map([...names.map((nm, i) => [i, `digit ${nm}`] as [number, string]), [names.length, result.newGlyph]]);
  const isGlyph = Array.from(labels, (l) => l === names.length);
  const cluster = clusterStats(points, dim, isGlyph);

  input.log(`   t-SNE of ${labels.length} points...`);
  const layout = embed2d(points, labels.length, dim, { method: 'tsne', seed: input.seed });
  const highlight = isGlyph.flatMap((g, i) => (g ? [i] : []));
  const mapSvg = scatterMapSvg(layout, labels, { title: `t-SNE of embeddings: ${result.newGlyph} (never trained on) boxed`, labelNames, highlight, highlightName: `${result.newGlyph} (new glyph)`, axisNames: ['t-SNE 1', 't-SNE 2'] });
  await svgToPng(mapSvg, join(outDir, 'map.png'));
  writeFileSync(join(outDir, 'map.svg'), mapSvg);

  const curvesSvg = result.train.history.length ? trainingCurvesSvg(result.train.history) : undefined;
  const loo = engineDistances(points.subarray(0, mapDigits * dim), dim);
  const retrieval = leaveOneOutRetrieval(loo, labels.subarray(0, mapDigits), { recallAt: [1, 5, 10] });
  loo.dispose();
  const cmcSvg = cmcCurveSvg([{ name: 'MNIST test (leave-one-out)', cmc: retrieval.cmc }]);
  const histSvg = distanceHistogramSvg(
    headline.known.map((r) => r.distance), headline.unknown.map((r) => r.distance),
    { threshold: result.threshold, title: 'calibration: best-match distances, enrolled vs not enrolled', xLabel: 'distance to best match' },
  );
  const itemIndex = new Map(gallery.items.map((it, i) => [it.id, i]));
  const gridRow = (q: DemoQuery): MatchGridRow => ({
    query: { pixels: q.pixels, channels: 1, height: 28, width: 28 }, queryLabel: q.truth,
    matches: q.result.candidates.filter((c) => c.support.length > 0).map((c) => ({ image: { pixels: galleryPixels(itemIndex.get(c.support[0]!.id)!), channels: 1, height: 28, width: 28 }, label: c.identity, distance: c.distance })),
  });
  const grid = await matchGridPng([...result.starQueries.slice(0, 4), ...result.digitQueries.slice(0, 2), ...result.unseenQueries.slice(0, 2)].map(gridRow), { title: 'queries (left) and best candidate per identity' });
  await writeFileAtomic(join(outDir, 'matches.png'), grid);

  const verdictRows = [...result.starQueries, ...result.digitQueries, ...result.unseenQueries].map((q) => ({
    query: q.source, truth: q.truth, verdict: q.result.verdict === 'new' ? 'new individual' : q.result.identity, distance: q.result.distance,
    correct: q.truth === result.unseenGlyph ? q.result.verdict === 'new' : q.result.verdict === 'known' && q.result.identity === q.truth,
  }));
  const models = [...(result.general ? [['general glyph model (shipped; stroke identities and digits 0-6)', result.general] as const] : []), ['trained here on MNIST (the tutorial)', result.tutorial] as const];
  const comparison = models.map(([model, s]) => ({
    model, [`${s.newGlyph} re-identified`]: `${s.starsReidentified}/${s.starQueries.length}`, [`${s.unseenGlyph} called new`]: `${s.unseenCalledNew}/${s.unseenQueries.length}`,
    'digits identified': `${s.digitsIdentified}/${s.digitQueries.length}`, threshold: s.threshold,
  }));
  const summary = [
    `Models side by side: ${models.map(([model, s]) => `${model}: ${s.starsReidentified}/${s.starQueries.length} ${s.newGlyph}s re-identified, ${s.unseenCalledNew}/${s.unseenQueries.length} ${s.unseenGlyph}s called new`).join('; ')}. The figures below are the ${models[0]![0]}'s.`,
    `${result.starsReidentified} of ${result.starQueries.length} held-out ${result.newGlyph} images were re-identified as "${result.newGlyph}" after enrolling ${enrolCount}; ` +
      `${result.unseenCalledNew} of ${result.unseenQueries.length} ${result.unseenGlyph} images (a glyph class never enrolled nor used for calibration) were called a new individual.`,
    `The ${result.newGlyph} cluster: ${(100 * cluster.neighbourPurity).toFixed(0)}% of each ${result.newGlyph}'s 5 nearest neighbours are ${result.newGlyph}s; ` +
      `mean distance between ${result.newGlyph}s ${cluster.meanIntraDistance.toFixed(3)} vs ${cluster.meanNearestOtherDistance.toFixed(3)} to the nearest digit.`,
    `Threshold ${result.threshold.toFixed(4)}, from ${result.thresholdFrom}.`,
    ...(result.photo ? [photoSummary(result.photo)] : []),
  ].join('\n\n');
  // How well the model's shipped probabilities hold on these queries (top candidate right or not).
  const asked = [...result.starQueries, ...result.digitQueries, ...result.unseenQueries];
  const reliabilitySvg = asked.every((q) => q.result.probability !== undefined)
    ? reliabilityDiagramSvg(reliability(asked.map((q) => q.result.probability!), asked.map((q) => q.result.identity === q.truth), 5), { title: undefined })
    : undefined;
  const html = htmlReport({
    title: 'reid demo: triplet-loss re-identification on MNIST and a new glyph',
    summary,
    tables: [
      { title: 'Models side by side', rows: comparison },
      { title: 'Verdicts', rows: verdictRows },
      { title: 'Retrieval on the MNIST test gallery (leave-one-out, map subset)', rows: [{ queries: retrieval.evaluatedCount, 'P@1': retrieval.precisionAt1, 'R@5': retrieval.recallAtK[1]?.recall, mAP: retrieval.mAP, 'MAP@R': retrieval.mapAtR }] },
      { title: 'Training', rows: result.train.history.map((e) => ({ epoch: e.epoch + 1, loss: e.trainLoss, seconds: e.seconds, ...e.metrics })) },
      { title: `${result.newGlyph} cluster`, rows: [cluster] },
      ...(result.photo ? [{ title: 'Photo-ID: synthetic mantas, fused matcher', rows: photoRows(result.photo) }] : []),
    ],
    figures: [
      { title: 'Embedding map', caption: `${result.newGlyph} images are drawn as crosses in boxes.`, svg: mapSvg },
      ...(curvesSvg ? [{ title: 'Training curves', svg: curvesSvg }] : []),
      { title: 'CMC curve', svg: cmcSvg },
      { title: 'Distances and the calibrated threshold', svg: histSvg },
      { title: 'Match grid', png: grid },
      ...(result.photo?.pictures ?? []).map((p, k) => ({ title: `Photo match ${k + 1}`, caption: p.caption, png: readFileSync(p.file) })),
      ...(reliabilitySvg ? [{ title: 'Reliability of the model\'s probabilities', caption: 'Top candidate of every demo query: predicted probability of the same individual against how often it was.', svg: reliabilitySvg }] : []),
    ],
    config: briefConfig(bundle.config),
  });
  await writeFileAtomic(result.reportPath, html);
  await writeFileAtomic(join(outDir, 'demo.json'), JSON.stringify({
    starsReidentified: result.starsReidentified, starQueries: result.starQueries.length, unseenCalledNew: result.unseenCalledNew,
    unseenQueries: result.unseenQueries.length, threshold: result.threshold, cluster, retrieval: { precisionAt1: retrieval.precisionAt1, mAP: retrieval.mAP },
    models: models.map(([model, s]) => ({ model, starsReidentified: s.starsReidentified, starQueries: s.starQueries.length, unseenCalledNew: s.unseenCalledNew, unseenQueries: s.unseenQueries.length, digitsIdentified: s.digitsIdentified, threshold: s.threshold })),
    verdicts: verdictRows,
    ...(result.photo ? { photo: photoJson(result.photo) } : {}),
  }, null, 2));
}

function photoSummary(photo: DemoPhoto): string {
  const c = photo.calibration;
  return `Photo-ID: ${photo.enrolledIndividuals} synthetic ${photo.pattern} individuals (mantas the shipped pattern model never saw) enrolled from 2 photos each with their local features; ` +
    `with the fused matcher (embedding shortlist re-ranked by verified SIFT inliers), ${photo.reidentified} of ${photo.knownQueries} further photos of them were re-identified ` +
    `and ${photo.calledNew} of ${photo.unknownQueries} individuals never enrolled were called new. ` +
    (c ? `The fused probability and its threshold (${c.threshold.toFixed(3)}, ${c.target}) were fitted on ${c.individuals} other synthetic individuals (${c.queries} queries), never on these.` : 'The fused threshold could not be fitted: the verdicts are uncalibrated.');
}

function photoRows(photo: DemoPhoto): object[] {
  return photo.queries.map((q) => ({
    query: q.file.split('/').slice(-2).join('/'), truth: q.truth, enrolled: q.known ? 'yes' : 'no',
    verdict: q.result.verdict === 'known' ? q.result.identity : q.result.verdict === 'new' ? 'new individual' : 'uncalibrated',
    'P(same)': q.result.probability ?? null, inliers: q.result.candidates[0]?.inliers ?? null,
    correct: q.known ? q.result.verdict === 'known' && q.result.identity === q.truth : q.result.verdict === 'new',
  }));
}

function photoJson(photo: DemoPhoto): Record<string, unknown> {
  const { queries, pictures, ...figures } = photo;
  return { ...figures, pictures: pictures.map((p) => ({ file: p.file, inliers: p.inliers, caption: p.caption })), verdicts: photoRows(photo) };
}


/** The model's config for people: long identity lists (3,700 stroke names) shown as counts. */
function briefConfig(config: DemoScenario['bundle']['config']): Record<string, unknown> {
  const held = config.recipe.heldOutForValidation;
  return {
    ...config,
    trainedIdentities: config.trainedIdentities.length > 20 ? `${config.trainedIdentities.length} identities` : config.trainedIdentities,
    recipe: { ...config.recipe, ...(Array.isArray(held) && held.length > 20 ? { heldOutForValidation: `${held.length} identities` } : {}) },
  };
}
