// Catalogue images by content hash only: the hash is validated as lower-case hex by the route's
// schema and looked up by the session, so no request path ever reaches the file system.
// Thumbnails are made by sharp (off the event loop) and kept in a small in-memory cache; match
// pictures (two photos' verified local-feature correspondences) come from the features addon's workers.
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import type { CatalogWebSession } from '../../index.ts';
import { HttpError } from './http-error.ts';

const hashParams = { type: 'object', additionalProperties: false, required: ['hash'], properties: { hash: { type: 'string', pattern: '^[0-9a-f]{16,128}$' } } } as const;
const thumbnailSide = 192;
const cacheLimit = 2000;

export function imageRoutes(app: FastifyInstance, session: CatalogWebSession): void {
  const thumbnails = new Map<string, Buffer>();
  const load = async (hash: string) => {
    const image = await session.image(hash);
    if (!image) throw new HttpError(404, `no catalogue image with hash ${hash}`);
    return image;
  };
  const cacheForever = 'private, max-age=31536000, immutable'; // content-addressed: a hash never changes meaning

  app.get('/images/:hash', { schema: { params: hashParams } }, async (request, reply) => {
    const image = await load((request.params as { hash: string }).hash);
    return reply.header('content-type', `image/${image.type}`).header('cache-control', cacheForever).send(image.bytes);
  });

  const pairParams = { type: 'object', additionalProperties: false, required: ['query', 'candidate'], properties: { query: hashParams.properties.hash, candidate: hashParams.properties.hash } } as const;
  app.get('/matches/:query/:candidate', { schema: { params: pairParams } }, async (request, reply) => {
    const { query, candidate } = request.params as { query: string; candidate: string };
    const picture = await session.matchPicture(query, candidate);
    if (!picture) throw new HttpError(404, `no catalogue images with hashes ${query} and ${candidate}`);
    return reply.header('content-type', 'image/png').header('cache-control', cacheForever).send(picture);
  });

  app.get('/thumbs/:hash', { schema: { params: hashParams } }, async (request, reply) => {
    const hash = (request.params as { hash: string }).hash;
    let thumbnail = thumbnails.get(hash);
    if (!thumbnail) {
      const image = await load(hash);
      thumbnail = await sharp(image.bytes, { failOn: 'error' }).rotate()
        .resize({ width: thumbnailSide, height: thumbnailSide, fit: 'inside', withoutEnlargement: true, kernel: 'nearest' })
        .png().toBuffer();
      if (thumbnails.size >= cacheLimit) thumbnails.delete(thumbnails.keys().next().value!);
      thumbnails.set(hash, thumbnail);
    }
    return reply.header('content-type', 'image/png').header('cache-control', cacheForever).send(thumbnail);
  });
}
