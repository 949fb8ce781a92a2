// Child process for the crash tests: makes catalogue changes (decisions, an import, an undo) and,
// at the chosen one, stops inside its transaction (rows written, COMMIT not yet run) and says so,
// to be killed with SIGKILL there.
import { writeSync } from 'node:fs';
import { Catalog, type EventKind } from '../../src/catalog/index.ts';
import { catalogImport } from '../../src/recipes/catalog-import.ts';
import { openCatalogSession } from '../../src/recipes/catalog-session.ts';

const [mode, dir, stopAtText, from] = process.argv.slice(2) as [string, string, string, string | undefined];
const stopAt = Number(stopAtText); // 0: never stop, keep going until killed
let seen = 0;
const hang = (wanted: EventKind) => (kind: EventKind): void => {
  if (kind !== wanted || ++seen !== stopAt) return;
  writeSync(1, 'in-transaction\n');
  for (;;) { /* killed here, mid-transaction */ }
};

if (mode === 'decision') {
  const catalog = Catalog.open(dir, { beforeCommit: hang('decision') });
  for (let k = 1; ; k++) {
    const next = catalog.queue()[0];
    if (!next) break;
    catalog.decide({ sighting: next.sighting.id, decision: k % 2 ? 'new' : 'same', ...(k % 2 ? {} : { individual: 1 }), wholeEncounter: true });
    writeSync(1, `committed ${k}\n`);
  }
  writeSync(1, 'done\n');
} else if (mode === 'import') {
  const session = await openCatalogSession(dir);
  // The session's catalogue has no hook; reopen one with it for the import's writes.
  session.catalog.close();
  const hooked = Catalog.open(dir, { beforeCommit: hang('import') });
  await catalogImport({ ...session, catalog: hooked }, { from: from!, batchSize: 2, quiet: true });
  writeSync(1, 'done\n');
} else if (mode === 'undo') {
  // Stops inside the stopAt-th undo event of one undo (an import run appends one per batch).
  const catalog = Catalog.open(dir, { beforeCommit: hang('undo') });
  const r = catalog.undo('crash-test');
  writeSync(1, `undid ${r?.description ?? 'nothing'}\n`);
}
