// Galleries for bench/gallery.ts: reid's own embeddings of MNIST (70k) and of unseen procedural
// stroke identities, made once with the shipped general glyph model and cached under runs/, and
// replicated with small noise (re-normalised) to any size; random unit vectors as the hard case.
// A replicated gallery is made a block at a time from (seed, block start), so 10M never sits in memory.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDataset, subset, type ImageDataset } from '../src/data/index.ts';
import { add, div, indexSelect, keep, manualSeed, mul, noGrad, norm, randn, tensor, tidy, arange, remainder, type Tensor } from '../src/tensor/index.ts';
import { embedDataset, loadModelBundle } from '../src/train/index.ts';

export interface EmbeddingSource {
  name: string;
  dim: number;
  /** Real embeddings the replicas are made from (count × dim). */
  base: Float32Array;
  /** Real embeddings of other images, never in the gallery. */
  queries: Float32Array;
  /** Per-component noise of a replica (0: random unit vectors, no base). */
  noise: number;
  kind: 'real embeddings, replicated with noise' | 'random unit vectors';
}

const cacheDir = 'runs/gallery-bench';

async function cached(name: string, make: () => Promise<{ base: Float32Array; queries: Float32Array }>, progress: (m: string) => void): Promise<{ base: Float32Array; queries: Float32Array }> {
  const file = join(cacheDir, `${name}.json`);
  try {
    const meta = JSON.parse(await readFile(file, 'utf8')) as { base: number; queries: number };
    const bytes = await readFile(join(cacheDir, `${name}.f32`));
    const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    return { base: all.slice(0, meta.base), queries: all.slice(meta.base, meta.base + meta.queries) };
  } catch {
    progress(`embedding ${name} (cached in ${cacheDir}/ for the next run)`);
    const made = await make();
    await mkdir(cacheDir, { recursive: true });
    const all = new Float32Array(made.base.length + made.queries.length);
    all.set(made.base);
    all.set(made.queries, made.base.length);
    await writeFile(join(cacheDir, `${name}.f32`), new Uint8Array(all.buffer));
    await writeFile(file, JSON.stringify({ base: made.base.length, queries: made.queries.length }));
    return made;
  }
}

const range = (start: number, n: number) => Int32Array.from({ length: n }, (_, i) => start + i);

/** MNIST (train as the gallery base, test as queries) and strokes:4000-6999 (never trained on), embedded with `modelDir`. */
export async function realSources(modelDir: string, queryCount: number, progress: (m: string) => void): Promise<EmbeddingSource[]> {
  const bundle = await loadModelBundle(modelDir);
  const dim = bundle.config.dim;
  const embed = async (dataset: ImageDataset) => (await embedDataset(bundle.model, dataset, bundle.config.preprocessing)).embeddings;
  try {
    const tag = bundle.config.fingerprint.slice(0, 12);
    const mnist = await cached(`mnist-${tag}`, async () => {
      const { train, test } = await openDataset('mnist');
      return { base: await embed(train), queries: await embed(subset(test!, range(0, 2000))) };
    }, progress);
    const strokes = await cached(`strokes-4000-6999-${tag}`, async () => {
      const { train, test } = await openDataset('strokes:4000-6999');
      return { base: await embed(train), queries: await embed(subset(test!, range(0, 2000))) };
    }, progress);
    // Noise of 0.01 per component moves a replica ‖ε‖ ≈ 0.11 from its original (unit vectors).
    return [
      { name: 'mnist', dim, base: mnist.base, queries: mnist.queries.slice(0, queryCount * dim), noise: 0.01, kind: 'real embeddings, replicated with noise' },
      { name: 'strokes', dim, base: strokes.base, queries: strokes.queries.slice(0, queryCount * dim), noise: 0.01, kind: 'real embeddings, replicated with noise' },
    ];
  } finally {
    bundle.model.dispose();
  }
}

export function randomSource(dim: number, queryCount: number): EmbeddingSource {
  return { name: 'random', dim, base: new Float32Array(0), queries: unitRows(queryCount, dim, 7), noise: 0, kind: 'random unit vectors' };
}

function unitRows(count: number, dim: number, seed: number): Float32Array {
  manualSeed(seed);
  return noGrad(() => tidy(() => {
    const x = randn([count, dim]);
    return div(x, norm(x, { dim: 1, keepdim: true })).data<'float32'>();
  }));
}

/**
 * Rows [start, start + rows) of the source's gallery: row i < base count is base row i itself;
 * later rows are base row i mod count plus noise, re-normalised. Random sources draw unit vectors.
 */
export function galleryBlock(source: EmbeddingSource, start: number, rows: number): Float32Array {
  const { dim } = source;
  if (source.base.length === 0) {
    // Whole 4096-row chunks, so a row is the same whichever block asks for it.
    const out = new Float32Array(rows * dim);
    for (let at = start; at < start + rows; ) {
      const chunk = Math.floor(at / 4096);
      const rowsHere = Math.min(start + rows, (chunk + 1) * 4096) - at;
      const full = unitRows(4096, dim, 1_000_003 + chunk);
      out.set(full.subarray((at - chunk * 4096) * dim, (at - chunk * 4096 + rowsHere) * dim), (at - start) * dim);
      at += rowsHere;
    }
    return out;
  }
  const baseCount = source.base.length / dim;
  if (start + rows <= baseCount) return source.base.slice(start * dim, (start + rows) * dim);
  const out = new Float32Array(rows * dim);
  for (let at = start; at < start + rows; ) {
    const chunk = Math.floor(at / 4096);
    const rowsHere = Math.min(start + rows, (chunk + 1) * 4096) - at;
    out.set(noisyChunk(source, chunk, baseCount).subarray((at - chunk * 4096) * dim, (at - chunk * 4096 + rowsHere) * dim), (at - start) * dim);
    at += rowsHere;
  }
  return out;
}

const baseTensors = new Map<EmbeddingSource, Tensor>();

function noisyChunk(source: EmbeddingSource, chunk: number, baseCount: number): Float32Array {
  const { dim } = source;
  let baseTensor = baseTensors.get(source);
  if (!baseTensor) baseTensors.set(source, (baseTensor = keep(tensor(source.base, [baseCount, dim]))));
  const held = baseTensor;
  manualSeed(2_000_003 + chunk);
  return noGrad(() => tidy(() => {
    const rows = remainder(arange(chunk * 4096, (chunk + 1) * 4096), baseCount);
    const base = indexSelect(held, 0, rows);
    const x = add(base, mul(randn([4096, dim]), source.noise));
    const firstNoisy = Math.max(0, baseCount - chunk * 4096); // rows before this are base rows themselves
    const out = div(x, norm(x, { dim: 1, keepdim: true })).data<'float32'>();
    if (firstNoisy > 0) out.set(source.base.subarray(chunk * 4096 * dim, Math.min(baseCount, (chunk + 1) * 4096) * dim));
    return out;
  }));
}

/** The first `size` rows, in memory. */
export function galleryRows(source: EmbeddingSource, size: number): Float32Array {
  const out = new Float32Array(size * source.dim);
  for (let start = 0; start < size; start += 65536) {
    const rows = Math.min(65536, size - start);
    out.set(galleryBlock(source, start, rows), start * source.dim);
  }
  return out;
}
