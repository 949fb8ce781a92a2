// Benchmarks by name: `npm run bench -- <name> [args...]`. Each prints JSON lines with a `bench`
// field; none is part of `npm test`. To add one, write bench/<name>.ts exporting `main(args)` and
// list it here.

export interface Bench {
  main(args: readonly string[]): Promise<void>;
}

const benches: Record<string, () => Promise<Bench>> = {
  engine: () => import('./engine.ts'),
  inference: () => import('./inference.ts'),
  gallery: () => import('./gallery.ts'),
  data: () => import('./data.ts'),
  train: () => import('./train.ts'),
  openset: () => import('./openset.ts'),
  'glyph-study': () => import('./glyph-study.ts'),
  'openset-variants': () => import('./openset-variants.ts'),
  serve: () => import('./serve.ts'),
  'photo-net': () => import('./photo-net.ts'),
  local: () => import('./local.ts'),
  synth: () => import('./synth.ts'),
  photo: () => import('./photo.ts'),
};

const [name, ...args] = process.argv.slice(2);
const load = name === undefined ? undefined : benches[name];
if (load === undefined) {
  console.error(`bench: expected one of ${Object.keys(benches).join(', ')} for name but received ${name ?? 'nothing'}.\nUsage: npm run bench -- <name> [args...]`);
  process.exit(2);
}
await (await load()).main(args);
