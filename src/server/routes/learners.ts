import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { EngineContext } from '../../app/context.ts';
import { findOtherPhoneHolder, phoneTakenReason } from '../../people/identity/phone-holder.ts';
import { findLearner, upsertLearners } from '../../people/learner-repository.ts';
import { ApiError, invalidFields } from '../api-error.ts';
import {
  LEARNER_STATUSES,
  LearnerSchema,
  NewLearnerSchema,
  readLearnerInput,
  toLearnerView,
} from '../learner-input.ts';
import { findOrganizationOrThrow } from '../organization-scope.ts';
import { findLearnerConflict, pageOfLearners } from '../queries/learner-queries.ts';
import { createRouter } from '../router.ts';
import {
  errorResponses,
  jsonBody,
  jsonResponse,
  OrganizationParamsSchema,
  pageOf,
  PaginationQuerySchema,
  statusFilter,
} from '../schemas.ts';
import type { ServerEnv } from '../server-env.ts';

const LearnerQuerySchema = PaginationQuerySchema.extend({
  status: statusFilter(LEARNER_STATUSES),
});

const listLearnersRoute = createRoute({
  method: 'get',
  path: '/organizations/{org}/learners',
  tags: ['learners'],
  summary: 'List learners by name, a page at a time',
  request: { params: OrganizationParamsSchema, query: LearnerQuerySchema },
  responses: {
    200: jsonResponse(pageOf(LearnerSchema), 'A page of learners'),
    ...errorResponses(400, 404),
  },
});

const createLearnerRoute = createRoute({
  method: 'post',
  path: '/organizations/{org}/learners',
  tags: ['learners'],
  summary: 'Add one learner',
  description: 'Values are checked and normalised as in a roster import: the phone becomes ' +
    'E.164, the timezone must be an IANA name, the email is stored in lower case.',
  request: { params: OrganizationParamsSchema, body: jsonBody(NewLearnerSchema) },
  responses: {
    201: jsonResponse(LearnerSchema, 'Created'),
    ...errorResponses(400, 404, 409),
  },
});

const CONFLICT_MESSAGES = {
  email: 'Another learner of this organization has that email address',
  externalId: 'Another learner of this organization has that employee id',
} as const;

export function learnerRoutes(context: EngineContext): OpenAPIHono<ServerEnv> {
  return createRouter()
    .openapi(listLearnersRoute, async (c) => {
      const organization = await findOrganizationOrThrow(context, c.req.valid('param').org);
      const query = c.req.valid('query');
      const { rows, total } = await pageOfLearners(context.db, organization.id, query);
      const { limit, offset } = query;
      return c.json({ items: rows.map(toLearnerView), total, limit, offset }, 200);
    })
    .openapi(createLearnerRoute, async (c) => {
      const organization = await findOrganizationOrThrow(context, c.req.valid('param').org);
      const input = readLearnerInput(c.req.valid('json'));
      if (!input.ok) throw invalidFields(input.error);

      // upsertLearners would update the person already there; creating must not.
      const conflict = await findLearnerConflict(context.db, organization.id, input.value);
      if (conflict) throw new ApiError('conflict', CONFLICT_MESSAGES[conflict]);
      const { phone } = input.value;
      const holder = phone && (await findOtherPhoneHolder(context.db, organization.id, phone));
      if (holder) throw new ApiError('conflict', `The ${phoneTakenReason(phone, holder)}`);

      const now = context.clock.now();
      const summary = await upsertLearners(context.db, organization.id, [input.value], now);
      const learnerId = summary.learnerIds[0] ?? '';
      const learner = await findLearner(context.db, learnerId);
      if (!learner) throw new Error('a learner just created cannot be read back');

      c.get('logger').info({ organizationId: organization.id, learnerId }, 'learner created');
      return c.json(toLearnerView(learner), 201);
    });
}
