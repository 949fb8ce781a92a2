import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { scatterMapSvg } from '../../src/viz/scatter-map-svg.ts';
import { categoricalColour } from '../../src/viz/palette.ts';
import { Random } from '../../src/util/random.ts';
import { assertWellFormed, countClass } from './svg-checks.ts';

function layoutOf(n: number, classes: number, seed: number): { layout: Float32Array; labels: Int32Array } {
  const random = new Random(seed);
  const labels = Int32Array.from({ length: n }, (_, i) => (i % classes) * 3);
  const layout = Float32Array.from({ length: 2 * n }, (_, t) => random.normal(labels[t >> 1]! * 2, 1));
  return { layout, labels };
}

test('one point mark per item, one legend entry per identity, one glyph per highlighted item', async () => {
  const { layout, labels } = layoutOf(250, 12, 1);
  const svg = scatterMapSvg(layout, labels, { title: 'map & <legend>', highlight: [3, 7, 11, 200], highlightName: 'star' });
  assertWellFormed(svg);
  assert.equal(countClass(svg, 'point'), 250);
  assert.equal(countClass(svg, 'legend-entry'), 12 + 1);
  assert.equal(countClass(svg, 'highlight'), 4);
  assert.match(svg, /map &amp; &lt;legend&gt;/);
  assert.match(svg, /font-family="DejaVu Sans, sans-serif"/);
  const meta = await sharp(Buffer.from(svg)).metadata(); // librsvg parses it
  assert.equal(meta.format, 'svg');
});

test('an identity shown only as highlighted items gets the highlight entry, not a second dot entry', () => {
  const labels = Int32Array.from([0, 0, 1, 1, 2, 2]);
  const layout = Float32Array.from([0, 0, 1, 0, 5, 5, 6, 5, 9, 9, 9, 8]);
  const svg = scatterMapSvg(layout, labels, { labelNames: new Map([[0, 'zero'], [1, 'one'], [2, 'star']]), highlight: [4, 5], highlightName: 'star (new glyph)' });
  assert.equal(countClass(svg, 'legend-entry'), 3);
  assert.doesNotMatch(svg, />star</);
  assert.match(svg, />star \(new glyph\)</);
});

test('the legend sits right of the plot, clear of every point', () => {
  const { layout, labels } = layoutOf(120, 5, 2);
  const svg = scatterMapSvg(layout, labels);
  const maxPointX = Math.max(...[...svg.matchAll(/class="point" cx="([\d.]+)"/g)].map((m) => Number(m[1])));
  const legendX = Math.min(...[...svg.matchAll(/<g class="legend-entry"><circle cx="([\d.]+)"/g)].map((m) => Number(m[1])));
  assert.ok(legendX > maxPointX + 10, `legend at ${legendX}, points up to ${maxPointX}`);
});

test('points are coloured by identity with distinct colours for at least 20 identities', () => {
  const colours = Array.from({ length: 20 }, (_, i) => categoricalColour(i));
  assert.equal(new Set(colours).size, 20);
  const { layout, labels } = layoutOf(40, 20, 3);
  const svg = scatterMapSvg(layout, labels);
  assert.equal((svg.match(/<g class="identity"/g) ?? []).length, 20);
});

test('very many identities are summarised in the legend', () => {
  const { layout, labels } = layoutOf(200, 100, 4);
  const svg = scatterMapSvg(layout, labels, { maxLegendEntries: 30 });
  assert.equal(countClass(svg, 'legend-entry'), 30);
  assert.match(svg, /… 71 more identities/);
});

test('bad input names the function and parameter', () => {
  assert.throws(() => scatterMapSvg(new Float32Array(3), Int32Array.from([1, 2])), /scatterMapSvg: expected 4 values for layout/);
  assert.throws(() => scatterMapSvg(new Float32Array(4), Int32Array.from([1, 2]), { highlight: [2] }), /options.highlight but received 2/);
});
