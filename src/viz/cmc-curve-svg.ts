// Cumulative match characteristic curves (identification rate against rank), one line per
// model or setting, with the rank-1 rate written on the plot: the number people ask for first.
import { ArgumentError } from '../util/errors.ts';
import { formatNumber } from './chart-kit.ts';
import { lineChartSvg, type ChartMarker } from './line-chart-svg.ts';

export interface CmcCurve { name: string; cmc: ArrayLike<number> }

export function cmcCurveSvg(curves: readonly CmcCurve[], options: { title?: string; maxRank?: number } = {}): string {
  if (curves.length === 0 || curves.some((c) => c.cmc.length === 0)) throw new ArgumentError('cmcCurveSvg: expected at least one non-empty CMC curve for curves but received none.');
  const maxRank = options.maxRank ?? Math.min(20, Math.max(...curves.map((c) => c.cmc.length)));
  const series = curves.map((c) => {
    const ranks = Math.min(maxRank, c.cmc.length);
    return { name: c.name, x: Array.from({ length: ranks }, (_, r) => r + 1), y: Array.from({ length: ranks }, (_, r) => c.cmc[r]!) };
  });
  const markers: ChartMarker[] = curves.length === 1 ? [{ x: 1, y: curves[0]!.cmc[0]!, label: `rank 1: ${formatNumber(curves[0]!.cmc[0]!)}`, placement: 'below' }] : [];
  return lineChartSvg(series, { title: options.title ?? 'CMC curve', xLabel: 'rank', yLabel: 'identification rate', yRange: [0, 1], markers });
}
