// Errors as the catalogue app answers them: JSON `{error}` with one line, a 4xx for the client's
// mistakes and a 500 for the rest, never a stack.
import type { FastifyError, FastifyInstance } from 'fastify';
import { ArgumentError, DataError, ImageTooLargeError } from '../../index.ts';

/** A refusal with its HTTP status, thrown by routes. */
export class HttpError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}

export function oneLine(message: string): string {
  const line = message.split('\n').map((s) => s.trim()).filter(Boolean).join(' ');
  return line.length > 500 ? `${line.slice(0, 497)}...` : line;
}

export function statusOf(error: unknown): number {
  if (error instanceof ImageTooLargeError) return 413;
  if (error instanceof ArgumentError || error instanceof DataError) return 400;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = statusOf(error);
    const text = oneLine(error.message || String(error));
    // Schema refusals read "body/decision must be …": say which route refused them.
    const message = error.validation ? `${request.method} ${request.url.split('?')[0]}: ${text}` : text;
    if (status >= 500) process.stderr.write(`reid serve: ${request.method} ${request.url.split('?')[0]} failed: ${message}\n`);
    void reply.code(status).header('content-type', 'application/json; charset=utf-8').send({ error: status >= 500 ? `the server failed: ${message}` : message });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: `no route for ${request.method} ${request.url.split('?')[0]}; the pages are /, /review, /upload and /draw` });
  });
}
