// The image files catalogs accept. Others (GIF, TIFF, HEIC...) are left out on purpose: the
// list is what sharp decodes everywhere with prebuilt binaries and what photo pipelines produce.
import { extname } from 'node:path';

export const imageExtensions: readonly string[] = ['.png', '.jpg', '.jpeg', '.webp'];

/** Why `file` is not an accepted image by its name, or undefined when it is. */
export function unsupportedExtension(file: string): string | undefined {
  const extension = extname(file).toLowerCase();
  if (imageExtensions.includes(extension)) return undefined;
  return `unsupported extension "${extension || '(none)'}" (expected ${imageExtensions.join(', ')})`;
}
