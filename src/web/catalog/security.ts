// Who may use the catalogue app. On loopback without a token, anyone on this machine (like any
// local tool), but only through a loopback Host name, which stops DNS rebinding. With a token
// (required off loopback) every request must carry it: writes in a header (so a cross-site form
// cannot), page loads and images also by the cookie that visiting /?token=… sets. Every
// state-changing request must also come from the app's own pages (Origin / Sec-Fetch-Site).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ArgumentError } from '../../index.ts';

export interface SecurityOptions {
  /** The shared secret; undefined only on loopback. */
  token: string | undefined;
  /** Whether the server listens on a loopback address only. */
  loopback: boolean;
}

export const tokenHeader = 'x-reid-token';
const cookieName = 'reid_token';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Refuses a server that would listen off loopback without a token, or with a guessable one. */
export function checkServeAccess(host: string, token: string | undefined): void {
  if (token !== undefined && token.length < 16) {
    throw new ArgumentError(`serve: expected a token of at least 16 characters for --token (or REID_TOKEN) but received one of ${token.length}. Hint: openssl rand -hex 16`);
  }
  if (!isLoopbackHost(host) && token === undefined) {
    throw new ArgumentError(`serve: expected --token (or REID_TOKEN) to listen on ${host}, which other machines can reach. Hint: keep the default --host 127.0.0.1, or pass --token "$(openssl rand -hex 16)".`);
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

function sameSecret(given: string | undefined, token: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

function cookieToken(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === cookieName) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function headerToken(request: FastifyRequest): string | undefined {
  const direct = request.headers[tokenHeader];
  if (typeof direct === 'string') return direct;
  const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
  return bearer?.[1];
}

/** The Host header's name without its port ("[::1]:8080" → "[::1]"). */
function hostName(request: FastifyRequest): string {
  const host = request.headers.host ?? '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
}

function refuse(reply: FastifyReply, status: number, error: string): FastifyReply {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send({ error });
}

/** A cross-site request announces itself by Origin or Sec-Fetch-Site; no browser sends neither on a POST. */
function crossOriginReason(request: FastifyRequest): string | undefined {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site is "${site}"`;
  const origin = request.headers.origin;
  if (origin === undefined) return undefined;
  const expected = `${request.protocol}://${request.headers.host ?? ''}`;
  return origin === expected ? undefined : `its Origin "${origin}" is not this app (${expected})`;
}

export function installSecurity(app: FastifyInstance, options: SecurityOptions): void {
  const { token } = options;
  app.addHook('onRequest', async (request, reply) => {
    if (options.loopback && !loopbackHosts.has(hostName(request))) {
      return refuse(reply, 421, `expected a loopback Host (127.0.0.1, localhost) but received "${request.headers.host ?? ''}"; this server only answers this machine`);
    }
    const safe = safeMethods.has(request.method);
    if (!safe) {
      const reason = crossOriginReason(request);
      if (reason) return refuse(reply, 403, `refused a cross-origin ${request.method} ${request.url.split('?')[0]}: ${reason}`);
    }
    if (token === undefined) return undefined;
    const given = headerToken(request);
    if (sameSecret(given, token)) return undefined;
    // A page visit may bring the token in the URL once; it becomes a same-site cookie and the URL is cleaned.
    const query = (request.query as Record<string, unknown> | undefined)?.token;
    if (safe && typeof query === 'string' && sameSecret(query, token)) {
      const path = request.url.split('?')[0]!;
      return reply.code(303)
        .header('set-cookie', `${cookieName}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`)
        .header('location', path.startsWith('/api/') ? '/' : path).send();
    }
    if (safe && sameSecret(cookieToken(request), token)) return undefined;
    return refuse(reply, 401, safe
      ? `expected the access token (header ${tokenHeader}, or open /?token=… once) but received ${given === undefined ? 'none' : 'a wrong one'}`
      : `expected the access token in header ${tokenHeader} for ${request.method} ${request.url.split('?')[0]} but received ${given === undefined ? 'none' : 'a wrong one'}`);
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-resource-policy', 'same-origin');
    return payload;
  });
}
