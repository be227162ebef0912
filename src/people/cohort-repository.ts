import type { Kysely, Selectable } from 'kysely';
import type { CohortsTable, Database } from '../db/schema.ts';

export type Cohort = Selectable<CohortsTable>;

/** Attribute rule of a cohort: every listed attribute must equal one of its values. */
export interface CohortRule {
  department?: string[];
  title?: string[];
  location?: string[];
  timezone?: string[];
}

const RULE_COLUMNS = ['department', 'title', 'location', 'timezone'] as const;

export async function createStaticCohort(
  db: Kysely<Database>,
  organizationId: string,
  name: string,
  learnerIds: readonly string[],
): Promise<Cohort> {
  return db.transaction().execute(async (trx) => {
    const cohort = await trx
      .insertInto('cohorts')
      .values({ organizationId, name, kind: 'static', rule: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (learnerIds.length > 0) {
      await trx
        .insertInto('cohortMembers')
        .values(learnerIds.map((learnerId) => ({ cohortId: cohort.id, learnerId })))
        .execute();
    }
    return cohort;
  });
}

export async function createRuleCohort(
  db: Kysely<Database>,
  organizationId: string,
  name: string,
  rule: CohortRule,
): Promise<Cohort> {
  return db
    .insertInto('cohorts')
    .values({ organizationId, name, kind: 'rule', rule: JSON.stringify(rule) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listCohorts(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom('cohorts')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .orderBy('name')
    .execute();
}

/**
 * Active learners in a cohort: its static members, or whoever its rule matches now. Rules
 * written as filters (cohorts/cohort-rule.ts) are kept as member rows by the people sync, so
 * their members are read like a static cohort's.
 */
export async function cohortMemberIds(db: Kysely<Database>, cohort: Cohort): Promise<string[]> {
  if (cohort.kind === 'static' || typeof cohort.rule?.filter === 'string') {
    const rows = await db
      .selectFrom('cohortMembers')
      .innerJoin('learners', 'learners.id', 'cohortMembers.learnerId')
      .select('learners.id')
      .where('cohortMembers.cohortId', '=', cohort.id)
      .where('learners.status', '=', 'active')
      .execute();
    return rows.map((row) => row.id);
  }

  const rule = (cohort.rule ?? {}) as CohortRule;
  let query = db
    .selectFrom('learners')
    .select('id')
    .where('organizationId', '=', cohort.organizationId)
    .where('status', '=', 'active');
  for (const column of RULE_COLUMNS) {
    const values = rule[column];
    if (values && values.length > 0) query = query.where(column, 'in', values);
  }
  const rows = await query.orderBy('fullName').execute();
  return rows.map((row) => row.id);
}
