// Checks on what callers hand the store, before SQL sees it: each refusal names the function,
// the field and what was received (the schema's CHECK constraints are the second line of defence).
import { ArgumentError, expected } from '../util/errors.ts';
import type { Crop, FieldValue, NewCandidate, NewSighting } from './catalog-types.ts';

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date (2024-05-31) or date-time (2024-05-31T14:05:00Z) that names a real day. */
export function checkIsoDate(fn: string, param: string, value: unknown): string {
  if (typeof value !== 'string') throw new ArgumentError(expected(fn, param, 'an ISO 8601 date string (YYYY-MM-DD)', value));
  const m = isoDatePattern.exec(value.trim());
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !day || day.getUTCMonth() !== Number(m[2]) - 1 || day.getUTCDate() !== Number(m[3])
    || (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59))) {
    throw new ArgumentError(expected(fn, param, 'an ISO 8601 date (YYYY-MM-DD) or date-time naming a real day', value));
  }
  return value.trim();
}

export function checkCrop(fn: string, param: string, crop: unknown): Crop {
  const c = crop as Partial<Crop> | null;
  const ok = c !== null && typeof c === 'object'
    && [c.x, c.y, c.w, c.h].every((v) => Number.isSafeInteger(v))
    && c.x! >= 0 && c.y! >= 0 && c.w! > 0 && c.h! > 0;
  if (!ok) throw new ArgumentError(expected(fn, param, 'a crop {x, y, w, h} of integers with x, y ≥ 0 and w, h > 0', crop));
  return { x: c!.x!, y: c!.y!, w: c!.w!, h: c!.h! };
}

export function checkFields(fn: string, param: string, fields: unknown): Record<string, FieldValue> {
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    throw new ArgumentError(expected(fn, param, 'an object of string, number or boolean fields', fields));
  }
  for (const [key, value] of Object.entries(fields)) {
    const ok = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!ok || key === '') throw new ArgumentError(expected(fn, `${param}.${key}`, 'a string, finite number or boolean', value));
  }
  return { ...(fields as Record<string, FieldValue>) };
}

export function checkName(fn: string, param: string, name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
    throw new ArgumentError(expected(fn, param, 'a non-empty name of at most 200 characters', name));
  }
  return name.trim();
}

export function checkOptionalText(fn: string, param: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ArgumentError(expected(fn, param, 'a string', value));
  return value.trim() === '' ? null : value.trim();
}

export function checkNewSighting(fn: string, s: NewSighting, index: number): void {
  const at = `sightings[${index}]`;
  if (typeof s.imageHash !== 'string' || !/^[0-9a-f]{64}$/.test(s.imageHash)) throw new ArgumentError(expected(fn, `${at}.imageHash`, 'a SHA-256 in 64 lower-case hex digits', s.imageHash));
  if (!['png', 'jpg', 'jpeg', 'webp'].includes(s.imageExt)) throw new ArgumentError(expected(fn, `${at}.imageExt`, 'one of png, jpg, jpeg, webp', s.imageExt));
  if (typeof s.originalName !== 'string' || s.originalName === '') throw new ArgumentError(expected(fn, `${at}.originalName`, 'a non-empty file name', s.originalName));
  if (s.date !== undefined && s.date !== null) checkIsoDate(fn, `${at}.date`, s.date);
  if (s.crop !== undefined && s.crop !== null) checkCrop(fn, `${at}.crop`, s.crop);
  if (s.fields !== undefined) checkFields(fn, `${at}.fields`, s.fields);
  checkOptionalText(fn, `${at}.location`, s.location);
  checkOptionalText(fn, `${at}.photographer`, s.photographer);
  if (s.individualName !== undefined) checkName(fn, `${at}.individualName`, s.individualName);
}

export function checkCandidate(fn: string, c: NewCandidate, index: number): void {
  const at = `candidates[${index}]`;
  if (!Number.isSafeInteger(c.individual) || c.individual < 1) throw new ArgumentError(expected(fn, `${at}.individual`, 'an individual id', c.individual));
  if (!Number.isSafeInteger(c.rank) || c.rank < 1) throw new ArgumentError(expected(fn, `${at}.rank`, 'a rank ≥ 1', c.rank));
  checkProbability(fn, `${at}.probability`, c.probability);
  if (c.scores === null || typeof c.scores !== 'object') throw new ArgumentError(expected(fn, `${at}.scores`, 'an object of named finite scores', c.scores));
  for (const [name, value] of Object.entries(c.scores)) checkScore(fn, `${at}.scores.${name}`, value);
}

export function checkProbability(fn: string, param: string, p: unknown): void {
  if (p === undefined || p === null) return;
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 1) throw new ArgumentError(expected(fn, param, 'a probability in [0, 1]', p));
}

export function checkScore(fn: string, param: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ArgumentError(expected(fn, param, 'a finite number', value));
}
