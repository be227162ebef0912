/**
 * Request and response shapes shared by several resources. Each schema is named with
 * `.openapi(...)` so the OpenAPI document shows it once, as a component.
 */
import { z } from '@hono/zod-openapi';

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'not_found' }),
      message: z.string().openapi({ example: 'No organization has the id or slug "acme"' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

export const OrganizationParamsSchema = z.object({
  org: z
    .string()
    .min(1)
    .max(200)
    .openapi({
      param: { name: 'org', in: 'path' },
      description: 'Organization id or slug',
      example: 'acme-logistics',
    }),
});

export const idParam = (name: string, description: string) =>
  z.uuid().openapi({ param: { name, in: 'path' }, description });

export const PaginationQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50)
    .openapi({ param: { name: 'limit', in: 'query' }, example: 50 }),
  offset: z.coerce.number().int().min(0).default(0)
    .openapi({ param: { name: 'offset', in: 'query' }, example: 0 }),
});

/**
 * `?status=` of a list: one of the statuses given, or absent for all. Any other value is a
 * 400 whose issue names the allowed values, never a filter silently ignored.
 * @example statusFilter(['active', 'paused'] as const) // ?status=active
 */
export const statusFilter = <const T extends readonly [string, ...string[]]>(statuses: T) =>
  z
    .enum(statuses, { error: `must be one of ${statuses.join(', ')}` })
    .optional()
    .openapi({ param: { name: 'status', in: 'query' }, description: 'Only this status' });

/** A page of a list, with the total so a client knows when to stop. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });

export const SendTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour local time "HH:MM", e.g. "09:00"');

/** The error responses a route can give, documented with the shared error body. */
export function errorResponses<S extends keyof typeof ERROR_DESCRIPTIONS>(...statuses: S[]) {
  const responses = {} as Record<S, { description: string; content: ErrorContent }>;
  for (const status of statuses) {
    responses[status] = {
      description: ERROR_DESCRIPTIONS[status],
      content: { 'application/json': { schema: ErrorBodySchema } },
    };
  }
  return responses;
}

type ErrorContent = { 'application/json': { schema: typeof ErrorBodySchema } };

const ERROR_DESCRIPTIONS = {
  400: 'The request is invalid; details.issues lists each field path and what to fix',
  401: 'The webhook signature check failed',
  403: 'The verification token does not match',
  404: 'The organization or resource does not exist',
  409: 'The value is already taken',
  413: 'The body is too large',
  405: 'This provider does not call with that method',
  415: 'The body has an unsupported content type',
  422: 'The request is well formed but cannot be carried out',
  503: 'The database cannot be reached, or this server cannot read the channel credentials',
} as const;

export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  required: true,
  description,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
