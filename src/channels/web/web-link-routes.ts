/**
 * A learner's web feed link over HTTP, for an admin to hand out (email, intranet) to a
 * learner whose lessons go to the web channel:
 *
 *   GET /api/v1/organizations/{org}/learners/{learnerId}/web-link  ->  { url, expiresAt }
 *
 * Each call signs a fresh link; nothing is stored, and an earlier link keeps working until it
 * expires.
 *
 * @example
 * app.route('/api/v1', webLinkRoutes(context, { linkSigningKey, publicBaseUrl }));
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EngineContext } from '../../app/context.ts';
import { ApiError } from '../../server/api-error.ts';
import { findOrganizationOrThrow } from '../../server/organization-scope.ts';
import { findLearnersByIds } from '../../server/queries/learner-queries.ts';
import { createRouter } from '../../server/router.ts';
import {
  errorResponses,
  idParam,
  jsonResponse,
  OrganizationParamsSchema,
} from '../../server/schemas.ts';
import type { ServerEnv } from '../../server/server-env.ts';
import { learnerWebLink, webLinkSigning, type WebLinkSettings } from './learner-web-link.ts';

// Limitation: a link cannot be revoked before it expires short of changing the signing key,
// which ends every link at once.

const WebLinkSchema = z
  .object({
    url: z.url().openapi({ example: 'https://inflow.example.com/learn/AQNn8...Q.Xk3...' }),
    expiresAt: z.iso.datetime().openapi({ description: 'Half a year after it was made' }),
  })
  .openapi('LearnerWebLink');

const webLinkRoute = createRoute({
  method: 'get',
  path: '/organizations/{org}/learners/{learnerId}/web-link',
  tags: ['learners'],
  summary: "A signed link to the learner's web feed: everything sent to them on the web",
  description:
    'Needs INFLOW_LINK_SIGNING_KEY and INFLOW_PUBLIC_URL on the server (503 without them), ' +
    'and a web address on the learner (422 without one).',
  request: {
    params: OrganizationParamsSchema.extend({
      learnerId: idParam('learnerId', 'Learner id'),
    }),
  },
  responses: {
    200: jsonResponse(WebLinkSchema, 'A fresh link'),
    ...errorResponses(400, 404, 422, 503),
  },
});

export function webLinkRoutes(
  context: EngineContext,
  settings: WebLinkSettings,
): OpenAPIHono<ServerEnv> {
  return createRouter().openapi(webLinkRoute, async (c) => {
    const { org, learnerId } = c.req.valid('param');
    const organization = await findOrganizationOrThrow(context, org);
    // A learner of another organization is answered like a missing one.
    const [learner] = await findLearnersByIds(context.db, organization.id, [learnerId]);
    if (!learner) {
      throw new ApiError(
        'not_found',
        `This organization has no learner ${learnerId}; ` +
          `GET /api/v1/organizations/${org}/learners lists them`,
      );
    }

    // What does not exist is told first; then whether this server can sign links at all.
    const signing = webLinkSigning(settings);
    if (!signing.ok) throw new ApiError('not_ready', signing.error);
    const link = learnerWebLink(signing.value, learner, context.clock.now());
    if (!link.ok) throw new ApiError('unprocessable', link.error);
    c.get('logger').info(
      { organizationId: organization.id, learnerId: learner.id },
      'learner web link made',
    );
    return c.json({ url: link.value.url, expiresAt: link.value.expiresAt.toISOString() }, 200);
  });
}
