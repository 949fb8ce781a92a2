// `reid serve`: the web page over a gallery, or the catalogue app over a catalogue (--catalog).
import type { Command } from 'commander';
import { ArgumentError } from '../../index.ts';
import { serve } from '../../web/server.ts';
import { serveCatalog } from '../../web/catalog/serve-catalog.ts';
import { addEngineOption } from '../engine-option.ts';
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
  addEngineOption(addModelOption(program
    .command('serve')
    .description('a web page to identify images against a gallery (drop images, see the verdict and candidates), or with --catalog the catalogue app (individuals, uploads, review)')
    .option('--gallery <dir>', 'gallery directory (this or --catalog)')
    .option('--catalog <dir>', 'catalogue directory (reid catalog init): serve the catalogue app'), 'recorded'))
    .option('--port <n>', 'port (1-65535)', port, 8080)
    .option('--host <host>', 'address to listen on (any but 127.0.0.1 needs --token)', '127.0.0.1')
    .option('--token <token>', 'access token the catalogue app requires (default: REID_TOKEN); needed off 127.0.0.1')
    .action(async (flags: { gallery?: string; catalog?: string; model?: string; port: number; host: string; token?: string }) => {
      if ((flags.gallery === undefined) === (flags.catalog === undefined)) {
        throw new ArgumentError(`serve: expected one of --gallery DIR or --catalog DIR but received ${flags.gallery === undefined ? 'neither' : 'both'}`);
      }
      const token = flags.token ?? (process.env.REID_TOKEN || undefined);
      const running = flags.catalog !== undefined
        ? await serveCatalog({ catalogDir: flags.catalog, modelDir: flags.model, port: flags.port, host: flags.host, token })
        : await serve({ galleryDir: flags.gallery!, modelDir: flags.model, port: flags.port, host: flags.host });
      console.log(`reid is serving ${flags.catalog ?? flags.gallery} at ${running.url}${token && flags.catalog ? ' (open /?token=… once in the browser)' : ''} (Ctrl-C to stop)`);
      const stop = () => void running.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
