// Limits on what may be uploaded, checked before anything is decoded: bytes per file and per
// batch, the type by its magic bytes, and the pixel count from the header.
import type { FastifyRequest } from 'fastify';
import type { SightingUpload } from '../../index.ts';
import { HttpError } from './http-error.ts';
import { readImageHeader } from './image-header.ts';

export interface UploadLimits {
  /** Bytes per image (default 20 MB). */
  maxBytes: number;
  /** Pixels per image, read from its header (default 50 megapixels). */
  maxPixels: number;
  /** Images per batch (default 50). */
  maxFiles: number;
}

/** Refuses bytes that are not a PNG or JPEG, or declare more than `maxPixels`; `label` names the upload. */
export function checkImageBytes(bytes: Uint8Array, label: string, limits: UploadLimits): void {
  if (bytes.length === 0) throw new HttpError(400, `expected image data in ${label} but it is empty`);
  const header = readImageHeader(bytes);
  if (typeof header === 'string') throw new HttpError(415, `${label}: ${header}`);
  if (header.width * header.height > limits.maxPixels) {
    throw new HttpError(413, `${label}: expected at most ${limits.maxPixels} pixels but its ${header.type.toUpperCase()} header declares ${header.width}×${header.height}; it was not decoded`);
  }
}

const metadataFields = new Set(['date', 'location', 'photographer']);

/** Text fields may say anything a person would type, but stay short and single-line. */
function fieldValue(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > 200 || /[\u0000-\u001f]/.test(value)) {
    throw new HttpError(400, `expected a single-line text of at most 200 characters for field ${name}`);
  }
  return value.trim();
}

/** Reads a multipart batch: files under any field name, with date/location/photographer applying to all. */
export async function readSightingBatch(request: FastifyRequest, limits: UploadLimits): Promise<SightingUpload[]> {
  if (!request.isMultipart()) throw new HttpError(415, 'POST /api/sightings: expected multipart/form-data with image files');
  const files: { bytes: Buffer; filename: string }[] = [];
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const label = `upload ${files.length + 1} ("${part.filename.slice(0, 80)}")`;
      const bytes = await part.toBuffer();
      checkImageBytes(bytes, label, limits);
      files.push({ bytes, filename: part.filename.slice(0, 200) });
    } else if (metadataFields.has(part.fieldname)) {
      const value = fieldValue(part.fieldname, part.value);
      if (value) fields[part.fieldname] = value;
    } else {
      throw new HttpError(400, `POST /api/sightings: expected fields date, location or photographer but received "${part.fieldname.slice(0, 40)}"`);
    }
  }
  if (files.length === 0) throw new HttpError(400, 'POST /api/sightings: expected at least one image file but received none');
  if (fields.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(fields.date)) {
    throw new HttpError(400, `POST /api/sightings: expected a date as YYYY-MM-DD for field date but received "${fields.date.slice(0, 40)}"`);
  }
  return files.map((f) => ({ ...f, ...fields }));
}
