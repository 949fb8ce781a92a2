// Content-addressed image files inside a catalogue: DIR/images/<first 2 hex>/<sha256>.<ext>.
// A file is written once, atomically, under its own hash, so the same image twice is stored once
// and a crash leaves either no file or the whole one (a leftover temp file is never read).
import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { ArgumentError, expected } from '../util/errors.ts';

export interface StoredImage {
  hash: string;
  ext: string;
  /** Absolute or catalogue-relative path, as the catalogue directory was given. */
  path: string;
  /** True when the file was already there (the same content stored before). */
  existed: boolean;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** "png", "jpg", "jpeg" or "webp" from a file name; refuses anything else. */
export function imageExtension(fn: string, name: string): string {
  const ext = extname(name).slice(1).toLowerCase();
  if (!['png', 'jpg', 'jpeg', 'webp'].includes(ext)) throw new ArgumentError(expected(fn, 'image name', 'a .png, .jpg, .jpeg or .webp file', name));
  return ext;
}

/** Where an image with this hash and extension lives in the catalogue `dir`. */
export function imagePath(dir: string, hash: string, ext: string): string {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new ArgumentError(expected('imagePath', 'hash', 'a SHA-256 in 64 lower-case hex digits', hash));
  if (!['png', 'jpg', 'jpeg', 'webp'].includes(ext)) throw new ArgumentError(expected('imagePath', 'ext', 'one of png, jpg, jpeg, webp', ext));
  return join(dir, 'images', hash.slice(0, 2), `${hash}.${ext}`);
}

/** Stores `bytes` under their hash (once); returns where. */
export async function putImage(dir: string, bytes: Uint8Array, ext: string): Promise<StoredImage> {
  const hash = sha256Hex(bytes);
  const path = imagePath(dir, hash, ext);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isFile() && existing.size === bytes.length) return { hash, ext, path, existed: true };
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, bytes);
  return { hash, ext, path, existed: false };
}
