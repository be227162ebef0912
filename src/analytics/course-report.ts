import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface LessonFigures {
  position: number;
  title: string;
  sent: number;
  answered: number;
  /** Share of graded answers that were correct, 0..1; null when nothing was graded. */
  accuracy: number | null;
}

export interface LearnerAtRisk {
  learnerId: string;
  fullName: string;
  reason: string;
}

export interface CourseReport {
  courseVersionId: string;
  courseTitle: string;
  enrolled: number;
  completed: number;
  completionRate: number;
  lessonsSent: number;
  questionsSent: number;
  answers: number;
  /** Share of graded answers that were correct, 0..1; null when nothing was graded. */
  accuracy: number | null;
  medianReplyMinutes: number | null;
  lessons: LessonFigures[];
  atRisk: LearnerAtRisk[];
}

/** A learner is at risk below this share of questions answered... */
const MIN_ANSWER_RATE = 0.5;
/** ...or below this accuracy once they have answered enough graded questions to judge. */
const MIN_ACCURACY = 0.5;
const MIN_GRADED_FOR_ACCURACY = 3;

export async function buildCourseReport(
  db: Kysely<Database>,
  courseVersionId: string,
): Promise<CourseReport> {
  const version = await db
    .selectFrom('courseVersions')
    .select(['id', 'title'])
    .where('id', '=', courseVersionId)
    .executeTakeFirstOrThrow();

  const enrolment = await db
    .selectFrom('enrolments')
    .select((eb) => [
      eb.fn.countAll<number>().as('enrolled'),
      eb.fn.count<number>('completedAt').as('completed'),
    ])
    .where('courseVersionId', '=', courseVersionId)
    .executeTakeFirstOrThrow();

  const lessons = await lessonFigures(db, courseVersionId);
  const replies = await db
    .selectFrom('responses')
    .innerJoin('enrolments', 'enrolments.id', 'responses.enrolmentId')
    .select((eb) => [
      eb.fn.countAll<number>().as('answers'),
      eb.fn.count<number>('responses.correct').as('graded'),
      eb.fn
        .count<number>(eb.case().when('responses.correct', '=', true).then(1).end())
        .as('correct'),
      sql<number | null>`percentile_cont(0.5) within group (order by latency_ms)`.as('median'),
    ])
    .where('enrolments.courseVersionId', '=', courseVersionId)
    .executeTakeFirstOrThrow();

  const enrolled = Number(enrolment.enrolled);
  const completed = Number(enrolment.completed);
  const graded = Number(replies.graded);
  return {
    courseVersionId,
    courseTitle: version.title,
    enrolled,
    completed,
    completionRate: enrolled === 0 ? 0 : completed / enrolled,
    lessonsSent: lessons.reduce((sum, lesson) => sum + lesson.sent, 0),
    questionsSent: await countQuestionsSent(db, courseVersionId),
    answers: Number(replies.answers),
    accuracy: graded === 0 ? null : Number(replies.correct) / graded,
    medianReplyMinutes: replies.median === null ? null : Number(replies.median) / 60_000,
    lessons,
    atRisk: await learnersAtRisk(db, courseVersionId),
  };
}

async function lessonFigures(db: Kysely<Database>, versionId: string): Promise<LessonFigures[]> {
  const rows = await db
    .selectFrom('lessons')
    .leftJoin('deliveries', (join) =>
      join
        .onRef('deliveries.lessonId', '=', 'lessons.id')
        .on('deliveries.kind', '=', 'lesson')
        .on('deliveries.status', '!=', 'failed'),
    )
    .select((eb) => [
      'lessons.id',
      'lessons.position',
      'lessons.title',
      eb.fn.count<number>('deliveries.id').as('sent'),
    ])
    .where('lessons.courseVersionId', '=', versionId)
    .groupBy(['lessons.id', 'lessons.position', 'lessons.title'])
    .orderBy('lessons.position')
    .execute();

  const answers = await db
    .selectFrom('responses')
    .innerJoin('questions', 'questions.id', 'responses.questionId')
    .select((eb) => [
      'questions.lessonId',
      eb.fn.countAll<number>().as('answered'),
      eb.fn.count<number>('responses.correct').as('graded'),
      eb.fn
        .count<number>(eb.case().when('responses.correct', '=', true).then(1).end())
        .as('correct'),
    ])
    .where('questions.lessonId', 'in', rows.length > 0 ? rows.map((row) => row.id) : [''])
    .groupBy('questions.lessonId')
    .execute();

  return rows.map((row) => {
    const figures = answers.find((answer) => answer.lessonId === row.id);
    const graded = Number(figures?.graded ?? 0);
    return {
      position: row.position,
      title: row.title,
      sent: Number(row.sent),
      answered: Number(figures?.answered ?? 0),
      accuracy: graded === 0 ? null : Number(figures?.correct ?? 0) / graded,
    };
  });
}

async function countQuestionsSent(db: Kysely<Database>, versionId: string): Promise<number> {
  const row = await db
    .selectFrom('prompts')
    .innerJoin('enrolments', 'enrolments.id', 'prompts.enrolmentId')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('enrolments.courseVersionId', '=', versionId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Learners who stopped answering or keep answering wrong, so a coordinator can step in. */
async function learnersAtRisk(db: Kysely<Database>, versionId: string): Promise<LearnerAtRisk[]> {
  const rows = await db
    .selectFrom('enrolments')
    .innerJoin('learners', 'learners.id', 'enrolments.learnerId')
    .leftJoin('prompts', 'prompts.enrolmentId', 'enrolments.id')
    .leftJoin('responses', 'responses.promptId', 'prompts.id')
    .select((eb) => [
      'learners.id as learnerId',
      'learners.fullName',
      eb.fn.count<number>('prompts.id').as('asked'),
      eb.fn.count<number>('responses.id').as('answered'),
      eb.fn.count<number>('responses.correct').as('graded'),
      eb.fn
        .count<number>(eb.case().when('responses.correct', '=', true).then(1).end())
        .as('correct'),
    ])
    .where('enrolments.courseVersionId', '=', versionId)
    .where('enrolments.completedAt', 'is', null)
    .groupBy(['learners.id', 'learners.fullName'])
    .orderBy('learners.fullName')
    .execute();

  const atRisk: LearnerAtRisk[] = [];
  for (const row of rows) {
    const asked = Number(row.asked);
    const answered = Number(row.answered);
    const graded = Number(row.graded);
    if (asked > 0 && answered / asked < MIN_ANSWER_RATE) {
      atRisk.push({ ...pick(row), reason: `answered ${answered} of ${asked} questions` });
    } else if (graded >= MIN_GRADED_FOR_ACCURACY && Number(row.correct) / graded < MIN_ACCURACY) {
      atRisk.push({ ...pick(row), reason: `${row.correct} of ${graded} answers correct` });
    }
  }
  return atRisk;
}

function pick(row: { learnerId: string; fullName: string }) {
  return { learnerId: row.learnerId, fullName: row.fullName };
}
