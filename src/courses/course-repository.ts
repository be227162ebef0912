import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CourseDraft, CourseKind, Lesson, Question } from './model.ts';

/** A published course version with its database ids, as delivery and reports need it. */
export interface StoredQuestion extends Question {
  dbId: string;
}

export interface StoredLesson extends Omit<Lesson, 'questions'> {
  dbId: string;
  questions: StoredQuestion[];
}

export interface CourseVersion {
  id: string;
  courseId: string;
  version: number;
  title: string;
  description: string;
  language: string;
  sourceName: string;
  kind: CourseKind;
  reviewStatus: ReviewStatus;
  /** The quality-gate report the version was published with, when it had one. */
  qualityReport: unknown;
  /** How the content was generated: offline, or which model with what tokens and cost. */
  generation: unknown;
  lessons: StoredLesson[];
}

/** needs_review: a quality gate failed when the draft was generated or imported. */
export type ReviewStatus = 'ready' | 'needs_review';

export interface PublishDetails {
  reviewStatus?: ReviewStatus;
  qualityReport?: unknown;
  generation?: unknown;
}

/**
 * Publishes a draft as a new course (version 1), or as the next version of `courseId`.
 * Versions are immutable; learners enrolled in an older one keep it.
 */
export async function publishCourse(
  db: Kysely<Database>,
  organizationId: string,
  draft: CourseDraft,
  courseId?: string,
  details: PublishDetails = {},
): Promise<{ courseId: string; versionId: string; version: number }> {
  const kind = draft.kind ?? 'training';
  const asJson = (value: unknown): string | null =>
    value === undefined ? null : JSON.stringify(value);

  return db.transaction().execute(async (trx) => {
    const course = courseId
      ? await trx.selectFrom('courses').select('id').where('id', '=', courseId)
        .where('organizationId', '=', organizationId).executeTakeFirstOrThrow()
      : await trx.insertInto('courses').values({ organizationId, title: draft.title, kind })
        .returning('id').executeTakeFirstOrThrow();

    const latest = await trx.selectFrom('courseVersions')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('courseId', '=', course.id).executeTakeFirst();
    const version = (latest?.version ?? 0) + 1;

    const stored = await trx.insertInto('courseVersions').values({
      courseId: course.id,
      version,
      title: draft.title,
      description: draft.description,
      language: draft.language,
      sourceName: draft.sourceName,
      kind,
      reviewStatus: details.reviewStatus ?? 'ready',
      qualityReport: asJson(details.qualityReport),
      generation: asJson(details.generation),
    }).returning('id').executeTakeFirstOrThrow();

    for (const lesson of draft.lessons) {
      const lessonRow = await trx.insertInto('lessons').values({
        courseVersionId: stored.id,
        key: lesson.id,
        position: lesson.position,
        title: lesson.title,
        body: lesson.body,
        mediaUrl: lesson.mediaUrl ?? null,
        smsBody: lesson.smsBody ?? null,
        summary: lesson.summary ?? null,
      }).returning('id').executeTakeFirstOrThrow();

      if (lesson.questions.length === 0) continue;
      await trx.insertInto('questions').values(lesson.questions.map((question, index) => ({
        lessonId: lessonRow.id,
        key: question.id,
        position: index + 1,
        kind: question.kind,
        prompt: question.prompt,
        options: JSON.stringify(question.options),
        explanation: question.explanation,
        sourceRef: question.sourceRef ?? null,
        evidence: question.evidence ?? null,
      }))).execute();
    }

    return { courseId: course.id, versionId: stored.id, version };
  });
}

export async function loadCourseVersion(
  db: Kysely<Database>,
  versionId: string,
): Promise<CourseVersion | undefined> {
  const version = await db.selectFrom('courseVersions').selectAll()
    .where('id', '=', versionId).executeTakeFirst();
  if (!version) return undefined;

  const lessons = await db.selectFrom('lessons').selectAll()
    .where('courseVersionId', '=', versionId).orderBy('position').execute();
  const questions = lessons.length === 0 ? [] : await db.selectFrom('questions').selectAll()
    .where('lessonId', 'in', lessons.map((lesson) => lesson.id))
    .orderBy('position').execute();

  return {
    id: version.id,
    courseId: version.courseId,
    version: version.version,
    title: version.title,
    description: version.description,
    language: version.language,
    sourceName: version.sourceName,
    kind: version.kind,
    reviewStatus: version.reviewStatus,
    qualityReport: version.qualityReport ?? undefined,
    generation: version.generation ?? undefined,
    lessons: lessons.map((lesson) => ({
      dbId: lesson.id,
      id: lesson.key,
      position: lesson.position,
      title: lesson.title,
      body: lesson.body,
      mediaUrl: lesson.mediaUrl ?? undefined,
      ...(lesson.summary === null ? {} : { summary: lesson.summary }),
      ...(lesson.smsBody === null ? {} : { smsBody: lesson.smsBody }),
      questions: questions.filter((question) => question.lessonId === lesson.id)
        .map((question) => ({
          dbId: question.id,
          id: question.key,
          kind: question.kind,
          prompt: question.prompt,
          options: question.options,
          explanation: question.explanation,
          sourceRef: question.sourceRef ?? undefined,
          ...(question.evidence === null ? {} : { evidence: question.evidence }),
        })),
    })),
  };
}

/** A published version as a draft again, to export it or edit it into the next version. */
export function draftOfVersion(version: CourseVersion): CourseDraft {
  return {
    title: version.title,
    description: version.description,
    language: version.language,
    sourceName: version.sourceName,
    kind: version.kind,
    lessons: version.lessons.map(({ dbId: _lessonId, questions, ...lesson }) => ({
      ...lesson,
      questions: questions.map(({ dbId: _questionId, ...question }) => question),
    })),
  };
}
