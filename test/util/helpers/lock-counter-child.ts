// Child process for file-lock.test.ts: increments a counter file `times` times, each a slow
// read-modify-write under the lock (a lost update shows as a final count below the total).
// Usage: node --import tsx lock-counter-child.ts <lockFile> <counterFile> <times>
import { readFile, writeFile } from 'node:fs/promises';
import { withFileLock } from '../../../src/util/file-lock.ts';

const [lockFile, counterFile, timesText] = process.argv.slice(2);
for (let i = 0; i < Number(timesText); i++) {
  await withFileLock(lockFile!, async () => {
    const n = Number(await readFile(counterFile!, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await writeFile(counterFile!, String(n + 1));
  });
}
