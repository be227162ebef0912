import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EngineContext } from '../../app/context.ts';
import { generateCourse, SOURCE_FORMATS } from '../../authoring/index.ts';
import { reviewRefusal } from '../../authoring/http/review-refusal.ts';
import { checkQuality } from '../../authoring/quality/quality-gates.ts';
import { MAX_SOURCE_BYTES } from '../../authoring/source-file.ts';
import {
  loadCourseVersion,
  publishCourse,
  type CourseVersion,
} from '../../courses/course-repository.ts';
import { QUESTION_KINDS } from '../../courses/model.ts';
import { ApiError } from '../api-error.ts';
import { assertCourseVersionOf, findOrganizationOrThrow } from '../organization-scope.ts';
import { listCoursesWithLatestVersion } from '../queries/course-queries.ts';
import { createRouter } from '../router.ts';
import {
  errorResponses,
  idParam,
  jsonBody,
  jsonResponse,
  OrganizationParamsSchema,
} from '../schemas.ts';
import type { ServerEnv } from '../server-env.ts';

const NewCourseSchema = z
  .object({
    sourceName: z.string().trim().min(1).max(200).openapi({ example: 'forklift-safety.md' }),
    format: z.enum(SOURCE_FORMATS),
    content: z.string().min(1).max(MAX_SOURCE_BYTES),
    acceptReview: z.boolean().optional().openapi({
      description: 'Publish even if a quality gate fails; the version is marked for review',
    }),
  })
  .openapi('NewCourse');

const PublishedCourseSchema = z
  .object({
    courseId: z.uuid(),
    versionId: z.uuid(),
    version: z.number().int(),
    title: z.string(),
    language: z.string(),
    lessons: z.number().int(),
    questions: z.number().int(),
    reviewStatus: z.enum(['ready', 'needs_review']),
  })
  .openapi('PublishedCourse');

const CourseSummarySchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    createdAt: z.iso.datetime(),
    latestVersion: z.object({
      id: z.uuid(),
      version: z.number().int(),
      title: z.string(),
      language: z.string(),
      sourceName: z.string(),
      publishedAt: z.iso.datetime(),
    }),
  })
  .openapi('CourseSummary');

const QuestionSchema = z.object({
  id: z.uuid(),
  key: z.string().openapi({ example: 'l2-q1' }),
  kind: z.enum(QUESTION_KINDS),
  prompt: z.string(),
  options: z.array(z.object({
    key: z.string(), text: z.string(), correct: z.boolean(), feedback: z.string(),
  })),
  explanation: z.string(),
  sourceRef: z.string().nullable(),
});

const CourseVersionSchema = z
  .object({
    id: z.uuid(),
    courseId: z.uuid(),
    version: z.number().int(),
    title: z.string(),
    description: z.string(),
    language: z.string(),
    sourceName: z.string(),
    lessons: z.array(z.object({
      id: z.uuid(),
      key: z.string().openapi({ example: 'l2' }),
      position: z.number().int(),
      title: z.string(),
      body: z.string(),
      mediaUrl: z.string().nullable(),
      questions: z.array(QuestionSchema),
    })),
  })
  .openapi('CourseVersion');

export const CourseVersionParamsSchema = OrganizationParamsSchema.extend({
  versionId: idParam('versionId', 'Course version id'),
});

const createCourseRoute = createRoute({
  method: 'post',
  path: '/organizations/{org}/courses',
  tags: ['courses'],
  summary: 'Generate a course from a document and publish it as version 1',
  description:
    'A course that fails a quality gate is refused with 422 and the failed gates in ' +
    'details.failedGates, as a draft is by the authoring publish, unless acceptReview is true.',
  request: { params: OrganizationParamsSchema, body: jsonBody(NewCourseSchema) },
  responses: {
    201: jsonResponse(PublishedCourseSchema, 'Published'),
    ...errorResponses(400, 404, 413, 422),
  },
});

const listCoursesRoute = createRoute({
  method: 'get',
  path: '/organizations/{org}/courses',
  tags: ['courses'],
  summary: 'List courses by title, each with its latest version',
  request: { params: OrganizationParamsSchema },
  responses: {
    200: jsonResponse(z.object({ items: z.array(CourseSummarySchema) }), 'All courses'),
    ...errorResponses(404),
  },
});

const getCourseVersionRoute = createRoute({
  method: 'get',
  path: '/organizations/{org}/course-versions/{versionId}',
  tags: ['courses'],
  summary: 'A published version with its lessons and questions',
  request: { params: CourseVersionParamsSchema },
  responses: {
    200: jsonResponse(CourseVersionSchema, 'Found'),
    ...errorResponses(400, 404),
  },
});

export function courseRoutes(context: EngineContext): OpenAPIHono<ServerEnv> {
  return createRouter()
    .openapi(createCourseRoute, async (c) => {
      const organization = await findOrganizationOrThrow(context, c.req.valid('param').org);
      const { sourceName, format, content, acceptReview } = c.req.valid('json');

      const draft = generateCourse({ name: sourceName, format, content });
      if (!draft.ok) throw new ApiError('unprocessable', draft.error);
      const quality = checkQuality(draft.value);
      if (quality.status !== 'ready' && acceptReview !== true) {
        const refusal = reviewRefusal(quality);
        throw new ApiError('unprocessable', refusal.message, refusal.details);
      }
      const published = await publishCourse(context.db, organization.id, draft.value, undefined, {
        reviewStatus: quality.status,
        qualityReport: quality,
        generation: { generator: 'offline' },
      });

      const lessons = draft.value.lessons;
      c.get('logger').info({ organizationId: organization.id, ...published }, 'course published');
      return c.json({
        ...published,
        title: draft.value.title,
        language: draft.value.language,
        lessons: lessons.length,
        questions: lessons.reduce((sum, lesson) => sum + lesson.questions.length, 0),
        reviewStatus: quality.status,
      }, 201);
    })
    .openapi(listCoursesRoute, async (c) => {
      const organization = await findOrganizationOrThrow(context, c.req.valid('param').org);
      const courses = await listCoursesWithLatestVersion(context.db, organization.id);
      const items = courses.map((course) => ({
        ...course,
        createdAt: course.createdAt.toISOString(),
        latestVersion: {
          ...course.latestVersion,
          publishedAt: course.latestVersion.publishedAt.toISOString(),
        },
      }));
      return c.json({ items }, 200);
    })
    .openapi(getCourseVersionRoute, async (c) => {
      const { org, versionId } = c.req.valid('param');
      const organization = await findOrganizationOrThrow(context, org);
      await assertCourseVersionOf(context, organization.id, versionId);
      const version = await loadCourseVersion(context.db, versionId);
      if (!version) throw new ApiError('not_found', `No course version ${versionId}`);
      return c.json(toCourseVersionView(version), 200);
    });
}

function toCourseVersionView(version: CourseVersion): z.infer<typeof CourseVersionSchema> {
  return {
    ...version,
    lessons: version.lessons.map((lesson) => ({
      id: lesson.dbId,
      key: lesson.id,
      position: lesson.position,
      title: lesson.title,
      body: lesson.body,
      mediaUrl: lesson.mediaUrl ?? null,
      questions: lesson.questions.map((question) => ({
        id: question.dbId,
        key: question.id,
        kind: question.kind,
        prompt: question.prompt,
        options: question.options,
        explanation: question.explanation,
        sourceRef: question.sourceRef ?? null,
      })),
    })),
  };
}
