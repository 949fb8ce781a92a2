// `reid catalog export` and the web app's downloads, written once: the sightings CSV or the
// capture history as text, and written atomically to a file.
import { captureHistory, captureHistoryCsv, sightingsCsv, type Catalog, type Occasion } from '../catalog/index.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { ArgumentError } from '../util/errors.ts';

export type CatalogExportFormat = 'csv' | 'capture-history';

export interface CatalogExportOptions {
  format: CatalogExportFormat;
  /** For the capture history (default by day). */
  occasion?: Occasion;
}

/** "day" | "month" | "year" | "survey-field" (the field `survey`) | "field:NAME". */
export function parseOccasion(value: string): Occasion {
  if (value === 'day' || value === 'month' || value === 'year') return { kind: value };
  if (value === 'survey-field') return { kind: 'field', field: 'survey' };
  const m = /^field:(.+)$/.exec(value);
  if (m) return { kind: 'field', field: m[1]! };
  throw new ArgumentError(`--occasion: expected day, month, year, survey-field or field:NAME but received "${value}"`);
}

/** The export as CSV text, with what it holds. */
export function catalogExportText(catalog: Catalog, options: CatalogExportOptions): { text: string; rows: number; individuals: number; occasions: number; unplaced: number } {
  const rows = catalog.exportRows();
  if (options.format === 'csv') {
    return { text: sightingsCsv(rows), rows: rows.length, individuals: new Set(rows.map((r) => r.individualId)).size, occasions: 0, unplaced: 0 };
  }
  if (options.format !== 'capture-history') throw new ArgumentError(`--format: expected csv or capture-history but received "${String(options.format)}"`);
  const history = captureHistory(rows, options.occasion ?? { kind: 'day' });
  return { text: captureHistoryCsv(history), rows: history.individuals.length, individuals: history.individuals.length, occasions: history.occasions.length, unplaced: history.unplaced };
}

export async function catalogExport(catalog: Catalog, options: CatalogExportOptions & { out: string }): Promise<ReturnType<typeof catalogExportText>> {
  const result = catalogExportText(catalog, options);
  await writeFileAtomic(options.out, result.text);
  return result;
}
