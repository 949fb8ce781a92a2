// --matcher and --shortlist through the real CLI: every command that takes them refuses a bad value
// in one line naming the option; their help shows them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { parseMatcher, parseShortlist } from '../../src/cli/matcher-option.ts';
import { ArgumentError } from '../../src/index.ts';

const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const tsx = import.meta.resolve('tsx');
const reid = (args: string[]) => spawnSync(process.execPath, ['--import', tsx, main, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: '1' } });

test('--matcher accepts the three matchers and refuses anything else naming the option', () => {
  assert.deepEqual(['embedding', 'local', 'fused'].map(parseMatcher), ['embedding', 'local', 'fused']);
  assert.throws(() => parseMatcher('sift'), (e: unknown) => e instanceof ArgumentError && e.message === '--matcher: expected one of embedding, local, fused but received "sift"');
  assert.throws(() => parseShortlist('0'), /--shortlist: expected a positive integer/);
});

test('identify refuses a bad --matcher in one line, before opening anything', () => {
  const r = reid(['identify', '--gallery', '/nonexistent', '--matcher', 'sift', 'a.png']);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /--matcher: expected one of embedding, local, fused but received "sift"/);
});

test('gallery build, identify, calibrate and eval list --matcher in their help', () => {
  for (const command of [['gallery', 'build'], ['gallery', 'enroll'], ['identify'], ['calibrate'], ['eval']]) {
    const r = reid([...command, '--help']);
    assert.match(r.stdout, /--matcher <m>/, command.join(' '));
  }
});
