/**
 * Learner reads the API needs that the people repository does not offer yet.
 * Limitation: these belong in src/people/learner-repository.ts; they live here until moved.
 */
import type { Kysely } from 'kysely';
import type { Database, LearnerRow } from '../../db/schema.ts';

export interface Page {
  limit: number;
  offset: number;
}

export async function pageOfLearners(
  db: Kysely<Database>,
  organizationId: string,
  page: Page & { status?: LearnerRow['status'] },
): Promise<{ rows: LearnerRow[]; total: number }> {
  let rows = db.selectFrom('learners').selectAll()
    .where('organizationId', '=', organizationId);
  let count = db.selectFrom('learners')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('organizationId', '=', organizationId);
  if (page.status !== undefined) {
    rows = rows.where('status', '=', page.status);
    count = count.where('status', '=', page.status);
  }

  return {
    rows: await rows.orderBy('fullName').orderBy('id')
      .limit(page.limit).offset(page.offset).execute(),
    total: Number((await count.executeTakeFirstOrThrow()).total),
  };
}

/** Which unique field of a new learner another learner of the organization already has. */
export async function findLearnerConflict(
  db: Kysely<Database>,
  organizationId: string,
  candidate: { email: string; externalId: string | null },
): Promise<'email' | 'externalId' | undefined> {
  const byEmail = await db.selectFrom('learners').select('id')
    .where('organizationId', '=', organizationId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', candidate.email.toLowerCase()))
    .executeTakeFirst();
  if (byEmail) return 'email';
  if (candidate.externalId === null) return undefined;

  const byExternalId = await db.selectFrom('learners').select('id')
    .where('organizationId', '=', organizationId)
    .where('externalId', '=', candidate.externalId)
    .executeTakeFirst();
  return byExternalId ? 'externalId' : undefined;
}

/** The organization's learners among `ids`, by name; ids of other organizations are left out. */
export async function findLearnersByIds(
  db: Kysely<Database>,
  organizationId: string,
  ids: readonly string[],
): Promise<LearnerRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('learners').selectAll()
    .where('organizationId', '=', organizationId)
    .where('id', 'in', ids)
    .orderBy('fullName').orderBy('id')
    .execute();
}
