// The pages: server-rendered HTML with small inline scripts that call the JSON API.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CatalogWebSession } from '../../index.ts';
import { HttpError } from './http-error.ts';
import { catalogueBody } from './pages/catalogue-page.ts';
import { drawBody, drawScript } from './pages/draw-page.ts';
import { individualBody, individualScript } from './pages/individual-page.ts';
import { contentSecurityPolicy, pageHtml, type PageOptions } from './pages/layout.ts';
import { reviewBody, reviewScript } from './pages/review-page.ts';
import { uploadBody, uploadScript } from './pages/upload-page.ts';

export function pageRoutes(app: FastifyInstance, session: CatalogWebSession, token: string | undefined): void {
  const send = (reply: FastifyReply, page: Omit<PageOptions, 'token' | 'waiting'>) => reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', contentSecurityPolicy)
    .header('cache-control', 'no-store')
    .send(pageHtml({ ...page, token, waiting: session.waiting() }));

  app.get('/', { schema: { querystring: { type: 'object', properties: { search: { type: 'string', maxLength: 100 } } } } }, async (request, reply) => {
    const search = (request.query as { search?: string }).search?.trim() || undefined;
    const all = session.individuals({ limit: 100_000 }).length;
    return send(reply, { title: 'Catalogue', here: 'catalogue', body: catalogueBody(session.individuals({ search, limit: 2000 }), search, all) });
  });

  app.get('/individuals/:id', { schema: { params: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 2 ** 31 } } } } }, async (request, reply) => {
    const id = (request.params as { id: number }).id;
    const individual = session.individual(id);
    if (!individual) throw new HttpError(404, `no individual with id ${id}`);
    return send(reply, { title: individual.name, here: 'none', body: individualBody(individual), script: individualScript(individual) });
  });

  app.get('/review', async (_request, reply) => send(reply, { title: 'Review', here: 'review', body: reviewBody, script: reviewScript }));
  app.get('/upload', async (_request, reply) => send(reply, { title: 'Upload', here: 'upload', body: uploadBody, script: uploadScript }));
  app.get('/draw', async (_request, reply) => send(reply, { title: 'Draw', here: 'draw', body: drawBody, script: drawScript }));
  app.get('/favicon.ico', async (_request, reply) => reply.code(204).send());
}
