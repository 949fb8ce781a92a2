// The picture a biologist checks a local-feature match with: the two images side by side at one
// height, a line for every verified correspondence (a colour each, dots at both ends), tentative
// matches the model rejected as faint grey lines (or left out), and the counts in a caption.
import sharp from 'sharp';
import { ArgumentError, ShapeError } from '../util/errors.ts';
import { escapeXml, fontFamily } from './chart-kit.ts';
import { categoricalColour } from './palette.ts';
import type { GridImage } from './match-grid.ts';

/** One correspondence, in each image's own pixel coordinates. */
export interface PictureCorrespondence {
  from: readonly [number, number];
  to: readonly [number, number];
  inlier: boolean;
}

export interface MatchPictureOptions {
  /** Height both images are drawn at. Default 360. */
  height?: number;
  /** Draw rejected tentative matches as faint lines. Default true. */
  showRejected?: boolean;
  /** Labels under each image (e.g. file names). */
  labels?: readonly [string, string];
  /** Caption line; default the counts. */
  caption?: string;
}

const gap = 16, margin = 12, labelHeight = 22, captionHeight = 30;

export async function matchPicturePng(left: GridImage, right: GridImage, correspondences: readonly PictureCorrespondence[], options: MatchPictureOptions = {}): Promise<Buffer> {
  const fn = 'matchPicturePng';
  checkImage(fn, 'left', left);
  checkImage(fn, 'right', right);
  const height = options.height ?? 360;
  if (!Number.isInteger(height) || height < 16 || height > 4096) throw new ArgumentError(`${fn}: expected an integer in [16, 4096] for options.height but received ${height}.`);
  const scaleLeft = height / left.height, scaleRight = height / right.height;
  const widthLeft = Math.round(left.width * scaleLeft), widthRight = Math.round(right.width * scaleRight);
  const width = 2 * margin + widthLeft + gap + widthRight;
  const total = margin + height + labelHeight + captionHeight;
  const rightX = margin + widthLeft + gap;
  const [leftPng, rightPng] = await Promise.all([tile(left, widthLeft, height), tile(right, widthRight, height)]);
  const inliers = correspondences.filter((c) => c.inlier).length;
  const lines: string[] = [];
  correspondences.forEach((c, i) => {
    for (const [x, y] of [c.from, c.to]) if (!Number.isFinite(x) || !Number.isFinite(y)) throw new ArgumentError(`${fn}: expected finite coordinates for correspondences[${i}] but received ${x}, ${y}.`);
  });
  const point = (c: PictureCorrespondence) => [margin + c.from[0] * scaleLeft, margin + c.from[1] * scaleLeft, rightX + c.to[0] * scaleRight, margin + c.to[1] * scaleRight].map((v) => v.toFixed(1));
  if (options.showRejected ?? true) {
    for (const c of correspondences.filter((x) => !x.inlier)) {
      const [x1, y1, x2, y2] = point(c);
      lines.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#bbbbbb" stroke-opacity="0.45" stroke-width="1"/>`);
    }
  }
  correspondences.filter((c) => c.inlier).forEach((c, i) => {
    const [x1, y1, x2, y2] = point(c);
    const colour = categoricalColour(i);
    lines.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${colour}" stroke-width="1.4"/><circle cx="${x1}" cy="${y1}" r="2.5" fill="${colour}"/><circle cx="${x2}" cy="${y2}" r="2.5" fill="${colour}"/>`);
  });
  const [labelLeft, labelRight] = options.labels ?? ['', ''];
  const caption = options.caption ?? `${inliers} verified inliers of ${correspondences.length} tentative matches`;
  const text = `<text x="${margin + widthLeft / 2}" y="${margin + height + 16}" text-anchor="middle" font-size="13">${escapeXml(labelLeft)}</text>`
    + `<text x="${rightX + widthRight / 2}" y="${margin + height + 16}" text-anchor="middle" font-size="13">${escapeXml(labelRight)}</text>`
    + `<text x="${width / 2}" y="${total - 10}" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(caption)}</text>`;
  const overlay = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" font-family="${fontFamily}">${lines.join('')}${text}</svg>`;
  return sharp({ create: { width, height: total, channels: 3, background: '#ffffff' } })
    .composite([{ input: leftPng, left: margin, top: margin }, { input: rightPng, left: rightX, top: margin }, { input: Buffer.from(overlay), left: 0, top: 0 }])
    .png()
    .toBuffer();
}

async function tile(image: GridImage, width: number, height: number): Promise<Buffer> {
  const plane = image.width * image.height;
  const interleaved = Buffer.alloc(plane * 3);
  for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) interleaved[3 * p + c] = image.pixels[(image.channels === 1 ? 0 : c) * plane + p]!;
  return sharp(interleaved, { raw: { width: image.width, height: image.height, channels: 3 } }).resize(width, height, { fit: 'fill' }).png().toBuffer();
}

function checkImage(fn: string, param: string, image: GridImage): void {
  const { channels, height, width, pixels } = image ?? ({} as GridImage);
  if ((channels !== 1 && channels !== 3) || !Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new ArgumentError(`${fn}: expected 1 or 3 channels and positive integer sizes for ${param} but received ${channels} × ${height} × ${width}.`);
  }
  if (!(pixels instanceof Uint8Array) || pixels.length !== channels * height * width) {
    throw new ShapeError(`${fn}: expected ${channels * height * width} uint8 pixels (CHW) for ${param} but received ${pixels?.length}.`);
  }
}
