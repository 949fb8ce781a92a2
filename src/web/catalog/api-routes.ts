// The JSON API, which the pages use too. Every route declares its parameters as JSON schemas, so
// a request that does not fit is refused (400) before a handler runs; ids are integers and image
// hashes lower-case hex, so no parameter can name a file.
import type { FastifyInstance } from 'fastify';
import type { CatalogWebSession, WebDecision } from '../../index.ts';
import { HttpError } from './http-error.ts';
import { checkImageBytes, readSightingBatch, type UploadLimits } from './upload-checks.ts';

const id = { type: 'integer', minimum: 1, maximum: 2 ** 31 } as const;
const name = { type: 'string', minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f]*$' } as const;
const noExtra = { type: 'object', additionalProperties: false } as const;
/** JSON bodies are a few small fields. */
const bodyLimit = 16 * 1024;

export function apiRoutes(app: FastifyInstance, session: CatalogWebSession, limits: UploadLimits): void {
  app.get('/api/individuals', {
    schema: { querystring: { ...noExtra, properties: { search: { type: 'string', maxLength: 100 }, limit: { type: 'integer', minimum: 1, maximum: 10_000 } } } },
  }, async (request) => {
    const { search, limit } = request.query as { search?: string; limit?: number };
    return { individuals: session.individuals({ search, limit: limit ?? 1000 }) };
  });

  app.get('/api/individuals/:id', { schema: { params: { ...noExtra, required: ['id'], properties: { id } } } }, async (request) => {
    const wanted = (request.params as { id: number }).id;
    const found = session.individual(wanted);
    if (!found) throw new HttpError(404, `GET /api/individuals/${wanted}: no individual with id ${wanted}`);
    return found;
  });

  app.post('/api/sightings', async (request) => ({ sightings: await session.addSightings(await readSightingBatch(request, limits)) }));

  app.get('/api/queue', {
    schema: { querystring: { ...noExtra, properties: { k: { type: 'integer', minimum: 1, maximum: 9 }, limit: { type: 'integer', minimum: 1, maximum: 500 } } } },
  }, async (request) => {
    const { k, limit } = request.query as { k?: number; limit?: number };
    return session.queue({ k: k ?? 3, limit: limit ?? 20 });
  });

  app.post('/api/decisions', { bodyLimit,
    schema: {
      body: {
        ...noExtra, required: ['sighting', 'decision'],
        properties: { sighting: id, decision: { type: 'string', enum: ['same', 'new', 'unsure'] }, individual: id, name, who: name },
      },
    },
  }, async (request) => {
    const body = request.body as { sighting: number; decision: WebDecision['decision']; individual?: number; name?: string; who?: string };
    if (body.decision === 'same' && body.individual === undefined) throw new HttpError(400, 'POST /api/decisions: expected individual (an id) with decision "same" but received none');
    if (body.decision !== 'same' && body.individual !== undefined) throw new HttpError(400, `POST /api/decisions: expected no individual with decision "${body.decision}" but received ${body.individual}`);
    if (body.decision !== 'new' && body.name !== undefined) throw new HttpError(400, `POST /api/decisions: expected a name only with decision "new" but received one with "${body.decision}"`);
    const input: WebDecision = body.decision === 'same'
      ? { sighting: body.sighting, decision: 'same', individual: body.individual!, who: body.who }
      : body.decision === 'new' ? { sighting: body.sighting, decision: 'new', name: body.name, who: body.who } : { sighting: body.sighting, decision: 'unsure', who: body.who };
    return session.decide(input);
  });

  app.post('/api/merge', { bodyLimit, schema: { body: { ...noExtra, required: ['from', 'into'], properties: { from: id, into: id } } } }, async (request) => {
    const { from, into } = request.body as { from: number; into: number };
    if (from === into) throw new HttpError(400, `POST /api/merge: expected two different individuals but received ${from} twice`);
    return session.merge(from, into);
  });

  app.post('/api/rename', { bodyLimit, schema: { body: { ...noExtra, required: ['individual', 'name'], properties: { individual: id, name } } } }, async (request) => {
    const body = request.body as { individual: number; name: string };
    return session.rename(body.individual, body.name.trim());
  });

  app.post('/api/undo', { bodyLimit, schema: { body: { ...noExtra, properties: {} } } }, async () => {
    const undone = session.undo();
    if ('nothing' in undone) throw new HttpError(409, `POST /api/undo: ${undone.nothing}`);
    return undone;
  });

  // Raw image bytes in the body (the draw page and scripts); nothing is written.
  app.post('/api/identify', {
    schema: { querystring: { ...noExtra, properties: { k: { type: 'integer', minimum: 1, maximum: 9 } } } },
  }, async (request) => {
    const bytes = request.body;
    if (!Buffer.isBuffer(bytes)) throw new HttpError(415, 'POST /api/identify: expected the image bytes as the body (content-type image/png or image/jpeg)');
    checkImageBytes(bytes, 'the uploaded image', limits);
    return session.identify(bytes, { k: (request.query as { k?: number }).k ?? 3 });
  });

  app.get('/api/export.csv', async (_request, reply) => reply
    .header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="sightings.csv"').send(session.exportCsv()));
  app.get('/api/capture-history.csv', async (_request, reply) => reply
    .header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="capture-history.csv"').send(session.captureHistoryCsv()));
}
