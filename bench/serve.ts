// The catalogue app under load: 50 concurrent POST /api/identify requests, 1,000 in all, against
// a catalogue of 10,000 sightings (2,000 procedural stroke identities × 5, the shipped general
// glyph model), on 127.0.0.1 only and bounded in time. Reports errors (must be 0), latency p50/p99
// and the event loop's worst stall while serving (perf_hooks.monitorEventLoopDelay); the client
// runs in a worker thread of the same process (its own event loop), so the server's loop is measured alone.
// Usage: npm run bench -- serve [--sightings N] [--per-identity N] [--requests N] [--concurrency N] [--budget SECONDS]
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { Catalog, putImage, type NewSighting } from '../src/catalog/index.ts';
import { strokeSightings } from '../src/data/index.ts';
import { generalGlyphModelDir } from '../src/recipes/index.ts';
import { loadModelBundle } from '../src/train/index.ts';
import { serveCatalog } from '../src/web/catalog/serve-catalog.ts';

interface Options {
  sightings: number;
  perIdentity: number;
  requests: number;
  concurrency: number;
  budgetSeconds: number;
}

function parseOptions(args: readonly string[]): Options {
  const options: Options = { sightings: 10_000, perIdentity: 5, requests: 1000, concurrency: 50, budgetSeconds: 300 };
  const flags: Record<string, keyof Options> = { '--sightings': 'sightings', '--per-identity': 'perIdentity', '--requests': 'requests', '--concurrency': 'concurrency', '--budget': 'budgetSeconds' };
  for (let i = 0; i < args.length; i += 2) {
    const key = flags[args[i]!];
    const value = Number(args[i + 1]);
    if (key === undefined || !Number.isInteger(value) || value < 1) {
      throw new Error(`bench serve: expected one of ${Object.keys(flags).join(', ')} with a positive integer but received ${args[i]} ${args[i + 1] ?? ''}`);
    }
    options[key] = value;
  }
  return options;
}

const seed = 7; // not the general model's training seed (0): identities it never saw
const png = (pixels: Uint8Array) => sharp(Buffer.from(pixels), { raw: { width: 28, height: 28, channels: 1 } }).png().toBuffer();

/** The catalogue, built once per size under runs/ (the images and rows; the server embeds them on first open). */
async function benchCatalog(options: Options): Promise<string> {
  const dir = join('runs', 'bench-serve', `strokes-${options.sightings}-${options.perIdentity}`);
  if (existsSync(join(dir, 'complete'))) return dir;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const bundle = await loadModelBundle(generalGlyphModelDir);
  const { fingerprint, dim } = bundle.config;
  bundle.model.dispose();
  const catalog = Catalog.create(dir, { model: { dir: generalGlyphModelDir, fingerprint, dim } });
  const identities = Math.ceil(options.sightings / options.perIdentity);
  const rows: NewSighting[] = [];
  for (let identity = 0; identity < identities; identity++) {
    const count = Math.min(options.perIdentity, options.sightings - identity * options.perIdentity);
    const images = strokeSightings(seed, identity, Array.from({ length: count }, (_, j) => j));
    for (const [j, pixels] of images.entries()) {
      const stored = await putImage(dir, await png(pixels), 'png');
      const day = String(1 + ((identity + j) % 28)).padStart(2, '0');
      rows.push({ imageHash: stored.hash, imageExt: 'png', originalName: `stroke-${identity}-${j}.png`, date: `2024-0${1 + j}-${day}`, individualName: `stroke-${identity}` });
    }
    if (identity % 200 === 0) process.stderr.write(`\rbench serve: building the catalogue ${rows.length}/${options.sightings}`);
  }
  catalog.addSightings(rows, { kind: 'import', who: 'bench', encounters: 'separate' });
  catalog.close();
  await writeFile(join(dir, 'complete'), '');
  process.stderr.write('\n');
  return dir;
}

interface ClientJob {
  url: string;
  queries: Buffer[];
  requests: number;
  concurrency: number;
  deadline: number;
}

interface ClientResult {
  latencies: number[];
  errors: string[];
  /** Best candidate's name and the request index, per completed request. */
  names: string[];
  indices: number[];
}

// The load generator runs in its own thread (its own event loop), so the server's loop is measured alone.
const clientSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, queries, requests, concurrency, deadline } = workerData;
const out = { latencies: [], errors: [], names: [], indices: [] };
let next = 0;
async function one(i) {
  const t0 = performance.now();
  try {
    const response = await fetch(url + '/api/identify', { method: 'POST', headers: { 'content-type': 'image/png' }, body: queries[i % queries.length], signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) });
    const body = await response.json();
    if (!response.ok) throw new Error(response.status + ' ' + body.error);
    out.latencies.push(performance.now() - t0);
    out.names.push(body.candidates[0] ? body.candidates[0].individual.name : '');
    out.indices.push(i);
  } catch (error) { out.errors.push(error.message); }
}
Promise.all(Array.from({ length: concurrency }, async () => { while (next < requests && Date.now() < deadline) await one(next++); })).then(() => parentPort.postMessage(out));
`;

function runClient(job: ClientJob): Promise<ClientResult> {
  const worker = new Worker(clientSource, { eval: true, workerData: { ...job, queries: job.queries.map((q) => new Uint8Array(q)) } });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: ClientResult) => void worker.terminate().then(() => resolve(result)));
    worker.once('error', reject);
  });
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

export async function main(args: readonly string[]): Promise<void> {
  const options = parseOptions(args);
  const started = performance.now();
  const dir = await benchCatalog(options);
  const built = performance.now();
  const running = await serveCatalog({ catalogDir: dir, host: '127.0.0.1', port: 0 });
  const opened = performance.now();
  const identities = Math.ceil(options.sightings / options.perIdentity);
  // Queries: unseen sightings (index perIdentity) of 100 catalogued identities.
  const queries = await Promise.all(Array.from({ length: 100 }, (_, i) => png(strokeSightings(seed, (i * 7919) % identities, [options.perIdentity])[0]!)));
  const deadline = Date.now() + options.budgetSeconds * 1000;
  try {
    await fetch(`${running.url}/api/identify`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array(queries[0]!) }); // builds nothing new, warms every path
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const loadStart = performance.now();
    const load = await runClient({ url: running.url, queries, requests: options.requests, concurrency: options.concurrency, deadline });
    const seconds = (performance.now() - loadStart) / 1000;
    loop.disable();
    const sorted = [...load.latencies].sort((a, b) => a - b);
    const expectedName = (i: number) => `stroke-${((i % queries.length) * 7919) % identities}`;
    const correct = load.names.filter((name, i) => name === expectedName(load.indices[i]!)).length;
    const unfinished = options.requests - load.latencies.length - load.errors.length;
    console.log(JSON.stringify({
      bench: 'serve', sightings: options.sightings, individuals: identities, requests: options.requests, concurrency: options.concurrency,
      completed: load.latencies.length, errors: load.errors.length + unfinished, firstError: load.errors[0] ?? (unfinished ? `${unfinished} not sent within --budget ${options.budgetSeconds} s` : null),
      p50Ms: Number(quantile(sorted, 0.5).toFixed(1)), p99Ms: Number(quantile(sorted, 0.99).toFixed(1)), maxMs: Number(sorted.at(-1)!.toFixed(1)),
      requestsPerSecond: Number((load.latencies.length / seconds).toFixed(1)),
      eventLoopMaxStallMs: Number((loop.max / 1e6).toFixed(1)), eventLoopP99Ms: Number((loop.percentile(99) / 1e6).toFixed(1)),
      top1: Number((correct / Math.max(1, load.latencies.length)).toFixed(3)),
      catalogueBuildS: Number(((built - started) / 1000).toFixed(1)), openS: Number(((opened - built) / 1000).toFixed(1)), loadS: Number(seconds.toFixed(1)),
      loadAverage: loadavg().map((x) => Number(x.toFixed(1))), cpus: cpus().length,
    }));
  } finally {
    await running.close();
  }
}
