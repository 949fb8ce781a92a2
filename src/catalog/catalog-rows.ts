// SQL rows → the store's records (catalog-types.ts): snake_case columns to camelCase fields,
// JSON columns parsed, crops gathered.
import type { CatalogEvent, Decision, Individual, Matching, Sighting, SightingStatus } from './catalog-types.ts';

export interface IndividualRow { id: number; name: string; notes: string; created: string; merged_into: number | null }
export interface SightingRow {
  id: number; encounter: number; image_hash: string; image_ext: string; original_name: string;
  date: string | null; location: string | null; photographer: string | null;
  crop_x: number | null; crop_y: number | null; crop_w: number | null; crop_h: number | null;
  fields: string; individual: number | null; status: string; created: string;
}
export interface DecisionRow { id: number; sighting: number; decision: string; individual: number | null; who: string; at: string; event: number }
export interface EventRow { id: number; at: string; who: string; kind: string; undoes: number | null; payload: string; changes: string }
export interface MatchingRow { sighting: number; model_fingerprint: string; verdict: string; computed: string }

export function individualFromRow(r: IndividualRow): Individual {
  return { id: r.id, name: r.name, notes: r.notes, created: r.created, mergedInto: r.merged_into };
}

export function sightingFromRow(r: SightingRow): Sighting {
  return {
    id: r.id, encounter: r.encounter, imageHash: r.image_hash, imageExt: r.image_ext, originalName: r.original_name,
    date: r.date, location: r.location, photographer: r.photographer,
    crop: r.crop_x === null ? null : { x: r.crop_x, y: r.crop_y!, w: r.crop_w!, h: r.crop_h! },
    fields: JSON.parse(r.fields) as Sighting['fields'], individual: r.individual, status: r.status as SightingStatus, created: r.created,
  };
}

export function decisionFromRow(r: DecisionRow): Decision {
  return { id: r.id, sighting: r.sighting, decision: r.decision as Decision['decision'], individual: r.individual, who: r.who, at: r.at, event: r.event };
}

export function eventFromRow(r: EventRow, undoable: boolean): CatalogEvent {
  return { id: r.id, at: r.at, who: r.who, kind: r.kind as CatalogEvent['kind'], undoes: r.undoes, payload: JSON.parse(r.payload) as Record<string, unknown>, undoable };
}

export function matchingFromRow(r: MatchingRow): Matching {
  return { sighting: r.sighting, modelFingerprint: r.model_fingerprint, verdict: r.verdict as Matching['verdict'], computed: r.computed };
}
