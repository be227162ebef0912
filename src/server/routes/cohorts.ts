import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EngineContext } from '../../app/context.ts';
import {
  cohortMemberIds,
  createRuleCohort,
  createStaticCohort,
  listCohorts,
  type Cohort,
  type CohortRule,
} from '../../people/cohort-repository.ts';
import { readTimezone } from '../../people/roster-fields.ts';
import { ApiError, invalidFields, type FieldIssue } from '../api-error.ts';
import { findOrganizationOrThrow, learnerIdsOf } from '../organization-scope.ts';
import { findCohort } from '../queries/cohort-queries.ts';
import { findLearnersByIds } from '../queries/learner-queries.ts';
import { createRouter } from '../router.ts';
import {
  errorResponses,
  idParam,
  jsonBody,
  jsonResponse,
  OrganizationParamsSchema,
  pageOf,
  PaginationQuerySchema,
} from '../schemas.ts';
import type { ServerEnv } from '../server-env.ts';

const values = z.array(z.string().trim().min(1).max(200)).max(200).optional();

const CohortRuleSchema = z
  .object({ department: values, title: values, location: values, timezone: values })
  .strict()
  .openapi('CohortRule', {
    description: 'Each listed attribute must equal one of its values; an empty rule matches all',
  });

const cohortName = z.string().trim().min(1).max(200).openapi({ example: 'Night shift' });

const NewCohortSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('static'),
      name: cohortName,
      learnerIds: z.array(z.uuid()).max(10_000),
    }),
    z.object({ kind: z.literal('rule'), name: cohortName, rule: CohortRuleSchema }),
  ])
  .openapi('NewCohort');

const CohortSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(['static', 'rule']),
    rule: CohortRuleSchema.nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi('Cohort');

const MemberSchema = z
  .object({
    id: z.uuid(),
    fullName: z.string(),
    department: z.string().nullable(),
    title: z.string().nullable(),
    location: z.string().nullable(),
    timezone: z.string(),
  })
  .openapi('CohortMember');

const CohortParamsSchema = OrganizationParamsSchema.extend({
  cohortId: idParam('cohortId', 'Cohort id'),
});

const createCohortRoute = createRoute({
  method: 'post',
  path: '/organizations/{org}/cohorts',
  tags: ['cohorts'],
  summary: 'Create a cohort: a fixed list of learners, or a rule on their attributes',
  request: { params: OrganizationParamsSchema, body: jsonBody(NewCohortSchema) },
  responses: {
    201: jsonResponse(CohortSchema, 'Created'),
    ...errorResponses(400, 404, 409, 422),
  },
});

const listCohortsRoute = createRoute({
  method: 'get',
  path: '/organizations/{org}/cohorts',
  tags: ['cohorts'],
  summary: 'List cohorts by name',
  request: { params: OrganizationParamsSchema },
  responses: {
    200: jsonResponse(z.object({ items: z.array(CohortSchema) }), 'All cohorts'),
    ...errorResponses(404),
  },
});

const cohortMembersRoute = createRoute({
  method: 'get',
  path: '/organizations/{org}/cohorts/{cohortId}/members',
  tags: ['cohorts'],
  summary: 'Active learners in the cohort now (a rule is evaluated at the time of asking)',
  request: { params: CohortParamsSchema, query: PaginationQuerySchema },
  responses: {
    200: jsonResponse(pageOf(MemberSchema), 'A page of members, by name'),
    ...errorResponses(400, 404),
  },
});

export function cohortRoutes(context: EngineContext): OpenAPIHono<ServerEnv> {
  return createRouter()
    .openapi(createCohortRoute, async (c) => {
      const organization = await findOrganizationOrThrow(context, c.req.valid('param').org);
      const input = c.req.valid('json');
      const existing = await listCohorts(context.db, organization.id);
      if (existing.some((cohort) => cohort.name === input.name)) {
        throw new ApiError('conflict', `A cohort named "${input.name}" already exists`);
      }

      const cohort = input.kind === 'static'
        ? await createStaticCohort(context.db, organization.id, input.name,
          await learnerIdsOf(context, organization.id, input.learnerIds))
        : await createRuleCohort(context.db, organization.id, input.name, readRule(input.rule));
      c.get('logger').info({ organizationId: organization.id, cohortId: cohort.id },
        'cohort created');
      return c.json(toCohortView(cohort), 201);
    })
    .openapi(listCohortsRoute, async (c) => {
      const organization = await findOrganizationOrThrow(context, c.req.valid('param').org);
      const cohorts = await listCohorts(context.db, organization.id);
      return c.json({ items: cohorts.map(toCohortView) }, 200);
    })
    .openapi(cohortMembersRoute, async (c) => {
      const { org, cohortId } = c.req.valid('param');
      const organization = await findOrganizationOrThrow(context, org);
      const cohort = await findCohort(context.db, organization.id, cohortId);
      if (!cohort) throw new ApiError('not_found', `This organization has no cohort ${cohortId}`);

      // Limitation: the whole membership is loaded to count it; fine for thousands of people.
      const ids = await cohortMemberIds(context.db, cohort);
      const members = await findLearnersByIds(context.db, organization.id, ids);
      const { limit, offset } = c.req.valid('query');
      const items = members.slice(offset, offset + limit).map((learner) => ({
        id: learner.id, fullName: learner.fullName, department: learner.department,
        title: learner.title, location: learner.location, timezone: learner.timezone,
      }));
      return c.json({ items, total: members.length, limit, offset }, 200);
    });
}

/** Timezones are matched exactly, so they are normalised as stored ("america/chicago"). */
function readRule(rule: z.infer<typeof CohortRuleSchema>): CohortRule {
  const issues: FieldIssue[] = [];
  const timezone = rule.timezone?.map((value, index) => {
    const zone = readTimezone(value);
    if (zone.ok) return zone.value;
    issues.push({ path: `body.rule.timezone.${index}`, message: zone.error });
    return value;
  });
  if (issues.length > 0) throw invalidFields(issues);

  const read: CohortRule = { ...rule };
  if (timezone !== undefined) read.timezone = timezone;
  return read;
}

function toCohortView(cohort: Cohort): z.infer<typeof CohortSchema> {
  return {
    id: cohort.id,
    name: cohort.name,
    kind: cohort.kind,
    rule: cohort.rule === null ? null : (cohort.rule as CohortRule),
    createdAt: cohort.createdAt.toISOString(),
  };
}
