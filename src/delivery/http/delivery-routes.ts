/**
 * Delivery operations over HTTP, mounted under /api/v1 (`app.route(API_PREFIX,
 * deliveryRoutes(context))`): the engine's status for one organization, and a preview of the
 * next send instants of a schedule.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

import type { EngineContext } from '../../app/context.ts';
import { invalidFields } from '../../server/api-error.ts';
import { findOrganizationOrThrow } from '../../server/organization-scope.ts';
import { createRouter } from '../../server/router.ts';
import { errorResponses, jsonResponse, OrganizationParamsSchema } from '../../server/schemas.ts';
import type { ServerEnv } from '../../server/server-env.ts';
import { deliveryStatus } from '../operations.ts';
import { parsePreviewOptions } from '../schedule/preview-options.ts';
import { previewSends } from '../schedule/index.ts';

const count = z.number().int();

const DeliveryStatusSchema = z
  .object({
    at: z.iso.datetime(),
    queue: z.object({
      ready: count,
      waiting: count,
      sending: count,
      jobs: z.record(z.string(), count),
    }),
    lastHour: z.array(z.object({ channel: z.string(), outcome: z.string(), count })),
    deadLetters: z.object({
      total: count,
      latest: z.array(
        z.object({
          deliveryId: z.uuid(),
          learnerId: z.uuid(),
          channel: z.string(),
          kind: z.string(),
          status: z.enum(['dead', 'failed']),
          errorCode: z.string().nullable(),
          reason: z.string().nullable(),
          at: z.iso.datetime(),
        }),
      ),
    }),
    nextDue: z.array(
      z.object({ enrolmentId: z.uuid(), learnerId: z.uuid(), at: z.iso.datetime() }),
    ),
  })
  .openapi('DeliveryStatus');

const PreviewQuerySchema = z.object({
  tz: z.string().openapi({ param: { name: 'tz', in: 'query' }, example: 'Asia/Kathmandu' }),
  at: z.string().openapi({ param: { name: 'at', in: 'query' }, example: '09:00' }),
  days: z
    .string()
    .optional()
    .openapi({
      param: { name: 'days', in: 'query' },
      description: 'daily, weekdays, ISO weekdays like 1,3,5, or an RRULE body',
    }),
  from: z
    .string()
    .optional()
    .openapi({ param: { name: 'from', in: 'query' } }),
  count: z
    .string()
    .optional()
    .openapi({ param: { name: 'count', in: 'query' } }),
});

const statusRoute = createRoute({
  method: 'get',
  path: '/organizations/{org}/delivery/status',
  tags: ['delivery'],
  summary: 'Queue depth, sends of the last hour, dead letters and the next sends due',
  request: { params: OrganizationParamsSchema },
  responses: {
    200: jsonResponse(DeliveryStatusSchema, 'The delivery engine as of now'),
    ...errorResponses(400, 404),
  },
});

const previewRoute = createRoute({
  method: 'get',
  path: '/delivery/schedule-preview',
  tags: ['delivery'],
  summary: 'The next send instants of a schedule, in UTC and on the learner clock',
  request: { query: PreviewQuerySchema },
  responses: {
    200: jsonResponse(
      z.array(z.object({ utc: z.string(), local: z.string() })),
      'The next sends, in order',
    ),
    ...errorResponses(400),
  },
});

export function deliveryRoutes(context: EngineContext): OpenAPIHono<ServerEnv> {
  return createRouter()
    .openapi(statusRoute, async (c) => {
      const organization = await findOrganizationOrThrow(context, c.req.valid('param').org);
      return c.json(await deliveryStatus(context, organization.id), 200);
    })
    .openapi(previewRoute, async (c) => {
      const query = c.req.valid('query');
      const options = parsePreviewOptions({ ...query, now: context.clock.now() });
      if (!options.ok) {
        throw invalidFields(
          options.error.map(({ option, message }) => ({
            path: `query.${option}`,
            message: `${option}: ${message}`,
          })),
        );
      }
      return c.json(previewSends(options.value), 200);
    });
}
