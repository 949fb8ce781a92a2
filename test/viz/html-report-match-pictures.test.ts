import { test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlReport } from '../../src/viz/index.ts';

test('match pictures get their own section when present, and none when absent', () => {
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47]);
  const html = htmlReport({ title: 't', matchPictures: [{ title: 'q → 1. a', caption: '30 inliers', png }, { title: 'q → 2. b', png }] });
  assert.equal((html.match(/<h2>Match pictures<\/h2>/g) ?? []).length, 1);
  assert.equal((html.match(/<h3>q → \d\. [ab]<\/h3>/g) ?? []).length, 2);
  assert.equal((html.match(/src="data:image\/png;base64,iVBORw=="/g) ?? []).length, 2);
  assert.match(html, /<figcaption>30 inliers<\/figcaption>/);
  assert.doesNotMatch(htmlReport({ title: 't', matchPictures: [] }), /Match pictures/);
});
