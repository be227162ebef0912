/**
 * Engagement figures over HTTP, mounted under /api/v1: the team leaderboard of a course
 * version for an admin, and a learner's current streak.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

import type { EngineContext } from '../../app/context.ts';
import { ApiError } from '../../server/api-error.ts';
import { assertCourseVersionOf, findOrganizationOrThrow } from '../../server/organization-scope.ts';
import { findLearnersByIds } from '../../server/queries/learner-queries.ts';
import { createRouter } from '../../server/router.ts';
import {
  errorResponses,
  idParam,
  jsonResponse,
  OrganizationParamsSchema,
} from '../../server/schemas.ts';
import type { ServerEnv } from '../../server/server-env.ts';
import { learnerStreak } from '../learner-streak.ts';
import { teamLeaderboard } from '../team-leaderboard.ts';

const share = z.number().min(0).max(1);

const TeamStandingSchema = z
  .object({
    team: z.string().openapi({ description: "The learners' department; 'No team' when unset" }),
    starters: z.number().int().openapi({ description: 'Enrolled people who answered once' }),
    notStarted: z.number().int().openapi({ description: 'Enrolled people yet to answer' }),
    completion: share.openapi({ description: 'Average share of lessons done by starters' }),
    accuracy: share.nullable().openapi({ description: 'Null until an answer is graded' }),
  })
  .openapi('TeamStanding');

const LearnerStreakSchema = z
  .object({
    learnerId: z.uuid(),
    streak: z.number().int().min(0),
    today: z.iso.date().openapi({ description: "The learner's local date the streak runs to" }),
  })
  .openapi('LearnerStreak');

const leaderboardRoute = createRoute({
  method: 'get',
  path: '/organizations/{org}/courses/{courseVersionId}/leaderboard',
  tags: ['reports'],
  summary: 'Teams ranked on one course version, counting only people who started',
  request: {
    params: OrganizationParamsSchema.extend({
      courseVersionId: idParam('courseVersionId', 'Course version id'),
    }),
  },
  responses: {
    200: jsonResponse(z.array(TeamStandingSchema), 'Teams by completion, then accuracy'),
    ...errorResponses(400, 404),
  },
});

const streakRoute = createRoute({
  method: 'get',
  path: '/organizations/{org}/learners/{learnerId}/streak',
  tags: ['reports'],
  summary: "A learner's scheduled days answered in a row; days off neither count nor break it",
  request: {
    params: OrganizationParamsSchema.extend({
      learnerId: idParam('learnerId', 'Learner id'),
    }),
  },
  responses: {
    200: jsonResponse(LearnerStreakSchema, 'The streak as of now'),
    ...errorResponses(400, 404),
  },
});

export function engagementRoutes(context: EngineContext): OpenAPIHono<ServerEnv> {
  return createRouter()
    .openapi(leaderboardRoute, async (c) => {
      const { org, courseVersionId } = c.req.valid('param');
      const organization = await findOrganizationOrThrow(context, org);
      await assertCourseVersionOf(context, organization.id, courseVersionId);
      return c.json(await teamLeaderboard(context.db, organization.id, courseVersionId), 200);
    })
    .openapi(streakRoute, async (c) => {
      const { org, learnerId } = c.req.valid('param');
      const organization = await findOrganizationOrThrow(context, org);

      // A learner of another organization is answered like a missing one, so ids do not
      // reveal other tenants.
      const [learner] = await findLearnersByIds(context.db, organization.id, [learnerId]);
      if (!learner) {
        throw new ApiError(
          'not_found',
          `This organization has no learner ${learnerId}; ` +
            `GET /api/v1/organizations/${org}/learners lists them`,
        );
      }

      return c.json(await learnerStreak(context.db, learner.id, context.clock.now()), 200);
    });
}
