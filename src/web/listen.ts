// Starting to listen, with the ways it fails (port taken, no such address, bad port) turned into
// one-line ArgumentErrors naming the option, instead of an unhandled 'error' event and a stack.
import type { Server } from 'node:http';
import { ArgumentError } from '../index.ts';

/** Listens on `host`:`port` (0: any free port); resolves with the URL, rejects with an ArgumentError. */
export async function listen(server: Server, port: number, host: string): Promise<string> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ArgumentError(`serve: expected an integer from 1 to 65535 for --port but received ${port}`);
  }
  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(explain(error, port, host));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') return String(address);
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shown}:${address.port}`;
}

function explain(error: NodeJS.ErrnoException, port: number, host: string): ArgumentError {
  const at = `${host}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new ArgumentError(`serve: expected a free port for --port but ${at} is already in use. Hint: choose another --port, or stop the other server.`);
    case 'EACCES':
      return new ArgumentError(`serve: expected a port this user may open for --port but ${at} was refused (permission denied). Hint: use a port from 1024 up.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EADDRNOTAVAIL':
    case 'EAI_FAIL':
      return new ArgumentError(`serve: expected an address of this machine for --host but received "${host}" (${error.code}). Hint: 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).`);
    default:
      return new ArgumentError(`serve: could not listen on ${at} (--host, --port): ${error.message}`);
  }
}
