// The terminal review's key handling, driven line by line as piped stdin drives it: choose a
// candidate, new, not sure (not asked again), merge by candidate number, undo, bad keys, quit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog } from '../../src/catalog/index.ts';
import { catalogReview, lineReviewInput } from '../../src/recipes/catalog-review.ts';
import { tempDir } from '../catalog/catalog-fixture.ts';

const hash = (n: number): string => n.toString(16).padStart(64, '0');

function catalogue(t: { after: (fn: () => void) => void }): Catalog {
  const root = tempDir('review');
  const c = Catalog.create(join(root, 'cat'), { model: { dir: 'model', fingerprint: 'fp', dim: 2 } });
  t.after(() => {
    c.close();
    rmSync(root, { recursive: true, force: true });
  });
  c.addSightings(['A', 'B', 'C'].map((name, i) => ({ imageHash: hash(i + 1), imageExt: 'png', originalName: `${name}.png`, individualName: name })), { kind: 'import' });
  const queued = c.addSightings([10, 11, 12, 13].map((n) => ({ imageHash: hash(n), imageExt: 'png', originalName: `q${n}.png` })), { encounters: 'separate' }).added;
  c.setMatchings(queued.map((s) => ({ sighting: s.id, modelFingerprint: 'fp', verdict: 'known', candidates: [2, 1, 3].map((individual, r) => ({ individual, rank: r + 1, probability: 0.9 - 0.3 * r, scores: { embeddingDistance: 0.2 + r / 10 } })) })));
  return c;
}

async function review(c: Catalog, keys: string[]) {
  async function* lines() {
    yield* keys;
  }
  let text = '';
  const summary = await catalogReview(c, lineReviewInput(lines()), { who: 'ann', write: (t) => { text += t; } });
  return { summary, text };
}

test('keys: 2 picks the second candidate, n names a new individual, u defers, 9 and x are refused without a decision', async (t) => {
  const c = catalogue(t);
  const { summary, text } = await review(c, ['9', 'x', '2', 'n', 'u', 's']);
  assert.match(text, /1\. B +p 0\.900 +distance 0\.2000 +\(1 sightings\)/);
  assert.match(text, /no candidate #9/);
  assert.match(text, /unknown key "x"/);
  assert.match(text, /same as A \(1 sighting\)/);
  assert.match(text, /new individual IND-0004/);
  assert.deepEqual(summary, { same: 2, new: 1, unsure: 1, merged: 0, undone: 0, left: 1 });
  assert.equal(c.sighting(4).individual, 1);
  assert.equal(c.sighting(6).status, 'unsure');
  assert.ok(c.decisions().every((d) => d.who === 'ann'));
});

test('m merges two individuals named by candidate number; z undoes the merge, then the decision before it', async (t) => {
  const c = catalogue(t);
  const { summary, text } = await review(c, ['s', 'm', '#1 #3', 'z', 'z', 'q']);
  assert.match(text, /merged C into B \(1 sightings moved\)/);
  assert.match(text, /undid merge/);
  assert.match(text, /undid decision/);
  assert.deepEqual(summary, { same: 1, new: 0, unsure: 0, merged: 1, undone: 2, left: 4 });
  assert.equal(c.individuals().length, 3);
  assert.equal(c.decisions().length, 0);
  const bad = await review(c, ['m', 'A', 'm', 'A A', 'q']);
  assert.match(bad.text, /merge: expected two individuals but received "A"/);
  assert.match(bad.text, /refused: Catalog\.merge: expected two different individuals/);
});

test('the review ends by itself when nothing is left, and at the end of its input', async (t) => {
  const c = catalogue(t);
  const { summary } = await review(c, ['s', 's', 's', 's', 's', 's']);
  assert.equal(summary.same, 4);
  assert.equal(summary.left, 0);
  assert.equal((await review(c, [])).summary.left, 0);
});
