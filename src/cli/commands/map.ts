// `reid map`: a 2-D map (t-SNE or UMAP) of a dataset's embeddings, with chosen files boxed.
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { embed2d, embedDataset, embedFiles, evenlySpacedSubset, loadModelBundle, oneDatasetSplit, scatterMapSvg, svgToPng } from '../../index.ts';
import { nonNegativeInt, oneOf, positiveInt } from '../parse-options.ts';
import { addDataOptions, addModelOption } from '../shared-options.ts';

export function registerMap(program: Command): void {
  addDataOptions(addModelOption(program
    .command('map')
    .description('2-D map of embeddings coloured by identity; --highlight files are drawn as boxed crosses'), 'required'))
    .option('--limit <n>', 'points from the dataset', positiveInt('--limit'), 2000)
    .option('--method <m>', 'tsne | umap', oneOf('--method', ['tsne', 'umap'] as const), 'tsne')
    .option('--highlight <files...>', 'image files to embed and box')
    .option('--seed <n>', 'seed', nonNegativeInt('--seed'), 0)
    .requiredOption('--out <file>', 'PNG output (an SVG is written beside it)')
    .action(async (flags: { model: string; data: string; split?: string; limit: number; method: 'tsne' | 'umap'; highlight?: string[]; seed: number; out: string }) => {
      const bundle = await loadModelBundle(flags.model);
      const picked = evenlySpacedSubset(await oneDatasetSplit(flags.data, flags.split, bundle), flags.limit);
      const { embeddings, dim } = await embedDataset(bundle.model, picked, bundle.config.preprocessing);
      const extra = flags.highlight?.length ? (await embedFiles(bundle, flags.highlight)).embeddings : new Float32Array(0);
      const n = picked.length + extra.length / dim;
      const points = new Float32Array(n * dim);
      points.set(embeddings);
      points.set(extra, embeddings.length);
      const highlightLabel = picked.identities.length;
      const labels = Int32Array.from({ length: n }, (_, i) => (i < picked.length ? picked.labels[i]! : highlightLabel));
      const names = new Map<number, string>(picked.identities.map((name, i) => [i, name]));
      names.set(highlightLabel, 'highlighted');
      console.error(`${flags.method} of ${n} points...`);
      const layout = embed2d(points, n, dim, { method: flags.method, seed: flags.seed });
      const svg = scatterMapSvg(layout, labels, { labelNames: names, highlight: Array.from({ length: n - picked.length }, (_, i) => picked.length + i), highlightName: 'highlighted files', axisNames: [`${flags.method} 1`, `${flags.method} 2`] });
      writeFileSync(flags.out.replace(/\.png$/, '') + '.svg', svg);
      await svgToPng(svg, flags.out);
      console.log(`wrote ${flags.out}`);
    });
}
