import type { EngineContext } from '../app/context.ts';
import type { EnrolmentsTable } from '../db/schema.ts';
import { nextSendInstant, type SendRule } from './schedule/index.ts';

export interface EnrolRequest {
  organizationId: string;
  courseVersionId: string;
  learnerIds: readonly string[];
  cohortId?: string;
  /** Channel to use; each learner's preferred channel when absent. */
  channel?: string;
  /** Local send time "HH:MM" in each learner's timezone. */
  sendTime: string;
  days: EnrolmentsTable['days'];
}

export interface EnrolSummary {
  enrolled: number;
  alreadyEnrolled: number;
}

/**
 * Enrols learners in a course version. The first lesson is due at the next local send time
 * after now in each learner's own timezone; enrolling someone twice changes nothing.
 */
export async function enrolLearners(
  context: EngineContext,
  request: EnrolRequest,
): Promise<EnrolSummary> {
  const now = context.clock.now();
  const learners =
    request.learnerIds.length === 0
      ? []
      : await context.db
          .selectFrom('learners')
          .select(['id', 'timezone', 'preferredChannel', 'status'])
          .where('organizationId', '=', request.organizationId)
          .where('id', 'in', request.learnerIds)
          .execute();

  let enrolled = 0;
  await context.db.transaction().execute(async (trx) => {
    for (const learner of learners) {
      if (learner.status !== 'active') continue;
      const rule: SendRule = {
        timezone: learner.timezone,
        localTime: request.sendTime,
        days: request.days,
      };
      const inserted = await trx
        .insertInto('enrolments')
        .values({
          organizationId: request.organizationId,
          learnerId: learner.id,
          courseVersionId: request.courseVersionId,
          cohortId: request.cohortId ?? null,
          channel: request.channel ?? learner.preferredChannel,
          sendTime: request.sendTime,
          days: request.days,
          nextSendAt: nextSendInstant(rule, now),
          enrolledAt: now,
          completedAt: null,
        })
        .onConflict((conflict) => conflict.columns(['learnerId', 'courseVersionId']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) continue;

      enrolled += 1;
      await trx
        .insertInto('learningEvents')
        .values({
          organizationId: request.organizationId,
          learnerId: learner.id,
          enrolmentId: inserted.id,
          type: 'enrolled',
          payload: JSON.stringify({ courseVersionId: request.courseVersionId }),
          occurredAt: now,
        })
        .execute();
    }
  });

  context.logger.info(
    { organizationId: request.organizationId, courseVersionId: request.courseVersionId, enrolled },
    'learners enrolled',
  );
  return { enrolled, alreadyEnrolled: request.learnerIds.length - enrolled };
}
