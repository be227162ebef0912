/**
 * Rule cohorts are kept as member rows, recomputed whenever people change (and once a day,
 * since "hired in the last 30 days" moves with the calendar). Each recompute returns who
 * entered and who left, which drives automatic enrolment.
 *
 * Members are active and inactive learners: someone deactivated for a while keeps their
 * cohorts, and their paused enrolments resume when they come back. Offboarded and erased
 * people leave every rule cohort.
 */
import type { Kysely } from 'kysely';
import type { Database, LearnerRow } from '../../db/schema.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { matchesFilter, type FilterSchema } from '../scim/scim-filter-match.ts';
import type { Filter } from '../scim/scim-filter.ts';
import { compileCohortRule, storedRuleFilter } from './cohort-rule.ts';
import {
  indexPeople,
  learnerFacts,
  learnerFactsSchema,
  type PeopleIndex,
} from './learner-facts.ts';

export interface CohortTransition {
  cohortId: string;
  learnerId: string;
  change: 'entered' | 'left';
}

export interface RulePreview {
  total: number;
  learners: {
    id: string;
    fullName: string;
    email: string;
    department: string | null;
    title: string | null;
    status: string;
  }[];
}

/** Learners who can be in cohorts, with the facts schema of their organization. */
export interface CohortPopulation {
  learners: LearnerRow[];
  index: PeopleIndex;
  schema: FilterSchema;
}

export async function loadCohortPopulation(
  db: Kysely<Database>,
  organizationId: string,
): Promise<CohortPopulation> {
  const learners = await db
    .selectFrom('learners')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .where('erasedAt', 'is', null)
    .orderBy('fullName')
    .orderBy('id')
    .execute();
  const customNames = new Set(learners.flatMap((learner) => Object.keys(learner.customFields)));
  return {
    learners,
    index: indexPeople(learners),
    schema: learnerFactsSchema([...customNames].sort()),
  };
}

export function matchingLearners(
  population: CohortPopulation,
  filter: Filter,
  now: Date,
): LearnerRow[] {
  return population.learners.filter(
    (learner) =>
      isCohortEligible(learner) &&
      matchesFilter(filter, learnerFacts(learner, population.index, now), population.schema),
  );
}

const isCohortEligible = (learner: LearnerRow): boolean =>
  learner.status === 'active' || learner.status === 'inactive';

/**
 * Who a rule would take in now, without saving anything.
 *
 * @example await previewCohortRule(db, orgId, 'department eq "Sales" and daysSinceHire le 30', now)
 */
export async function previewCohortRule(
  db: Kysely<Database>,
  organizationId: string,
  ruleText: string,
  now: Date,
): Promise<Result<RulePreview, string>> {
  const population = await loadCohortPopulation(db, organizationId);
  const filter = compileCohortRule(ruleText, population.schema);
  if (!filter.ok) return filter;

  const matches = matchingLearners(population, filter.value, now);
  return ok({
    total: matches.length,
    learners: matches.map((learner) => ({
      id: learner.id,
      fullName: learner.fullName,
      email: learner.email,
      department: learner.department,
      title: learner.title,
      status: learner.status,
    })),
  });
}

/** Creates a rule cohort and fills it; its members' entries go to automatic enrolment. */
export async function createFilterCohort(
  db: Kysely<Database>,
  organizationId: string,
  name: string,
  ruleText: string,
  now: Date,
): Promise<Result<{ cohortId: string; members: number }, string>> {
  const population = await loadCohortPopulation(db, organizationId);
  const filter = compileCohortRule(ruleText, population.schema);
  if (!filter.ok) return filter;

  const taken = await db
    .selectFrom('cohorts')
    .select('id')
    .where('organizationId', '=', organizationId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (taken) return err(`a cohort named "${name}" already exists; choose another name`);

  const cohort = await db
    .insertInto('cohorts')
    .values({
      organizationId,
      name,
      kind: 'rule',
      rule: JSON.stringify({ filter: ruleText.trim() }),
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const members = matchingLearners(population, filter.value, now);
  await addMembers(
    db,
    cohort.id,
    members.map((learner) => learner.id),
    now,
  );
  return ok({ cohortId: cohort.id, members: members.length });
}

/**
 * Brings every rule cohort of the organization up to date and returns the changes. A rule
 * that no longer compiles keeps its members as they are rather than emptying the cohort.
 */
export async function recomputeRuleCohorts(
  db: Kysely<Database>,
  organizationId: string,
  now: Date,
  loaded?: CohortPopulation,
): Promise<CohortTransition[]> {
  const cohorts = await db
    .selectFrom('cohorts')
    .select(['id', 'rule'])
    .where('organizationId', '=', organizationId)
    .where('kind', '=', 'rule')
    .execute();
  if (cohorts.length === 0) return [];

  const population = loaded ?? (await loadCohortPopulation(db, organizationId));
  const transitions: CohortTransition[] = [];

  for (const cohort of cohorts) {
    const filter = storedRuleFilter(cohort.rule, population.schema);
    if (!filter.ok) continue;

    const wanted = new Set(matchingLearners(population, filter.value, now).map((row) => row.id));
    const current = await memberIds(db, cohort.id);
    const entered = [...wanted].filter((id) => !current.has(id));
    const left = [...current].filter((id) => !wanted.has(id));

    await addMembers(db, cohort.id, entered, now);
    if (left.length > 0) {
      await db
        .deleteFrom('cohortMembers')
        .where('cohortId', '=', cohort.id)
        .where('learnerId', 'in', left)
        .execute();
    }
    transitions.push(
      ...entered.map((learnerId) => ({
        cohortId: cohort.id,
        learnerId,
        change: 'entered' as const,
      })),
      ...left.map((learnerId) => ({ cohortId: cohort.id, learnerId, change: 'left' as const })),
    );
  }
  return transitions;
}

async function memberIds(db: Kysely<Database>, cohortId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('cohortMembers')
    .select('learnerId')
    .where('cohortId', '=', cohortId)
    .execute();
  return new Set(rows.map((row) => row.learnerId));
}

export async function addMembers(
  db: Kysely<Database>,
  cohortId: string,
  learnerIds: readonly string[],
  now: Date,
): Promise<void> {
  if (learnerIds.length === 0) return;
  await db
    .insertInto('cohortMembers')
    .values(learnerIds.map((learnerId) => ({ cohortId, learnerId, addedAt: now })))
    .onConflict((conflict) => conflict.columns(['cohortId', 'learnerId']).doNothing())
    .execute();
  await db.updateTable('cohorts').set({ updatedAt: now }).where('id', '=', cohortId).execute();
}
