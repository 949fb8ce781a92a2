// `reid gallery build|add|enroll|list|remove|rename`: a catalog of known individuals.
import type { Command } from 'commander';
import { addToGallery, buildGallery, describeCalibration, enrollInGallery, formatTable, loadGallery, removeFromGallery, renameInGallery } from '../../index.ts';
import { addEngineOption } from '../engine-option.ts';
import { matcherHelp, parseMatcher } from '../matcher-option.ts';
import type { Matcher } from '../../index.ts';
import { addDataOptions, addModelOption } from '../shared-options.ts';

const held = (skipped: number | undefined) => (skipped ? ` (${skipped} already held, not added again)` : '');
const counts = (dir: string, s: { items: number; identities: number; skipped?: number }) => `gallery ${dir}: ${s.items} items, ${s.identities} identities${held(s.skipped)}`;

export function registerGallery(program: Command): void {
  const gallery = program.command('gallery').description('build and edit a gallery of known individuals');
  addEngineOption(addDataOptions(addModelOption(gallery.command('build').description('a new gallery from a dataset split'), 'required')))
    .requiredOption('--out <dir>', 'gallery directory: new, empty, or a gallery to replace')
    .option('--matcher <m>', matcherHelp.build, parseMatcher)
    .action(async (flags: { model: string; data: string; split?: string; out: string; matcher?: Matcher }) => {
      console.log(counts(flags.out, await buildGallery({ modelDir: flags.model, data: flags.data, split: flags.split, out: flags.out, matcher: flags.matcher })));
    });
  addDataOptions(addModelOption(gallery.command('add').description('add a dataset split to a gallery').requiredOption('--gallery <dir>', 'gallery directory'), 'recorded'))
    .option('--matcher <m>', matcherHelp.existing, parseMatcher)
    .action(async (flags: { gallery: string; model?: string; data: string; split?: string; matcher?: Matcher }) => {
      console.log(counts(flags.gallery, await addToGallery({ galleryDir: flags.gallery, modelDir: flags.model, data: flags.data, split: flags.split, matcher: flags.matcher })));
    });
  addModelOption(gallery.command('enroll').description('enrol an individual from a few image files'), 'recorded')
    .requiredOption('--gallery <dir>', 'gallery directory (created if missing, with --model)')
    .option('--matcher <m>', `a new gallery's matcher: ${matcherHelp.build}; for an existing one, checked against it`, parseMatcher)
    .requiredOption('--identity <name>', 'name of the individual')
    .argument('<images...>', 'image files')
    .action(async (images: string[], flags: { gallery: string; model?: string; identity: string; matcher?: Matcher }) => {
      const r = await enrollInGallery({ galleryDir: flags.gallery, modelDir: flags.model, identity: flags.identity, images, matcher: flags.matcher });
      console.log(`enrolled ${r.enrolled.length} images of "${flags.identity}"${held(r.skipped)}; gallery has ${r.items} items, ${r.identities} identities`);
    });
  gallery.command('list')
    .description('identities and item counts')
    .requiredOption('--gallery <dir>', 'gallery directory')
    .action(async (flags: { gallery: string }) => {
      const g = await loadGallery(flags.gallery);
      console.log(formatTable([...g.identities()].map(([identity, items]) => ({ identity, items }))));
      console.log(`${g.size} items; model ${g.modelFingerprint}; threshold ${describeCalibration(g.calibration)}${g.matcher === 'embedding' && !g.features ? '' : `; matcher ${g.matcher}${g.features ? ' (local features stored)' : ''}`}`);
      g.dispose();
    });
  gallery.command('remove')
    .description('remove items or whole identities')
    .requiredOption('--gallery <dir>', 'gallery directory')
    .argument('<idsOrIdentities...>', 'item ids or identity names')
    .action(async (names: string[], flags: { gallery: string }) => {
      const r = await removeFromGallery(flags.gallery, names);
      console.log(`removed ${r.removed} items; ${r.items} left`);
    });
  gallery.command('rename')
    .description('rename an identity')
    .requiredOption('--gallery <dir>', 'gallery directory')
    .argument('<from>').argument('<to>')
    .action(async (from: string, to: string, flags: { gallery: string }) => {
      const r = await renameInGallery(flags.gallery, from, to);
      console.log(`renamed ${r.renamed} items from "${from}" to "${to}"`);
    });
}
