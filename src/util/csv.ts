// RFC 4180 CSV for manifests, metric tables and exported matches. Hand-written on purpose: the
// whole grammar (quoted fields, doubled quotes, CRLF) is one small state machine, and a dependency
// would bring streaming, type casting and options that reid's small in-memory tables never need.
import { ArgumentError, DataError, expected } from './errors.ts';

export interface ParseCsvOptions {
  /** Named in error messages (the file path, when parsing a file). */
  source?: string;
}

export interface ToCsvOptions {
  /** Line ending; default '\r\n' as RFC 4180 says (Excel and Python's csv module write it too). */
  newline?: '\r\n' | '\n';
}

/**
 * Parses CSV text into rows of fields. Accepts CRLF, LF or CR line ends and a leading BOM; a final
 * line end does not start an empty row. Throws DataError, naming the line, on an unterminated quote
 * or on text between a closing quote and the next separator (`"a"b`), as RFC 4180 requires. One
 * leniency, as in Excel and Python's csv module: a quote inside an unquoted field (`a"b`) is literal.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): string[][] {
  if (typeof text !== 'string') throw new ArgumentError(expected('parseCsv', 'text', 'a string', text));
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (what: string, received: string, hint: string): DataError =>
    new DataError(
      expected('parseCsv', `line ${line}`, what, received, `${options.source ? `In ${options.source}: ` : ''}${hint}`),
      { file: options.source },
    );

  if (i >= text.length) return rows;
  for (;;) {
    if (text[i] === '"') {
      // Quoted field: runs to the next quote that is not doubled; may hold separators and line ends.
      const startLine = line;
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) {
          line = startLine;
          throw fail('a closing quote', 'end of text', 'A quoted field starts here and is never closed.');
        }
        const chunk = text.slice(i, quote);
        field += chunk;
        line += chunk.split(/\r\n|\r|\n/).length - 1;
        i = quote + 1;
        if (text[i] !== '"') break;
        field += '"';
        i += 1;
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        throw fail("',' or a line end after a closing quote", JSON.stringify(text.slice(i, i + 10)), 'Double any quote inside a quoted field ("").');
      }
    } else {
      let end = i;
      while (end < text.length && text[end] !== ',' && text[end] !== '\r' && text[end] !== '\n') end += 1;
      field = text.slice(i, end);
      i = end;
    }
    row.push(field);
    field = '';
    if (text[i] === ',') {
      i += 1;
      continue;
    }
    rows.push(row);
    row = [];
    if (i >= text.length) return rows;
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    line += 1;
    if (i >= text.length) return rows;
  }
}

function quoteField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Formats rows as CSV, quoting only fields that need it; every row ends with the newline.
 * Note: a row with no fields and a row with one empty field both print as an empty line.
 */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>, options: ToCsvOptions = {}): string {
  if (!Array.isArray(rows)) throw new ArgumentError(expected('toCsv', 'rows', 'an array of rows', rows));
  const newline = options.newline ?? '\r\n';
  return rows.map((row, index) => {
    if (!Array.isArray(row)) throw new ArgumentError(expected('toCsv', `rows[${index}]`, 'an array of fields', row));
    return row.map(quoteField).join(',') + newline;
  }).join('');
}
