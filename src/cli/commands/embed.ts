// `reid embed`: embeddings of a dataset split or of image files, as .npy (float32 N×D) plus a CSV index.
import type { Command } from 'commander';
import { ArgumentError, embedDataset, embedFiles, loadModelBundle, openDataset, Progress, saveNpy, toCsv, writeFileAtomic, type ImageDataset } from '../../index.ts';
import { oneOf, positiveInt } from '../parse-options.ts';

export async function datasetSplit(spec: string, split: string): Promise<ImageDataset[]> {
  const opened = await openDataset(spec);
  if (split === 'all') return Object.values(opened.splits);
  const chosen = opened.splits[split];
  if (!chosen) throw new ArgumentError(`--split: expected one of ${Object.keys(opened.splits).join(', ')}, all for ${spec} but received "${split}"`);
  return [chosen];
}

export function registerEmbed(program: Command): void {
  program
    .command('embed')
    .description('embed a dataset split or image files; writes float32 N×D .npy and a CSV index beside it')
    .requiredOption('--model <dir>', 'model bundle')
    .option('--data <spec>', 'mnist | idx:DIR | folder:DIR | csv:FILE | glyphs[:CLASSES]')
    .option('--split <split>', 'train | test | all', oneOf('--split', ['train', 'test', 'all'] as const), 'test')
    .option('--batch-size <n>', 'images per forward pass', positiveInt('--batch-size'), 512)
    .requiredOption('--out <file>', 'output .npy')
    .argument('[images...]', 'image files to embed instead of --data')
    .action(async (images: string[], flags: { model: string; data?: string; split: string; batchSize: number; out: string }) => {
      const bundle = await loadModelBundle(flags.model);
      const rows: (string | number)[][] = [['index', 'id', 'source', 'identity']];
      let embeddings: Float32Array;
      if (images.length > 0) {
        ({ embeddings } = await embedFiles(bundle, images));
        images.forEach((file, i) => rows.push([i, `file:${i}`, file, '']));
      } else {
        if (!flags.data) throw new ArgumentError('embed: expected --data SPEC or image files');
        const sets = await datasetSplit(flags.data, flags.split);
        const parts: Float32Array[] = [];
        for (const set of sets) {
          const bar = new Progress({ total: set.length, label: `embedding ${set.name}`, unit: 'img' });
          const { embeddings: e } = await embedDataset(bundle.model, set, bundle.config.preprocessing, { batchSize: flags.batchSize, onProgress: (done) => bar.tick(done - bar.completed) });
          bar.done();
          parts.push(e);
          for (let i = 0; i < set.length; i++) rows.push([rows.length - 1, `${set.name}/${i}`, set.source(i), set.identities[set.labels[i]!]!]);
        }
        embeddings = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
        let offset = 0;
        for (const p of parts) {
          embeddings.set(p, offset);
          offset += p.length;
        }
      }
      const n = rows.length - 1;
      await saveNpy(flags.out, embeddings, [n, bundle.config.dim]);
      const csv = flags.out.replace(/\.npy$/, '') + '.csv';
      await writeFileAtomic(csv, toCsv(rows, { newline: '\n' }));
      console.log(`wrote ${n}×${bundle.config.dim} embeddings to ${flags.out} and their index to ${csv}`);
    });
}
