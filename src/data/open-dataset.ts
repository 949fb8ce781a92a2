// One string names a dataset everywhere (CLI flags, configs, run logs):
//   mnist | mnist:0-6 | mnist:0,2,5 | mnist-turned:2-6 | idx:DIR | folder:DIR | csv:FILE | glyphs | glyphs:star,heart,... | strokes:N | strokes:FIRST-LAST
//   | synth:PATTERN:N | synth:PATTERN:FIRST-LAST (PATTERN: spots, stripes, notches)
// and SPEC+SPEC joins sources of one image shape (mnist+strokes:5000).
import { ArgumentError, DataError } from '../util/errors.ts';
import { openCsvManifest } from './csv-manifest.ts';
import type { ImageDataset } from './dataset.ts';
import type { ImageCatalogOptions, SkippedFile } from './file-image-dataset.ts';
import { GlyphDataset } from './glyphs/glyph-dataset.ts';
import { glyphClasses, isGlyphClass, type GlyphClass } from './glyphs/glyph-shapes.ts';
import { openIdxDirectory } from './idx-dataset.ts';
import { openImageFolder } from './image-folder.ts';
import { loadMnist } from './mnist.ts';
import { concatDatasets } from './concat-datasets.ts';
import { keepIdentities } from './subset.ts';
import { turnedDigits } from './turned-digits.ts';
import { StrokeDataset } from './strokes/stroke-dataset.ts';
import { SynthDataset } from './synth/synth-dataset.ts';
import type { SynthImageOptions } from './synth/synth-individual.ts';
import { isSynthPattern, synthPatterns, type SynthPattern } from './synth/synth-pattern.ts';

export type DatasetSpec =
  /** `digits`: the digits kept (all ten when absent). */
  | { kind: 'mnist'; digits?: readonly string[] }
  /** The named digits mirrored or turned a quarter, each distinct turn of a digit a new identity (turned-digits.ts). */
  | { kind: 'mnist-turned'; digits: readonly string[] }
  | { kind: 'idx'; dir: string }
  | { kind: 'folder'; dir: string }
  | { kind: 'csv'; file: string }
  | { kind: 'glyphs'; classes: readonly GlyphClass[] }
  /** Procedural stroke identities [first, first + count). */
  | { kind: 'strokes'; first: number; count: number }
  /** Synthetic patterned individuals [first, first + count) of one pattern. */
  | { kind: 'synth'; pattern: SynthPattern; first: number; count: number }
  | { kind: 'concat'; parts: DatasetSpec[] };

export interface OpenedDataset {
  spec: DatasetSpec;
  train: ImageDataset;
  /** Present where the source defines one (MNIST, IDX with t10k files, glyphs, a manifest's "test" split). */
  test?: ImageDataset;
  /** Every split by name (train, test, and any other manifest split values). */
  splits: Record<string, ImageDataset>;
  /** Files left out under onBadImage: 'skip'. */
  skipped: SkippedFile[];
}

export interface OpenDatasetOptions extends ImageCatalogOptions {
  /** Generated glyphs per class: train default 500, test default 100 (about 3 ms each to draw). */
  glyphsPerClass?: { train: number; test: number };
  /** Seed for generated glyphs (the test split uses seed + 1); default 0. */
  glyphSeed?: number;
  /** Sightings per stroke identity: train default 20, test default 5 (new sightings, not copies). */
  strokeSightings?: { train: number; test: number };
  /** Seed of the stroke identities (default 0; the shipped glyph model's). */
  strokeSeed?: number;
  /** Sightings per synthetic individual: train default 8, test default 4 (new sightings). */
  synthSightings?: { train: number; test: number };
  /** Seed of the synthetic individuals (default 0). */
  synthSeed?: number;
  /** Image size (default 128) and sighting variation of synthetic individuals. */
  synthImage?: SynthImageOptions;
}

const forms = 'mnist, mnist:DIGITS (mnist:0-6 or mnist:0,2,5), mnist-turned:DIGITS, idx:DIR, folder:DIR, csv:FILE, glyphs or glyphs:CLASS,CLASS,..., strokes:N or strokes:FIRST-LAST, synth:PATTERN:N or synth:PATTERN:FIRST-LAST, or SPEC+SPEC';

/** "0-6" or "0,2,5" (or both, "0-3,7") → the digits named, in order, each once. */
function parseDigits(argument: string, spec: string, kind = 'mnist'): string[] {
  const digits = new Set<number>();
  for (const part of argument.split(',')) {
    const range = /^(\d)(?:-(\d))?$/.exec(part.trim());
    if (!range || (range[2] !== undefined && Number(range[2]) < Number(range[1]))) {
      throw new ArgumentError(`parseDatasetSpec: expected ${kind}:DIGITS, digits 0-9 as a range or a list (${kind}:2-6, ${kind}:2,3,5), but received "${spec}".`);
    }
    for (let d = Number(range[1]); d <= Number(range[2] ?? range[1]); d++) digits.add(d);
  }
  return [...digits].sort((a, b) => a - b).map(String);
}

export function parseDatasetSpec(spec: string): DatasetSpec {
  // Paths may contain '+', so only split where every piece is itself a spec of a generated or named source.
  const pieces = spec.split('+');
  if (pieces.length > 1 && pieces.every((piece) => /^(mnist(:.*)?|mnist-turned:.*|glyphs(:.*)?|strokes:.*|synth:.*)$/.test(piece))) {
    return { kind: 'concat', parts: pieces.map(parseDatasetSpec) };
  }
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const argument = colon < 0 ? '' : spec.slice(colon + 1);
  const need = (what: string): string => {
    if (argument === '') throw new ArgumentError(`parseDatasetSpec: expected ${kind}:${what} for the dataset spec but received "${spec}".`);
    return argument;
  };
  switch (kind) {
    case 'mnist':
      return colon < 0 ? { kind: 'mnist' } : { kind: 'mnist', digits: parseDigits(argument, spec) };
    case 'mnist-turned':
      return { kind: 'mnist-turned', digits: parseDigits(need('DIGITS'), spec, kind) };
    case 'idx':
      return { kind: 'idx', dir: need('DIR') };
    case 'folder':
      return { kind: 'folder', dir: need('DIR') };
    case 'csv':
      return { kind: 'csv', file: need('FILE') };
    case 'glyphs': {
      const names = argument === '' ? [...glyphClasses] : argument.split(',').map((name) => name.trim());
      const unknown = names.find((name) => !isGlyphClass(name));
      if (unknown !== undefined) throw new ArgumentError(`parseDatasetSpec: expected glyph classes from ${glyphClasses.join(', ')} but received "${unknown}" in "${spec}".`);
      return { kind: 'glyphs', classes: names as GlyphClass[] };
    }
    case 'strokes': {
      const m = /^(\d+)(?:-(\d+))?$/.exec(need('N or strokes:FIRST-LAST'));
      const [first, count] = m ? (m[2] === undefined ? [0, Number(m[1])] : [Number(m[1]), Number(m[2]) - Number(m[1]) + 1]) : [0, 0];
      if (!m || count < 2 || !Number.isSafeInteger(first + count)) {
        throw new ArgumentError(`parseDatasetSpec: expected strokes:N (N ≥ 2 identities) or strokes:FIRST-LAST (FIRST < LAST) but received "${spec}".`);
      }
      return { kind: 'strokes', first, count };
    }
    case 'synth': {
      const m = /^([a-z]+):(\d+)(?:-(\d+))?$/.exec(argument);
      const [first, count] = m ? (m[3] === undefined ? [0, Number(m[2])] : [Number(m[2]), Number(m[3]) - Number(m[2]) + 1]) : [0, 0];
      if (!m || !isSynthPattern(m[1]!) || count < 2 || !Number.isSafeInteger(first + count)) {
        throw new ArgumentError(`parseDatasetSpec: expected synth:PATTERN:N (N ≥ 2 individuals) or synth:PATTERN:FIRST-LAST (FIRST < LAST), PATTERN one of ${synthPatterns.join(', ')}, but received "${spec}".`);
      }
      return { kind: 'synth', pattern: m[1] as SynthPattern, first, count };
    }
  }
  throw new ArgumentError(`parseDatasetSpec: expected one of ${forms} for the dataset spec but received "${spec}".`);
}

export async function openDataset(spec: string | DatasetSpec, options: OpenDatasetOptions = {}): Promise<OpenedDataset> {
  const parsed = typeof spec === 'string' ? parseDatasetSpec(spec) : spec;
  const withSplits = (train: ImageDataset, test: ImageDataset | undefined, skipped: SkippedFile[] = []): OpenedDataset =>
    test === undefined ? { spec: parsed, train, splits: { train }, skipped } : { spec: parsed, train, test, splits: { train, test }, skipped };
  switch (parsed.kind) {
    case 'mnist': {
      const { train, test } = await loadMnist();
      if (!parsed.digits) return withSplits(train, test);
      // The other digits' images are dropped, and so are their names: a model trained on
      // mnist:0-6 never met 7, 8 or 9, not even as an empty class.
      const keep = (split: ImageDataset) => keepIdentities(split, parsed.digits!, `mnist:${parsed.digits!.join(',')}`);
      return withSplits(keep(train), keep(test));
    }
    case 'mnist-turned': {
      const { train, test } = await loadMnist();
      const name = `mnist-turned:${parsed.digits.join(',')}`;
      return withSplits(turnedDigits(train, parsed.digits, `${name}:train`), turnedDigits(test, parsed.digits, `${name}:test`));
    }
    case 'idx': {
      const { train, test } = await openIdxDirectory(parsed.dir);
      return withSplits(train, test);
    }
    case 'folder': {
      const train = await openImageFolder(parsed.dir, options);
      return withSplits(train, undefined, [...train.skipped]);
    }
    case 'csv': {
      const manifest = await openCsvManifest(parsed.file, options);
      const { train, test } = manifest.splits;
      if (train === undefined) {
        throw new DataError(
          `openDataset: expected a split named "train" in manifest ${parsed.file} but found: ${Object.keys(manifest.splits).join(', ') || 'no rows'}.`,
          { file: parsed.file },
        );
      }
      return { spec: parsed, train, ...(test ? { test } : {}), splits: { ...manifest.splits }, skipped: manifest.skipped };
    }
    case 'glyphs': {
      const counts = options.glyphsPerClass ?? { train: 500, test: 100 };
      const seed = options.glyphSeed ?? 0;
      const classes = parsed.classes;
      const train = new GlyphDataset({ classes, countPerClass: counts.train, seed, name: 'glyphs:train' });
      const test = new GlyphDataset({ classes, countPerClass: counts.test, seed: seed + 1, name: 'glyphs:test' });
      return withSplits(train, test);
    }
    case 'strokes': {
      const counts = options.strokeSightings ?? { train: 20, test: 5 };
      const seed = options.strokeSeed ?? 0;
      const common = { identities: parsed.count, firstIdentity: parsed.first, seed };
      const name = parsed.first === 0 ? `strokes:${parsed.count}` : `strokes:${parsed.first}-${parsed.first + parsed.count - 1}`;
      const train = new StrokeDataset({ ...common, sightingsPerIdentity: counts.train, name: `${name}:train` });
      const test = new StrokeDataset({ ...common, sightingsPerIdentity: counts.test, firstSighting: counts.train, name: `${name}:test` });
      return withSplits(train, test);
    }
    case 'synth': {
      const counts = options.synthSightings ?? { train: 8, test: 4 };
      const { pattern, first, count } = parsed;
      const common = { ...options.synthImage, pattern, individuals: count, firstIndividual: first, seed: options.synthSeed ?? 0 };
      const name = first === 0 ? `synth:${pattern}:${count}` : `synth:${pattern}:${first}-${first + count - 1}`;
      const train = new SynthDataset({ ...common, sightingsPerIndividual: counts.train, name: `${name}:train` });
      const test = new SynthDataset({ ...common, sightingsPerIndividual: counts.test, firstSighting: counts.train, name: `${name}:test` });
      return withSplits(train, test);
    }
    case 'concat': {
      const opened = await Promise.all(parsed.parts.map((part) => openDataset(part, options)));
      const train = concatDatasets(opened.map((o) => o.train));
      const tests = opened.map((o) => o.test);
      const test = tests.every((t) => t !== undefined) ? concatDatasets(tests as ImageDataset[]) : undefined;
      return withSplits(train, test, opened.flatMap((o) => o.skipped));
    }
  }
}
