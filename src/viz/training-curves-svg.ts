// Training history as two panels side by side: losses on the left (their scale is arbitrary),
// validation retrieval metrics on the right (always within [0, 1]), sharing the epoch axis.
import type { EpochRecord } from '../train/callbacks/recorder.ts';
import { ArgumentError } from '../util/errors.ts';
import { legendRowHeight, svgOpen } from './chart-kit.ts';
import { lineChartPanel, type LineSeries } from './line-chart-svg.ts';

export function trainingCurvesSvg(history: readonly EpochRecord[], options: { title?: string } = {}): string {
  if (history.length === 0) throw new ArgumentError('trainingCurvesSvg: expected at least one epoch record for history but received none.');
  // The Recorder counts epochs from 0; the axis counts them as people do, from 1.
  const epochs = history.map((r) => r.epoch + 1);
  const metric = (key: string): number[] => history.map((r) => r.metrics[key] ?? NaN);
  const present = (values: number[]): boolean => values.some(Number.isFinite);
  const lossSeries: LineSeries[] = [
    { name: 'training loss', x: epochs, y: history.map((r) => r.trainLoss), colour: '#1f77b4' },
    { name: 'validation loss', x: epochs, y: metric('validLoss'), colour: '#ff7f0e', dashed: true },
  ].filter((s) => present(s.y));
  const metricSeries: LineSeries[] = [
    { name: 'precision@1', x: epochs, y: metric('precisionAt1'), colour: '#2ca02c' },
    { name: 'mAP', x: epochs, y: metric('mAP'), colour: '#9467bd' },
    { name: 'MAP@R', x: epochs, y: metric('mapAtR'), colour: '#8c564b', dashed: true },
  ].filter((s) => present(s.y));
  const panelWidth = 440, panelHeight = 320;
  const top = options.title === '' ? 20 : 48;
  const rows = Math.max(Math.ceil(lossSeries.length / 3), Math.ceil(metricSeries.length / 3));
  const width = 72 + panelWidth + 96 + panelWidth + 24;
  const parts = [svgOpen(width, top + panelHeight + 56 + (rows > 0 ? rows * legendRowHeight + 12 : 0), options.title ?? 'Training curves')];
  if (lossSeries.length > 0) parts.push(lineChartPanel({ left: 72, top, width: panelWidth, height: panelHeight }, lossSeries, { xLabel: 'epoch', yLabel: 'loss' }));
  if (metricSeries.length > 0) {
    parts.push(lineChartPanel({ left: 72 + panelWidth + 96, top, width: panelWidth, height: panelHeight }, metricSeries, { xLabel: 'epoch', yLabel: 'validation metric', yRange: [0, 1] }));
  }
  parts.push('</svg>');
  return parts.join('');
}
