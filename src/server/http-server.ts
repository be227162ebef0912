import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

export interface ListenOptions {
  /** 0 picks a free port; the URL then tells which. */
  port: number;
  host: string;
  /** How long in-flight requests get to finish on close before their sockets are cut. */
  drainMs?: number;
}

export interface RunningServer {
  url: string;
  /** Stops accepting connections, lets requests in flight finish, then resolves. */
  close(): Promise<void>;
}

type FetchHandler = (request: Request) => Response | Promise<Response>;

/**
 * Serves an app over HTTP/1.1 on Node; rejects when the address cannot be used (a port
 * already taken, a host not on this machine).
 *
 * @example
 * const server = await listen(createApp(context), { port: 3000, host: '127.0.0.1' });
 */
export async function listen(
  app: { fetch: FetchHandler },
  options: ListenOptions,
): Promise<RunningServer> {
  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port, hostname: options.host },
      () => resolve(started as Server));
    started.once('error', reject);
  });

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () => closeGracefully(server, options.drainMs ?? 10_000),
  };
}

function closeGracefully(server: Server, drainMs: number): Promise<void> {
  return new Promise((resolve) => {
    const cutOff = setTimeout(() => server.closeAllConnections(), drainMs);
    cutOff.unref();
    server.close(() => {
      clearTimeout(cutOff);
      resolve();
    });
    // Keep-alive sockets with no request in flight would hold close() open until they time out.
    server.closeIdleConnections();
  });
}
