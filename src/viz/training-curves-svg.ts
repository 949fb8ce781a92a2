// Training history as two panels side by side: losses on the left (their scale is arbitrary),
// validation retrieval metrics on the right (always within [0, 1]), sharing the epoch axis.
import { ArgumentError } from '../util/errors.ts';
import { legendRowHeight, svgOpen } from './chart-kit.ts';
import { lineChartPanel, type LineSeries } from './line-chart-svg.ts';

export interface EpochRecord {
  epoch: number;
  trainLoss?: number;
  validLoss?: number;
  precisionAt1?: number;
  mAP?: number;
  mapAtR?: number;
}

export function trainingCurvesSvg(history: readonly EpochRecord[], options: { title?: string } = {}): string {
  if (history.length === 0) throw new ArgumentError('trainingCurvesSvg: expected at least one epoch record for history but received none.');
  const epochs = history.map((r) => r.epoch);
  const column = (key: keyof EpochRecord): number[] => history.map((r) => r[key] ?? NaN);
  const present = (values: number[]): boolean => values.some(Number.isFinite);
  const lossSeries: LineSeries[] = [
    { name: 'training loss', x: epochs, y: column('trainLoss'), colour: '#1f77b4' },
    { name: 'validation loss', x: epochs, y: column('validLoss'), colour: '#ff7f0e', dashed: true },
  ].filter((s) => present(s.y));
  const metricSeries: LineSeries[] = [
    { name: 'precision@1', x: epochs, y: column('precisionAt1'), colour: '#2ca02c' },
    { name: 'mAP', x: epochs, y: column('mAP'), colour: '#9467bd' },
    { name: 'MAP@R', x: epochs, y: column('mapAtR'), colour: '#8c564b', dashed: true },
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
