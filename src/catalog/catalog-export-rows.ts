// The rows of the sightings export and the capture histories: one per confirmed sighting, on its
// live individual, by individual then date (undated last), then sighting id.
import type Database from 'better-sqlite3';
import { individualSummaries, listSightings } from './catalog-reads.ts';
import type { ExportRow } from './catalog-types.ts';
import { imagePath } from './image-store.ts';

export function exportRows(db: Database.Database): ExportRow[] {
  const names = new Map(individualSummaries(db, { includeMerged: true }).map((i) => [i.id, i.name]));
  return listSightings(db, { status: 'confirmed' })
    .map((s) => ({
      individualId: s.individual!, individual: names.get(s.individual!)!, sighting: s.id, encounter: s.encounter, date: s.date, location: s.location,
      photographer: s.photographer, file: imagePath('', s.imageHash, s.imageExt), originalName: s.originalName, imageHash: s.imageHash, crop: s.crop, fields: s.fields,
    }))
    .sort((a, b) => a.individualId - b.individualId || (a.date ?? '\uffff').localeCompare(b.date ?? '\uffff') || a.sighting - b.sighting);
}
