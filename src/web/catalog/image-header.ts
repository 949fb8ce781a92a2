// What an upload is, read from its first bytes only: the type from its magic bytes (never the
// file name or the client's content type) and the stored size from the PNG IHDR chunk or the JPEG
// start-of-frame marker, so a decompression bomb is refused before any decoder sees it.

export type ImageType = 'png' | 'jpeg';

export interface ImageHeader {
  type: ImageType;
  width: number;
  height: number;
}

const pngMagic = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (bytes.length >= 8 && pngMagic.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

export const imageMimeType: Record<ImageType, string> = { png: 'image/png', jpeg: 'image/jpeg' };

/** The type and declared size, or a one-line reason why the bytes are not a PNG or JPEG with a readable header. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | string {
  const type = sniffImageType(bytes);
  if (type === undefined) return 'expected a PNG or JPEG image (by its first bytes) but received something else';
  const size = type === 'png' ? pngSize(bytes) : jpegSize(bytes);
  if (size === undefined) return `expected a readable ${type.toUpperCase()} header with the image size but it is truncated or damaged`;
  if (size.width === 0 || size.height === 0) return `expected a ${type.toUpperCase()} with a non-zero size but its header declares ${size.width}×${size.height}`;
  return { type, ...size };
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** PNG: the first chunk must be IHDR (length 13), width and height big-endian at 16 and 20. */
function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 24) return undefined;
  const v = view(bytes);
  const chunkType = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
  if (v.getUint32(8) !== 13 || chunkType !== 'IHDR') return undefined;
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

/** JPEG: walk the marker segments to the first start-of-frame (SOF0..SOF15 but DHT, JPG and DAC). */
function jpegSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const v = view(bytes);
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) { at += 1; continue; } // fill bytes
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { at += 2; continue; } // no length
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image or scan data before any frame
    const length = v.getUint16(at + 2);
    if (length < 2) return undefined;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (at + 9 > bytes.length) return undefined;
      return { height: v.getUint16(at + 5), width: v.getUint16(at + 7) };
    }
    at += 2 + length;
  }
  return undefined;
}
