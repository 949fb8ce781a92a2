// `reid match` through the real CLI: counts on stdout, the picture written, JSON on request, and
// one clear line on stderr for unreadable files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { randomPattern, renderPattern } from '../features/textured-image.ts';

const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const tsx = import.meta.resolve('tsx');
const reid = (args: string[]) => spawnSync(process.execPath, ['--import', tsx, main, ...args], { encoding: 'utf8', timeout: 120_000 });

test('reid match prints inliers, tentative and score, writes the picture, and refuses unreadable files in one line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reid-match-'));
  const pattern = randomPattern(31);
  const a = join(dir, 'a.png'), b = join(dir, 'b.jpg');
  await sharp(Buffer.from(renderPattern(pattern, 240)), { raw: { width: 240, height: 240, channels: 1 } }).png().toFile(a);
  await sharp(Buffer.from(renderPattern(pattern, 240, { rotationDeg: 25, scale: 0.9 })), { raw: { width: 240, height: 240, channels: 1 } }).jpeg({ quality: 85 }).toFile(b);
  const out = join(dir, 'match.png');
  const plain = reid(['match', a, b, '--out', out]);
  assert.equal(plain.status, 0, plain.stderr);
  const m = /inliers (\d+) {2}tentative (\d+) {2}score (\d+)/.exec(plain.stdout);
  assert.ok(m, plain.stdout);
  assert.ok(Number(m[1]) >= 20 && Number(m[1]) <= Number(m[2]), plain.stdout);
  const meta = await sharp(out).metadata();
  assert.equal(meta.format, 'png');
  assert.ok(meta.width! > 2 * 300, `picture ${meta.width}×${meta.height}`);
  const json = reid(['match', a, b, '--json', '--model', 'homography']);
  assert.equal(json.status, 0, json.stderr);
  const parsed = JSON.parse(json.stdout) as { inliers: number; tentative: number; score: number; keypoints: number[] };
  assert.ok(parsed.inliers >= 20 && parsed.score === parsed.inliers && parsed.keypoints.length === 2);
  const junk = join(dir, 'junk.jpg');
  writeFileSync(junk, 'not an image');
  for (const bad of [junk, join(dir, 'missing.png')]) {
    const r = reid(['match', a, bad]);
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.ok(lines[0]!.startsWith('reid: ') && lines[0]!.includes(bad), lines[0]);
  }
});
