/**
 * Automatic enrolment: whoever enters a cohort with an active rule is enrolled in the rule's
 * course, day 1 at the local send time on their first eligible day; whoever leaves it is
 * withdrawn when the rule says so. Only enrolments a rule made are withdrawn by it: a course
 * an administrator assigned by hand stays.
 */
import type { Kysely, Selectable } from 'kysely';
import type { AutoEnrolmentRulesTable, Database, LearnerRow } from '../../db/schema.ts';
import { recordAudit } from '../audit/person-audit.ts';
import type { CohortTransition } from '../cohorts/cohort-membership.ts';
import { cancelQueuedDeliveries, PAUSED_INACTIVE } from '../lifecycle/learner-status.ts';
import { firstSendInstant } from './first-send.ts';

export type AutoEnrolmentRule = Selectable<AutoEnrolmentRulesTable>;

export interface AutoEnrolmentOutcome {
  enrolled: number;
  resumed: number;
  withdrawn: number;
}

export async function applyAutoEnrolment(
  db: Kysely<Database>,
  organizationId: string,
  transitions: readonly CohortTransition[],
  now: Date,
  onlyRuleId?: string,
): Promise<AutoEnrolmentOutcome> {
  const outcome: AutoEnrolmentOutcome = { enrolled: 0, resumed: 0, withdrawn: 0 };
  if (transitions.length === 0) return outcome;

  let query = db
    .selectFrom('autoEnrolmentRules')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .where('active', '=', true)
    .where('cohortId', 'in', [...new Set(transitions.map((change) => change.cohortId))]);
  if (onlyRuleId !== undefined) query = query.where('id', '=', onlyRuleId);
  const rules = await query.orderBy('createdAt').execute();
  if (rules.length === 0) return outcome;

  const learners = await db
    .selectFrom('learners')
    .selectAll()
    .where('id', 'in', [...new Set(transitions.map((change) => change.learnerId))])
    .execute();
  const learnerById = new Map(learners.map((learner) => [learner.id, learner]));

  for (const transition of transitions) {
    const learner = learnerById.get(transition.learnerId);
    if (learner === undefined) continue;
    for (const rule of rules.filter((candidate) => candidate.cohortId === transition.cohortId)) {
      if (transition.change === 'entered') {
        const result = await enrolByRule(db, rule, learner, now);
        if (result === 'enrolled') outcome.enrolled += 1;
        if (result === 'resumed') outcome.resumed += 1;
      } else if (rule.withdrawOnExit) {
        outcome.withdrawn += await withdrawByRule(db, rule, learner, now);
      }
    }
  }
  return outcome;
}

async function enrolByRule(
  db: Kysely<Database>,
  rule: AutoEnrolmentRule,
  learner: LearnerRow,
  now: Date,
): Promise<'enrolled' | 'resumed' | 'unchanged'> {
  if (learner.status === 'offboarded' || learner.erasedAt !== null) return 'unchanged';

  // Someone inactive when they enter is enrolled paused, and starts when reactivated.
  const active = learner.status === 'active';
  const start = {
    status: active ? ('active' as const) : ('paused' as const),
    pausedReason: active ? null : PAUSED_INACTIVE,
    nextSendAt: active ? firstSendInstant(learner, rule, now) : null,
  };

  const existing = await db
    .selectFrom('enrolments')
    .select(['id', 'status', 'autoEnrolmentRuleId'])
    .where('learnerId', '=', learner.id)
    .where('courseVersionId', '=', rule.courseVersionId)
    .executeTakeFirst();

  if (existing !== undefined) {
    // Back in the cohort after leaving it: the course this rule withdrew picks up again.
    if (existing.status !== 'withdrawn' || existing.autoEnrolmentRuleId !== rule.id) {
      return 'unchanged';
    }
    await db.updateTable('enrolments').set(start).where('id', '=', existing.id).execute();
    await recordEnrolment(db, rule, learner, existing.id, 'enrolled', now);
    return 'resumed';
  }

  const inserted = await db
    .insertInto('enrolments')
    .values({
      organizationId: learner.organizationId,
      learnerId: learner.id,
      courseVersionId: rule.courseVersionId,
      cohortId: rule.cohortId,
      channel: rule.channel ?? learner.preferredChannel,
      sendTime: rule.sendTime,
      days: rule.days,
      enrolledAt: now,
      completedAt: null,
      autoEnrolmentRuleId: rule.id,
      ...start,
    })
    .onConflict((conflict) => conflict.columns(['learnerId', 'courseVersionId']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted === undefined) return 'unchanged';

  await recordEnrolment(db, rule, learner, inserted.id, 'enrolled', now);
  return 'enrolled';
}

async function withdrawByRule(
  db: Kysely<Database>,
  rule: AutoEnrolmentRule,
  learner: LearnerRow,
  now: Date,
): Promise<number> {
  const enrolments = await db
    .updateTable('enrolments')
    .set({ status: 'withdrawn', nextSendAt: null, pausedReason: null })
    .where('learnerId', '=', learner.id)
    .where('autoEnrolmentRuleId', '=', rule.id)
    .where('status', 'in', ['active', 'paused'])
    .returning('id')
    .execute();

  for (const enrolment of enrolments) {
    await cancelQueuedDeliveries(db, { enrolmentId: enrolment.id }, now, 'learner left the cohort');
    await db
      .updateTable('prompts')
      .set({ status: 'closed' })
      .where('enrolmentId', '=', enrolment.id)
      .where('status', '!=', 'closed')
      .execute();
    await recordEnrolment(db, rule, learner, enrolment.id, 'withdrawn', now);
  }
  return enrolments.length;
}

async function recordEnrolment(
  db: Kysely<Database>,
  rule: AutoEnrolmentRule,
  learner: LearnerRow,
  enrolmentId: string,
  action: 'enrolled' | 'withdrawn',
  now: Date,
): Promise<void> {
  await db
    .insertInto('learningEvents')
    .values({
      organizationId: learner.organizationId,
      learnerId: learner.id,
      enrolmentId,
      type: action,
      payload: JSON.stringify({ courseVersionId: rule.courseVersionId, ruleId: rule.id }),
      occurredAt: now,
    })
    .execute();
  await recordAudit(db, {
    organizationId: learner.organizationId,
    learnerId: learner.id,
    actor: `rule:${rule.name}`,
    action,
    changes: { courseVersionId: rule.courseVersionId, cohortId: rule.cohortId },
    at: now,
  });
}
