// Draws docs/synth-patterns.png, the contact sheet for checking synthetic individuals by eye:
// per pattern (spots, stripes, notches) two individuals, each row the individual at rest
// (difficulty 0) and then five sightings at the default difficulty (0.5).
// Run: npx tsx scripts/draw-synth-patterns.ts [OUT.png]
import { rename } from 'node:fs/promises';
import sharp from 'sharp';
import { synthPatterns, synthSightings, writeContactSheet } from '../src/index.ts';

const out = process.argv[2] ?? 'docs/synth-patterns.png';
const size = 128;
const rows: Uint8Array[][] = [];
for (const pattern of synthPatterns) {
  for (const identity of [0, 1]) {
    const [rest] = synthSightings(pattern, 0, identity, [0], { size, difficulty: 0 });
    rows.push([rest!, ...synthSightings(pattern, 0, identity, [1, 2, 3, 4, 5], { size })]);
  }
}
const full = `${out}.full.png`;
await writeContactSheet(full, rows, { channels: 3, height: size, width: size }, { scale: 1, gap: 3 });
// A 256-colour palette keeps the committed picture small (about a third) and is plenty for the eye.
await sharp(full).png({ palette: true, colours: 256, dither: 0.5, effort: 10 }).toFile(`${out}.tmp`);
await rename(`${out}.tmp`, out);
await import('node:fs/promises').then((fs) => fs.rm(full));
console.log(`wrote ${out}`);
