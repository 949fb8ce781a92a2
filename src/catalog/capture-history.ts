// Exports of confirmed sightings for analysis: the sightings CSV (one row per sighting, RFC 4180,
// opens in R's read.csv and pandas) and the capture history (individual × survey occasion, 0/1),
// the input of closed-population mark–recapture estimators (Lincoln–Petersen, Schnabel, Rcapture).
import { toCsv } from '../util/csv.ts';
import { ArgumentError, expected } from '../util/errors.ts';
import type { ExportRow } from './catalog-types.ts';

/** How sightings are grouped into occasions: by calendar day, month or year of their date, or by a free field (e.g. "survey"). */
export type Occasion = { kind: 'day' } | { kind: 'month' } | { kind: 'year' } | { kind: 'field'; field: string };

/** The occasion a sighting belongs to, or null when it has no date (or no such field). */
export function occasionOf(row: Pick<ExportRow, 'date' | 'fields'>, occasion: Occasion): string | null {
  if (occasion.kind === 'field') {
    const v = row.fields[occasion.field];
    return v === undefined || v === '' ? null : String(v);
  }
  if (row.date === null) return null;
  const length = occasion.kind === 'day' ? 10 : occasion.kind === 'month' ? 7 : 4;
  return row.date.slice(0, length);
}

export interface CaptureHistory {
  /** Row labels: individual names, in id order. */
  individuals: string[];
  /** Column labels, sorted (ISO dates sort in time order; field values naturally). */
  occasions: string[];
  /** individuals × occasions, row-major: 1 when the individual was sighted at that occasion. */
  matrix: Uint8Array;
  /** Confirmed sightings left out for want of an occasion (no date, or no such field). */
  unplaced: number;
}

export function captureHistory(rows: readonly ExportRow[], occasion: Occasion): CaptureHistory {
  if (occasion.kind === 'field' && (typeof occasion.field !== 'string' || occasion.field === '')) {
    throw new ArgumentError(expected('captureHistory', 'occasion.field', 'a field name', occasion.field));
  }
  const byId = new Map<number, string>();
  const seen = new Map<number, Set<string>>();
  const occasions = new Set<string>();
  let unplaced = 0;
  for (const row of [...rows].sort((a, b) => a.individualId - b.individualId)) {
    byId.set(row.individualId, row.individual);
    const at = occasionOf(row, occasion);
    if (at === null) {
      unplaced++;
      continue;
    }
    occasions.add(at);
    if (!seen.has(row.individualId)) seen.set(row.individualId, new Set());
    seen.get(row.individualId)!.add(at);
  }
  // Individuals never placed at any occasion have an all-zero history, which estimators cannot use.
  const ids = [...byId.keys()].filter((id) => seen.has(id));
  const columns = [...occasions].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const matrix = new Uint8Array(ids.length * columns.length);
  ids.forEach((id, r) => columns.forEach((c, j) => { matrix[r * columns.length + j] = seen.get(id)!.has(c) ? 1 : 0; }));
  return { individuals: ids.map((id) => byId.get(id)!), occasions: columns, matrix, unplaced };
}

/** "individual,<occasion>,…" then one 0/1 row per individual: `read.csv(f, row.names = 1)` gives the matrix. */
export function captureHistoryCsv(history: CaptureHistory): string {
  const t = history.occasions.length;
  const rows = history.individuals.map((name, r) => [name, ...Array.from(history.matrix.subarray(r * t, (r + 1) * t))]);
  return toCsv([['individual', ...history.occasions], ...rows]);
}

/** One row per confirmed sighting; free fields become columns (sorted) after the fixed ones. */
export function sightingsCsv(rows: readonly ExportRow[]): string {
  const fieldNames = [...new Set(rows.flatMap((r) => Object.keys(r.fields)))].sort();
  const fixed = ['individual_id', 'individual', 'sighting', 'encounter', 'date', 'location', 'photographer', 'file', 'original_name', 'image_sha256', 'crop_x', 'crop_y', 'crop_w', 'crop_h'];
  const header = [...fixed, ...fieldNames.map((f) => (fixed.includes(f) ? `field_${f}` : f))];
  const body = rows.map((r) => [
    r.individualId, r.individual, r.sighting, r.encounter, r.date ?? '', r.location ?? '', r.photographer ?? '', r.file, r.originalName, r.imageHash,
    r.crop?.x ?? '', r.crop?.y ?? '', r.crop?.w ?? '', r.crop?.h ?? '',
    ...fieldNames.map((f) => (r.fields[f] === undefined ? '' : String(r.fields[f]))),
  ]);
  return toCsv([header, ...body]);
}
