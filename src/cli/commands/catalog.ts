// `reid catalog init|import|add|review|match|merge|rename|split|undo|export`: a photo-ID catalogue of
// individuals and sightings in DIR (catalog.sqlite beside content-addressed images).
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import {
  ArgumentError, Catalog, catalogAdd, catalogMatch, catalogExport, catalogImport, catalogInit, catalogReview, checkIsoDate, describeEvent, lineReviewInput,
  openCatalogSession, parseOccasion, type CatalogExportFormat, type ReviewInput,
} from '../../index.ts';
import { positiveInt } from '../parse-options.ts';
import { addModelOption } from '../shared-options.ts';

const whoDefault = (): string => process.env.REID_WHO ?? (() => { try { return userInfo().username; } catch { return 'reid'; } })();

function isoDate(value: string): string {
  return checkIsoDate('--date', 'the date', value);
}

function idList(option: string) {
  return (value: string): number[] => {
    const ids = value.split(',').map((v) => v.trim()).filter((v) => v !== '');
    if (ids.length === 0 || !ids.every((v) => /^\d+$/.test(v))) throw new ArgumentError(`${option}: expected comma-separated sighting ids (e.g. 12,15) but received "${value}"`);
    return ids.map(Number);
  };
}

function withCatalog<T>(dir: string, fn: (catalog: Catalog) => T): T {
  const catalog = Catalog.open(dir);
  try {
    return fn(catalog);
  } finally {
    catalog.close();
  }
}

/** Keys from a terminal (raw mode: one key press each, over ssh too); a line editor only for merge arguments. */
function terminalInput(): ReviewInput {
  const stdin = process.stdin;
  return {
    key: () => new Promise((done) => {
      stdin.setRawMode(true);
      stdin.resume();
      stdin.once('data', (data: Buffer) => {
        stdin.setRawMode(false);
        stdin.pause();
        const text = data.toString('utf8');
        const key = text === '\u0003' || text === '\u0004' ? 'q' : text.trim() || undefined; // Ctrl-C, Ctrl-D quit
        process.stdout.write(`${key ?? ''}\n`);
        done(key);
      });
    }),
    line: (prompt) => new Promise((done) => {
      const rl = createInterface({ input: stdin, output: process.stdout, terminal: true });
      rl.question(prompt, (answer) => {
        rl.close();
        done(answer);
      });
    }),
  };
}

export function registerCatalog(program: Command): void {
  const catalog = program.command('catalog').description('a photo-ID catalogue: individuals, sightings, review, mark–recapture exports');
  const who = (cmd: Command): Command => cmd.option('--who <name>', 'recorded as who made the change (default $REID_WHO or your user name)');

  addModelOption(catalog.command('init').description('a new catalogue in DIR that identifies with model M').argument('<dir>'), 'required')
    .action(async (dir: string, flags: { model: string }) => {
      const info = await catalogInit({ dir, modelDir: flags.model, who: whoDefault() });
      console.log(`catalogue ${dir}: schema ${info.schemaVersion}, model ${info.modelFingerprint} (dim ${info.dim}) from ${info.modelDir}`);
    });

  who(catalog.command('import').description('existing identified sightings: folder:DIR (DIR/<individual>/<image>), csv:FILE (path,identity[,date,location,photographer,crop_x,crop_y,crop_w,crop_h,…]) or a dataset spec[@split] (synth:spots:20, default split train)').argument('<dir>'))
    .requiredOption('--from <source>', 'folder:DIR, csv:FILE or SPEC[@split]')
    .option('--quiet', 'no progress line')
    .action(async (dir: string, flags: { from: string; who?: string; quiet?: boolean }) => {
      const session = await openCatalogSession(dir);
      try {
        const r = await catalogImport(session, { from: flags.from, who: flags.who ?? whoDefault(), quiet: flags.quiet });
        console.log(`imported ${r.added} of ${r.listed} sightings (${r.skipped} already in the catalogue, ${r.queued} queued without an identity); ${session.catalog.individuals().length} individuals`);
      } finally {
        await session.close();
      }
    });

  who(catalog.command('add').description('new sightings (one encounter), queued for review with their candidates').argument('<dir>').argument('<images...>'))
    .option('--date <date>', 'ISO date of the sightings (YYYY-MM-DD)', isoDate)
    .option('--location <place>', 'where they were seen')
    .option('--photographer <name>', 'who took the photos')
    .option('--separate', 'one encounter per image instead of one for all')
    .option('--top <k>', 'candidates stored per sighting', positiveInt('--top'), 10)
    .action(async (dir: string, images: string[], flags: { date?: string; location?: string; photographer?: string; separate?: boolean; top: number; who?: string }) => {
      const session = await openCatalogSession(dir);
      try {
        const r = await catalogAdd(session, images.map((image) => ({ image, date: flags.date, location: flags.location, photographer: flags.photographer })), {
          kind: 'add', who: flags.who ?? whoDefault(), encounters: flags.separate ? 'separate' : 'together', top: flags.top,
        });
        for (const s of r.added) {
          const best = session.catalog.candidates(s.id)[0];
          const name = best ? session.catalog.individualById(best.individual).name : undefined;
          console.log(`sighting ${s.id} ${s.originalName}: queued${name ? `; best candidate ${name}${best!.probability === null ? ' (uncalibrated)' : ` p ${best!.probability.toFixed(3)}`}` : ''}`);
        }
        for (const s of r.skipped) console.log(`${images[s.index]}: already in the catalogue as sighting ${s.existing.id} (${s.existing.status})`);
        const encounter = r.encounter === null || flags.separate ? '' : ` (encounter ${r.encounter})`;
        console.log(`added ${r.added.length} sightings${encounter}; ${session.catalog.queue().length} waiting for review`);
      } finally {
        await session.close();
      }
    });

  who(catalog.command('review').description('review waiting sightings in the terminal (keys: s 1-9 n u e m z q); reads piped stdin too').argument('<dir>'))
    .option('--top <k>', 'candidates shown (at most 9)', positiveInt('--top'), 5)
    .option('--no-rematch', 'keep the stored candidates (default: recompute the waiting ones after each answer, with the model)')
    .action(async (dir: string, flags: { top: number; who?: string; rematch: boolean }) => {
      const tty = process.stdin.isTTY === true;
      const input = tty ? terminalInput() : lineReviewInput(createInterface({ input: process.stdin, terminal: false }));
      const session = flags.rematch ? await openCatalogSession(dir) : undefined;
      const c = session?.catalog ?? Catalog.open(dir);
      let s;
      try {
        s = await catalogReview(c, input, {
          who: flags.who ?? whoDefault(), top: flags.top, write: (t) => process.stdout.write(t),
          ...(session ? { afterChange: () => void catalogMatch(session, { who: flags.who ?? whoDefault() }) } : {}),
        });
      } finally {
        if (session) await session.close();
        else c.close();
      }
      console.log(`\nreviewed: ${s.same} same, ${s.new} new, ${s.unsure} not sure, ${s.merged} merges, ${s.undone} undone; ${s.left} still waiting`);
      process.stdin.destroy(); // a piped stdin may still be open
    });

  who(catalog.command('match').description('recompute the candidates of every waiting sighting against the confirmed ones').argument('<dir>'))
    .option('--top <k>', 'candidates stored per sighting', positiveInt('--top'), 10)
    .action(async (dir: string, flags: { top: number; who?: string }) => {
      const session = await openCatalogSession(dir);
      try {
        const n = catalogMatch(session, { top: flags.top, who: flags.who ?? whoDefault() });
        console.log(`matched ${n} waiting sightings against ${session.catalog.embeddings().sightings.length} confirmed ones`);
      } finally {
        await session.close();
      }
    });

  who(catalog.command('merge').description('merge individual B into A (A keeps every sighting of both)').argument('<dir>').argument('<a>', 'individual kept (id or name)').argument('<b>', 'individual merged into A'))
    .action((dir: string, a: string, b: string, flags: { who?: string }) => withCatalog(dir, (c) => {
      const r = c.merge(a, b, flags.who ?? whoDefault());
      console.log(`merged ${r.from.name} (${r.from.id}) into ${r.into.name} (${r.into.id}): ${r.moved} sightings moved`);
    }));

  who(catalog.command('rename').description('rename an individual').argument('<dir>').argument('<id>', 'individual (id or name)').argument('<name>'))
    .action((dir: string, id: string, name: string, flags: { who?: string }) => withCatalog(dir, (c) => {
      const before = c.resolveIndividual(id);
      const r = c.rename(id, name, flags.who ?? whoDefault());
      console.log(`renamed ${before.name} (${r.individual.id}) to ${r.individual.name}`);
    }));

  who(catalog.command('split').description('move some sightings of an individual to a new one').argument('<dir>').argument('<id>', 'individual (id or name)'))
    .requiredOption('--sightings <ids>', 'comma-separated sighting ids to move', idList('--sightings'))
    .option('--name <name>', 'name of the new individual (default automatic, e.g. IND-0042)')
    .action((dir: string, id: string, flags: { sightings: number[]; name?: string; who?: string }) => withCatalog(dir, (c) => {
      const r = c.split(id, flags.sightings, { name: flags.name, who: flags.who ?? whoDefault() });
      console.log(`split ${flags.sightings.length} sightings from ${r.from.name} (${r.from.id}) into new individual ${r.individual.name} (${r.individual.id})`);
    }));

  who(catalog.command('undo').description('take back the newest change (an import or add, decision, merge, rename, split or notes), or with --event one import or add out of order').argument('<dir>'))
    .option('--event <id>', 'the import or add event to take back (the whole import it belongs to); refused while a later change depends on it', positiveInt('--event'))
    .option('--list', 'list the latest 20 events instead, and which can be undone')
    .action((dir: string, flags: { event?: number; list?: boolean; who?: string }) => withCatalog(dir, (c) => {
      if (flags.list) {
        for (const e of c.events({ limit: 20 })) console.log(`${e.undoable ? '*' : ' '} ${e.at} ${e.who}: ${describeEvent(e)}`);
        console.log('(* can be undone)');
        return;
      }
      const r = c.undo(flags.who ?? whoDefault(), flags.event === undefined ? {} : { event: flags.event });
      if (!r) return console.log('nothing to undo');
      const files = r.imagesRemoved ? `; ${r.imagesRemoved} image file${r.imagesRemoved === 1 ? '' : 's'} it stored removed` : '';
      console.log(`undid ${r.description}${files}; ${c.queueSize()} waiting for review, ${c.individuals().length} individuals`);
    }));

  catalog.command('export').description('confirmed sightings as CSV (one row each) or a capture history (individual × occasion, 0/1)').argument('<dir>')
    .requiredOption('--format <format>', 'csv or capture-history', (v: string): CatalogExportFormat => {
      if (v !== 'csv' && v !== 'capture-history') throw new ArgumentError(`--format: expected csv or capture-history but received "${v}"`);
      return v;
    })
    .requiredOption('--out <file>', 'output file (written atomically)')
    .option('--occasion <occasion>', 'capture-history occasions: day, month, year, survey-field (the free field "survey") or field:NAME', 'day')
    .action(async (dir: string, flags: { format: CatalogExportFormat; out: string; occasion: string }) => {
      const occasion = parseOccasion(flags.occasion);
      const c = Catalog.open(dir, { readonly: true });
      try {
        const r = await catalogExport(c, { format: flags.format, occasion, out: flags.out });
        console.log(flags.format === 'csv'
          ? `wrote ${flags.out}: ${r.rows} sightings of ${r.individuals} individuals`
          : `wrote ${flags.out}: ${r.individuals} individuals × ${r.occasions} occasions${r.unplaced ? ` (${r.unplaced} sightings without an occasion left out)` : ''}`);
      } finally {
        c.close();
      }
    });
}
