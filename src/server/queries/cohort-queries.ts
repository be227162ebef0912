/**
 * Cohort reads the API needs that the cohort repository does not offer yet.
 * Limitation: this belongs in src/people/cohort-repository.ts; it lives here until moved.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Cohort } from '../../people/cohort-repository.ts';

export async function findCohort(
  db: Kysely<Database>,
  organizationId: string,
  cohortId: string,
): Promise<Cohort | undefined> {
  return db.selectFrom('cohorts').selectAll()
    .where('organizationId', '=', organizationId)
    .where('id', '=', cohortId)
    .executeTakeFirst();
}
