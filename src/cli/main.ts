// The reid command line. Each command lives in commands/<name>.ts and uses the public API only.
import { Command, CommanderError } from 'commander';
import { reidVersion, ReidError } from '../index.ts';
import { registerCommands } from './commands/index.ts';

const program = new Command('reid')
  .description('re-identification with triplet-loss embeddings: train, embed, enrol, identify, evaluate')
  .version(reidVersion)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof ReidError) {
    console.error(`reid: ${error.message}`);
    if (process.env.REID_DEBUG) console.error(error.stack);
    process.exitCode = 1;
  } else {
    console.error(`reid: unexpected error: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  }
}
