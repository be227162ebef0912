/**
 * What follows any change to people, whatever its source: manager links are resolved, rule
 * cohorts are recomputed, and cohort entries and exits go to automatic enrolment. It runs in
 * the caller's transaction, so a SCIM request or an import and its consequences commit as one.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, LearnerRow } from '../db/schema.ts';
import {
  loadCohortPopulation,
  recomputeRuleCohorts,
  type CohortPopulation,
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
  // Limitation: every change recomputes the whole organization's rule cohorts in memory,
  // about half a second for 2,000 people on PostgreSQL; large tenants will want an increment.
  let population = await loadCohortPopulation(db, organizationId);
  if (await resolveManagerLinks(db, population)) {
    population = await loadCohortPopulation(db, organizationId);
  }
  const ruleTransitions = await recomputeRuleCohorts(db, organizationId, now, population);
  const transitions = [...groupTransitions, ...ruleTransitions];
  const enrolment = await applyAutoEnrolment(db, organizationId, transitions, now);
  return { transitions, enrolment };
}

/**
 * The daily pass: "hired in the last 30 days" changes with the date even when nobody's
 * record does. Each organization runs in its own transaction. The worker runs it every hour
 * (the people-sync job).
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
async function resolveManagerLinks(
  db: Kysely<Database>,
  { learners, index }: CohortPopulation,
): Promise<boolean> {
  const links: { id: string; managerId: string; managerEmail: string }[] = [];
  let cleared = 0;

  for (const learner of learners) {
    if (learner.managerEmployeeId === null && learner.managerEmail === null) continue;

    const wanted = wantedManager(learner, index);
    if (wanted?.id === learner.managerId) continue;
    if (wanted !== undefined) {
      links.push({ id: learner.id, managerId: wanted.id, managerEmail: wanted.email });
    } else if (learner.managerId !== null) {
      await db
        .updateTable('learners')
        .set({ managerId: null })
        .where('id', '=', learner.id)
        .execute();
      cleared += 1;
    }
  }

  // One statement per batch: a first import links thousands of people to their managers.
  for (let start = 0; start < links.length; start += LINK_BATCH) {
    const rows = links
      .slice(start, start + LINK_BATCH)
      .map((link) => sql`(${link.id}::uuid, ${link.managerId}::uuid, ${link.managerEmail})`);
    await sql`
      update learners as l set manager_id = v.manager_id, manager_email = v.manager_email
      from (values ${sql.join(rows)}) as v (id, manager_id, manager_email)
      where l.id = v.id
    `.execute(db);
  }
  return links.length + cleared > 0;
}

const LINK_BATCH = 500;

function wantedManager(learner: LearnerRow, index: PeopleIndex): LearnerRow | undefined {
  const manager = managerOf({ ...learner, managerId: null }, index);
  return manager?.id === learner.id ? undefined : manager;
}
