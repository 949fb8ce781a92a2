// `identify --explain DIR`: for every query, the match picture (verified correspondences, drawn by
// `reid match`'s recipe) against each top candidate's best-matching enrolled image, and one
// self-contained report.html showing the verdicts with the pictures, so a biologist can check a
// decision by eye. Only new files are written into DIR; nothing there is removed.
import { access, mkdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { FeatureOptions } from '../features/index.ts';
import type { Identification } from '../gallery/index.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { htmlReport, type ReportFigure } from '../viz/index.ts';
import { matchRun } from './match-run.ts';

export interface ExplainOptions {
  dir: string;
  /** Found the same way as the gallery's stored features. */
  features?: FeatureOptions;
  /** Pictures per query (default: every candidate shown). */
  top?: number;
}

export interface ExplainedMatch {
  query: string;
  rank: number;
  identity: string;
  /** The enrolled image drawn beside the query. */
  source: string;
  /** The PNG written. */
  file: string;
  inliers: number;
  tentative: number;
  probability?: number;
}

export interface ExplainResult {
  pictures: ExplainedMatch[];
  /** Candidates without a picture: their enrolled image is not a readable file (e.g. synth:… items). */
  skipped: { query: string; identity: string; source: string }[];
  report: string;
}

const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || '_';

export async function explainIdentifications(results: readonly Identification[], queries: readonly string[], options: ExplainOptions): Promise<ExplainResult> {
  await mkdir(options.dir, { recursive: true });
  const pictures: ExplainedMatch[] = [];
  const skipped: ExplainResult['skipped'] = [];
  for (const [q, result] of results.entries()) {
    const query = queries[q]!;
    for (const [rank, c] of result.candidates.slice(0, options.top ?? result.candidates.length).entries()) {
      const source = c.matchedItem?.source ?? c.support[0]?.source;
      if (source === undefined || !(await access(source).then(() => true, () => false))) {
        skipped.push({ query, identity: c.identity, source: source ?? '' });
        continue;
      }
      const file = join(options.dir, `q${q + 1}-${safe(basename(query, extname(query)))}-${rank + 1}-${safe(c.identity)}.png`);
      const match = await matchRun({ a: query, b: source, out: file, features: options.features });
      pictures.push({ query, rank: rank + 1, identity: c.identity, source, file, inliers: match.inliers, tentative: match.tentative, ...(c.probability === undefined ? {} : { probability: c.probability }) });
    }
  }
  const report = join(options.dir, 'report.html');
  await writeFileAtomic(report, htmlReport(await explainReportInput(results, queries, pictures)));
  return { pictures, skipped, report };
}

/** The report's content: verdicts, then one figure per match picture (the PNGs embedded). */
async function explainReportInput(results: readonly Identification[], queries: readonly string[], pictures: readonly ExplainedMatch[]) {
  const matchPictures: ReportFigure[] = await Promise.all(pictures.map(async (p) => ({
    title: `${basename(p.query)} → ${p.rank}. ${p.identity}`,
    caption: `${p.inliers} verified inliers of ${p.tentative} tentative matches against ${basename(p.source)}${p.probability === undefined ? '' : `; P(same) ${p.probability.toFixed(3)}`}`,
    png: await readFile(p.file),
  })));
  const verdicts = results.map((r, i) => ({
    query: basename(queries[i]!), verdict: r.verdict, identity: r.identity ?? '', matcher: r.matcher ?? 'embedding',
    probability: r.probability ?? Number.NaN, distance: r.distance, inliers: r.candidates[0]?.inliers ?? Number.NaN,
  }));
  return {
    title: 'reid identify: match pictures',
    summary: `${results.length} queries; each top candidate's best-matching enrolled image is drawn beside the query with the verified local-feature correspondences.`,
    tables: [{ title: 'Verdicts', rows: verdicts }],
    matchPictures,
  };
}
