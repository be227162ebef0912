/**
 * Enrolment reads the API needs; delivery has no enrolment repository yet.
 * Limitation: these belong next to src/delivery/enrolment-service.ts; they live here until moved.
 */
import type { Kysely } from 'kysely';
import type { Database, EnrolmentRow } from '../../db/schema.ts';
import type { Page } from './learner-queries.ts';

export async function pageOfEnrolments(
  db: Kysely<Database>,
  organizationId: string,
  page: Page & { courseVersionId?: string; status?: EnrolmentRow['status'] },
): Promise<{ rows: EnrolmentRow[]; total: number }> {
  let rows = db.selectFrom('enrolments').selectAll()
    .where('organizationId', '=', organizationId);
  let count = db.selectFrom('enrolments')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('organizationId', '=', organizationId);
  if (page.courseVersionId !== undefined) {
    rows = rows.where('courseVersionId', '=', page.courseVersionId);
    count = count.where('courseVersionId', '=', page.courseVersionId);
  }
  if (page.status !== undefined) {
    rows = rows.where('status', '=', page.status);
    count = count.where('status', '=', page.status);
  }

  return {
    rows: await rows.orderBy('enrolledAt').orderBy('id')
      .limit(page.limit).offset(page.offset).execute(),
    total: Number((await count.executeTakeFirstOrThrow()).total),
  };
}
