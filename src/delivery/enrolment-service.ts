import type { EngineContext } from '../app/context.ts';
import type { EnrolmentsTable } from '../db/schema.ts';
import { dispatcherFor } from './dispatch/dispatcher.ts';
import { nextLessonInstant, type Cadence, type LessonSchedule } from './schedule/index.ts';

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
  /** A cadence beyond `days`: chosen weekdays, an RRULE, or onboarding day numbers. */
  cadence?: Cadence;
  /** Day 1 of the course, a local date "YYYY-MM-DD", or each learner's hire date. */
  startsOn?: string | 'hire_date';
  /** How long after its slot a lesson may go; the organization's setting when absent. */
  windowMinutes?: number;
}

export interface EnrolSummary {
  enrolled: number;
  alreadyEnrolled: number;
}

/**
 * Enrols learners in a course version. The first lesson is due at the first slot of the
 * cadence after now (and on or after the start date, such as the hire date) in each learner's
 * own timezone, skipping organization holidays; enrolling someone twice changes nothing.
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
          .select(['id', 'timezone', 'preferredChannel', 'status', 'hireDate'])
          .where('organizationId', '=', request.organizationId)
          .where('id', 'in', request.learnerIds)
          .execute();

  const settings = await dispatcherFor(context).settings.get(request.organizationId);
  let enrolled = 0;
  await context.db.transaction().execute(async (trx) => {
    for (const learner of learners) {
      if (learner.status !== 'active') continue;
      const startsOn =
        request.startsOn === 'hire_date' ? (learner.hireDate ?? undefined) : request.startsOn;
      const cadence = request.cadence ?? { kind: 'days', days: request.days };
      const schedule: LessonSchedule = {
        timezone: learner.timezone,
        localTime: request.sendTime,
        cadence,
        startsOn,
        holidays: settings.holidays,
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
          cadence: request.cadence ? JSON.stringify(request.cadence) : null,
          startsOn: startsOn ?? null,
          windowMinutes: request.windowMinutes ?? null,
          nextSendAt: nextLessonInstant(schedule, now, 1),
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
