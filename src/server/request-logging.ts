import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../shared/logger.ts';
import type { ServerEnv } from './server-env.ts';

/**
 * Binds a logger to the request id and writes one line per request: method, path, status
 * and duration. Bodies and query strings are never logged; they may hold personal data.
 */
export function requestLogging(logger: Logger): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const started = performance.now();
    const log = logger.child({ requestId: c.get('requestId') });
    c.set('logger', log);

    await next();

    const status = c.res.status;
    const fields = {
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round(performance.now() - started),
    };
    if (status >= 500) log.error(fields, 'request handled');
    else log.info(fields, 'request handled');
  };
}
