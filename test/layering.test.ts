// The one-way layering of docs/CONTRACTS.md, checked on every relative import in src/: a folder
// imports only from folders before it in the documented order (util is below everything, cli
// and web import the public API, and `reid serve` starts the web app). The order is read from
// the document, so the two cannot drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve('src');

function documentedOrder(): Map<string, number> {
  const line = readFileSync('docs/CONTRACTS.md', 'utf8').split('\n').find((l) => l.startsWith('Layering (one-way):'));
  assert.ok(line, 'docs/CONTRACTS.md has a "Layering (one-way):" line');
  const rank = new Map<string, number>([['util', 0], ['version.ts', 0]]);
  line.slice(line.indexOf(':') + 1).split('→').forEach((step, i) => {
    for (const name of step.split(',')) rank.set(name.trim().replace(/^src\//, '').replace(/\.$/, ''), i + 1);
  });
  // The public API sits just below its only importers, cli and web.
  rank.set('index.ts', rank.get('cli')! - 0.5);
  return rank;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

/** The folder under src/ (or the top-level file) a path belongs to. */
const layerOf = (path: string): string => relative(root, path).split('/')[0]!;

test('every import in src/ goes down the documented layering', () => {
  const rank = documentedOrder();
  const upward: string[] = [];
  for (const file of sourceFiles(root)) {
    const from = layerOf(file);
    assert.ok(rank.has(from), `${relative('.', file)}: src/${from} has no place in the layering of docs/CONTRACTS.md`);
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)'(\.{1,2}\/[^']+)'/g)) {
      const to = layerOf(resolve(dirname(file), match[1]!));
      if (to === from) continue;
      assert.ok(rank.has(to), `${relative('.', file)} imports ${match[1]}, outside the layering`);
      const servesTheWebApp = from === 'cli' && to === 'web'; // `reid serve` starts it (docs/CONTRACTS.md)
      if (!(rank.get(to)! < rank.get(from)!) && !servesTheWebApp) upward.push(`${relative('.', file)} (${from}) imports ${match[1]} (${to})`);
    }
  }
  assert.deepEqual(upward, []);
});

test('src/eval imports only src/util, and training takes its validation metric from it', () => {
  for (const file of sourceFiles(join(root, 'eval'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'/g)) {
      const to = layerOf(resolve(dirname(file), match[1]!));
      assert.ok(to === 'eval' || to === 'util', `${relative('.', file)} imports ${match[1]}`);
    }
  }
  assert.match(readFileSync(join(root, 'train/retrieval-summary.ts'), 'utf8'), /from '\.\.\/eval\//);
});
