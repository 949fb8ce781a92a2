// Textured synthetic individuals for the local-feature benchmark (until `reid synth` lands):
// each individual is its own set of spots (random ellipses and greys) on a body shared by the
// species, with a few fixed markings every individual has; a sighting is a new pose (rotation
// ±30°, scale ±15%, shift), light (brightness, contrast), blur and JPEG quality. Drawn as SVG by sharp.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { Random } from '../src/util/random.ts';

export interface SyntheticSet {
  gallery: { file: string; identity: string }[];
  queries: { file: string; identity: string; known: boolean }[];
}

const size = 256;

function spots(random: Random, count: number): string {
  return Array.from({ length: count }, () => {
    const g = Math.floor(random.uniform(0, 256));
    return `<ellipse cx="${random.uniform(60, 196).toFixed(1)}" cy="${random.uniform(80, 176).toFixed(1)}" rx="${random.uniform(2.5, 9).toFixed(1)}" ry="${random.uniform(2.5, 9).toFixed(1)}" transform="rotate(${random.uniform(0, 180).toFixed(0)} 128 128)" fill="rgb(${g},${g},${g})"/>`;
  }).join('');
}

const markings = spots(new Random(999), 8);

async function sighting(pattern: string, random: Random, file: string): Promise<void> {
  const angle = random.uniform(-40, 40), scale = random.uniform(0.75, 1.25), dx = random.uniform(-12, 12), dy = random.uniform(-12, 12);
  // Clutter (particles in the water, other sightings' noise) and an occluding band hide part of the pattern.
  const clutter = Array.from({ length: 30 }, () => {
    const g = Math.floor(random.uniform(40, 200));
    return `<circle cx="${random.uniform(0, size).toFixed(1)}" cy="${random.uniform(0, size).toFixed(1)}" r="${random.uniform(1.5, 6).toFixed(1)}" fill="rgb(${g},${g},${g})"/>`;
  }).join('');
  const band = `<rect x="${random.uniform(-40, 200).toFixed(0)}" y="-20" width="${random.uniform(20, 70).toFixed(0)}" height="300" fill="rgb(70,90,110)" transform="rotate(${random.uniform(-30, 30).toFixed(0)} 128 128)"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="100%" height="100%" fill="rgb(70,90,110)"/>` +
    `<g transform="translate(${128 + dx} ${128 + dy}) rotate(${angle}) scale(${scale}) translate(-128 -128)"><ellipse cx="128" cy="128" rx="90" ry="62" fill="rgb(150,150,150)"/>${markings}${pattern}</g>${band}${clutter}</svg>`;
  const contrast = random.uniform(0.75, 1.25), brightness = random.uniform(-30, 30);
  await sharp(Buffer.from(svg)).blur(0.5 + random.uniform(0, 1.5)).linear(contrast, brightness).jpeg({ quality: Math.round(random.uniform(60, 92)) }).toFile(file);
}

/** `known` individuals with `enrolled` gallery sightings and `queriesEach` query sightings, plus `unknown` individuals with one query each. */
export async function writeSyntheticSet(dir: string, known: number, enrolled: number, queriesEach: number, unknown: number, seed = 1): Promise<SyntheticSet> {
  mkdirSync(dir, { recursive: true });
  const random = new Random(seed);
  const set: SyntheticSet = { gallery: [], queries: [] };
  for (let i = 0; i < known + unknown; i++) {
    const identity = `${i < known ? 'known' : 'unknown'}-${String(i).padStart(4, '0')}`;
    const pattern = spots(random, 60);
    const views = i < known ? enrolled + queriesEach : 1;
    for (let v = 0; v < views; v++) {
      const file = join(dir, `${identity}-${v}.jpg`);
      await sighting(pattern, random, file);
      if (i < known && v < enrolled) set.gallery.push({ file, identity });
      else set.queries.push({ file, identity, known: i < known });
    }
  }
  writeFileSync(join(dir, 'set.json'), JSON.stringify(set));
  return set;
}
