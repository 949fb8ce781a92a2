// Options several commands share, declared once so their names, help and parsing agree:
// --model (a bundle directory or a shipped model's name) and --data/--split.
import type { Command } from 'commander';
import { modelDir } from './parse-options.ts';

export const dataSpecForms = 'mnist[:DIGITS] | mnist-turned:DIGITS | idx:DIR | folder:DIR | csv:FILE | glyphs[:CLASSES] | strokes:N | synth:PATTERN:N, or SPEC+SPEC';

/** --model: required, or defaulting to the model the gallery records. */
export function addModelOption(cmd: Command, mode: 'required' | 'recorded'): Command {
  return mode === 'required'
    ? cmd.requiredOption('--model <dir>', 'model bundle directory, or glyph-general (the shipped general glyph model)', modelDir)
    : cmd.option('--model <dir>', 'model bundle directory or glyph-general (default: the one the gallery records)', modelDir);
}

/** --data and --split: the split defaults to test where the data has one, else all of it. */
export function addDataOptions(cmd: Command, options: { required?: boolean; what?: string } = {}): Command {
  const help = `${options.what ?? 'dataset'}: ${dataSpecForms}`;
  const withData = options.required === false ? cmd.option('--data <spec>', help) : cmd.requiredOption('--data <spec>', help);
  return withData.option('--split <split>', 'a split of --data, or all (default: test where the data has one, else all)');
}
