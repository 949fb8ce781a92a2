// Tiny colour photographs for training tests: each identity a coloured disc of its own hue and size
// on a tinted background, each sighting shifted and lit a little differently.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

/** root/<identity>/<n>.png: colour photographs (a coloured disc on a tinted background), w×h. */
export async function photoFolder(root: string, identities: number, perIdentity: number, w = 48, h = 40): Promise<string> {
  for (let id = 0; id < identities; id++) {
    mkdirSync(join(root, `animal-${id}`), { recursive: true });
    for (let n = 0; n < perIdentity; n++) {
      const hue = (id * 67) % 360;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="hsl(${(hue + 180) % 360},40%,${60 + n * 5}%)"/>`
        + `<circle cx="${w / 2 + n - 2}" cy="${h / 2}" r="${6 + (id % 3) * 3}" fill="hsl(${hue},80%,45%)"/></svg>`;
      writeFileSync(join(root, `animal-${id}`, `${n}.png`), await sharp(Buffer.from(svg)).png().toBuffer());
    }
  }
  return root;
}

