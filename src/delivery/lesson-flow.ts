import { sql, type Transaction } from 'kysely';

import type { EngineContext } from '../app/context.ts';
import type { CourseVersion, StoredQuestion } from '../courses/course-repository.ts';
import type { Database, DeliveryRow, EnrolmentRow, LearnerRow } from '../db/schema.ts';
import { dispatcherFor } from './dispatch/dispatcher.ts';
import { queueQuestions, type QuestionToAsk } from './lesson-followups.ts';

type Trx = Transaction<Database>;

/** Kept for callers that still catch it; the dispatcher now retries sends itself. */
export class RetryableSendError extends Error {}

export interface SentLesson {
  delivery: DeliveryRow;
  providerMessageId: string;
  sentAt: Date;
}

/**
 * Records lessons the providers accepted, and what follows each, in one transaction: the
 * lesson is marked sent, its first question is queued (with its prompt), or, for a lesson
 * without questions, the lesson is complete. Only deliveries still claimed by this worker are
 * recorded, so a lesson whose lease another worker took over is never followed up twice; and
 * if this transaction is lost, the lease runs out and the lesson goes again under the same
 * idempotency key, which the provider drops.
 */
export async function recordSentLessons(
  context: EngineContext,
  sent: readonly SentLesson[],
): Promise<void> {
  const dispatcher = dispatcherFor(context);
  await context.db.transaction().execute(async (trx) => {
    const recorded = await markLessonsSent(trx, sent);
    const mine = sent.filter((item) => recorded.has(item.delivery.id));
    if (mine.length === 0) return;

    await trx
      .insertInto('learningEvents')
      .values(
        mine.map((item) => ({
          organizationId: item.delivery.organizationId,
          learnerId: item.delivery.learnerId,
          enrolmentId: item.delivery.enrolmentId,
          type: 'lesson_sent',
          payload: JSON.stringify({ lessonId: item.delivery.lessonId }),
          occurredAt: item.sentAt,
        })),
      )
      .execute();

    const versions = new Map(
      (
        await trx
          .selectFrom('enrolments')
          .select(['id', 'courseVersionId'])
          .where(
            'id',
            'in',
            mine.map((item) => item.delivery.enrolmentId as string),
          )
          .execute()
      ).map((row) => [row.id, row.courseVersionId]),
    );
    const questions: QuestionToAsk[] = [];
    const finished: string[] = [];
    for (const item of mine) {
      const { delivery } = item;
      const enrolmentId = delivery.enrolmentId as string;
      const course = await dispatcher.courses.get(versions.get(enrolmentId) as string, trx);
      const lesson = course.version.lessons.find((each) => each.dbId === delivery.lessonId);
      const [first] = lesson?.questions ?? [];
      if (!first) {
        finished.push(enrolmentId);
        continue;
      }
      questions.push({
        organizationId: delivery.organizationId,
        learnerId: delivery.learnerId,
        enrolmentId,
        questionId: first.dbId,
        channel: delivery.channel,
        round: 0,
        kind: 'question',
        idempotencyKey: `question:${enrolmentId}:${first.dbId}`,
        notBefore: item.sentAt,
      });
    }

    await trx
      .updateTable('enrolments')
      .set({ lessonsSent: sql`lessons_sent + 1` })
      .where(
        'id',
        'in',
        mine.map((item) => item.delivery.enrolmentId as string),
      )
      .execute();
    await queueQuestions(trx, questions, context.clock.now());
    await completeLessons(context, trx, finished);
  });
}

/**
 * Sends a question of an enrolment now (the next one of a lesson, after an answer) and opens
 * its prompt. Running it again for the same question sends nothing twice.
 */
export async function askQuestion(
  context: EngineContext,
  enrolment: EnrolmentRow,
  learner: LearnerRow,
  question: StoredQuestion,
): Promise<void> {
  const now = context.clock.now();
  const [deliveryId] = await context.db.transaction().execute((trx) =>
    queueQuestions(
      trx,
      [
        {
          organizationId: enrolment.organizationId,
          learnerId: learner.id,
          enrolmentId: enrolment.id,
          questionId: question.dbId,
          channel: enrolment.channel,
          round: 0,
          kind: 'question',
          idempotencyKey: `question:${enrolment.id}:${question.dbId}`,
          notBefore: now,
        },
      ],
      now,
    ),
  );
  if (deliveryId) await dispatcherFor(context).dispatchOne(deliveryId);
}

/** Marks a lesson done; when it was the last, the course is complete and the learner told. */
export async function completeLesson(
  context: EngineContext,
  enrolmentId: string,
  _learner: LearnerRow,
  _course: CourseVersion,
): Promise<void> {
  const queued = await context.db
    .transaction()
    .execute((trx) => completeLessons(context, trx, [enrolmentId]));
  for (const deliveryId of queued) await dispatcherFor(context).dispatchOne(deliveryId);
}

/**
 * Counts a lesson complete for each enrolment; an enrolment that reached its course's last
 * lesson is completed and its closing message queued. Returns the queued messages' ids.
 */
async function completeLessons(
  context: EngineContext,
  trx: Trx,
  enrolmentIds: readonly string[],
): Promise<string[]> {
  if (enrolmentIds.length === 0) return [];
  const now = context.clock.now();
  const dispatcher = dispatcherFor(context);

  const updated = await trx
    .updateTable('enrolments')
    .set({ lessonsCompleted: sql`lessons_completed + 1` })
    .where('id', 'in', [...enrolmentIds])
    .returningAll()
    .execute();
  await insertEvents(
    trx,
    updated.map((row) => ({
      enrolment: row,
      type: 'lesson_completed',
      payload: { lessonsCompleted: row.lessonsCompleted },
    })),
    now,
  );

  const done: EnrolmentRow[] = [];
  for (const row of updated) {
    const course = await dispatcher.courses.get(row.courseVersionId, trx);
    if (row.lessonsCompleted >= course.version.lessons.length) done.push(row);
  }
  if (done.length === 0) return [];

  await trx
    .updateTable('enrolments')
    .set({ status: 'completed', completedAt: now, nextSendAt: null })
    .where(
      'id',
      'in',
      done.map((row) => row.id),
    )
    .where('status', '!=', 'withdrawn')
    .execute();
  await insertEvents(
    trx,
    done.map((row) => ({ enrolment: row, type: 'course_completed', payload: {} })),
    now,
  );
  const queued = await trx
    .insertInto('deliveries')
    .values(
      done.map((row) => ({
        organizationId: row.organizationId,
        learnerId: row.learnerId,
        enrolmentId: row.id,
        lessonId: null,
        questionId: null,
        kind: 'system' as const,
        channel: row.channel,
        idempotencyKey: `complete:${row.id}`,
        providerMessageId: null,
        statusHistory: JSON.stringify([{ status: 'queued', at: now }]),
        errorCode: null,
        errorReason: null,
        scheduledFor: now,
        nextAttemptAt: now,
        sentAt: null,
      })),
    )
    .onConflict((conflict) => conflict.column('idempotencyKey').doNothing())
    .returning('id')
    .execute();
  return queued.map((row) => row.id);
}

export async function loadEnrolment(context: EngineContext, enrolmentId: string) {
  const enrolment = await context.db
    .selectFrom('enrolments')
    .selectAll()
    .where('id', '=', enrolmentId)
    .executeTakeFirstOrThrow();
  const learner = await context.db
    .selectFrom('learners')
    .selectAll()
    .where('id', '=', enrolment.learnerId)
    .executeTakeFirstOrThrow();
  // Published versions never change: the dispatcher's cache serves every reply after the first.
  const { version: course } = await dispatcherFor(context).courses.get(enrolment.courseVersionId);
  return { enrolment, learner, course };
}

export async function recordEvent(
  context: EngineContext,
  enrolment: Pick<EnrolmentRow, 'id' | 'organizationId' | 'learnerId'>,
  type: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await insertEvents(context.db, [{ enrolment, type, payload }], context.clock.now());
}

async function insertEvents(
  db: Trx | EngineContext['db'],
  events: readonly {
    enrolment: Pick<EnrolmentRow, 'id' | 'organizationId' | 'learnerId'>;
    type: string;
    payload: Record<string, unknown>;
  }[],
  at: Date,
): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('learningEvents')
    .values(
      events.map(({ enrolment, type, payload }) => ({
        organizationId: enrolment.organizationId,
        learnerId: enrolment.learnerId,
        enrolmentId: enrolment.id,
        type,
        payload: JSON.stringify(payload),
        occurredAt: at,
      })),
    )
    .execute();
}

/** Marks claimed lessons sent in one statement; returns the ids this worker still held. */
async function markLessonsSent(trx: Trx, sent: readonly SentLesson[]): Promise<Set<string>> {
  const rows = sql.join(
    sent.map(
      (item) =>
        sql`(${item.delivery.id}::uuid, ${item.providerMessageId}::text,
          ${item.sentAt.toISOString()}::timestamptz)`,
    ),
  );
  const result = await sql<{ id: string }>`
    update deliveries as d set
      status = 'sent',
      provider_message_id = v.provider_message_id,
      sent_at = v.sent_at,
      lease_until = null,
      next_attempt_at = null,
      attempts = d.attempts + 1,
      status_history = d.status_history
        || jsonb_build_array(jsonb_build_object('status', 'sent', 'at', v.sent_at))
    from (values ${rows}) as v (id, provider_message_id, sent_at)
    where d.id = v.id and d.status = 'sending'
    returning d.id`.execute(trx);
  return new Set(result.rows.map((row) => row.id));
}
