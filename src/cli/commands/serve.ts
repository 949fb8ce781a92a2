// `reid serve`: the web page over a gallery.
import type { Command } from 'commander';
import { ArgumentError } from '../../index.ts';
import { serve } from '../../web/server.ts';
import { addModelOption } from '../shared-options.ts';


/** A TCP port a person would type: 1..65535 (0, "any free port", is for tests, which call serve() directly). */
function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1 || n > 65535) {
    throw new ArgumentError(`--port: expected an integer from 1 to 65535 but received "${value}"`);
  }
  return n;
}

export function registerServe(program: Command): void {
  addModelOption(program
    .command('serve')
    .description('a web page to identify images against a gallery (drop images, see the verdict and candidates)')
    .requiredOption('--gallery <dir>', 'gallery directory'), 'recorded')
    .option('--port <n>', 'port (1-65535)', port, 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (flags: { gallery: string; model?: string; port: number; host: string }) => {
      const running = await serve({ galleryDir: flags.gallery, modelDir: flags.model, port: flags.port, host: flags.host });
      console.log(`reid is serving ${flags.gallery} at ${running.url} (Ctrl-C to stop)`);
      const stop = () => void running.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
