// `reid export-onnx`: a model bundle as an ONNX file (BatchNorm folded, preprocessing and L2
// normalisation in the graph) plus model.onnx.json describing its input and output.
import type { Command } from 'commander';
import { exportOnnxRun } from '../../index.ts';
import { addModelOption } from '../shared-options.ts';

export function registerExportOnnx(program: Command): void {
  addModelOption(program
    .command('export-onnx')
    .description('export a model as ONNX (uint8 N×C×H×W pixels in, L2-normalised embeddings out) with a JSON description beside it'), 'required')
    .requiredOption('--out <file>', 'the .onnx file to write (its description goes to FILE.json)')
    .option('--input <type>', 'uint8 (raw pixels, normalised in the graph) or float32 (already normalised)', 'uint8')
    .option('--int8', 'int8 weights and activations (QDQ) over the ranges `reid quantize` recorded: faster on CPUs with VNNI, approximate')
    .action(async (flags: { model: string; out: string; input: string; int8?: boolean }) => {
      const { bytes, description } = await exportOnnxRun({ modelDir: flags.model, out: flags.out, input: flags.input as 'uint8' | 'float32', int8: flags.int8 === true });
      console.log(`wrote ${flags.out} (${(bytes / 1024).toFixed(0)} KB, ${description.precision}, opset ${description.opset}, input ${description.input.type} [${description.input.shape.join(', ')}], output [${description.output.shape.join(', ')}]) and ${flags.out}.json`);
    });
}
