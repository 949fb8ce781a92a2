// Random resized crop (torchvision's RandomResizedCrop, same algorithm): a random area fraction and
// aspect ratio of the photo, resized back to the image's size. For photos, where the animal fills a
// varying part of the frame; MNIST glyphs are already size-normalised and should use randomAffine.
import type { Random } from '../../util/random.ts';
import type { FloatImage } from './float-image.ts';
import { warpAffine } from './warp-affine.ts';

export interface RandomResizedCropOptions {
  /** Range of the crop's area as a fraction of the image; default [0.08, 1]. */
  scale?: readonly [number, number];
  /** Range of the crop's aspect ratio (width / height), sampled log-uniformly; default [3/4, 4/3]. */
  ratio?: readonly [number, number];
}

export function randomResizedCrop(image: FloatImage, random: Random, options: RandomResizedCropOptions = {}): FloatImage {
  const { width, height } = image;
  const [scaleLow, scaleHigh] = options.scale ?? [0.08, 1];
  const [ratioLow, ratioHigh] = options.ratio ?? [3 / 4, 4 / 3];
  let crop = { x: 0, y: 0, width, height };
  let found = false;
  for (let attempt = 0; attempt < 10 && !found; attempt++) {
    const area = width * height * random.uniform(scaleLow, scaleHigh);
    const ratio = Math.exp(random.uniform(Math.log(ratioLow), Math.log(ratioHigh)));
    const cropWidth = Math.round(Math.sqrt(area * ratio));
    const cropHeight = Math.round(Math.sqrt(area / ratio));
    if (cropWidth > 0 && cropHeight > 0 && cropWidth <= width && cropHeight <= height) {
      crop = { x: random.int(width - cropWidth + 1), y: random.int(height - cropHeight + 1), width: cropWidth, height: cropHeight };
      found = true;
    }
  }
  if (!found) {
    // Fallback, as torchvision: the largest centred crop whose ratio lies in range.
    const imageRatio = width / height;
    const cropWidth = imageRatio > ratioHigh ? Math.round(height * ratioHigh) : width;
    const cropHeight = imageRatio < ratioLow ? Math.round(width / ratioLow) : height;
    crop = { x: Math.floor((width - cropWidth) / 2), y: Math.floor((height - cropHeight) / 2), width: cropWidth, height: cropHeight };
  }
  // Pixel centres aligned: output x covers source crop.x + (x + 0.5)·crop.width/width − 0.5.
  // Edges clamp, so a crop touching the border does not fade into black.
  const stepX = crop.width / width;
  const stepY = crop.height / height;
  return warpAffine(image, { a: stepX, b: 0, c: crop.x + 0.5 * stepX - 0.5, d: 0, e: stepY, f: crop.y + 0.5 * stepY - 0.5 }, { border: 'clamp' });
}
