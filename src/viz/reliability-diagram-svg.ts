// A reliability diagram: observed frequency of "same individual" against the predicted
// probability, bin by bin, beside the diagonal a calibrated model follows, with the ECE written on.
import type { Reliability } from '../eval/index.ts';
import { ArgumentError } from '../util/errors.ts';
import { formatNumber } from './chart-kit.ts';
import { lineChartSvg } from './line-chart-svg.ts';

export function reliabilityDiagramSvg(reliability: Reliability, options: { title?: string } = {}): string {
  const filled = reliability.bins.filter((b) => b.count > 0);
  if (filled.length === 0) throw new ArgumentError('reliabilityDiagramSvg: expected at least one non-empty bin for reliability but received none.');
  return lineChartSvg([
    { name: 'perfectly calibrated', x: [0, 1], y: [0, 1], dashed: true, colour: '#888888' },
    { name: 'observed', x: filled.map((b) => b.confidence), y: filled.map((b) => b.frequency) },
  ], {
    title: options.title ?? `Reliability: ECE ${formatNumber(reliability.expectedCalibrationError)}, Brier ${formatNumber(reliability.brier)}`,
    xLabel: 'predicted probability of the same individual', yLabel: 'observed frequency', yRange: [0, 1],
  });
}
