import { OpenAPIHono } from '@hono/zod-openapi';
import { validationHook } from './error-handler.ts';
import type { ServerEnv } from './server-env.ts';

/** A group of routes whose schema failures all answer with the same 400 body. */
export function createRouter(): OpenAPIHono<ServerEnv> {
  return new OpenAPIHono<ServerEnv>({ defaultHook: validationHook });
}
