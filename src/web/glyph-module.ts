// reid's glyph normalisation (src/data/glyph-normalise.ts, pure TypeScript over typed arrays) as a
// browser ES module, bundled once by esbuild (tsx's own compiler, already installed) from the same
// source the server runs, so a drawing is brought into MNIST's form identically on both sides.
// The one file-reading helper it imports is replaced by a stub: the page passes pixels.
import { fileURLToPath } from 'node:url';

let bundled: Promise<string> | undefined;

export function glyphModule(): Promise<string> {
  bundled ??= (async () => {
    const { build } = await import('esbuild');
    const entry = fileURLToPath(new URL('../data/glyph-normalise.ts', import.meta.url));
    const result = await build({
      stdin: { contents: `export { normaliseGlyph } from ${JSON.stringify(entry)};`, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
      bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent',
      plugins: [{
        name: 'pixels-only',
        setup(b) {
          b.onLoad({ filter: /read-image\.ts$/ }, () => ({ contents: 'export async function readImage() { throw new Error("readImage: files are not read in the browser"); }', loader: 'js' }));
        },
      }],
    });
    return result.outputFiles[0]!.text;
  })();
  return bundled;
}
