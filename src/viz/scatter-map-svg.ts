// A 2-D embedding map as SVG: one dot per item coloured by identity, a legend beside the plot
// (never over the points), and chosen items (say, a newly enrolled individual) marked with a
// cross in a box on top of their dot so they stand out in a crowd of thousands.
import { ArgumentError, ShapeError } from '../util/errors.ts';
import { axesSvg, boxCrossSvg, escapeXml, legendRowHeight, legendSvg, linearScale, svgOpen, type LegendEntry } from './chart-kit.ts';
import { categoricalColour } from './palette.ts';

export interface ScatterMapOptions {
  title?: string;
  /** Legend text per label. Default: "identity <label>". */
  labelNames?: ReadonlyMap<number, string>;
  /** Indices of items to mark with a cross in a box. */
  highlight?: ArrayLike<number>;
  /** Legend text for the highlight glyph. Default "highlighted". */
  highlightName?: string;
  /** Axis names. Default ['dimension 1', 'dimension 2'], e.g. ['t-SNE 1', 't-SNE 2']. */
  axisNames?: [string, string];
  /** Plot area side in pixels (the legend adds width). Default 560. */
  size?: number;
  /** Legend entries at most; the rest are summarised in one line. Default 40. */
  maxLegendEntries?: number;
}

/** `layout` is n × 2 (e.g. from embed2d); `labels[i]` is item i's identity. */
export function scatterMapSvg(layout: Float32Array, labels: Int32Array, options: ScatterMapOptions = {}): string {
  const fn = 'scatterMapSvg';
  const n = labels.length;
  if (layout.length !== 2 * n) throw new ShapeError(`${fn}: expected ${2 * n} values for layout (n × 2, n = labels.length) but received ${layout.length}.`);
  const highlight = Array.from(options.highlight ?? []);
  for (const i of highlight) if (!Number.isInteger(i) || i < 0 || i >= n) throw new ArgumentError(`${fn}: expected item indices in [0, ${n}) for options.highlight but received ${i}.`);
  const size = options.size ?? 560;
  const identities = [...new Set(labels)].sort((a, b) => a - b);
  const colourOf = new Map(identities.map((label, i) => [label, categoricalColour(i)]));
  const name = (label: number): string => options.labelNames?.get(label) ?? `identity ${label}`;

  // An identity whose every item is highlighted is already named by the highlight entry.
  const highlighted = new Set(highlight);
  const shownAlone = identities.filter((label) => labels.some((l, i) => l === label && !highlighted.has(i)));
  const entries: LegendEntry[] = shownAlone.map((label) => ({ label: name(label), colour: colourOf.get(label)!, glyph: 'dot' }));
  const maxEntries = options.maxLegendEntries ?? 40;
  if (entries.length > maxEntries) {
    const hidden = entries.length - (maxEntries - 1);
    entries.splice(maxEntries - 1, entries.length, { label: `… ${hidden} more identities`, colour: '#bbbbbb', glyph: 'dot' });
  }
  if (highlight.length > 0) entries.push({ label: options.highlightName ?? 'highlighted', colour: '#000000', glyph: 'box-cross' });

  const frame = { left: 40, top: options.title ? 44 : 16, width: size, height: size };
  const rowsPerColumn = Math.max(1, Math.floor(size / legendRowHeight));
  const longest = Math.max(...entries.map((e) => e.label.length), 4);
  const columnWidth = 30 + Math.ceil(longest * 7.4);
  const columns = Math.ceil(entries.length / rowsPerColumn);
  const width = frame.left + size + 24 + columns * columnWidth + 8;
  const height = frame.top + size + 34;

  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = layout[2 * i]!, y = layout[2 * i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new ArgumentError(`${fn}: expected finite coordinates in layout but received (${x}, ${y}) for item ${i}.`);
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  // Equal units on both axes (distances in a map mean something) and a margin so no dot touches the frame.
  const span = Math.max(maxX - minX, maxY - minY, 1e-12) * 1.08;
  const midX = (minX + maxX) / 2, midY = (minY + maxY) / 2;
  const xScale = linearScale([midX - span / 2, midX + span / 2], [frame.left, frame.left + size]);
  const yScale = linearScale([midY - span / 2, midY + span / 2], [frame.top + size, frame.top]);
  const radius = Math.min(4, Math.max(1.1, 4 * Math.sqrt(300 / Math.max(n, 1)))).toFixed(2);

  const parts = [svgOpen(width, height, options.title)];
  parts.push(axesSvg(frame, xScale, yScale, { ticks: false, xLabel: options.axisNames?.[0] ?? 'dimension 1', yLabel: options.axisNames?.[1] ?? 'dimension 2' }));
  for (const label of identities) {
    parts.push(`<g class="identity" data-label="${label}" fill="${colourOf.get(label)}" fill-opacity="0.85">`);
    for (let i = 0; i < n; i++) {
      if (labels[i] !== label) continue;
      parts.push(`<circle class="point" cx="${xScale.map(layout[2 * i]!).toFixed(1)}" cy="${yScale.map(layout[2 * i + 1]!).toFixed(1)}" r="${radius}"/>`);
    }
    parts.push('</g>');
  }
  if (highlight.length > 0) {
    parts.push(`<g class="highlights"><title>${escapeXml(options.highlightName ?? 'highlighted')}</title>`);
    for (const i of highlight) parts.push(`<g class="highlight">${boxCrossSvg(xScale.map(layout[2 * i]!), yScale.map(layout[2 * i + 1]!), 5, '#000000')}</g>`);
    parts.push('</g>');
  }
  parts.push(legendSvg(entries, frame.left + size + 24, frame.top + 10, rowsPerColumn, columnWidth));
  parts.push('</svg>');
  return parts.join('');
}
