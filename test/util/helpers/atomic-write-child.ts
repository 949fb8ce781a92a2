// Child process for the crash tests in atomic-write.test.ts: rewrites a target over and over
// until the parent SIGKILLs it. Prints "done <generation>" after each complete write.
// Usage: node --import tsx atomic-write-child.ts <atomic|plain> <target> <bytes>
import { open } from 'node:fs/promises';
import { writeFileAtomic } from '../../../src/util/atomic-write.ts';
import { makeGeneration } from './generation-content.ts';

const [mode, target, sizeText] = process.argv.slice(2);
const size = Number(sizeText);
if (!target || !Number.isInteger(size)) throw new Error('usage: atomic-write-child.ts <atomic|plain> <target> <bytes>');

/** The naive way, for the control test: truncate, then write in chunks (a crash leaves a torn file). */
async function writePlain(path: string, data: Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    for (let at = 0; at < data.length; at += 65536) await handle.write(data, at, Math.min(65536, data.length - at));
  } finally {
    await handle.close();
  }
}

process.stdout.write('ready\n');
for (let generation = 1; ; generation += 1) {
  const data = makeGeneration(generation, size);
  if (mode === 'atomic') await writeFileAtomic(target, data);
  else if (mode === 'plain') await writePlain(target, data);
  else throw new Error(`unknown mode ${mode}`);
  process.stdout.write(`done ${generation}\n`);
}
