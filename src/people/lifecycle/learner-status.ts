/**
 * Deactivation and reactivation. A learner who is not active must never be messaged again:
 * their enrolments are paused (not deleted: history and spaced-repetition state stay), every
 * lesson already claimed but not yet sent is cancelled, and their open questions close.
 * Reactivation resumes each paused enrolment at its next send slot, so nobody gets a burst of
 * the lessons they missed.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, LearnerRow } from '../../db/schema.ts';
import { recordAudit, type Actor } from '../audit/person-audit.ts';
import { firstSendInstant } from '../enrolment/first-send.ts';
import type { LearnerStatus } from '../learner.ts';

/** Why an enrolment was paused by a change of status, so reactivation resumes only those. */
export const PAUSED_INACTIVE = 'learner_inactive';

/** Code of a delivery cancelled because its learner left before it went out. */
export const CANCELLED_INACTIVE = 'learner_inactive';

export async function changeLearnerStatus(
  db: Kysely<Database>,
  learner: LearnerRow,
  status: LearnerStatus,
  actor: Actor,
  now: Date,
): Promise<LearnerRow> {
  if (learner.status === status) return learner;

  const updated = await db
    .updateTable('learners')
    .set({ status, deactivatedAt: status === 'active' ? null : now, updatedAt: now })
    .where('id', '=', learner.id)
    .returningAll()
    .executeTakeFirstOrThrow();

  if (status === 'active') await resumeEnrolments(db, updated, now);
  else if (learner.status === 'active') await stopDelivery(db, learner.id, now);

  await recordAudit(db, {
    organizationId: learner.organizationId,
    learnerId: learner.id,
    actor,
    action:
      status === 'active' ? 'reactivated' : status === 'inactive' ? 'deactivated' : 'offboarded',
    changes: { status: { from: learner.status, to: status } },
    at: now,
  });
  return updated;
}

/** Pauses a learner's active enrolments and cancels what was claimed but not sent. */
export async function stopDelivery(
  db: Kysely<Database>,
  learnerId: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('enrolments')
    .set({ status: 'paused', pausedReason: PAUSED_INACTIVE, nextSendAt: null })
    .where('learnerId', '=', learnerId)
    .where('status', '=', 'active')
    .execute();

  await cancelQueuedDeliveries(
    db,
    { learnerId },
    now,
    'learner was deactivated before it was sent',
  );

  await db
    .updateTable('prompts')
    .set({ status: 'closed' })
    .where('learnerId', '=', learnerId)
    .where('status', '!=', 'closed')
    .execute();
}

/**
 * Cancels queued deliveries with a code an admin can read; the dispatcher skips them. A
 * cancelled lesson is handed back to its enrolment, so a learner who returns gets it next
 * instead of losing it; its idempotency key is retired so the lesson can be claimed again.
 */
export async function cancelQueuedDeliveries(
  db: Kysely<Database>,
  scope: { learnerId: string } | { enrolmentId: string },
  now: Date,
  reason: string,
): Promise<void> {
  const history = JSON.stringify([{ status: 'cancelled', at: now, errorCode: CANCELLED_INACTIVE }]);
  // Limitation: a delivery already leased by a worker ('sending') is not recalled; the
  // dispatcher's own check of the learner's status stops it.
  let query = db
    .updateTable('deliveries')
    .set({
      status: 'cancelled',
      errorCode: CANCELLED_INACTIVE,
      errorReason: reason,
      statusHistory: sql`status_history || ${history}::jsonb`,
      idempotencyKey: sql`idempotency_key || ':cancelled:' || id`,
    })
    .where('status', '=', 'queued');
  query =
    'learnerId' in scope
      ? query.where('learnerId', '=', scope.learnerId)
      : query.where('enrolmentId', '=', scope.enrolmentId);
  const cancelled = await query.returning(['enrolmentId', 'lessonId', 'kind']).execute();

  for (const delivery of cancelled) {
    if (delivery.kind !== 'lesson' || !delivery.enrolmentId || !delivery.lessonId) continue;
    const lesson = await db
      .selectFrom('lessons')
      .select('position')
      .where('id', '=', delivery.lessonId)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('enrolments')
      .set({ nextLessonPosition: sql`least(next_lesson_position, ${lesson.position})` })
      .where('id', '=', delivery.enrolmentId)
      .execute();
  }
}

async function resumeEnrolments(db: Kysely<Database>, learner: LearnerRow, now: Date) {
  const paused = await db
    .selectFrom('enrolments')
    .select(['id', 'sendTime', 'days'])
    .where('learnerId', '=', learner.id)
    .where('status', '=', 'paused')
    .where('pausedReason', '=', PAUSED_INACTIVE)
    .execute();

  for (const enrolment of paused) {
    await db
      .updateTable('enrolments')
      .set({
        status: 'active',
        pausedReason: null,
        nextSendAt: firstSendInstant(learner, enrolment, now),
      })
      .where('id', '=', enrolment.id)
      .execute();
  }
}
