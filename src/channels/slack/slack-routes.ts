/**
 * Slack set-up over HTTP for an organization. Mount it under the organization's path:
 *
 * @example
 * app.route('/api/v1/organizations/:org', slackRoutes(context));
 * // POST /api/v1/organizations/acme/slack/learner-links
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EngineContext } from '../../app/context.ts';
import { ApiError } from '../../server/api-error.ts';
import { findOrganizationOrThrow } from '../../server/organization-scope.ts';
import { createRouter } from '../../server/router.ts';
import { errorResponses, jsonResponse, OrganizationParamsSchema } from '../../server/schemas.ts';
import type { ServerEnv } from '../../server/server-env.ts';
import { SlackChannel } from './slack-channel.ts';
import { linkSlackLearnersByEmail } from './slack-learner-links.ts';

const LinkSummarySchema = z
  .object({
    linked: z.number().int(),
    notFound: z.number().int(),
    remaining: z.number().int(),
    retryAfterSeconds: z.number().int().optional(),
    stoppedBecause: z.string().optional(),
  })
  .openapi('SlackLinkSummary');

const linkRoute = createRoute({
  method: 'post',
  path: '/slack/learner-links',
  tags: ['slack'],
  summary: 'Find the Slack user of each learner not linked yet, by work email',
  description:
    'Looks each active learner without a Slack id up with users.lookupByEmail and stores the ' +
    'id found. Stops at a Slack rate limit and reports retryAfterSeconds; call again later ' +
    'to continue with the remaining learners.',
  request: { params: OrganizationParamsSchema },
  responses: {
    200: jsonResponse(LinkSummarySchema, 'How many learners were linked'),
    ...errorResponses(404, 422),
  },
});

export function slackRoutes(context: EngineContext): OpenAPIHono<ServerEnv> {
  return createRouter().openapi(linkRoute, async (c) => {
    const organization = await findOrganizationOrThrow(context, c.req.valid('param').org);
    const channel = await context.channels.forOrganization(organization.id, 'slack');
    if (!(channel instanceof SlackChannel)) {
      throw new ApiError(
        'unprocessable',
        'No Slack channel is configured for this ' +
          'organization; save its Slack credentials first',
      );
    }

    const summary = await linkSlackLearnersByEmail(
      context.db,
      organization.id,
      (email) => channel.findUserIdByEmail(email),
      c.get('logger'),
    );
    return c.json(summary, 200);
  });
}
