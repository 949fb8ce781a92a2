import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
function reid(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('reid synth writes a catalogue with a progress line, and refuses bad options in one line', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'reid-cli-synth-')), 'zebras');
  const r = reid(['synth', '--pattern', 'stripes', '--individuals', '2', '--sightings', '2', '--size', '64', '--quality', '80', '--vary', 'pose=0.2,blur=0', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote 4 images of 2 stripes individuals to .*zebras; manifest .*manifest\.csv/);
  assert.match(r.stderr, /synth stripes 4\/4/);
  assert.deepEqual(readdirSync(out).sort(), ['manifest.csv', 'stripes-0', 'stripes-1', 'synth.json']);
  for (const [args, message] of [
    [['--pattern', 'spots', '--size', '40'], /--size: expected an integer in \[64, 512\] but received "40"/],
    [['--pattern', 'spots', '--vary', 'glare=1'], /--vary: expected FACTOR=STRENGTH pairs with FACTOR one of pose, light/],
  ] as const) {
    const bad = reid(['synth', '--individuals', '2', '--sightings', '1', '--out', out, ...args]);
    assert.equal(bad.code, 1, args.join(' '));
    assert.match(bad.stderr, message);
    assert.equal(bad.stderr.trim().split('\n').filter((line) => !line.startsWith('(run with')).length, 1, bad.stderr);
  }
});
