// Metric tables for the terminal: aligned columns, numbers right-aligned with a fixed number of
// decimals, missing values shown as "n/a" rather than "NaN". Integers print as integers in an
// all-integer column (counts, epochs); in a mixed column an exact 0 or 1 gets decimals like the
// fractions around it. Columns named in fractionColumns always get decimals.

export type TableCell = string | number | boolean | null | undefined;

export interface FormatTableOptions {
  /** Column order; default: keys in order of first appearance. */
  columns?: readonly string[];
  /** Decimals for non-integer numbers. Default 4. */
  digits?: number;
  /** Columns of fractions (metrics): every number gets `digits` decimals, even an exact 0 or 1. */
  fractionColumns?: readonly string[];
}

/**
 * Formats one cell as formatTable would (also used by the HTML report). `integerColumn`: the
 * column holds only integers, so 0 and 1 are counts rather than fractions.
 */
export function formatCell(value: TableCell, digits = 4, integerColumn = false): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'n/a';
    if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
    return Number.isInteger(value) && (integerColumn || Math.abs(value) > 1) ? String(value) : value.toFixed(digits);
  }
  return String(value);
}

/** Whether every number in the column is an integer (NaN and missing cells aside): formatTable prints those as integers. */
export function integerColumn(rows: readonly Readonly<Record<string, TableCell>>[], column: string): boolean {
  return rows.every((row) => { const v = row[column]; return typeof v !== 'number' || !Number.isFinite(v) || Number.isInteger(v); });
}

/** Rows are plain records (interfaces such as MetricRow included); cells are TableCell values. */
export function formatTable<Row extends object>(records: readonly Row[], options: FormatTableOptions = {}): string {
  const rows = records as readonly Readonly<Record<string, TableCell>>[];
  const columns = options.columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const digits = options.digits ?? 4;
  const integers = columns.map((column) => !options.fractionColumns?.includes(column) && integerColumn(rows, column));
  const cells = rows.map((row) => columns.map((column, c) => formatCell(row[column], digits, integers[c])));
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
