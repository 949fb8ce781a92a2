// Distances between same-identity pairs and different-identity pairs as two overlaid
// histograms, each normalised to fractions of its own pairs (different pairs outnumber same
// pairs by orders of magnitude), with the decision threshold drawn as a vertical line. The
// overlap between the two is exactly where open-set decisions go wrong.
import { ArgumentError } from '../util/errors.ts';
import { axesSvg, escapeXml, extent, formatNumber, legendSvg, linearScale, svgOpen } from './chart-kit.ts';

export interface DistanceHistogramOptions {
  title?: string;
  /** Draw a vertical line here, labelled with its value. */
  threshold?: number;
  /** Default 40. */
  bins?: number;
  xLabel?: string;
}

const sameColour = '#2ca02c';
const differentColour = '#d62728';

export function distanceHistogramSvg(same: ArrayLike<number>, different: ArrayLike<number>, options: DistanceHistogramOptions = {}): string {
  const bins = options.bins ?? 40;
  if (!Number.isInteger(bins) || bins < 1) throw new ArgumentError(`distanceHistogramSvg: expected a positive integer for options.bins but received ${bins}.`);
  const [sameLow, sameHigh] = extent(same);
  const [differentLow, differentHigh] = extent(different);
  let low = Math.min(sameLow, differentLow), high = Math.max(sameHigh, differentHigh);
  if (low > high) throw new ArgumentError('distanceHistogramSvg: expected finite distances in same or different but received none.');
  if (options.threshold !== undefined && Number.isFinite(options.threshold)) { low = Math.min(low, options.threshold); high = Math.max(high, options.threshold); }
  if (!(high > low)) { low -= 0.5; high += 0.5; }
  const binWidth = (high - low) / bins;
  const fractions = (values: ArrayLike<number>): number[] => {
    const counts = new Array<number>(bins).fill(0);
    let total = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      counts[Math.min(bins - 1, Math.floor((v - low) / binWidth))]!++;
      total++;
    }
    return counts.map((c) => (total > 0 ? c / total : 0));
  };
  const sameFractions = fractions(same);
  const differentFractions = fractions(different);
  const frame = { left: 72, top: options.title === '' ? 20 : 48, width: 640, height: 360 };
  const x = linearScale([low, high], [frame.left, frame.left + frame.width], 8);
  const y = linearScale([0, Math.max(extent(sameFractions)[1], extent(differentFractions)[1]) * 1.08], [frame.top + frame.height, frame.top]);
  const parts = [svgOpen(frame.left + frame.width + 24, frame.top + frame.height + 90, options.title ?? 'Distances between pairs')];
  parts.push(axesSvg(frame, x, y, { xLabel: options.xLabel ?? 'distance', yLabel: 'fraction of pairs' }));
  const bars = (values: number[], kind: string, colour: string): void => {
    values.forEach((fraction, b) => {
      if (fraction === 0) return;
      const x0 = x.map(low + b * binWidth), x1 = x.map(low + (b + 1) * binWidth);
      const y0 = y.map(fraction);
      parts.push(`<rect class="bar ${kind}" x="${x0.toFixed(1)}" y="${y0.toFixed(1)}" width="${(x1 - x0).toFixed(1)}" height="${(frame.top + frame.height - y0).toFixed(1)}" fill="${colour}" fill-opacity="0.45" stroke="${colour}" stroke-width="0.8"/>`);
    });
  };
  bars(differentFractions, 'different', differentColour);
  bars(sameFractions, 'same', sameColour);
  if (options.threshold !== undefined && Number.isFinite(options.threshold)) {
    const tx = x.map(options.threshold);
    const right = tx < frame.left + frame.width * 0.75;
    parts.push(`<g class="threshold"><line x1="${tx.toFixed(1)}" y1="${frame.top}" x2="${tx.toFixed(1)}" y2="${frame.top + frame.height}" stroke="#000000" stroke-width="2" stroke-dasharray="6 4"/>`
      + `<text x="${(tx + (right ? 6 : -6)).toFixed(1)}" y="${frame.top + 18}" text-anchor="${right ? 'start' : 'end'}" font-size="13" font-weight="bold">${escapeXml(`threshold ${formatNumber(options.threshold)}`)}</text></g>`);
  }
  parts.push(legendSvg([
    { label: `same identity (${same.length} pairs)`, colour: sameColour, glyph: 'bar' },
    { label: `different identities (${different.length} pairs)`, colour: differentColour, glyph: 'bar' },
  ], frame.left, frame.top + frame.height + 64, 1, 300));
  parts.push('</svg>');
  return parts.join('');
}
