// Retrieval metrics as {metric, value} rows, the one layout shared by formatTable in the
// terminal and the HTML report, so both name the metrics identically. Only fractions go in the
// rows (print them with `fractionColumns: ['value']`); the query counts (evaluated, left out)
// are on RetrievalMetrics for a caption or log line.
import type { RetrievalMetrics } from './retrieval-tally.ts';

export interface MetricRow {
  metric: string;
  value: number;
}

/** `cmcRanks`: CMC points to list (those beyond the curve are skipped). Default [1, 5, 10]. */
export function retrievalRows(metrics: RetrievalMetrics, cmcRanks: readonly number[] = [1, 5, 10]): MetricRow[] {
  const rows: MetricRow[] = [
    { metric: 'precision@1', value: metrics.precisionAt1 },
    ...metrics.recallAtK.map(({ k, recall }) => ({ metric: `recall@${k}`, value: recall })),
    { metric: 'mAP', value: metrics.mAP },
    { metric: 'MAP@R', value: metrics.mapAtR },
    { metric: 'R-precision', value: metrics.rPrecision },
    { metric: `${metrics.knnK}-NN accuracy`, value: metrics.knnAccuracy },
  ];
  for (const rank of cmcRanks) if (rank >= 1 && rank <= metrics.cmc.length) rows.push({ metric: `CMC rank ${rank}`, value: metrics.cmc[rank - 1]! });
  return rows;
}
