import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EngineContext } from '../../app/context.ts';
import type { EnrolmentRow } from '../../db/schema.ts';
import { cadenceOf } from '../../delivery/enrolment-schedule.ts';
import { enrolLearners } from '../../delivery/enrolment-service.ts';
import { cohortMemberIds } from '../../people/cohort-repository.ts';
import { CHANNEL_KINDS } from '../../people/learner.ts';
import { ApiError, invalidFields } from '../api-error.ts';
import {
  assertCourseVersionOf,
  findOrganizationOrThrow,
  learnerIdsOf,
} from '../organization-scope.ts';
import { findCohort } from '../queries/cohort-queries.ts';
import { pageOfEnrolments } from '../queries/enrolment-queries.ts';
import { createRouter } from '../router.ts';
import {
  CadenceSchema,
  rruleWithoutDates,
  SEND_DAYS,
  StartsOnSchema,
} from './enrolment-schedule-schemas.ts';
import {
  errorResponses,
  jsonBody,
  jsonResponse,
  OrganizationParamsSchema,
  pageOf,
  PaginationQuerySchema,
  SendTimeSchema,
  statusFilter,
} from '../schemas.ts';
import type { ServerEnv } from '../server-env.ts';

const NewEnrolmentSchema = z
  .object({
    courseVersionId: z.uuid(),
    cohortId: z.uuid().optional(),
    learnerIds: z.array(z.uuid()).min(1).max(10_000).optional(),
    channel: z
      .enum(CHANNEL_KINDS)
      .optional()
      .openapi({ description: "Each learner's preferred channel when absent" }),
    sendTime: SendTimeSchema.default('09:00').openapi({
      description: "Local time in each learner's own timezone",
    }),
    days: z
      .enum(SEND_DAYS)
      .optional()
      .openapi({ description: 'daily (the default) or weekdays; `cadence` for anything else' }),
    cadence: CadenceSchema.optional(),
    startsOn: StartsOnSchema.optional(),
    windowMinutes: z
      .number()
      .int()
      .min(1)
      .max(1440)
      .optional()
      .openapi({
        description:
          'How long after its slot a lesson may still go; the ' +
          "organization's sendWindowMinutes when absent",
      }),
  })
  .refine((body) => (body.cohortId === undefined) !== (body.learnerIds === undefined), {
    path: ['cohortId'],
    message: 'give either cohortId or learnerIds, exactly one of them',
  })
  .refine((body) => body.days === undefined || body.cadence === undefined, {
    path: ['cadence'],
    message: 'give either days or cadence, not both',
  })
  .openapi('NewEnrolment');

const EnrolSummarySchema = z
  .object({
    requested: z.number().int(),
    enrolled: z.number().int(),
    alreadyEnrolled: z
      .number()
      .int()
      .openapi({ description: 'Requested but not enrolled now: already in, or not active' }),
  })
  .openapi('EnrolSummary');

const ENROLMENT_STATUSES = [
  'active',
  'paused',
  'completed',
  'withdrawn',
] as const satisfies readonly EnrolmentRow['status'][];

const EnrolmentSchema = z
  .object({
    id: z.uuid(),
    learnerId: z.uuid(),
    courseVersionId: z.uuid(),
    cohortId: z.uuid().nullable(),
    status: z.enum(ENROLMENT_STATUSES),
    channel: z.string(),
    sendTime: z.string(),
    days: z.enum(SEND_DAYS),
    cadence: CadenceSchema.nullable().openapi({
      description: 'null when `days` alone sets the cadence',
    }),
    startsOn: z.string().nullable(),
    windowMinutes: z.number().int().nullable(),
    nextLessonPosition: z.number().int(),
    lessonsCompleted: z.number().int(),
    nextSendAt: z.iso.datetime().nullable(),
    enrolledAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
  })
  .openapi('Enrolment');

const EnrolmentQuerySchema = PaginationQuerySchema.extend({
  courseVersionId: z
    .uuid()
    .optional()
    .openapi({ param: { name: 'courseVersionId', in: 'query' } }),
  status: statusFilter(ENROLMENT_STATUSES),
});

const enrolRoute = createRoute({
  method: 'post',
  path: '/organizations/{org}/enrolments',
  tags: ['enrolments'],
  summary: 'Enrol a cohort or listed learners in a course version',
  description:
    "The first lesson is due at the next send time in each learner's timezone. " +
    'Enrolling someone twice changes nothing.',
  request: { params: OrganizationParamsSchema, body: jsonBody(NewEnrolmentSchema) },
  responses: {
    200: jsonResponse(EnrolSummarySchema, 'Counts of who was enrolled'),
    ...errorResponses(400, 404, 422),
  },
});

const listEnrolmentsRoute = createRoute({
  method: 'get',
  path: '/organizations/{org}/enrolments',
  tags: ['enrolments'],
  summary: 'List enrolments, oldest first',
  request: { params: OrganizationParamsSchema, query: EnrolmentQuerySchema },
  responses: {
    200: jsonResponse(pageOf(EnrolmentSchema), 'A page of enrolments'),
    ...errorResponses(400, 404),
  },
});

export function enrolmentRoutes(context: EngineContext): OpenAPIHono<ServerEnv> {
  return createRouter()
    .openapi(enrolRoute, async (c) => {
      const organization = await findOrganizationOrThrow(context, c.req.valid('param').org);
      const body = c.req.valid('json');
      await assertCourseVersionOf(context, organization.id, body.courseVersionId);
      const channel =
        body.channel === undefined
          ? undefined
          : await context.channels.forOrganization(organization.id, body.channel);
      if (body.channel !== undefined && !channel) {
        const kinds = context.channels.kinds().join(', ') || 'none';
        throw new ApiError(
          'unprocessable',
          `The channel "${body.channel}" is not configured ` +
            `for this organization (kinds known: ${kinds})`,
        );
      }

      const sparse = rruleWithoutDates(body.cadence, body.startsOn, context.clock.now());
      if (sparse) throw invalidFields([{ path: 'body.cadence.rule', message: sparse }]);

      const learnerIds =
        body.cohortId === undefined
          ? await learnerIdsOf(context, organization.id, body.learnerIds ?? [])
          : await cohortMembers(context, organization.id, body.cohortId);
      if (body.channel === undefined) {
        await assertPreferredChannelsConfigured(context, organization.id, learnerIds);
      }
      const summary = await enrolLearners(context, {
        organizationId: organization.id,
        courseVersionId: body.courseVersionId,
        learnerIds,
        cohortId: body.cohortId,
        channel: body.channel,
        sendTime: body.sendTime,
        ...cadenceFields(body),
        startsOn: body.startsOn,
        windowMinutes: body.windowMinutes,
      });
      return c.json({ requested: learnerIds.length, ...summary }, 200);
    })
    .openapi(listEnrolmentsRoute, async (c) => {
      const organization = await findOrganizationOrThrow(context, c.req.valid('param').org);
      const query = c.req.valid('query');
      const { rows, total } = await pageOfEnrolments(context.db, organization.id, query);
      return c.json(
        { items: rows.map(toEnrolmentView), total, limit: query.limit, offset: query.offset },
        200,
      );
    });
}

/** A daily or weekdays cadence is stored as plain `days`, as enrolments made before it were. */
function cadenceFields(body: z.infer<typeof NewEnrolmentSchema>) {
  const cadence = body.cadence;
  if (cadence === undefined) return { days: body.days ?? 'daily' } as const;
  if (cadence.kind === 'days' && !Array.isArray(cadence.days)) return { days: cadence.days };
  return { days: 'daily', cadence: cadenceOf({ cadence, days: 'daily' }) } as const;
}

async function cohortMembers(
  context: EngineContext,
  organizationId: string,
  cohortId: string,
): Promise<string[]> {
  const cohort = await findCohort(context.db, organizationId, cohortId);
  if (!cohort) {
    throw new ApiError('unprocessable', `This organization has no cohort ${cohortId}`);
  }
  return cohortMemberIds(context.db, cohort);
}

function toEnrolmentView(row: EnrolmentRow): z.infer<typeof EnrolmentSchema> {
  return {
    id: row.id,
    learnerId: row.learnerId,
    courseVersionId: row.courseVersionId,
    cohortId: row.cohortId,
    status: row.status,
    channel: row.channel,
    sendTime: row.sendTime,
    days: row.days,
    cadence: row.cadence,
    startsOn: row.startsOn ?? null,
    windowMinutes: row.windowMinutes ?? null,
    nextLessonPosition: row.nextLessonPosition,
    lessonsCompleted: row.lessonsCompleted,
    nextSendAt: row.nextSendAt?.toISOString() ?? null,
    enrolledAt: row.enrolledAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

/**
 * Without a channel in the request each learner is enrolled on their preferred one, which must
 * be one this organization can send on: an enrolment nobody can receive is refused up front.
 */
async function assertPreferredChannelsConfigured(
  context: EngineContext,
  organizationId: string,
  learnerIds: readonly string[],
): Promise<void> {
  if (learnerIds.length === 0) return;
  const preferred = await context.db
    .selectFrom('learners')
    .select(['preferredChannel', (eb) => eb.fn.countAll<number>().as('learners')])
    .where('organizationId', '=', organizationId)
    .where('id', 'in', [...learnerIds])
    .groupBy('preferredChannel')
    .execute();

  const missing: string[] = [];
  for (const row of preferred) {
    if (await context.channels.forOrganization(organizationId, row.preferredChannel)) continue;
    missing.push(`${Number(row.learners)} prefer "${row.preferredChannel}"`);
  }
  if (missing.length > 0) {
    throw new ApiError(
      'unprocessable',
      `Learners would be enrolled on channels this organization has not configured ` +
        `(${missing.join('; ')}); give "channel", or set their preferred channel`,
    );
  }
}
