// Metric tables for the terminal: aligned columns, numbers right-aligned with a fixed number of
// decimals (integers stay integers), missing values shown as "n/a" rather than "NaN".

export type TableCell = string | number | boolean | null | undefined;

export interface FormatTableOptions {
  /** Column order; default: keys in order of first appearance. */
  columns?: readonly string[];
  /** Decimals for non-integer numbers. Default 4. */
  digits?: number;
}

/** Formats one cell as formatTable would (also used by the HTML report). */
export function formatCell(value: TableCell, digits = 4): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'n/a';
    if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
    return Number.isInteger(value) ? String(value) : value.toFixed(digits);
  }
  return String(value);
}

/** Rows are plain records (interfaces such as MetricRow included); cells are TableCell values. */
export function formatTable<Row extends object>(records: readonly Row[], options: FormatTableOptions = {}): string {
  const rows = records as readonly Readonly<Record<string, TableCell>>[];
  const columns = options.columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const digits = options.digits ?? 4;
  const cells = rows.map((row) => columns.map((column) => formatCell(row[column], digits)));
  const numeric = columns.map((column) => rows.some((row) => typeof row[column] === 'number') && rows.every((row) => typeof row[column] !== 'string'));
  const widths = columns.map((column, c) => Math.max(column.length, ...cells.map((line) => line[c]!.length)));
  const pad = (text: string, c: number): string => (numeric[c] ? text.padStart(widths[c]!) : text.padEnd(widths[c]!));
  const lines = [
    columns.map((column, c) => pad(column, c)).join('  '),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.map((line) => line.map((text, c) => pad(text, c)).join('  ')),
  ];
  return lines.map((line) => line.trimEnd()).join('\n');
}
