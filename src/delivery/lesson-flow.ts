import { sql } from 'kysely';
import type { EngineContext } from '../app/context.ts';
import { renderCourseComplete, renderLesson, renderQuestion } from '../conversation/render.ts';
import {
  loadCourseVersion,
  type CourseVersion,
  type StoredQuestion,
} from '../courses/course-repository.ts';
import type { EnrolmentRow, LearnerRow } from '../db/schema.ts';
import { sendThroughOutbox } from './outbox.ts';

/** Thrown so the job queue retries a send that a provider refused for now (429, 5xx). */
export class RetryableSendError extends Error {}

/**
 * Sends one claimed lesson: its text, then its first question. Safe to run again for the
 * same delivery: every message has its own idempotency key, so nothing is sent twice.
 */
export async function sendLessonDelivery(context: EngineContext, deliveryId: string) {
  const delivery = await context.db
    .selectFrom('deliveries')
    .selectAll()
    .where('id', '=', deliveryId)
    .executeTakeFirst();
  if (!delivery || delivery.kind !== 'lesson' || !delivery.enrolmentId || !delivery.lessonId) {
    context.logger.warn({ deliveryId }, 'lesson delivery not found; nothing sent');
    return;
  }
  const { enrolment, learner, course } = await loadEnrolment(context, delivery.enrolmentId);
  const lesson = course.lessons.find((candidate) => candidate.dbId === delivery.lessonId);
  if (!lesson || enrolment.status !== 'active') return;

  const sent = await sendThroughOutbox(context, {
    learner,
    channel: enrolment.channel,
    kind: 'lesson',
    idempotencyKey: delivery.idempotencyKey,
    messages: renderLesson(lesson, { locale: learner.locale, lessonCount: course.lessons.length }),
    enrolmentId: enrolment.id,
    lessonId: lesson.dbId,
  });
  if (sent.status === 'retry') throw new RetryableSendError(sent.failure.reason);
  if (sent.status === 'failed') return;

  await recordEvent(context, enrolment, 'lesson_sent', { lessonPosition: lesson.position });
  const [first] = lesson.questions;
  if (first) await askQuestion(context, enrolment, learner, first);
  else await completeLesson(context, enrolment.id, learner, course);
}

/**
 * Sends a question and opens its prompt. Questions still open from earlier lessons of the
 * same enrolment are closed: an answer that arrives after the next lesson has moved on is
 * late, and is told so rather than graded against the wrong question.
 */
export async function askQuestion(
  context: EngineContext,
  enrolment: EnrolmentRow,
  learner: LearnerRow,
  question: StoredQuestion,
): Promise<void> {
  const now = context.clock.now();
  await context.db
    .updateTable('prompts')
    .set({ status: 'closed' })
    .where('enrolmentId', '=', enrolment.id)
    .where('status', '!=', 'closed')
    .where('questionId', '!=', question.dbId)
    .execute();

  const prompt = await openPrompt(context, enrolment, learner, question, now);
  const showTag = await hasSeveralActiveEnrolments(context, learner.id, enrolment.channel);
  const result = await sendThroughOutbox(context, {
    learner,
    channel: enrolment.channel,
    kind: 'question',
    idempotencyKey: `question:${enrolment.id}:${question.dbId}`,
    messages: [
      renderQuestion(question, {
        locale: learner.locale,
        tag: String(prompt.tag),
        showTag,
      }),
    ],
    enrolmentId: enrolment.id,
    questionId: question.dbId,
    question: {
      questionId: question.dbId,
      kind: question.kind,
      tag: showTag ? prompt.tag : undefined,
    },
  });
  if (result.status === 'retry') throw new RetryableSendError(result.failure.reason);
}

/** Marks a lesson done; when it was the last, the course is complete and the learner told. */
export async function completeLesson(
  context: EngineContext,
  enrolmentId: string,
  learner: LearnerRow,
  course: CourseVersion,
): Promise<void> {
  const now = context.clock.now();
  const updated = await context.db
    .updateTable('enrolments')
    .set({ lessonsCompleted: sql`lessons_completed + 1` })
    .where('id', '=', enrolmentId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordEvent(context, updated, 'lesson_completed', {
    lessonsCompleted: updated.lessonsCompleted,
  });
  if (updated.lessonsCompleted < course.lessons.length) return;

  await context.db
    .updateTable('enrolments')
    .set({ status: 'completed', completedAt: now, nextSendAt: null })
    .where('id', '=', enrolmentId)
    .execute();
  await recordEvent(context, updated, 'course_completed', {});
  await sendThroughOutbox(context, {
    learner,
    channel: updated.channel,
    kind: 'system',
    idempotencyKey: `complete:${enrolmentId}`,
    messages: [renderCourseComplete(learner.locale, course.title)],
    enrolmentId,
  });
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
  const course = await loadCourseVersion(context.db, enrolment.courseVersionId);
  if (!course) throw new Error(`Course version ${enrolment.courseVersionId} is missing`);
  return { enrolment, learner, course };
}

export async function recordEvent(
  context: EngineContext,
  enrolment: Pick<EnrolmentRow, 'id' | 'organizationId' | 'learnerId'>,
  type: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await context.db
    .insertInto('learningEvents')
    .values({
      organizationId: enrolment.organizationId,
      learnerId: enrolment.learnerId,
      enrolmentId: enrolment.id,
      type,
      payload: JSON.stringify(payload),
      occurredAt: context.clock.now(),
    })
    .execute();
}

/**
 * Opens the prompt, or returns it when a retried job already did. Tags count up per learner
 * and channel and are not reused while they are fresh: a late repeat of "2B" must not land on
 * the next question that would otherwise take tag 2. Past 99 they wrap to the smallest tag
 * not in play, so they stay short to type.
 */
async function openPrompt(
  context: EngineContext,
  enrolment: EnrolmentRow,
  learner: LearnerRow,
  question: StoredQuestion,
  now: Date,
) {
  const existing = await context.db
    .selectFrom('prompts')
    .select(['id', 'tag'])
    .where('enrolmentId', '=', enrolment.id)
    .where('questionId', '=', question.dbId)
    .executeTakeFirst();
  if (existing) return existing;

  const tags = await context.db
    .selectFrom('prompts')
    .select(['tag', 'status'])
    .where('learnerId', '=', learner.id)
    .where('channel', '=', enrolment.channel)
    .orderBy('sentAt', 'desc')
    .limit(200)
    .execute();
  const inPlay = new Set(tags.filter((row) => row.status !== 'closed').map((row) => row.tag));
  const highest = Math.max(0, ...tags.map((row) => row.tag));
  let tag = highest < MAX_TAG ? highest + 1 : 1;
  while (inPlay.has(tag)) tag += 1;

  return context.db
    .insertInto('prompts')
    .values({
      organizationId: enrolment.organizationId,
      learnerId: learner.id,
      enrolmentId: enrolment.id,
      questionId: question.dbId,
      channel: enrolment.channel,
      tag,
      sentAt: now,
    })
    .returning(['id', 'tag'])
    .executeTakeFirstOrThrow();
}

const MAX_TAG = 99;

async function hasSeveralActiveEnrolments(
  context: EngineContext,
  learnerId: string,
  channel: string,
): Promise<boolean> {
  const row = await context.db
    .selectFrom('enrolments')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('learnerId', '=', learnerId)
    .where('channel', '=', channel)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.count) > 1;
}
