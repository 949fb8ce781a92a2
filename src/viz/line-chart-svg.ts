// Line charts: any number of series over a shared x axis (optionally log-scaled), with labelled
// marker points. lineChartPanel draws into a frame so that multi-panel figures (training
// curves) reuse it; lineChartSvg wraps one panel in a document.
import { ArgumentError } from '../util/errors.ts';
import { axesSvg, escapeXml, extent, legendRowHeight, legendSvg, linearScale, logScale, svgOpen, type Frame, type LegendEntry, type Scale } from './chart-kit.ts';
import { categoricalColour } from './palette.ts';

export interface LineSeries {
  name: string;
  x: ArrayLike<number>;
  /** Non-finite values break the line (a diverging loss, a missing epoch). */
  y: ArrayLike<number>;
  /** Default: the palette colour of the series' position. */
  colour?: string;
  dashed?: boolean;
}

export interface ChartMarker {
  x: number;
  y: number;
  label: string;
  /** Label above (default) or below the point: pick the side the line does not run through. */
  placement?: 'above' | 'below';
}

export interface LineChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  logX?: boolean;
  /** Visible y range; values outside are clipped at the frame. Default: the data's range. */
  yRange?: [number, number];
  /** Highlighted points (a suggested learning rate, a best epoch), drawn as a ring with a label. */
  markers?: readonly ChartMarker[];
  /** Default 640 × 400 for the plot area. */
  width?: number;
  height?: number;
}

export function lineChartSvg(series: readonly LineSeries[], options: LineChartOptions = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const frame = { left: 72, top: options.title ? 48 : 20, width, height };
  const legendHeight = series.length > 1 ? Math.ceil(series.length / 3) * legendRowHeight + 12 : 0;
  const parts = [svgOpen(frame.left + width + 24, frame.top + height + 56 + legendHeight, options.title), lineChartPanel(frame, series, options), '</svg>'];
  return parts.join('');
}

/** Axes, clipped lines, markers and (for several series) a legend under the frame. */
export function lineChartPanel(frame: Frame, series: readonly LineSeries[], options: Omit<LineChartOptions, 'title' | 'width' | 'height'> = {}): string {
  const fn = 'lineChartPanel';
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of series) {
    if (s.x.length !== s.y.length) throw new ArgumentError(`${fn}: expected as many y as x values in series '${s.name}' but received ${s.y.length} and ${s.x.length}.`);
    for (let i = 0; i < s.x.length; i++) {
      if (options.logX && !(s.x[i]! > 0)) throw new ArgumentError(`${fn}: expected positive x values for a log x axis but received ${s.x[i]} in series '${s.name}'.`);
      if (Number.isFinite(s.x[i]) && Number.isFinite(s.y[i])) { xs.push(s.x[i]!); ys.push(s.y[i]!); }
    }
  }
  if (xs.length === 0) throw new ArgumentError(`${fn}: expected at least one finite (x, y) point but received none.`);
  const xDomain = extent(xs);
  const x: Scale = options.logX ? logScale(xDomain, [frame.left, frame.left + frame.width]) : linearScale(xDomain, [frame.left, frame.left + frame.width], 8);
  const [yLow, yHigh] = options.yRange ?? extent(ys);
  const pad = (yHigh - yLow) * 0.04 || 0.5;
  const y = linearScale(options.yRange ? [yLow, yHigh] : [yLow - pad, yHigh + pad], [frame.top + frame.height, frame.top]);
  const clipId = `clip-${Math.round(frame.left)}-${Math.round(frame.top)}`;
  const parts = [
    `<defs><clipPath id="${clipId}"><rect x="${frame.left}" y="${frame.top}" width="${frame.width}" height="${frame.height}"/></clipPath></defs>`,
    axesSvg(frame, x, y, { xLabel: options.xLabel, yLabel: options.yLabel }),
    `<g clip-path="url(#${clipId})">`,
  ];
  const entries: LegendEntry[] = [];
  series.forEach((s, index) => {
    const colour = s.colour ?? categoricalColour(index);
    let d = '';
    let pen = false;
    for (let i = 0; i < s.x.length; i++) {
      if (!Number.isFinite(s.x[i]) || !Number.isFinite(s.y[i])) { pen = false; continue; }
      d += `${pen ? 'L' : 'M'}${x.map(s.x[i]!).toFixed(1)} ${y.map(s.y[i]!).toFixed(1)}`;
      pen = true;
    }
    const single = s.x.length === 1 ? `<circle cx="${x.map(s.x[0]!).toFixed(1)}" cy="${y.map(s.y[0]!).toFixed(1)}" r="3" fill="${colour}"/>` : '';
    parts.push(`<path class="series" data-name="${escapeXml(s.name)}" d="${d}" fill="none" stroke="${colour}" stroke-width="2.2" stroke-linejoin="round"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>${single}`);
    entries.push({ label: s.name, colour, glyph: s.dashed ? 'dashed-line' : 'line' });
  });
  parts.push('</g>');
  for (const marker of options.markers ?? []) {
    const mx = x.map(marker.x), my = y.map(marker.y);
    // Label on the side with more room, so it stays inside the frame.
    const right = mx < frame.left + frame.width * 0.6;
    const below = marker.placement === 'below' || my - frame.top < 28;
    parts.push(`<g class="marker"><circle cx="${mx.toFixed(1)}" cy="${my.toFixed(1)}" r="6" fill="none" stroke="#d62728" stroke-width="2.5"/>`
      + `<text x="${(mx + (right ? 10 : -10)).toFixed(1)}" y="${(my + (below ? 22 : -10)).toFixed(1)}" text-anchor="${right ? 'start' : 'end'}" font-size="13" fill="#d62728" font-weight="bold">${escapeXml(marker.label)}</text></g>`);
  }
  // Several series: a legend under the x-axis label, three entries per row.
  if (series.length > 1) parts.push(legendSvg(entries, frame.left, frame.top + frame.height + 62, Math.ceil(entries.length / 3), Math.floor(frame.width / 3)));
  return parts.join('');
}
