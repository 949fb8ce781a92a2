// `reid serve --catalog DIR`: opens the catalogue session, builds the app and listens, on
// 127.0.0.1 unless told otherwise, and then only with a token.
import type { Server } from 'node:http';
import { openCatalogWeb, setNumThreads, threadCount, type CatalogWebSession } from '../../index.ts';
import { listen } from '../listen.ts';
import { catalogApp } from './catalog-app.ts';
import { checkServeAccess, isLoopbackHost } from './security.ts';
import type { UploadLimits } from './upload-checks.ts';

export interface ServeCatalogOptions {
  catalogDir: string;
  modelDir?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1; any other address requires `token`. */
  host?: string;
  token?: string;
  limits?: Partial<UploadLimits>;
}

export interface RunningCatalogServer {
  server: Server;
  url: string;
  session: CatalogWebSession;
  close(): Promise<void>;
}

export async function serveCatalog(options: ServeCatalogOptions): Promise<RunningCatalogServer> {
  const host = options.host ?? '127.0.0.1';
  checkServeAccess(host, options.token);
  // Latency, not throughput: one query at a time; the worker gets the same count.
  const threads = threadCount('query');
  setNumThreads(threads);
  const session = await openCatalogWeb({ dir: options.catalogDir, modelDir: options.modelDir, threads });
  try {
    const app = await catalogApp({ session, token: options.token, loopback: isLoopbackHost(host), limits: options.limits });
    await app.ready();
    const url = await listen(app.server, options.port ?? 8080, host);
    return {
      server: app.server,
      url,
      session,
      async close() {
        await app.close();
        await session.close();
      },
    };
  } catch (error) {
    await session.close();
    throw error;
  }
}
