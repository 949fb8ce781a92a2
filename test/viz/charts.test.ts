import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linearScale, logScale, niceTicks, formatNumber } from '../../src/viz/chart-kit.ts';
import { lineChartSvg } from '../../src/viz/line-chart-svg.ts';
import { lrFinderSvg } from '../../src/viz/lr-finder-svg.ts';
import { trainingCurvesSvg } from '../../src/viz/training-curves-svg.ts';
import { cmcCurveSvg } from '../../src/viz/cmc-curve-svg.ts';
import { distanceHistogramSvg } from '../../src/viz/distance-histogram-svg.ts';
import { assertWellFormed, countClass } from './svg-checks.ts';

test('ticks are round numbers inside the range', () => {
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0.13, 0.87, 4), [0.2, 0.4, 0.6, 0.8]);
  assert.deepEqual(logScale([1e-6, 1], [0, 100]).ticks, [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]);
  assert.deepEqual(logScale([0.01, 1], [0, 100]).ticks, [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]);
  const scale = linearScale([0, 10], [100, 200]);
  assert.equal(scale.map(5), 150);
  assert.equal(formatNumber(3e-4), '3e-4');
  assert.equal(formatNumber(0.25), '0.25');
  assert.equal(formatNumber(1500), '1.5k');
});

test('line chart: one path per series, a break at non-finite values, markers drawn', () => {
  const svg = lineChartSvg(
    [{ name: 'a', x: [1, 2, 3, 4], y: [1, NaN, 3, 4] }, { name: 'b', x: [1, 2], y: [2, 2], dashed: true }],
    { title: 'T', xLabel: 'x', yLabel: 'y', markers: [{ x: 3, y: 3, label: 'here' }] },
  );
  assertWellFormed(svg);
  assert.equal(countClass(svg, 'series'), 2);
  const firstPath = /class="series" data-name="a" d="([^"]*)"/.exec(svg)![1]!;
  assert.equal((firstPath.match(/M/g) ?? []).length, 2, 'NaN splits the line');
  assert.equal(countClass(svg, 'marker'), 1);
  assert.equal(countClass(svg, 'legend-entry'), 2);
  assert.equal(countClass(svg, 'axis-label'), 2);
});

test('LR finder: log x axis, suggestion marked, exploding losses clipped', () => {
  const lrs = Array.from({ length: 50 }, (_, i) => 1e-5 * 10 ** (i / 10));
  const losses = lrs.map((lr, i) => (i < 45 ? 1 - 0.1 * Math.log10(lr / 1e-5) : 50));
  const svg = lrFinderSvg({ learningRates: lrs, losses, suggestion: 1e-3 });
  assertWellFormed(svg);
  assert.match(svg, /learning rate \(log scale\)/);
  assert.match(svg, />suggested 0.001</);
  assert.equal(countClass(svg, 'marker'), 1);
  assert.match(svg, /clip-path="url\(#clip-/);
  assert.throws(() => lineChartSvg([{ name: 'a', x: [0, 1], y: [1, 2] }], { logX: true }), /positive x values for a log x axis/);
});

test('training curves: loss panel and metric panel', () => {
  // The Recorder's own records (epochs from 0), as trainRun returns them.
  const history = Array.from({ length: 5 }, (_, e) => ({ epoch: e, trainLoss: 1 / (e + 1), seconds: 1, imagesPerSecond: 100, metrics: { precisionAt1: e / 5, mAP: e / 6 } }));
  const svg = trainingCurvesSvg(history);
  assertWellFormed(svg);
  assert.equal(countClass(svg, 'series'), 3);
  assert.equal(countClass(svg, 'axes'), 2);
  assert.match(svg, />validation metric</);
  // The epoch axis counts from 1: the first point of training loss sits at x = 1.
  const start = Number(/data-name="training loss" d="M([\d.]+) /.exec(svg)![1]);
  const tick = (label: string): number => Number(new RegExp(`<line x1="([\\d.]+)" y1="[\\d.]+" x2="[\\d.]+" y2="[\\d.]+" stroke="#333333"/><text x="[\\d.]+" y="[\\d.]+" text-anchor="middle">${label}</text>`).exec(svg)![1]);
  assert.equal(start, tick('1'));
});

test('CMC curve: rank on x, rate in [0, 1], rank-1 value written', () => {
  const svg = cmcCurveSvg([{ name: 'model', cmc: [0.8, 0.9, 0.95, 1] }]);
  assertWellFormed(svg);
  assert.match(svg, />rank 1: 0.8</);
  assert.match(svg, />identification rate</);
});

test('distance histogram: both groups binned, threshold line and label', () => {
  const same = [0.1, 0.2, 0.2, 0.3];
  const different = [0.8, 0.9, 0.9, 1.0, 1.1];
  const svg = distanceHistogramSvg(same, different, { threshold: 0.5, bins: 10 });
  assertWellFormed(svg);
  assert.equal(countClass(svg, 'threshold'), 1);
  assert.match(svg, />threshold 0.5</);
  assert.ok(countClass(svg, 'bar same') >= 2 && countClass(svg, 'bar different') >= 3);
  assert.equal(countClass(svg, 'legend-entry'), 2);
  // Heights are fractions of each group: the tallest same-bar (2 of 4) is taller than any different-bar (2 of 5).
  const heights = (kind: string): number[] => [...svg.matchAll(new RegExp(`class="bar ${kind}"[^>]* height="([\\d.]+)"`, 'g'))].map((m) => Number(m[1]));
  assert.ok(Math.max(...heights('same')) > Math.max(...heights('different')));
});

test('reliability diagram: the diagonal and one observed point per non-empty bin, with the ECE in the title', async () => {
  const { reliabilityDiagramSvg } = await import('../../src/viz/reliability-diagram-svg.ts');
  const { reliability } = await import('../../src/eval/reliability.ts');
  const r = reliability([0.05, 0.15, 0.95, 0.85], [0, 0, 1, 0], 2);
  const svg = reliabilityDiagramSvg(r);
  assertWellFormed(svg);
  assert.equal(countClass(svg, 'series'), 2);
  assert.match(svg, /ECE 0\.25/);
  const observed = /class="series" data-name="observed" d="([^"]*)"/.exec(svg)![1]!;
  assert.equal(observed.split(/[ML]/).filter((s) => s.trim()).length, 2, 'two bins hold predictions');
  assert.throws(() => reliabilityDiagramSvg({ bins: [{ low: 0, high: 1, count: 0, confidence: NaN, frequency: NaN }], expectedCalibrationError: 0, brier: 0 }), /non-empty bin/);
});
