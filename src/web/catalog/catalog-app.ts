// The catalogue web app as a fastify instance (routes, schemas, security, limits), apart from
// listening, so tests can drive it with inject() or over real HTTP.
import fastify, { type FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import type { CatalogWebSession } from '../../index.ts';
import { apiRoutes } from './api-routes.ts';
import { installErrorHandling } from './http-error.ts';
import { imageRoutes } from './image-routes.ts';
import { pageRoutes } from './page-routes.ts';
import { installSecurity } from './security.ts';
import type { UploadLimits } from './upload-checks.ts';

export interface CatalogAppOptions {
  session: CatalogWebSession;
  /** Required unless `loopback`. */
  token?: string;
  /** Whether the server listens on loopback only (then Host must name loopback). */
  loopback: boolean;
  limits?: Partial<UploadLimits>;
}

export const defaultUploadLimits: UploadLimits = { maxBytes: 20 * 1024 * 1024, maxPixels: 50_000_000, maxFiles: 50 };

export async function catalogApp(options: CatalogAppOptions): Promise<FastifyInstance> {
  const limits: UploadLimits = { ...defaultUploadLimits, ...options.limits };
  const app = fastify({
    logger: false,
    bodyLimit: limits.maxBytes,
    // Never trust X-Forwarded-*: the app is reached directly.
    trustProxy: false,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
  });
  installErrorHandling(app);
  installSecurity(app, { token: options.token, loopback: options.loopback });
  await app.register(multipart, {
    limits: { fileSize: limits.maxBytes, files: limits.maxFiles, fields: 10, fieldSize: 1000, parts: limits.maxFiles + 10, headerPairs: 100 },
    throwFileSizeLimit: true,
  });
  // /api/identify takes the image bytes as its body.
  app.addContentTypeParser(['image/png', 'image/jpeg', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: limits.maxBytes }, (_request, body, done) => done(null, body));
  apiRoutes(app, options.session, limits);
  imageRoutes(app, options.session);
  pageRoutes(app, options.session, options.token);
  return app;
}
