// A small RFC 4180 reader (quoted fields, "" escapes, CRLF) for manifests, so a path with a
// comma in it survives a round trip through a spreadsheet.
import { DataError } from '../util/errors.ts';

/** Rows of cells; `file` is named in errors. */
export function parseCsv(text: string, file: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // spreadsheets add a BOM
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      line++;
    } else cell += ch;
  }
  if (quoted) throw new DataError(`parseCsv: expected a closing quote in ${file} but the file ended (quote opened before line ${line}).`, { file });
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
