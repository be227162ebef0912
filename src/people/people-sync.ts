/**
 * What follows any change to people, whatever its source: manager links are resolved, rule
 * cohorts are recomputed, and cohort entries and exits go to automatic enrolment. It runs in
 * the caller's transaction, so a SCIM request or an import and its consequences commit as one.
 */
import type { Kysely } from 'kysely';
import type { Database, LearnerRow } from '../db/schema.ts';
import {
  loadCohortPopulation,
  recomputeRuleCohorts,
  type CohortTransition,
} from './cohorts/cohort-membership.ts';
import { managerOf, type PeopleIndex } from './cohorts/learner-facts.ts';
import { applyAutoEnrolment, type AutoEnrolmentOutcome } from './enrolment/auto-enrolment.ts';

export interface PeopleSyncResult {
  transitions: CohortTransition[];
  enrolment: AutoEnrolmentOutcome;
}

/**
 * @param groupTransitions entries and exits of static cohorts the caller changed itself
 *   (SCIM group membership), which a rule recompute cannot see.
 */
export async function syncPeople(
  db: Kysely<Database>,
  organizationId: string,
  now: Date,
  groupTransitions: readonly CohortTransition[] = [],
): Promise<PeopleSyncResult> {
  await resolveManagerLinks(db, organizationId);
  const ruleTransitions = await recomputeRuleCohorts(db, organizationId, now);
  const transitions = [...groupTransitions, ...ruleTransitions];
  const enrolment = await applyAutoEnrolment(db, organizationId, transitions, now);
  return { transitions, enrolment };
}

/**
 * The daily pass: "hired in the last 30 days" changes with the date even when nobody's
 * record does. Each organization runs in its own transaction.
 *
 * Limitation: nothing schedules this yet; src/jobs/catalog.ts needs a daily job calling it.
 */
export async function syncAllOrganizations(db: Kysely<Database>, now: Date): Promise<number> {
  const organizations = await db.selectFrom('organizations').select('id').execute();
  for (const organization of organizations) {
    await db.transaction().execute((trx) => syncPeople(trx, organization.id, now));
  }
  return organizations.length;
}

/**
 * Points each learner's manager link at the person their source names: by employee id (HR
 * files), else by email. A manager who is not in Inflow yet is linked when they arrive.
 */
async function resolveManagerLinks(db: Kysely<Database>, organizationId: string): Promise<void> {
  const { learners, index } = await loadCohortPopulation(db, organizationId);
  for (const learner of learners) {
    if (learner.managerEmployeeId === null && learner.managerEmail === null) continue;

    const wanted = wantedManager(learner, index);
    if (wanted?.id === learner.managerId) continue;
    if (wanted === undefined && learner.managerId === null) continue;
    await db
      .updateTable('learners')
      .set(
        wanted === undefined
          ? { managerId: null }
          : { managerId: wanted.id, managerEmail: wanted.email },
      )
      .where('id', '=', learner.id)
      .execute();
  }
}

function wantedManager(learner: LearnerRow, index: PeopleIndex): LearnerRow | undefined {
  const manager = managerOf({ ...learner, managerId: null }, index);
  return manager?.id === learner.id ? undefined : manager;
}
