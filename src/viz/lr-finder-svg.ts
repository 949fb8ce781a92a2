// The learning-rate finder's loss-versus-rate curve on a log axis, with the suggested rate
// marked. The loss usually explodes at the largest rates; the y range stops a little above the
// starting loss so that the informative dip is not squashed into the bottom of the plot.
import { ArgumentError } from '../util/errors.ts';
import { extent, formatNumber } from './chart-kit.ts';
import { lineChartSvg } from './line-chart-svg.ts';

export interface LrFinderCurve {
  learningRates: ArrayLike<number>;
  losses: ArrayLike<number>;
  /** The rate to mark (e.g. the steepest descent or minimum / 10). */
  suggestion?: number;
}

export function lrFinderSvg(curve: LrFinderCurve, options: { title?: string } = {}): string {
  const { learningRates, losses } = curve;
  if (learningRates.length !== losses.length || learningRates.length === 0) {
    throw new ArgumentError(`lrFinderSvg: expected equal, non-zero numbers of learning rates and losses but received ${learningRates.length} and ${losses.length}.`);
  }
  let first = 0;
  for (let i = 0; i < losses.length; i++) if (Number.isFinite(losses[i])) { first = losses[i]!; break; }
  const [lowest, highest] = extent(losses);
  const top = Math.min(highest, first + Math.max(first - lowest, 1e-9) * 0.75);
  const range: [number, number] = [lowest - (top - lowest) * 0.05, top + (top - lowest) * 0.05];
  const markers = [];
  if (curve.suggestion !== undefined) {
    const at = nearestIndex(learningRates, curve.suggestion);
    markers.push({ x: learningRates[at]!, y: Math.min(losses[at]!, range[1]), label: `suggested ${formatNumber(curve.suggestion)}` });
  }
  return lineChartSvg([{ name: 'loss', x: learningRates, y: losses, colour: '#1f77b4' }], {
    title: options.title ?? 'Learning-rate finder',
    xLabel: 'learning rate (log scale)',
    yLabel: 'loss',
    logX: true,
    yRange: range,
    markers,
  });
}

function nearestIndex(values: ArrayLike<number>, target: number): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (Math.abs(Math.log(values[i]! / target)) < Math.abs(Math.log(values[best]! / target))) best = i;
  return best;
}
