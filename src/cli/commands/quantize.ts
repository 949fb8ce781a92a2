// `reid quantize`: measure a model's activation ranges for the onnx-int8 engine on a dataset and
// record them in its model.json (`reid train` already does this on its training images).
import type { Command } from 'commander';
import { defaultQuantizeImages, quantizeRun } from '../../index.ts';
import { positiveInt } from '../parse-options.ts';
import { addDataOptions, addModelOption } from '../shared-options.ts';

export function registerQuantize(program: Command): void {
  addDataOptions(addModelOption(program
    .command('quantize')
    .description('measure activation ranges for --engine onnx-int8 and export-onnx --int8, on images like those it will embed; recorded in model.json'), 'required'), { what: 'calibration images' })
    .option('--images <n>', 'calibration images, evenly spaced over the split', positiveInt('--images'), defaultQuantizeImages)
    .action(async (flags: { model: string; data: string; split?: string; images: number }) => {
      const q = await quantizeRun({ modelDir: flags.model, data: flags.data, split: flags.split, images: flags.images });
      const peak = Math.max(...q.activations.map((r) => r.max));
      console.log(`${flags.model}/model.json: ${q.activations.length} activation ranges measured on ${q.measuredOn} (largest activation ${peak.toFixed(3)}); use --engine onnx-int8`);
    });
}
