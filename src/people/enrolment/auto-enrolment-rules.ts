/**
 * The automatic enrolment rules of an organization: "whoever enters cohort C gets course V,
 * at HH:MM on these days".
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { CHANNEL_KINDS } from '../learner.ts';
import { applyAutoEnrolment, type AutoEnrolmentRule } from './auto-enrolment.ts';

export interface AutoEnrolmentRuleInput {
  name: string;
  cohortId: string;
  courseVersionId: string;
  /** The learner's preferred channel when absent. */
  channel?: string | null;
  /** Local "HH:MM" on each learner's clock. */
  sendTime: string;
  days: 'daily' | 'weekdays';
  withdrawOnExit?: boolean;
  /** Also enrol the people already in the cohort, not only those who enter from now on. */
  enrolCurrentMembers?: boolean;
}

const WALL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * @example await createAutoEnrolmentRule(db, orgId, { name: 'Sales onboarding',
 *   cohortId, courseVersionId, sendTime: '09:00', days: 'weekdays' }, now)
 */
export async function createAutoEnrolmentRule(
  db: Kysely<Database>,
  organizationId: string,
  input: AutoEnrolmentRuleInput,
  now: Date,
): Promise<Result<AutoEnrolmentRule, string[]>> {
  const problems = await ruleProblems(db, organizationId, input);
  if (problems.length > 0) return err(problems);

  const rule = await db
    .insertInto('autoEnrolmentRules')
    .values({
      organizationId,
      name: input.name.trim(),
      cohortId: input.cohortId,
      courseVersionId: input.courseVersionId,
      channel: input.channel ?? null,
      sendTime: input.sendTime,
      days: input.days,
      withdrawOnExit: input.withdrawOnExit ?? true,
      createdAt: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();

  if (input.enrolCurrentMembers === true) {
    const members = await db
      .selectFrom('cohortMembers')
      .select('learnerId')
      .where('cohortId', '=', rule.cohortId)
      .execute();
    const entries = members.map(({ learnerId }) => ({
      cohortId: rule.cohortId,
      learnerId,
      change: 'entered' as const,
    }));
    await applyAutoEnrolment(db, organizationId, entries, now, rule.id);
  }
  return ok(rule);
}

async function ruleProblems(
  db: Kysely<Database>,
  organizationId: string,
  input: AutoEnrolmentRuleInput,
): Promise<string[]> {
  const problems: string[] = [];
  if (input.name.trim() === '') problems.push('name is empty; give the rule a name');
  if (!WALL_TIME.test(input.sendTime)) {
    problems.push(`sendTime "${input.sendTime}" must be a 24-hour time "HH:MM", such as "09:00"`);
  }
  if (input.days !== 'daily' && input.days !== 'weekdays') {
    problems.push('days must be "daily" or "weekdays"');
  }
  const channel = input.channel ?? null;
  if (channel !== null && !(CHANNEL_KINDS as readonly string[]).includes(channel)) {
    problems.push(`channel "${channel}" is not one of ${CHANNEL_KINDS.join(', ')}`);
  }

  const cohort = await db
    .selectFrom('cohorts')
    .select('id')
    .where('organizationId', '=', organizationId)
    .where('id', '=', input.cohortId)
    .executeTakeFirst();
  if (cohort === undefined) problems.push(`no cohort ${input.cohortId} in this organization`);

  const version = await db
    .selectFrom('courseVersions')
    .innerJoin('courses', 'courses.id', 'courseVersions.courseId')
    .select('courseVersions.id')
    .where('courses.organizationId', '=', organizationId)
    .where('courseVersions.id', '=', input.courseVersionId)
    .executeTakeFirst();
  if (version === undefined) {
    problems.push(`no course version ${input.courseVersionId} in this organization`);
  }

  const taken = await db
    .selectFrom('autoEnrolmentRules')
    .select('id')
    .where('organizationId', '=', organizationId)
    .where('name', '=', input.name.trim())
    .executeTakeFirst();
  if (taken !== undefined) problems.push(`a rule named "${input.name}" already exists`);
  return problems;
}

export async function listAutoEnrolmentRules(
  db: Kysely<Database>,
  organizationId: string,
): Promise<AutoEnrolmentRule[]> {
  return db
    .selectFrom('autoEnrolmentRules')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .orderBy('createdAt')
    .execute();
}

/** Stops a rule from enrolling anyone new; enrolments it made carry on. */
export async function deactivateAutoEnrolmentRule(
  db: Kysely<Database>,
  organizationId: string,
  ruleId: string,
): Promise<boolean> {
  const updated = await db
    .updateTable('autoEnrolmentRules')
    .set({ active: false })
    .where('organizationId', '=', organizationId)
    .where('id', '=', ruleId)
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}
