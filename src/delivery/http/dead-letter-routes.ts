/**
 * Dead letters over HTTP, mounted under /api/v1: an admin sends a dead or failed delivery
 * again once what refused it is fixed (a channel configured, a provider back).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

import type { EngineContext } from '../../app/context.ts';
import { ApiError } from '../../server/api-error.ts';
import { findOrganizationOrThrow } from '../../server/organization-scope.ts';
import { createRouter } from '../../server/router.ts';
import {
  errorResponses,
  idParam,
  jsonResponse,
  OrganizationParamsSchema,
} from '../../server/schemas.ts';
import type { ServerEnv } from '../../server/server-env.ts';
import { requeueDeadLetter } from '../dispatch/dead-letters.ts';

const RequeuedDeliverySchema = z
  .object({
    deliveryId: z.uuid(),
    status: z.literal('queued'),
    channel: z.string().openapi({ example: 'sms' }),
    nextAttemptAt: z.iso.datetime(),
  })
  .openapi('RequeuedDelivery');

const retryRoute = createRoute({
  method: 'post',
  path: '/organizations/{org}/deliveries/{deliveryId}/retry',
  tags: ['delivery'],
  summary: 'Send a dead or failed delivery again, with a fresh attempt budget',
  request: {
    params: OrganizationParamsSchema.extend({
      deliveryId: idParam('deliveryId', 'Delivery id'),
    }),
  },
  responses: {
    202: jsonResponse(RequeuedDeliverySchema, 'Back in the queue, to be sent now'),
    ...errorResponses(400, 404, 409),
  },
});

/**
 * @example
 * curl -X POST /api/v1/organizations/acme/deliveries/3f6c.../retry
 * // 202 { "deliveryId": "3f6c...", "status": "queued", "channel": "sms", ... }
 */
export function deadLetterRoutes(context: EngineContext): OpenAPIHono<ServerEnv> {
  return createRouter().openapi(retryRoute, async (c) => {
    const params = c.req.valid('param');
    const organization = await findOrganizationOrThrow(context, params.org);

    const requeued = await requeueDeadLetter(context, params.deliveryId, {
      organizationId: organization.id,
    });
    if (!requeued.ok) {
      const code = requeued.error.kind === 'not_found' ? 'not_found' : 'conflict';
      throw new ApiError(code, requeued.error.message);
    }
    return c.json(
      { ...requeued.value, nextAttemptAt: requeued.value.nextAttemptAt.toISOString() },
      202,
    );
  });
}
