import type { EngineContext } from '../app/context.ts';
import { nextSendInstant } from './schedule/index.ts';

const CLAIM_BATCH = 500;

/**
 * Claims the lessons due at `at`: for each active enrolment whose next send time has come,
 * records the lesson's delivery and moves the enrolment to its next lesson and send time, in
 * one transaction. Returns the deliveries to send. Running it twice for the same instant
 * claims nothing twice: the delivery's idempotency key names the enrolment and lesson.
 */
export async function claimDueLessons(context: EngineContext, at: Date): Promise<string[]> {
  const deliveryIds: string[] = [];

  for (;;) {
    const claimed = await context.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('enrolments')
        .innerJoin('learners', 'learners.id', 'enrolments.learnerId')
        .select([
          'enrolments.id',
          'enrolments.organizationId',
          'enrolments.learnerId',
          'enrolments.courseVersionId',
          'enrolments.channel',
          'enrolments.sendTime',
          'enrolments.days',
          'enrolments.nextLessonPosition',
          'enrolments.nextSendAt',
          'learners.timezone',
        ])
        .where('enrolments.status', '=', 'active')
        .where('enrolments.nextSendAt', '<=', at)
        .orderBy('enrolments.nextSendAt')
        .limit(CLAIM_BATCH)
        .forUpdate('enrolments')
        .skipLocked()
        .execute();

      const ids: string[] = [];
      for (const enrolment of due) {
        const lessons = await trx
          .selectFrom('lessons')
          .select(['id', 'position'])
          .where('courseVersionId', '=', enrolment.courseVersionId)
          .where('position', '>=', enrolment.nextLessonPosition)
          .orderBy('position')
          .limit(2)
          .execute();
        const [lesson, following] = lessons;

        const rule = {
          timezone: enrolment.timezone,
          localTime: enrolment.sendTime,
          days: enrolment.days,
        };
        await trx
          .updateTable('enrolments')
          .set({
            nextLessonPosition: lesson ? lesson.position + 1 : enrolment.nextLessonPosition,
            nextSendAt: following ? nextSendInstant(rule, at) : null,
          })
          .where('id', '=', enrolment.id)
          .execute();
        if (!lesson) continue;

        const delivery = await trx
          .insertInto('deliveries')
          .values({
            organizationId: enrolment.organizationId,
            learnerId: enrolment.learnerId,
            enrolmentId: enrolment.id,
            lessonId: lesson.id,
            questionId: null,
            kind: 'lesson',
            channel: enrolment.channel,
            idempotencyKey: `lesson:${enrolment.id}:${lesson.position}`,
            providerMessageId: null,
            statusHistory: JSON.stringify([{ status: 'queued', at }]),
            errorCode: null,
            errorReason: null,
            scheduledFor: enrolment.nextSendAt ?? at,
            sentAt: null,
          })
          .onConflict((conflict) => conflict.column('idempotencyKey').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (delivery) ids.push(delivery.id);
      }
      return { ids, count: due.length };
    });

    deliveryIds.push(...claimed.ids);
    if (claimed.count < CLAIM_BATCH) return deliveryIds;
  }
}

/**
 * Lesson deliveries still queued a while after they were claimed: their send job was lost
 * (a crash between the claim's commit and the enqueue) and is enqueued again. Sending is
 * idempotent, so a job that was only slow does no harm.
 */
export async function findStalledLessonDeliveries(
  context: EngineContext,
  olderThan: Date,
): Promise<string[]> {
  const rows = await context.db
    .selectFrom('deliveries')
    .select('id')
    .where('kind', '=', 'lesson')
    .where('status', '=', 'queued')
    .where('scheduledFor', '<', olderThan)
    .limit(1000)
    .execute();
  return rows.map((row) => row.id);
}
