// --engine: which inference engine embeds (libtorch or onnx); default REID_ENGINE, else the
// measured default. Set in the environment before the command runs, so the server's embedding
// worker (a thread with a copy of the environment) chooses the same.
import type { Command } from 'commander';
import { ArgumentError, defaultEmbeddingEngine, embeddingEngines } from '../index.ts';

export function addEngineOption(cmd: Command): Command {
  return cmd
    .option('--engine <name>', `inference engine for embedding: ${embeddingEngines.join(' | ')} (default: REID_ENGINE, else ${defaultEmbeddingEngine})`, (value: string) => {
      if (!(embeddingEngines as readonly string[]).includes(value)) throw new ArgumentError(`--engine: expected one of ${embeddingEngines.join(', ')} but received "${value}"`);
      return value;
    })
    .hook('preAction', (_, action) => {
      const engine = action.opts().engine as string | undefined;
      if (engine !== undefined) process.env.REID_ENGINE = engine;
    });
}
