// Every command, registered in help order.
import type { Command } from 'commander';
import { registerCatalog } from './catalog.ts';
import { registerDemo } from './demo.ts';
import { registerDoctor } from './doctor.ts';
import { registerEmbed } from './embed.ts';
import { registerEval } from './evaluate.ts';
import { registerExportOnnx } from './export-onnx.ts';
import { registerFiles } from './files.ts';
import { registerGallery } from './gallery.ts';
import { registerIdentify } from './identify.ts';
import { registerMap } from './map.ts';
import { registerMatch } from './match.ts';
import { registerQuantize } from './quantize.ts';
import { registerServe } from './serve.ts';
import { registerSynth } from './synth.ts';
import { registerTrain } from './train.ts';

export function registerCommands(program: Command): void {
  registerDoctor(program);
  registerTrain(program);
  registerEmbed(program);
  registerGallery(program);
  registerIdentify(program);
  registerMatch(program);
  registerCatalog(program);
  registerEval(program);
  registerMap(program);
  registerServe(program);
  registerDemo(program);
  registerFiles(program);
  registerSynth(program);
  registerExportOnnx(program);
  registerQuantize(program);
}
