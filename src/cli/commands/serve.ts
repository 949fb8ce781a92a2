// `reid serve`: the web page over a gallery.
import type { Command } from 'commander';
import { serve } from '../../web/server.ts';
import { positiveInt } from '../parse-options.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('a web page to identify images against a gallery (drop images, see the verdict and candidates)')
    .requiredOption('--gallery <dir>', 'gallery directory')
    .option('--model <dir>', 'model bundle (default: the one the gallery records)')
    .option('--port <n>', 'port', positiveInt('--port'), 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (flags: { gallery: string; model?: string; port: number; host: string }) => {
      const running = await serve({ galleryDir: flags.gallery, modelDir: flags.model, port: flags.port, host: flags.host });
      console.log(`reid is serving ${flags.gallery} at ${running.url} (Ctrl-C to stop)`);
      const stop = () => void running.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
