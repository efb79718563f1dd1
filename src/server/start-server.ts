import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { FathomError } from '../domain/errors.ts';

/** A listening server and how to stop it. */
export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Listens on `host:port` (port 0 picks a free one) and resolves once connections are accepted.
 * The app is built from the port actually bound, since the allowed `Host` values contain it.
 */
export function startServer(
  build: (port: number) => Hono,
  host: string,
  port: number,
): Promise<RunningServer> {
  return new Promise((resolvePromise, reject) => {
    let app: Hono | undefined;
    const fetch = (request: Request, env: unknown): Response | Promise<Response> =>
      app ? app.fetch(request, env) : new Response('Starting', { status: 503 });
    const server = serve({ fetch, hostname: host, port }, (info: AddressInfo) => {
      server.off('error', onError);
      app = build(info.port);
      const shown = info.family === 'IPv6' || host.includes(':') ? `[${info.address}]` : host;
      resolvePromise({
        url: `http://${shown}:${info.port}/`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            // Idle keep-alive sockets would hold the process open; active requests get a few seconds to finish.
            const http = server as Server;
            const force = setTimeout(() => http.closeAllConnections(), 5000);
            force.unref();
            http.closeIdleConnections();
            http.close(() => {
              clearTimeout(force);
              done();
            });
          }),
      });
    }) as Server;
    const onError = (e: NodeJS.ErrnoException) => {
      const reason =
        e.code === 'EADDRINUSE'
          ? `port ${port} is already in use; choose another with --port`
          : e.code === 'EACCES'
            ? `no permission to listen on port ${port}`
            : e.code === 'EADDRNOTAVAIL'
              ? `${host} is not an address of this machine`
              : e.message;
      reject(
        new FathomError('invalid_input', `serve: cannot listen on ${host}:${port}: ${reason}.`, {
          field: 'port',
        }),
      );
    };
    server.once('error', onError);
  });
}
