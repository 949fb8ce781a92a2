// Every scan kernel is exercised on this CPU, not only its widest: the quantised-scan tests (which
// compare the native top-k with plain loops) run again in child processes with REID_SCAN_KERNEL
// capping the kernel at AVX2 and at the plain loop, so a CPU without AVX-512 never runs code that
// was only compiled here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { native } from '../../src/tensor/engine.ts';

const scanTests = fileURLToPath(new URL('./quantised-scan.test.ts', import.meta.url));

test('REID_SCAN_KERNEL caps the kernel, and the scan tests pass on every narrower kernel', { timeout: 600_000 }, () => {
  const widest = native().scanKernel();
  assert.ok(['plain', 'avx2', 'avx512-vnni'].includes(widest), widest);
  for (const kernel of ['avx2', 'plain'] as const) {
    const probe = spawnSync(process.execPath, ['--import', 'tsx', '-e', "import('./src/tensor/engine.ts').then((m) => console.log(m.native().scanKernel()))"], {
      env: { ...process.env, REID_SCAN_KERNEL: kernel }, encoding: 'utf8',
    });
    assert.equal(probe.status, 0, probe.stderr);
    const used = probe.stdout.trim();
    // Capped, never widened: a plain-only CPU stays plain under 'avx2'.
    assert.equal(used, kernel === 'plain' || widest === 'plain' ? 'plain' : 'avx2');
    // Without NODE_TEST_CONTEXT the child reports on its own stdout, not to this runner.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', scanTests], { env: { ...env, REID_SCAN_KERNEL: kernel }, encoding: 'utf8' });
    assert.equal(run.status, 0, `quantised-scan tests under REID_SCAN_KERNEL=${kernel}:\n${run.stdout.slice(-3000)}${run.stderr.slice(-2000)}`);
    assert.match(run.stdout, /# fail 0/);
  }
});
