// Charts of long series: 200,000 values overflow the call stack of Math.min(...values), so the
// ranges must come from a loop. The values are chosen so that the expected ranges are known.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extent } from '../../src/viz/chart-kit.ts';
import { distanceHistogramSvg } from '../../src/viz/distance-histogram-svg.ts';
import { lineChartSvg } from '../../src/viz/line-chart-svg.ts';
import { lrFinderSvg } from '../../src/viz/lr-finder-svg.ts';
import { assertWellFormed, countClass } from './svg-checks.ts';

const count = 200_000;

test('extent: smallest and largest finite value, by a loop', () => {
  const values = Float64Array.from({ length: count }, (_, i) => (i * 7919) % count);
  values[5] = Number.NaN;
  values[6] = Number.POSITIVE_INFINITY;
  values[123] = -3;
  assert.deepEqual(extent(values), [-3, count - 1]);
  assert.deepEqual(extent([]), [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  assert.deepEqual(extent([Number.NaN, 2]), [2, 2]);
});

test('a distance histogram of 200,000 distances', () => {
  // same: 0, 0.001, ... 99.999 (every bin of width 2.5 holds 2,500); different: all at 150.
  const same = Float32Array.from({ length: count / 2 }, (_, i) => i / 1000);
  const different = new Float32Array(count / 2).fill(150);
  const svg = distanceHistogramSvg(same, different, { bins: 60 });
  assertWellFormed(svg);
  assert.equal(countClass(svg, 'bar same'), 40, 'the same pairs fill the 40 bins over [0, 100)');
  assert.equal(countClass(svg, 'bar different'), 1);
  assert.match(svg, /same identity \(100000 pairs\)/);
});

test('a line chart of 200,000 points spans their range', () => {
  const x = Float64Array.from({ length: count }, (_, i) => i);
  const y = Float64Array.from({ length: count }, (_, i) => Math.sin(i / 1000));
  const svg = lineChartSvg([{ name: 'long', x, y }]);
  assertWellFormed(svg);
  assert.equal(countClass(svg, 'series'), 1);
  // The x axis runs to 199,999: its last tick is 200k (formatted "2e5").
  assert.match(svg, />2e5<\/text>/);
});

test('an LR finder curve of 200,000 rates', () => {
  const learningRates = Float64Array.from({ length: count }, (_, i) => 1e-6 * 10 ** (6 * i / count));
  const losses = Float64Array.from({ length: count }, (_, i) => 2 - i / count);
  const svg = lrFinderSvg({ learningRates, losses, suggestion: 1e-3 });
  assertWellFormed(svg);
  assert.equal(countClass(svg, 'marker'), 1);
});
