// `reid gallery build|add|enroll|list|remove|rename`: a catalog of known individuals.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ArgumentError, embedDataset, embedFiles, formatTable, Gallery, loadGallery, loadModelBundle, Progress, saveGallery, type ModelBundle } from '../../index.ts';
import { datasetSplit } from './embed.ts';

async function embedSplit(bundle: ModelBundle, spec: string, split: string) {
  const items = [];
  const parts: Float32Array[] = [];
  for (const set of await datasetSplit(spec, split)) {
    const bar = new Progress({ total: set.length, label: `embedding ${set.name}`, unit: 'img' });
    const { embeddings } = await embedDataset(bundle.model, set, bundle.config.preprocessing, { onProgress: (done) => bar.tick(done - bar.completed) });
    bar.done();
    parts.push(embeddings);
    for (let i = 0; i < set.length; i++) items.push({ id: `${set.name}/${i}`, identity: set.identities[set.labels[i]!]!, source: set.source(i) });
  }
  const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((offset, p) => (all.set(p, offset), offset + p.length), 0);
  return { items, embeddings: all };
}

/** Loads a gallery and the model it was built with (refusing a mismatch). */
export async function openGalleryWithModel(galleryDir: string, modelDir?: string): Promise<{ gallery: Gallery; bundle: ModelBundle }> {
  const peek = await loadGallery(galleryDir);
  const dir = modelDir ?? peek.modelDir;
  if (!dir) throw new ArgumentError(`the gallery ${galleryDir} does not record its model; pass --model DIR`);
  const bundle = await loadModelBundle(dir);
  const gallery = await loadGallery(galleryDir, { model: { fingerprint: bundle.config.fingerprint, dim: bundle.config.dim, dir } });
  return { gallery, bundle };
}

export function registerGallery(program: Command): void {
  const gallery = program.command('gallery').description('build and edit a gallery of known individuals');
  gallery.command('build')
    .description('a new gallery from a dataset split')
    .requiredOption('--model <dir>', 'model bundle')
    .requiredOption('--data <spec>', 'dataset spec')
    .option('--split <split>', 'train | test | all', 'test')
    .requiredOption('--out <dir>', 'gallery directory')
    .action(async (flags: { model: string; data: string; split: string; out: string }) => {
      const bundle = await loadModelBundle(flags.model);
      const { items, embeddings } = await embedSplit(bundle, flags.data, flags.split);
      const g = new Gallery({ dim: bundle.config.dim, modelFingerprint: bundle.config.fingerprint, modelDir: resolve(flags.model), items, embeddings });
      await saveGallery(flags.out, g);
      console.log(`gallery ${flags.out}: ${g.size} items, ${g.identities().size} identities`);
    });
  gallery.command('add')
    .description('add a dataset split to a gallery')
    .requiredOption('--gallery <dir>', 'gallery directory')
    .option('--model <dir>', 'model bundle (default: the one the gallery records)')
    .requiredOption('--data <spec>', 'dataset spec')
    .option('--split <split>', 'train | test | all', 'test')
    .action(async (flags: { gallery: string; model?: string; data: string; split: string }) => {
      const { gallery: g, bundle } = await openGalleryWithModel(flags.gallery, flags.model);
      const { items, embeddings } = await embedSplit(bundle, flags.data, flags.split);
      g.add(items, embeddings);
      await saveGallery(flags.gallery, g);
      console.log(`gallery ${flags.gallery}: ${g.size} items, ${g.identities().size} identities`);
    });
  gallery.command('enroll')
    .description('enrol an individual from a few image files')
    .requiredOption('--gallery <dir>', 'gallery directory (created if missing, with --model)')
    .option('--model <dir>', 'model bundle (default: the one the gallery records)')
    .requiredOption('--identity <name>', 'name of the individual')
    .argument('<images...>', 'image files')
    .action(async (images: string[], flags: { gallery: string; model?: string; identity: string }) => {
      let g: Gallery;
      let bundle: ModelBundle;
      if (existsSync(flags.gallery)) ({ gallery: g, bundle } = await openGalleryWithModel(flags.gallery, flags.model));
      else {
        if (!flags.model) throw new ArgumentError(`gallery enroll: ${flags.gallery} does not exist; pass --model DIR to create it`);
        bundle = await loadModelBundle(flags.model);
        g = new Gallery({ dim: bundle.config.dim, modelFingerprint: bundle.config.fingerprint, modelDir: resolve(flags.model) });
      }
      const { embeddings } = await embedFiles(bundle, images);
      g.enroll(flags.identity, embeddings, images);
      await saveGallery(flags.gallery, g);
      console.log(`enrolled ${images.length} images of "${flags.identity}"; gallery has ${g.size} items, ${g.identities().size} identities`);
    });
  gallery.command('list')
    .description('identities and item counts')
    .requiredOption('--gallery <dir>', 'gallery directory')
    .action(async (flags: { gallery: string }) => {
      const g = await loadGallery(flags.gallery);
      console.log(formatTable([...g.identities()].map(([identity, items]) => ({ identity, items }))));
      console.log(`${g.size} items; model ${g.modelFingerprint}; threshold ${g.calibration ? `${g.calibration.threshold.toFixed(4)} (${g.calibration.target})` : 'not calibrated'}`);
    });
  gallery.command('remove')
    .description('remove items or whole identities')
    .requiredOption('--gallery <dir>', 'gallery directory')
    .argument('<idsOrIdentities...>', 'item ids or identity names')
    .action(async (names: string[], flags: { gallery: string }) => {
      const g = await loadGallery(flags.gallery);
      const n = g.remove(names);
      await saveGallery(flags.gallery, g);
      console.log(`removed ${n} items; ${g.size} left`);
    });
  gallery.command('rename')
    .description('rename an identity')
    .requiredOption('--gallery <dir>', 'gallery directory')
    .argument('<from>').argument('<to>')
    .action(async (from: string, to: string, flags: { gallery: string }) => {
      const g = await loadGallery(flags.gallery);
      const n = g.renameIdentity(from, to);
      await saveGallery(flags.gallery, g);
      console.log(`renamed ${n} items from "${from}" to "${to}"`);
    });
}
