// `reid embed`: embeddings of a dataset split or of image files, as .npy (float32 N×D) plus a CSV index.
import type { Command } from 'commander';
import { ArgumentError, embedFileBatches, embedSplits, loadModelBundle, saveNpy, toCsv, writeFileAtomic } from '../../index.ts';
import { positiveInt, readFileList } from '../parse-options.ts';
import { addEngineOption } from '../engine-option.ts';
import { addDataOptions, addModelOption } from '../shared-options.ts';

interface EmbedFlags { model: string; data?: string; split?: string; batchSize: number; filesFrom?: string; out: string }

export function registerEmbed(program: Command): void {
  addEngineOption(addDataOptions(addModelOption(program
    .command('embed')
    .description('embed a dataset split or image files; writes float32 N×D .npy and a CSV index beside it'), 'required'), { required: false, what: "dataset, opened at the model's input size" }))
    .option('--batch-size <n>', 'images per forward pass (files: read at once)', positiveInt('--batch-size'), 512)
    .option('--files-from <list>', 'also embed the image files listed in LIST, one per line (relative to its folder; - for stdin)')
    .requiredOption('--out <file>', 'output .npy')
    .argument('[images...]', 'image files to embed instead of --data')
    .action(async (positional: string[], flags: EmbedFlags) => {
      const images = [...positional, ...(flags.filesFrom === undefined ? [] : await readFileList(flags.filesFrom))];
      if (images.length > 0 && flags.data) throw new ArgumentError('embed: expected either --data SPEC or image files, not both');
      if (images.length === 0 && !flags.data) {
        throw new ArgumentError(`embed: expected --data SPEC or image files${flags.filesFrom ? ` but ${flags.filesFrom} lists none` : ''}`);
      }
      const bundle = await loadModelBundle(flags.model);
      const rows: (string | number)[][] = [['index', 'id', 'source', 'identity']];
      let embeddings: Float32Array;
      if (images.length > 0) {
        embeddings = await embedFileBatches(bundle, images, { batchSize: flags.batchSize });
        images.forEach((file, i) => rows.push([i, `file:${i}`, file, '']));
      } else {
        const embedded = await embedSplits(bundle, flags.data!, { split: flags.split, batchSize: flags.batchSize });
        embeddings = embedded.embeddings;
        embedded.items.forEach((item, i) => rows.push([i, item.id, item.source, item.identity]));
      }
      const n = rows.length - 1;
      await saveNpy(flags.out, embeddings, [n, bundle.config.dim]);
      const csv = flags.out.replace(/\.npy$/, '') + '.csv';
      await writeFileAtomic(csv, toCsv(rows, { newline: '\n' }));
      console.log(`wrote ${n}×${bundle.config.dim} embeddings to ${flags.out} and their index to ${csv}`);
    });
}
