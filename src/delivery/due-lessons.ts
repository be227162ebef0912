import { sql, type Insertable, type Transaction } from 'kysely';

import type { EngineContext } from '../app/context.ts';
import type { Database, DeliveriesTable, EnrolmentRow } from '../db/schema.ts';
import type { CachedCourse } from './dispatch/course-cache.ts';
import { dispatcherFor } from './dispatch/dispatcher.ts';
import { lessonScheduleOf } from './enrolment-schedule.ts';
import { nextLessonInstant } from './schedule/index.ts';

const CLAIM_BATCH = 500;

type Trx = Transaction<Database>;
type DueEnrolment = EnrolmentRow & { timezone: string };

/**
 * Claims the lessons due at `at`: for each active enrolment whose next send time has come, in
 * one transaction per batch, queues the lesson's delivery and moves the enrolment to its next
 * lesson and slot. Returns the queued deliveries' ids. Running it twice for the same instant
 * queues nothing twice: a delivery's idempotency key names the enrolment and lesson.
 *
 * A lesson does not go while the previous one of the enrolment is still unsent (an outage) or,
 * when the course asks for it, still unanswered: the enrolment waits for its next slot, so
 * lessons never pile up behind a problem and flood the learner when it clears. Lessons the
 * learner showed they know in a pre-assessment are skipped.
 */
export async function claimDueLessons(context: EngineContext, at: Date): Promise<string[]> {
  const deliveryIds: string[] = [];

  for (;;) {
    const claimed = await context.db.transaction().execute((trx) => claimBatch(context, trx, at));
    deliveryIds.push(...claimed.ids);
    if (claimed.count < CLAIM_BATCH) return deliveryIds;
  }
}

async function claimBatch(context: EngineContext, trx: Trx, at: Date) {
  const dispatcher = dispatcherFor(context);
  const due: DueEnrolment[] = await trx
    .selectFrom('enrolments')
    .innerJoin('learners', 'learners.id', 'enrolments.learnerId')
    .selectAll('enrolments')
    .select('learners.timezone')
    .where('enrolments.status', '=', 'active')
    .where('enrolments.nextSendAt', '<=', at)
    .orderBy('enrolments.nextSendAt')
    .limit(CLAIM_BATCH)
    .forUpdate('enrolments')
    .skipLocked()
    .execute();
  if (due.length === 0) return { ids: [], count: 0 };

  const ids = due.map((enrolment) => enrolment.id);
  const blocked = await enrolmentsWaiting(trx, due, dispatcher.courses);
  const known = await knownLessons(trx, ids);
  const learned = await learnedSendTimes(trx, due);

  const updates: Update[] = [];
  const deliveries: Insertable<DeliveriesTable>[] = [];
  for (const enrolment of due) {
    const settings = await dispatcher.settings.get(enrolment.organizationId, trx);
    const schedule = lessonScheduleOf(
      enrolment,
      enrolment,
      settings,
      learned.get(enrolment.learnerId),
    );
    const lessonNumber = enrolment.lessonsSent + 1;

    if (blocked.has(enrolment.id)) {
      const slot = nextLessonInstant(schedule, at, lessonNumber);
      updates.push({ id: enrolment.id, position: enrolment.nextLessonPosition, nextSendAt: slot });
      continue;
    }

    const course = await dispatcher.courses.get(enrolment.courseVersionId, trx);
    const [lesson, following] = remainingLessons(course, enrolment, known);
    const nextSendAt = following ? nextLessonInstant(schedule, at, lessonNumber + 1) : null;
    updates.push({
      id: enrolment.id,
      position: lesson ? lesson.position + 1 : enrolment.nextLessonPosition,
      nextSendAt,
    });
    if (!lesson) continue;

    const slot = enrolment.nextSendAt ?? at;
    deliveries.push({
      organizationId: enrolment.organizationId,
      learnerId: enrolment.learnerId,
      enrolmentId: enrolment.id,
      lessonId: lesson.dbId,
      questionId: null,
      kind: 'lesson',
      channel: enrolment.channel,
      idempotencyKey: `lesson:${enrolment.id}:${lesson.position}`,
      providerMessageId: null,
      statusHistory: JSON.stringify([{ status: 'queued', at }]),
      errorCode: null,
      errorReason: null,
      scheduledFor: slot,
      nextAttemptAt: slot,
      sentAt: null,
      onRequest: enrolment.nextOnRequest,
    });
  }

  await moveEnrolments(trx, updates);
  const inserted =
    deliveries.length === 0
      ? []
      : await trx
          .insertInto('deliveries')
          .values(deliveries)
          .onConflict((conflict) => conflict.column('idempotencyKey').doNothing())
          .returning('id')
          .execute();
  return { ids: inserted.map((row) => row.id), count: due.length };
}

/** The next lesson to send and the one after it, skipping lessons the learner knows. */
function remainingLessons(
  course: CachedCourse,
  enrolment: EnrolmentRow,
  known: Map<string, Set<string>>,
) {
  const skip = known.get(enrolment.id);
  return course.version.lessons
    .filter((lesson) => lesson.position >= enrolment.nextLessonPosition)
    .filter((lesson) => !skip?.has(lesson.dbId))
    .sort((a, b) => a.position - b.position)
    .slice(0, 2);
}

/**
 * Enrolments whose next lesson must wait: the previous lesson is still unsent, or the course
 * waits for answers and a question of the enrolment is still open.
 */
async function enrolmentsWaiting(
  trx: Trx,
  due: readonly DueEnrolment[],
  courses: { get(versionId: string, db: Trx): Promise<CachedCourse> },
): Promise<Set<string>> {
  const ids = due.map((enrolment) => enrolment.id);
  const unsent = await trx
    .selectFrom('deliveries')
    .select('enrolmentId')
    .where('enrolmentId', 'in', ids)
    .where('kind', '=', 'lesson')
    .where('status', 'in', ['queued', 'sending'])
    .execute();
  const waiting = new Set(unsent.map((row) => row.enrolmentId as string));

  const waitForAnswer: string[] = [];
  for (const enrolment of due) {
    if ((await courses.get(enrolment.courseVersionId, trx)).waitForAnswer)
      waitForAnswer.push(enrolment.id);
  }
  if (waitForAnswer.length > 0) {
    const open = await trx
      .selectFrom('prompts')
      .select('enrolmentId')
      .where('enrolmentId', 'in', waitForAnswer)
      .where('status', '=', 'open')
      .where('round', '=', 0)
      .execute();
    for (const row of open) waiting.add(row.enrolmentId);
  }
  return waiting;
}

async function knownLessons(trx: Trx, enrolmentIds: readonly string[]) {
  const rows = await trx
    .selectFrom('knownLessons')
    .select(['enrolmentId', 'lessonId'])
    .where('enrolmentId', 'in', [...enrolmentIds])
    .execute();
  const known = new Map<string, Set<string>>();
  for (const row of rows) {
    const lessons = known.get(row.enrolmentId) ?? new Set<string>();
    lessons.add(row.lessonId);
    known.set(row.enrolmentId, lessons);
  }
  return known;
}

async function learnedSendTimes(trx: Trx, due: readonly DueEnrolment[]) {
  const rows = await trx
    .selectFrom('learnerSendProfiles')
    .select(['learnerId', 'localTime'])
    .where(
      'learnerId',
      'in',
      due.map((enrolment) => enrolment.learnerId),
    )
    .execute();
  return new Map(rows.map((row) => [row.learnerId, row.localTime]));
}

/** Moves every enrolment of the batch to its next lesson and slot in one statement. */
type Update = { id: string; position: number; nextSendAt: Date | null };

async function moveEnrolments(trx: Trx, updates: readonly Update[]): Promise<void> {
  if (updates.length === 0) return;
  const rows = sql.join(
    updates.map(
      (update) =>
        sql`(${update.id}::uuid, ${update.position}::integer, ${
          update.nextSendAt?.toISOString() ?? null
        }::timestamptz)`,
    ),
  );
  await sql`
    update enrolments as e set next_lesson_position = v.position, next_send_at = v.next_send_at,
      next_on_request = false
    from (values ${rows}) as v (id, position, next_send_at)
    where e.id = v.id`.execute(trx);
}
