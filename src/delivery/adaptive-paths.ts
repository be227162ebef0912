import { sql } from 'kysely';

import type { EngineContext } from '../app/context.ts';
import type { StoredQuestion } from '../courses/course-repository.ts';
import type { EnrolmentStatus } from '../db/schema.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { CachedCourse } from './dispatch/course-cache.ts';
import { dispatcherFor } from './dispatch/dispatcher.ts';

// Stored with the version they adapt, so publishing a course file can write them in its
// transaction; re-exported here, where the rest of adaptive paths lives.
export { addLessonVariant, setCoursePath } from '../courses/course-repository.ts';

export interface PreAssessmentAnswer {
  /** The question's key in the course, e.g. "l1-q2". */
  questionKey: string;
  correct: boolean;
}

/** Why a pre-assessment was refused; nothing was recorded. */
export interface PreAssessmentRefusal {
  code: 'not_enabled' | 'enrolment_closed' | 'unknown_questions' | 'answered_twice';
  /** For the person who sent the answers: what was wrong and what to do. */
  message: string;
}

/**
 * Records a pre-assessment: a lesson still to come whose graded questions were all answered
 * right is known, counted complete, and never sent. An enrolment left with nothing to learn is
 * completed. Returns the positions of the lessons found known, or why nothing was recorded: the
 * course does not allow it, the enrolment is over, or an answer names no graded question.
 * Limitation: the pre-assessment is taken outside the chat (an import or the API).
 * Limitation: an enrolment completed here gets no course_completed event or closing message.
 * @example recordPreAssessment(context, enrolmentId, [{ questionKey: 'l1-q1', correct: true }])
 */
export async function recordPreAssessment(
  context: EngineContext,
  enrolmentId: string,
  answers: readonly PreAssessmentAnswer[],
): Promise<Result<number[], PreAssessmentRefusal>> {
  const now = context.clock.now();
  const courses = dispatcherFor(context).courses;

  return context.db.transaction().execute(async (trx) => {
    // Locked so the dispatcher cannot claim a lesson between the check and the write.
    const enrolment = await trx
      .selectFrom('enrolments')
      .selectAll()
      .where('id', '=', enrolmentId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const course = await courses.get(enrolment.courseVersionId, trx);
    const refusal = refusalOf(course, enrolment.status, answers);
    if (refusal) return err(refusal);

    // A lesson already sent cannot be skipped, and counting it here would count it twice.
    const right = new Set(answers.filter((a) => a.correct).map((a) => a.questionKey));
    const known = course.version.lessons.filter((lesson) => {
      const graded = lesson.questions.filter(isGraded);
      return (
        lesson.position >= enrolment.nextLessonPosition &&
        graded.length > 0 &&
        graded.every((question) => right.has(question.id))
      );
    });
    if (known.length === 0) return ok([]);

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
    return ok(known.map((lesson) => lesson.position));
  });
}

/** Graded: it has a right answer to compare with (reflections and ratings have none). */
const isGraded = (question: StoredQuestion): boolean =>
  question.options.some((option) => option.correct);

function refusalOf(
  course: CachedCourse,
  status: EnrolmentStatus,
  answers: readonly PreAssessmentAnswer[],
): PreAssessmentRefusal | undefined {
  if (!course.preAssessment) {
    return {
      code: 'not_enabled',
      message:
        'This course version does not take a pre-assessment; publish a version whose ' +
        'course file has "path: { pre_assessment: true }"',
    };
  }
  if (status === 'completed' || status === 'withdrawn') {
    return {
      code: 'enrolment_closed',
      message: `This enrolment is ${status}; a pre-assessment only skips lessons still to come`,
    };
  }

  const gradedKeys = course.version.lessons.flatMap((lesson) =>
    lesson.questions.filter(isGraded).map((question) => question.id),
  );
  const keys = answers.map((answer) => answer.questionKey);
  const unknown = [...new Set(keys.filter((key) => !gradedKeys.includes(key)))];
  if (unknown.length > 0) {
    return {
      code: 'unknown_questions',
      message:
        `This course has no graded question ${quoted(unknown)}; ` +
        `its graded questions are ${quoted(gradedKeys) || 'none'}`,
    };
  }
  const twice = [...new Set(keys.filter((key, index) => keys.indexOf(key) !== index))];
  if (twice.length > 0) {
    return {
      code: 'answered_twice',
      message: `Each question takes one answer; ${quoted(twice)} got more than one`,
    };
  }
  return undefined;
}

const quoted = (keys: readonly string[]): string => {
  const shown = keys.slice(0, 20).map((key) => `"${key}"`);
  return keys.length > 20 ? `${shown.join(', ')} and ${keys.length - 20} more` : shown.join(', ');
};
