// The shared parts of the hand-written SVG charts: document wrapper, scales with readable
// ticks, axes with labels, and legends. Charts are drawn directly as SVG text so that every
// mark is under our control and countable in tests; text uses DejaVu Sans, which librsvg
// (sharp) and Chromium both find, so PNG and HTML renderings match.

export const fontFamily = 'DejaVu Sans, sans-serif';

export interface Frame { left: number; top: number; width: number; height: number }

export interface Scale {
  domain: [number, number];
  /** Data value to pixel coordinate. */
  map(value: number): number;
  ticks: number[];
  log: boolean;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Short tick text: 0.25, 1.5k, 1e-4. */
export function formatNumber(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return value.toExponential(0).replace('e+', 'e');
  if (magnitude >= 1e3) return `${+(value / 1e3).toFixed(1)}k`;
  return String(+value.toPrecision(3));
}

/**
 * [smallest, largest] of the finite values ([∞, −∞] when there are none). A loop, because
 * Math.min(...values) passes every value as an argument and overflows the stack near 10⁵.
 */
export function extent(values: ArrayLike<number>): [number, number] {
  let low = Number.POSITIVE_INFINITY, high = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return [low, high];
}

/** 1-2-5 steps giving about `count` ticks inside [min, max]. */
export function niceTicks(min: number, max: number, count = 6): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step - 1e-9) * step; t <= max + step * 1e-9; t += step) ticks.push(+t.toPrecision(12));
  return ticks;
}

export function linearScale(domain: [number, number], range: [number, number], tickCount = 6): Scale {
  let [low, high] = domain;
  if (!(high > low)) { low -= 0.5; high += 0.5; }
  const span = high - low;
  return { domain: [low, high], map: (v) => range[0] + ((v - low) / span) * (range[1] - range[0]), ticks: niceTicks(low, high, tickCount), log: false };
}

/** Base-10 log scale; ticks at powers of ten (with 2 and 5 when it spans few decades). */
export function logScale(domain: [number, number], range: [number, number]): Scale {
  const low = Math.log10(domain[0]);
  const high = Math.log10(domain[1] > domain[0] ? domain[1] : domain[0] * 10);
  const ticks: number[] = [];
  const multiples = high - low <= 3 ? [1, 2, 5] : [1];
  for (let p = Math.floor(low); p <= Math.ceil(high); p++) {
    for (const m of multiples) { const t = +(m * 10 ** p).toPrecision(12); if (Math.log10(t) >= low - 1e-9 && Math.log10(t) <= high + 1e-9) ticks.push(t); }
  }
  return { domain: [10 ** low, 10 ** high], map: (v) => range[0] + ((Math.log10(v) - low) / (high - low)) * (range[1] - range[0]), ticks, log: true };
}

/** Opening tag with a white background; the caller appends marks and `</svg>`. */
export function svgOpen(width: number, height: number, title?: string): string {
  const w = Math.ceil(width), h = Math.ceil(height);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${fontFamily}" font-size="13">`
    + `<rect class="background" width="${w}" height="${h}" fill="#ffffff"/>`
    + (title ? `<text class="title" x="${w / 2}" y="24" text-anchor="middle" font-size="17" font-weight="bold">${escapeXml(title)}</text>` : '');
}

export interface AxesOptions {
  xLabel?: string;
  yLabel?: string;
  /** Draw tick marks and numbers. Default true (maps of t-SNE coordinates turn them off). */
  ticks?: boolean;
  grid?: boolean;
}

export function axesSvg(frame: Frame, x: Scale, y: Scale, options: AxesOptions = {}): string {
  const { left, top, width, height } = frame;
  const bottom = top + height;
  const parts: string[] = [`<g class="axes" font-size="12" fill="#333333">`];
  if (options.ticks !== false) {
    for (const t of x.ticks) {
      const px = x.map(t).toFixed(1);
      if (options.grid !== false) parts.push(`<line x1="${px}" y1="${top}" x2="${px}" y2="${bottom}" stroke="#e6e6e6"/>`);
      parts.push(`<line x1="${px}" y1="${bottom}" x2="${px}" y2="${bottom + 5}" stroke="#333333"/><text x="${px}" y="${bottom + 19}" text-anchor="middle">${escapeXml(formatNumber(t))}</text>`);
    }
    for (const t of y.ticks) {
      const py = y.map(t).toFixed(1);
      if (options.grid !== false) parts.push(`<line x1="${left}" y1="${py}" x2="${left + width}" y2="${py}" stroke="#e6e6e6"/>`);
      parts.push(`<line x1="${left - 5}" y1="${py}" x2="${left}" y2="${py}" stroke="#333333"/><text x="${left - 8}" y="${py}" dy="0.35em" text-anchor="end">${escapeXml(formatNumber(t))}</text>`);
    }
  }
  parts.push(`<rect x="${left}" y="${top}" width="${width}" height="${height}" fill="none" stroke="#333333"/>`);
  if (options.xLabel) parts.push(`<text class="axis-label" x="${left + width / 2}" y="${bottom + (options.ticks === false ? 22 : 40)}" text-anchor="middle" font-size="14">${escapeXml(options.xLabel)}</text>`);
  if (options.yLabel) {
    const yx = left - (options.ticks === false ? 14 : 50);
    parts.push(`<text class="axis-label" transform="translate(${yx} ${top + height / 2}) rotate(-90)" text-anchor="middle" font-size="14">${escapeXml(options.yLabel)}</text>`);
  }
  parts.push('</g>');
  return parts.join('');
}

export type LegendGlyph = 'dot' | 'line' | 'dashed-line' | 'box-cross' | 'bar';

export interface LegendEntry { label: string; colour: string; glyph: LegendGlyph }

export const legendRowHeight = 20;

/** Legend laid out in columns of `rowsPerColumn`, top-left at (x, y); each entry is one `legend-entry` group. */
export function legendSvg(entries: readonly LegendEntry[], x: number, y: number, rowsPerColumn: number, columnWidth: number): string {
  const parts = ['<g class="legend" font-size="12">'];
  entries.forEach((entry, i) => {
    const ex = x + Math.floor(i / rowsPerColumn) * columnWidth;
    const ey = y + (i % rowsPerColumn) * legendRowHeight;
    parts.push(`<g class="legend-entry">${glyphSvg(entry, ex + 8, ey)}<text x="${ex + 22}" y="${ey}" dy="0.35em">${escapeXml(entry.label)}</text></g>`);
  });
  parts.push('</g>');
  return parts.join('');
}

function glyphSvg(entry: LegendEntry, cx: number, cy: number): string {
  switch (entry.glyph) {
    case 'dot': return `<circle cx="${cx}" cy="${cy}" r="5" fill="${entry.colour}"/>`;
    case 'line': return `<line x1="${cx - 8}" y1="${cy}" x2="${cx + 8}" y2="${cy}" stroke="${entry.colour}" stroke-width="2.5"/>`;
    case 'dashed-line': return `<line x1="${cx - 8}" y1="${cy}" x2="${cx + 8}" y2="${cy}" stroke="${entry.colour}" stroke-width="2.5" stroke-dasharray="4 3"/>`;
    case 'box-cross': return boxCrossSvg(cx, cy, 6, entry.colour);
    case 'bar': return `<rect x="${cx - 7}" y="${cy - 6}" width="14" height="12" fill="${entry.colour}" fill-opacity="0.55" stroke="${entry.colour}"/>`;
  }
}

/** A cross inside a square of half-size `half`: the highlight glyph of the scatter map. */
export function boxCrossSvg(cx: number, cy: number, half: number, colour: string): string {
  const a = (cx - half).toFixed(1), b = (cx + half).toFixed(1), c = (cy - half).toFixed(1), d = (cy + half).toFixed(1);
  return `<path d="M${a} ${c}H${b}V${d}H${a}Z M${a} ${c}L${b} ${d} M${b} ${c}L${a} ${d}" fill="#ffffff" fill-opacity="0.6" stroke="${colour}" stroke-width="1.4"/>`;
}
