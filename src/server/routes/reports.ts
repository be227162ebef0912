import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { buildCourseReport } from '../../analytics/course-report.ts';
import type { EngineContext } from '../../app/context.ts';
import { assertCourseVersionOf, findOrganizationOrThrow } from '../organization-scope.ts';
import { createRouter } from '../router.ts';
import { errorResponses, jsonResponse } from '../schemas.ts';
import type { ServerEnv } from '../server-env.ts';
import { CourseVersionParamsSchema } from './courses.ts';

const share = z.number().min(0).max(1);

const CourseReportSchema = z
  .object({
    courseVersionId: z.uuid(),
    courseTitle: z.string(),
    enrolled: z.number().int(),
    completed: z.number().int(),
    completionRate: share,
    lessonsSent: z.number().int(),
    questionsSent: z.number().int(),
    answers: z.number().int(),
    accuracy: share.nullable().openapi({ description: 'Null until an answer is graded' }),
    medianReplyMinutes: z.number().nullable(),
    lessons: z.array(z.object({
      position: z.number().int(),
      title: z.string(),
      sent: z.number().int(),
      answered: z.number().int(),
      accuracy: share.nullable(),
    })),
    atRisk: z.array(z.object({ learnerId: z.uuid(), fullName: z.string(), reason: z.string() })),
  })
  .openapi('CourseReport');

const reportRoute = createRoute({
  method: 'get',
  path: '/organizations/{org}/course-versions/{versionId}/report',
  tags: ['reports'],
  summary: 'Completion, answers and learners at risk for one course version',
  request: { params: CourseVersionParamsSchema },
  responses: {
    200: jsonResponse(CourseReportSchema, 'The report as of now'),
    ...errorResponses(400, 404),
  },
});

export function reportRoutes(context: EngineContext): OpenAPIHono<ServerEnv> {
  return createRouter().openapi(reportRoute, async (c) => {
    const { org, versionId } = c.req.valid('param');
    const organization = await findOrganizationOrThrow(context, org);
    await assertCourseVersionOf(context, organization.id, versionId);
    return c.json(await buildCourseReport(context.db, versionId), 200);
  });
}
