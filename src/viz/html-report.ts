// A self-contained HTML report: title, summary, metric tables, the configuration as JSON and
// the figures, with SVG inlined and PNG embedded as data: URIs. A Content-Security-Policy that
// allows only inline styles and data: images makes "opens offline, fetches nothing" a property
// the browser enforces, not just one we hope for.
import { formatCell, integerColumn, type TableCell } from '../eval/index.ts';
import { ArgumentError } from '../util/errors.ts';
import { escapeXml } from './chart-kit.ts';

export interface ReportTable {
  title: string;
  rows: readonly object[];
  /** Column order; default: keys in order of first appearance. */
  columns?: readonly string[];
  /** Decimals for non-integer numbers. Default 4. */
  digits?: number;
  /** Columns of fractions: every number gets `digits` decimals (see formatTable). */
  fractionColumns?: readonly string[];
}

export interface ReportFigure {
  title: string;
  caption?: string;
  /** An SVG document (from the chart functions), inlined. */
  svg?: string;
  /** PNG bytes, embedded as a data: URI. */
  png?: Uint8Array;
}

export interface HtmlReportInput {
  title: string;
  /** Plain text; blank lines separate paragraphs. */
  summary?: string;
  tables?: readonly ReportTable[];
  figures?: readonly ReportFigure[];
  /** Local-feature match pictures (query beside a candidate, verified correspondences drawn), in one section; none: no section. */
  matchPictures?: readonly ReportFigure[];
  /** Any JSON-serialisable configuration, shown verbatim. */
  config?: unknown;
  /** Shown under the title; default: none (keeps reports reproducible byte for byte). */
  generatedAt?: string;
}

const style = `body{font-family:"DejaVu Sans",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222;line-height:1.45}
h1{margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.6rem 0 1.2rem}th,td{padding:.3rem .8rem;border-bottom:1px solid #e4e4e4;text-align:left}
td.number{text-align:right;font-variant-numeric:tabular-nums}th{background:#f4f4f4}
figure{margin:1.2rem 0 2rem}figure svg,figure img{max-width:100%;height:auto;display:block;border:1px solid #eee}
figcaption{color:#555;margin-top:.4rem}pre{background:#f6f6f6;padding:.8rem;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere;border:1px solid #e4e4e4}
.meta{color:#666}`;

export function htmlReport(input: HtmlReportInput): string {
  if (typeof input.title !== 'string' || input.title.length === 0) throw new ArgumentError('htmlReport: expected a non-empty string for input.title but received none.');
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(input.title)}</title><style>${style}</style></head><body>`,
    `<h1>${escapeXml(input.title)}</h1>`,
  ];
  if (input.generatedAt) parts.push(`<p class="meta">${escapeXml(input.generatedAt)}</p>`);
  if (input.summary) for (const paragraph of input.summary.split(/\n\s*\n/)) parts.push(`<p>${escapeXml(paragraph.trim())}</p>`);
  for (const table of input.tables ?? []) parts.push(tableHtml(table));
  (input.figures ?? []).forEach((figure, i) => parts.push(figureHtml(figure, i)));
  if (input.matchPictures?.length) {
    parts.push('<h2>Match pictures</h2>');
    input.matchPictures.forEach((picture, i) => parts.push(figureHtml(picture, (input.figures?.length ?? 0) + i).replace(/^<h2>(.*)<\/h2>/, '<h3>$1</h3>')));
  }
  if (input.config !== undefined) parts.push('<h2>Configuration</h2>', `<pre class="config">${escapeXml(JSON.stringify(input.config, null, 2) ?? 'undefined')}</pre>`);
  parts.push('</body></html>');
  return parts.join('\n');
}

function tableHtml(table: ReportTable): string {
  const rows = table.rows as readonly Readonly<Record<string, TableCell>>[];
  const columns = table.columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const head = columns.map((c) => `<th>${escapeXml(c)}</th>`).join('');
  const integers = new Map(columns.map((c) => [c, !table.fractionColumns?.includes(c) && integerColumn(rows, c)]));
  const body = rows.map((row) => `<tr>${columns.map((c) => {
    const value = row[c];
    return `<td${typeof value === 'number' ? ' class="number"' : ''}>${escapeXml(formatCell(value, table.digits ?? 4, integers.get(c)))}</td>`;
  }).join('')}</tr>`).join('\n');
  return `<h2>${escapeXml(table.title)}</h2>\n<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function figureHtml(figure: ReportFigure, index: number): string {
  let content: string;
  if (figure.svg !== undefined) {
    // Inline SVG in HTML needs neither the XML prolog nor the namespace (the parser supplies it);
    // ids are prefixed per figure so clip paths of different charts cannot collide.
    content = figure.svg
      .replace(/<\?xml[^>]*\?>\s*/g, '')
      .replace(/ xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, '')
      .replace(/ id="([^"]+)"/g, ` id="f${index}-$1"`)
      .replace(/url\(#([^)]+)\)/g, `url(#f${index}-$1)`)
      .replace('<svg ', `<svg role="img" aria-label="${escapeXml(figure.title)}" `);
  } else if (figure.png !== undefined) {
    content = `<img alt="${escapeXml(figure.title)}" src="data:image/png;base64,${Buffer.from(figure.png).toString('base64')}">`;
  } else {
    throw new ArgumentError(`htmlReport: expected svg or png for figure '${figure.title}' but received neither.`);
  }
  return `<h2>${escapeXml(figure.title)}</h2>\n<figure class="figure">${content}${figure.caption ? `<figcaption>${escapeXml(figure.caption)}</figcaption>` : ''}</figure>`;
}
