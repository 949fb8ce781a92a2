// Query-by-match grids: each row shows a query image, then its top-k gallery matches labelled
// with identity and distance, bordered green (same identity) or red (different) when the
// query's identity is known. Pixels are upscaled with nearest neighbour in plain JS (crisp
// pixels, no smoothing of small glyphs) and the text is an SVG overlay composited by sharp.
import sharp from 'sharp';
import { ArgumentError, ShapeError } from '../util/errors.ts';
import { escapeXml, fontFamily } from './chart-kit.ts';

/** A planar CHW uint8 image, as datasets hand them out. */
export interface GridImage { pixels: Uint8Array; channels: 1 | 3; height: number; width: number }

export interface GridMatch {
  image: GridImage;
  label: string | number;
  distance: number;
  /** Default: label === the row's queryLabel when that is given, otherwise unknown (grey). */
  correct?: boolean;
}

export interface MatchGridRow {
  query: GridImage;
  /** The query's true identity, when known. */
  queryLabel?: string | number;
  matches: readonly GridMatch[];
}

export interface MatchGridOptions {
  title?: string;
  /** Integer upscale factor. Default: tiles about 112 px on their longer side. */
  scale?: number;
}

const border = 4, gap = 16, queryGap = 30, labelHeight = 40, headerHeight = 26, margin = 14;
const colours = { correct: [44, 160, 44], wrong: [214, 39, 40], unknown: [150, 150, 150], query: [31, 119, 180] } as const;

export async function matchGridPng(rows: readonly MatchGridRow[], options: MatchGridOptions = {}): Promise<Buffer> {
  const fn = 'matchGridPng';
  if (rows.length === 0) throw new ArgumentError(`${fn}: expected at least one row for rows but received none.`);
  const images = rows.flatMap((row) => [row.query, ...row.matches.map((m) => m.image)]);
  images.forEach(checkImage);
  const tileSource = Math.max(...images.map((im) => Math.max(im.width, im.height)));
  const scale = options.scale ?? Math.max(1, Math.round(112 / tileSource));
  if (!Number.isInteger(scale) || scale < 1) throw new ArgumentError(`${fn}: expected a positive integer for options.scale but received ${scale}.`);
  const cell = tileSource * scale + 2 * border;
  const columns = 1 + Math.max(...rows.map((r) => r.matches.length));
  const titleHeight = options.title ? 30 : 0;
  // At least wide enough for the colour key along the bottom.
  const width = Math.max(2 * margin + cell * columns + gap * (columns - 2) + queryGap, 680);
  const rowHeight = cell + labelHeight;
  const height = titleHeight + headerHeight + rows.length * (rowHeight + gap) + 28 + margin;
  const canvas = Buffer.alloc(width * height * 3, 255);
  const text: string[] = [];
  const columnX = (c: number): number => margin + (c === 0 ? 0 : cell + queryGap + (c - 1) * (cell + gap));
  const top = titleHeight + headerHeight;
  if (options.title) text.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="17" font-weight="bold">${escapeXml(options.title)}</text>`);
  for (let c = 0; c < columns; c++) text.push(`<text x="${columnX(c) + cell / 2}" y="${top - 8}" text-anchor="middle" font-size="13" font-weight="bold">${c === 0 ? 'query' : `match ${c}`}</text>`);
  rows.forEach((row, r) => {
    const y = top + r * (rowHeight + gap);
    drawTile(canvas, width, row.query, columnX(0), y, cell, scale, colours.query);
    text.push(label(columnX(0) + cell / 2, y + cell, cell, row.queryLabel === undefined ? 'unknown' : identityText(row.queryLabel), ''));
    row.matches.forEach((match, m) => {
      const correct = match.correct ?? (row.queryLabel === undefined ? undefined : match.label === row.queryLabel);
      drawTile(canvas, width, match.image, columnX(m + 1), y, cell, scale, correct === undefined ? colours.unknown : correct ? colours.correct : colours.wrong);
      text.push(label(columnX(m + 1) + cell / 2, y + cell, cell, identityText(match.label), `d = ${match.distance.toFixed(3)}`));
    });
  });
  const separator = margin + cell + queryGap / 2;
  text.push(`<line x1="${separator}" y1="${top - 4}" x2="${separator}" y2="${top + rows.length * (rowHeight + gap) - gap}" stroke="#999999" stroke-dasharray="3 3"/>`);
  text.push(`<text x="${margin}" y="${height - margin - 4}" font-size="13" fill="#444444">border: blue = query, green = same identity as the query, red = different identity, grey = query identity unknown</text>`);
  const overlay = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="${fontFamily}">${text.join('')}</svg>`;
  return sharp(canvas, { raw: { width, height, channels: 3 } }).composite([{ input: Buffer.from(overlay), top: 0, left: 0 }]).png().toBuffer();
}

function identityText(label: string | number): string {
  return typeof label === 'number' ? `id ${label}` : label;
}

/** Two centred lines under a tile, the first shortened with an ellipsis to fit the cell width. */
function label(cx: number, y: number, cell: number, first: string, second: string): string {
  const fits = Math.floor(cell / 7.6);
  const shown = first.length > fits ? `${first.slice(0, fits - 1)}…` : first;
  return `<text x="${cx}" y="${y + 17}" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(shown)}</text>`
    + (second ? `<text x="${cx}" y="${y + 34}" text-anchor="middle" font-size="13" fill="#444444">${escapeXml(second)}</text>` : '');
}

function checkImage(image: GridImage, index: number): void {
  const { channels, height, width, pixels } = image;
  if ((channels !== 1 && channels !== 3) || !Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new ArgumentError(`matchGridPng: expected 1 or 3 channels and positive integer sizes for image ${index} but received ${channels} × ${height} × ${width}.`);
  }
  if (!(pixels instanceof Uint8Array) || pixels.length !== channels * height * width) {
    throw new ShapeError(`matchGridPng: expected ${channels * height * width} uint8 pixels (CHW) for image ${index} but received ${pixels?.length}.`);
  }
}

/** Border in `rgb`, then the image centred in the cell, each source pixel a scale × scale block. */
function drawTile(canvas: Buffer, canvasWidth: number, image: GridImage, x: number, y: number, cell: number, scale: number, rgb: readonly number[]): void {
  for (let row = 0; row < cell; row++) {
    for (let col = 0; col < cell; col++) {
      if (row >= border && row < cell - border && col >= border && col < cell - border) continue;
      const at = ((y + row) * canvasWidth + x + col) * 3;
      canvas[at] = rgb[0]!; canvas[at + 1] = rgb[1]!; canvas[at + 2] = rgb[2]!;
    }
  }
  const { channels, height, width, pixels } = image;
  const offsetX = x + Math.floor((cell - width * scale) / 2);
  const offsetY = y + Math.floor((cell - height * scale) / 2);
  const plane = height * width;
  for (let py = 0; py < height * scale; py++) {
    const source = Math.floor(py / scale) * width;
    for (let px = 0; px < width * scale; px++) {
      const s = source + Math.floor(px / scale);
      const at = ((offsetY + py) * canvasWidth + offsetX + px) * 3;
      for (let c = 0; c < 3; c++) canvas[at + c] = pixels[(channels === 1 ? 0 : c) * plane + s]!;
    }
  }
}
