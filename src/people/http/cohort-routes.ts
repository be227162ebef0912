/**
 * Rule cohorts and automatic enrolment over REST:
 * POST /people/cohorts/preview   { rule }            who matches now
 * POST /people/cohorts           { name, rule }      a rule cohort, filled at once
 * POST /people/sync                                  recompute cohorts and enrolment now
 * GET|POST /people/auto-enrolment-rules, POST /people/auto-enrolment-rules/:id/deactivate
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { EngineContext } from '../../app/context.ts';
import { createFilterCohort, previewCohortRule } from '../cohorts/cohort-membership.ts';
import {
  createAutoEnrolmentRule,
  deactivateAutoEnrolmentRule,
  listAutoEnrolmentRules,
} from '../enrolment/auto-enrolment-rules.ts';
import { syncPeople } from '../people-sync.ts';
import { errorResponse, organizationOf, readJson, type PeopleEnv } from './people-http.ts';

const ruleSchema = z.object({ rule: z.string() });
const cohortSchema = z.object({ name: z.string().trim().min(1), rule: z.string() });
const autoRuleSchema = z.object({
  name: z.string().trim().min(1),
  cohortId: z.uuid(),
  courseVersionId: z.uuid(),
  channel: z.string().nullable().optional(),
  sendTime: z.string(),
  days: z.enum(['daily', 'weekdays']),
  withdrawOnExit: z.boolean().optional(),
  enrolCurrentMembers: z.boolean().optional(),
});

export function registerCohortRoutes(app: Hono<PeopleEnv>, context: EngineContext): void {
  app.post('/people/cohorts/preview', async (c) => {
    const organization = await organizationOf(context, c);
    if (!organization.ok) return errorResponse(c, organization.error);
    const body = await readJson(c, ruleSchema);
    if (!body.ok) return errorResponse(c, body.error);

    const preview = await previewCohortRule(
      context.db,
      organization.value.id,
      body.value.rule,
      context.clock.now(),
    );
    return preview.ok
      ? c.json(preview.value)
      : errorResponse(c, { code: 'validation_failed', message: preview.error });
  });

  app.post('/people/cohorts', async (c) => {
    const organization = await organizationOf(context, c);
    if (!organization.ok) return errorResponse(c, organization.error);
    const body = await readJson(c, cohortSchema);
    if (!body.ok) return errorResponse(c, body.error);

    const organizationId = organization.value.id;
    const now = context.clock.now();
    const created = await context.db.transaction().execute(async (trx) => {
      const cohort = await createFilterCohort(
        trx,
        organizationId,
        body.value.name,
        body.value.rule,
        now,
      );
      if (cohort.ok) await syncPeople(trx, organizationId, now);
      return cohort;
    });
    if (!created.ok) {
      const code = created.error.includes('already exists') ? 'conflict' : 'validation_failed';
      return errorResponse(c, { code, message: created.error });
    }
    return c.json(created.value, 201);
  });

  app.post('/people/sync', async (c) => {
    const organization = await organizationOf(context, c);
    if (!organization.ok) return errorResponse(c, organization.error);

    const now = context.clock.now();
    const result = await context.db
      .transaction()
      .execute((trx) => syncPeople(trx, organization.value.id, now));
    return c.json({ cohortChanges: result.transitions.length, enrolment: result.enrolment });
  });

  app.get('/people/auto-enrolment-rules', async (c) => {
    const organization = await organizationOf(context, c);
    if (!organization.ok) return errorResponse(c, organization.error);
    return c.json({ rules: await listAutoEnrolmentRules(context.db, organization.value.id) });
  });

  app.post('/people/auto-enrolment-rules', async (c) => {
    const organization = await organizationOf(context, c);
    if (!organization.ok) return errorResponse(c, organization.error);
    const body = await readJson(c, autoRuleSchema);
    if (!body.ok) return errorResponse(c, body.error);

    const now = context.clock.now();
    const rule = await context.db
      .transaction()
      .execute((trx) => createAutoEnrolmentRule(trx, organization.value.id, body.value, now));
    if (!rule.ok) {
      return errorResponse(c, {
        code: 'validation_failed',
        message: rule.error.join('; '),
        details: { problems: rule.error },
      });
    }
    return c.json(rule.value, 201);
  });

  app.post('/people/auto-enrolment-rules/:ruleId/deactivate', async (c) => {
    const organization = await organizationOf(context, c);
    if (!organization.ok) return errorResponse(c, organization.error);

    const ruleId = c.req.param('ruleId');
    const found = z.uuid().safeParse(ruleId).success
      ? await deactivateAutoEnrolmentRule(context.db, organization.value.id, ruleId)
      : false;
    return found
      ? c.body(null, 204)
      : errorResponse(c, { code: 'not_found', message: `No rule ${ruleId} in this organization` });
  });
}
