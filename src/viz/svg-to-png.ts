// Rasterises the hand-written SVG charts with sharp (librsvg). Density is the SVG's DPI:
// the default 144 draws at twice the SVG's pixel size, which keeps 12 px text crisp.
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';

export interface SvgToPngOptions {
  /** Default 144 (2× the SVG's nominal 72 DPI). */
  density?: number;
}

export async function svgToPngBuffer(svg: string, options: SvgToPngOptions = {}): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: options.density ?? 144 }).png().toBuffer();
}

/** Writes the PNG to `path` and returns its pixel size. */
export async function svgToPng(svg: string, path: string, options: SvgToPngOptions = {}): Promise<{ width: number; height: number }> {
  const png = await svgToPngBuffer(svg, options);
  await writeFile(path, png);
  const { width, height } = await sharp(png).metadata();
  return { width: width ?? 0, height: height ?? 0 };
}
