import { sql, type Kysely } from 'kysely';

import type { EngineContext } from '../app/context.ts';
import type { Database } from '../db/schema.ts';
import { dispatcherFor } from './dispatch/dispatcher.ts';

/**
 * How a course version adapts to each learner: waiting for answers before the next lesson, and
 * whether a pre-assessment may skip lessons. Read once per process with the version.
 * @example setCoursePath(db, versionId, { waitForAnswer: true, preAssessment: false })
 */
export async function setCoursePath(
  db: Kysely<Database>,
  courseVersionId: string,
  options: { waitForAnswer: boolean; preAssessment: boolean },
): Promise<void> {
  await db
    .insertInto('courseDeliveryOptions')
    .values({ courseVersionId, ...options })
    .onConflict((conflict) => conflict.column('courseVersionId').doUpdateSet(options))
    .execute();
}

/**
 * A lesson's text for learners of one role, matched on their job title without regard to case.
 * @example addLessonVariant(db, lessonId, 'Forklift driver', { title: 'Spills on the dock', body })
 */
export async function addLessonVariant(
  db: Kysely<Database>,
  lessonId: string,
  role: string,
  text: { title: string; body: string },
): Promise<void> {
  await db
    .insertInto('lessonVariants')
    .values({ lessonId, role: role.trim().toLowerCase(), ...text })
    .onConflict((conflict) => conflict.columns(['lessonId', 'role']).doUpdateSet(text))
    .execute();
}

export interface PreAssessmentAnswer {
  /** The question's key in the course, e.g. "l1-q2". */
  questionKey: string;
  correct: boolean;
}

/**
 * Records a pre-assessment: a lesson whose graded questions were all answered right is known,
 * counted complete, and never sent. An enrolment left with nothing to learn is completed.
 * Returns the positions of the lessons found known.
 * Limitation: the pre-assessment is taken outside the chat (an import or the API).
 */
export async function recordPreAssessment(
  context: EngineContext,
  enrolmentId: string,
  answers: readonly PreAssessmentAnswer[],
): Promise<number[]> {
  const now = context.clock.now();
  const enrolment = await context.db
    .selectFrom('enrolments')
    .selectAll()
    .where('id', '=', enrolmentId)
    .executeTakeFirstOrThrow();
  const course = await dispatcherFor(context).courses.get(enrolment.courseVersionId);
  if (!course.preAssessment) return [];

  const right = new Set(
    answers.filter((answer) => answer.correct).map((answer) => answer.questionKey),
  );
  const known = course.version.lessons.filter((lesson) => {
    const graded = lesson.questions.filter((question) => question.options.some((o) => o.correct));
    return graded.length > 0 && graded.every((question) => right.has(question.id));
  });
  if (known.length === 0) return [];

  await context.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('knownLessons')
      .values(
        known.map((lesson) => ({
          enrolmentId,
          lessonId: lesson.dbId,
          source: 'pre-assessment',
          recordedAt: now,
        })),
      )
      .onConflict((conflict) => conflict.columns(['enrolmentId', 'lessonId']).doNothing())
      .returning('lessonId')
      .execute();
    const updated = await trx
      .updateTable('enrolments')
      .set({ lessonsCompleted: sql`lessons_completed + ${inserted.length}` })
      .where('id', '=', enrolmentId)
      .returning('lessonsCompleted')
      .executeTakeFirstOrThrow();
    if (updated.lessonsCompleted >= course.version.lessons.length) {
      await trx
        .updateTable('enrolments')
        .set({ status: 'completed', completedAt: now, nextSendAt: null })
        .where('id', '=', enrolmentId)
        .execute();
    }
  });
  return known.map((lesson) => lesson.position);
}
