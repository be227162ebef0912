/**
 * Probes for load balancers and orchestrators: /health says the process serves requests,
 * /ready says it can also reach the database, so traffic is sent only where work can be done.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { EngineContext } from '../../app/context.ts';
import { ApiError } from '../api-error.ts';
import { createRouter } from '../router.ts';
import { errorResponses, jsonResponse } from '../schemas.ts';
import type { ServerEnv } from '../server-env.ts';

/** A database slower than this to answer `select 1` is treated as unreachable. */
const READY_TIMEOUT_MS = 2_000;

const StatusSchema = z.object({ status: z.enum(['ok', 'ready']) }).openapi('Status');

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['health'],
  summary: 'The process is alive (no database check)',
  responses: { 200: jsonResponse(StatusSchema, 'Alive') },
});

const readyRoute = createRoute({
  method: 'get',
  path: '/ready',
  tags: ['health'],
  summary: 'The database answers a round trip',
  responses: { 200: jsonResponse(StatusSchema, 'Ready'), ...errorResponses(503) },
});

export function healthRoutes(context: EngineContext): OpenAPIHono<ServerEnv> {
  return createRouter()
    .openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(readyRoute, async (c) => {
      const failure = await databaseFailure(context);
      if (failure !== undefined) {
        c.get('logger').warn({ reason: failure }, 'readiness check failed');
        throw new ApiError('not_ready', 'The database does not answer; see the server log');
      }
      return c.json({ status: 'ready' as const }, 200);
    });
}

/** Why the database did not answer a round trip in time, or undefined when it did. */
async function databaseFailure(context: EngineContext): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
  });
  const roundTrip = sql`select 1`.execute(context.db).then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  try {
    return await Promise.race([roundTrip, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
