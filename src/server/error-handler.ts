/**
 * The one place where failures become HTTP responses. Every error body has the shape
 * `{ error: { code, message, details? } }`; a 500 says only that something failed and which
 * request id to quote, so no internals reach the client.
 */
import type { Hook } from '@hono/zod-openapi';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import type { RouterRoute } from 'hono/types';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from '../shared/logger.ts';
import { ApiError, invalidFields, type ErrorCode, type FieldIssue } from './api-error.ts';
import { credentialsApiError } from './credentials-errors.ts';
import { allowedMethods } from './method-not-allowed.ts';
import type { ServerEnv } from './server-env.ts';

/** Where a failed value came from, as a client would name it. */
const TARGET_NAMES: Record<string, string> = {
  json: 'body',
  form: 'body',
  param: 'params',
  query: 'query',
  header: 'headers',
  cookie: 'cookies',
};

/**
 * The validation hook of every route: a schema failure becomes a 400 listing each field
 * path ("body.learnerIds.0") with what is wrong there.
 */
export const validationHook: Hook<unknown, ServerEnv, string, undefined> = (result) => {
  if (result.success) return undefined;
  const prefix = TARGET_NAMES[result.target] ?? result.target;
  const issues: FieldIssue[] = result.error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw invalidFields(issues);
};

export function createErrorHandler(fallbackLogger: Logger): ErrorHandler<ServerEnv> {
  return (error, c) => {
    const logger = c.get('logger') ?? fallbackLogger;
    const known = toApiError(error);
    if (known?.code === 'credentials_unreadable') {
      // An operator must act: the full reason (organization, key ids, no secret) is logged.
      logger.warn({ reason: (error as Error).message }, 'channel credentials unreadable');
      return errorResponse(c, known);
    }
    if (known) {
      // The message may quote what the client sent (an email, a phone): only the code is logged.
      logger.debug({ code: known.code, status: known.status }, 'request refused');
      return errorResponse(c, known);
    }

    logger.error({ err: summarize(error) }, 'request failed unexpectedly');
    const requestId = c.get('requestId');
    return errorResponse(c, new ApiError('internal',
      `Something went wrong on our side; quote request id ${requestId} when reporting it`));
  };
}

/**
 * Nothing matched the request: a 405 with Allow when the path is served with other methods,
 * else a 404. The routes are read when a request comes, once all are registered.
 * @example app.notFound(notFoundHandler(() => app.routes))
 */
export function notFoundHandler(routes: () => readonly RouterRoute[]): NotFoundHandler<ServerEnv> {
  return (c) => {
    const allowed = allowedMethods(routes(), c.req.path);
    if (allowed.length === 0) {
      const message = `Nothing is served at ${c.req.method} ${c.req.path}`;
      return errorResponse(c, new ApiError('not_found', message));
    }
    c.header('Allow', allowed.join(', '));
    return errorResponse(c, new ApiError('method_not_allowed',
      `${c.req.path} does not take ${c.req.method}; it takes ${allowed.join(', ')}`));
  };
}

export function errorResponse(c: Context<ServerEnv>, error: ApiError): Response {
  const body = {
    error: { code: error.code, message: error.message, details: error.details },
    ...error.extra,
  };
  return c.json(body, error.status as ContentfulStatusCode);
}

/** Errors whose meaning for the client is known; anything else is a 500. */
function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) return fromHttpException(error);
  const credentials = credentialsApiError(error);
  if (credentials) return credentials;

  // A concurrent request took the same unique value between our check and our write.
  if (databaseErrorCode(error) === '23505') {
    return new ApiError('conflict', 'A record with the same unique value already exists');
  }
  // PostgreSQL text cannot hold a NUL character (22021), nor bytes that are not UTF-8.
  if (['22021', '22P05'].includes(databaseErrorCode(error) ?? '')) {
    return new ApiError('malformed_request', 'A text value contains a NUL character or bytes ' +
      'that are not UTF-8; remove them and send the request again');
  }
  return undefined;
}

const EXCEPTION_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'malformed_request',
  401: 'unauthorized',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** Hono's own messages are terse; these say what to change. */
const EXCEPTION_MESSAGES: Partial<Record<ErrorCode, string>> = {
  unsupported_media_type: 'This endpoint does not accept a body of that Content-Type; ' +
    'send JSON with Content-Type: application/json',
};

function fromHttpException(exception: HTTPException): ApiError | undefined {
  const code = EXCEPTION_CODES[exception.status];
  if (code === undefined) return undefined;
  return new ApiError(code, EXCEPTION_MESSAGES[code] ?? (exception.message || code));
}

function databaseErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/**
 * What is logged of an unexpected error: its kind, message and stack. Driver errors carry
 * the offending row in `detail` and sometimes the query's parameters, which may hold
 * personal data, so the error object itself is never logged.
 */
function summarize(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  return { type: error.name, message: error.message, stack: error.stack,
    code: databaseErrorCode(error) };
}
