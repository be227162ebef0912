/**
 * Adaptive paths over HTTP, mounted under /api/v1 with the other API routes: a learner's
 * pre-assessment, whose lessons answered right are never sent.
 *
 *   POST /organizations/acme/enrolments/{enrolmentId}/pre-assessment
 *   { "answers": [{ "questionKey": "l1-q1", "correct": true }] }
 *   → 200 { "skippedLessons": [1] }
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

import type { EngineContext } from '../../app/context.ts';
import { ApiError } from '../../server/api-error.ts';
import { findOrganizationOrThrow } from '../../server/organization-scope.ts';
import { createRouter } from '../../server/router.ts';
import {
  errorResponses,
  idParam,
  jsonBody,
  jsonResponse,
  OrganizationParamsSchema,
} from '../../server/schemas.ts';
import type { ServerEnv } from '../../server/server-env.ts';
import { recordPreAssessment } from '../adaptive-paths.ts';

const PreAssessmentSchema = z
  .object({
    answers: z
      .array(
        z.object({
          questionKey: z.string().min(1).max(200).openapi({ example: 'l1-q1' }),
          correct: z.boolean(),
        }),
      )
      .min(1)
      .max(1_000),
  })
  .openapi('PreAssessment');

const SkippedLessonsSchema = z
  .object({
    skippedLessons: z
      .array(z.number().int())
      .openapi({ description: 'Positions of the lessons found known; they are never sent' }),
  })
  .openapi('PreAssessmentResult');

const preAssessmentRoute = createRoute({
  method: 'post',
  path: '/organizations/{org}/enrolments/{enrolmentId}/pre-assessment',
  tags: ['enrolments'],
  summary: 'Record a pre-assessment: lessons whose graded questions were all right are skipped',
  description:
    'Only for a course version published with `path: { pre_assessment: true }`. Every ' +
    'answer must name a graded question of the course; nothing is recorded otherwise.',
  request: {
    params: OrganizationParamsSchema.extend({
      enrolmentId: idParam('enrolmentId', 'Enrolment id'),
    }),
    body: jsonBody(PreAssessmentSchema),
  },
  responses: {
    200: jsonResponse(SkippedLessonsSchema, 'Recorded'),
    ...errorResponses(400, 404, 422),
  },
});

export function adaptiveRoutes(context: EngineContext): OpenAPIHono<ServerEnv> {
  return createRouter().openapi(preAssessmentRoute, async (c) => {
    const { org, enrolmentId } = c.req.valid('param');
    const organization = await findOrganizationOrThrow(context, org);
    // Another organization's enrolment is answered like a missing one: ids reveal no tenant.
    const enrolment = await context.db
      .selectFrom('enrolments')
      .select('id')
      .where('id', '=', enrolmentId)
      .where('organizationId', '=', organization.id)
      .executeTakeFirst();
    if (!enrolment) {
      throw new ApiError('not_found', `This organization has no enrolment ${enrolmentId}`);
    }

    const recorded = await recordPreAssessment(context, enrolment.id, c.req.valid('json').answers);
    if (!recorded.ok) {
      throw new ApiError('unprocessable', recorded.error.message, { code: recorded.error.code });
    }
    c.get('logger').info(
      { organizationId: organization.id, enrolmentId, skippedLessons: recorded.value },
      'pre-assessment recorded',
    );
    return c.json({ skippedLessons: recorded.value }, 200);
  });
}
