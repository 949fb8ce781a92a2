// Small catalogues for the store and CLI tests: glyph classes stand for individuals (a few
// 28×28 PNGs each), identified with the shipped general glyph model; all in a temp directory.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGlyphPngs } from '../../src/data/index.ts';
import type { GlyphClass } from '../../src/data/index.ts';
import { generalGlyphModelDir } from '../../src/recipes/shipped-models.ts';

export const modelDir = generalGlyphModelDir;
export const individuals: readonly GlyphClass[] = ['star', 'heart', 'triangle'];

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `reid-${prefix}-`));
}

/** ROOT/<class>/<class>-<i>.png for each class: a folder catalogue with known identities. */
export async function folderCatalogue(root: string, options: { perIndividual?: number; seed?: number; classes?: readonly GlyphClass[] } = {}): Promise<string> {
  for (const className of options.classes ?? individuals) {
    await writeGlyphPngs({ className, count: options.perIndividual ?? 3, seed: options.seed ?? 1, outDir: join(root, className) });
  }
  return root;
}

/** New sightings of known classes (another seed, so other images): files in DIR. */
export async function newSightings(dir: string, className: GlyphClass, count: number, seed = 99): Promise<string[]> {
  return writeGlyphPngs({ className, count, seed, outDir: dir });
}

const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;

/** `reid catalog ARGS` as a user runs it (a child process; REID_WHO=tester). */
export function reidCatalog(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, 'catalog', ...args], { encoding: 'utf8', input, timeout: 120_000, env: { ...process.env, CI: '1', REID_WHO: 'tester' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** reidCatalog that must exit 0; its stdout. */
export function reidCatalogOk(args: string[], input?: string): string {
  const r = reidCatalog(args, input);
  assert.equal(r.code, 0, `reid catalog ${args.join(' ')}\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}
