/**
 * Small helpers of the people REST routes: errors in the API's one shape
 * `{ error: { code, message, details? } }`, body validation with zod, and the organization
 * a nested route names by slug or id.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { EngineContext } from '../../app/context.ts';
import {
  findOrganization,
  type Organization,
} from '../../organizations/organization-repository.ts';
import { err, ok, type Result } from '../../shared/result.ts';

/** What the lead's server may put in the context: who is calling, for the audit trail. */
export interface PeopleEnv {
  Variables: { actor?: string };
}

export type PeopleContext = Context<PeopleEnv>;

export const ERROR_STATUS = {
  validation_failed: 400,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
} as const;

export type PeopleErrorCode = keyof typeof ERROR_STATUS;

export interface PeopleError {
  code: PeopleErrorCode;
  message: string;
  details?: unknown;
}

export function errorResponse(c: PeopleContext, error: PeopleError): Response {
  return c.json(
    { error: { code: error.code, message: error.message, details: error.details } },
    ERROR_STATUS[error.code] as ContentfulStatusCode,
  );
}

export const actorOf = (c: PeopleContext): string => c.get('actor') ?? 'api';

export async function organizationOf(
  context: EngineContext,
  c: PeopleContext,
): Promise<Result<Organization, PeopleError>> {
  const idOrSlug = c.req.param('org') ?? '';
  const organization = await findOrganization(context.db, idOrSlug);
  return organization
    ? ok(organization)
    : err({ code: 'not_found', message: `No organization has the id or slug "${idOrSlug}"` });
}

/** Reads a JSON body against a schema; the error lists each field at fault. */
export async function readJson<T>(
  c: PeopleContext,
  schema: z.ZodType<T>,
): Promise<Result<T, PeopleError>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return err({ code: 'validation_failed', message: 'The body must be JSON' });
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return ok(parsed.data);
  const issues = parsed.error.issues.map((issue) => ({
    path: ['body', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  return err({
    code: 'validation_failed',
    message: `Invalid request: check ${issues.map((issue) => issue.path).join(', ')}`,
    details: { issues },
  });
}

/** "true", "1" and "" (a bare ?dryRun) are true. */
export function flag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return value === '' || value === '1' || value.toLowerCase() === 'true';
}
