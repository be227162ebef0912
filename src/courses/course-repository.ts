import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CourseDraft, CourseKind, Lesson, Question } from './model.ts';

/** How a version adapts to each learner; both off unless the author turns them on. */
export interface CoursePath {
  /** The next lesson waits until the learner answered the previous lesson's questions. */
  waitForAnswer: boolean;
  /** A pre-assessment may mark lessons known, and known lessons are never sent. */
  preAssessment: boolean;
}

/** A lesson's title and text for learners whose job title is `role`, matched ignoring case. */
export interface LessonVariantText {
  role: string;
  title: string;
  body: string;
}

/** A lesson that may have texts written for particular roles. */
export interface AdaptiveLesson extends Lesson {
  variants?: LessonVariantText[];
}

/**
 * A draft that may say how it adapts to each learner. Both parts are optional, so every plain
 * CourseDraft is one; publishing stores them with the version, loading reads them back.
 */
export interface AdaptiveCourseDraft extends CourseDraft {
  path?: CoursePath;
  lessons: AdaptiveLesson[];
}

/** A published course version with its database ids, as delivery and reports need it. */
export interface StoredQuestion extends Question {
  dbId: string;
}

export interface StoredLesson extends Omit<AdaptiveLesson, 'questions'> {
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
  /** Present when the version was published with a path, even one with both options off. */
  path?: CoursePath;
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
 * Versions are immutable; learners enrolled in an older one keep it. The draft's path and role
 * variants, when it has them, are stored in the same transaction: the dispatcher reads a
 * version once per process, so they must exist before anyone can be enrolled in it.
 */
export async function publishCourse(
  db: Kysely<Database>,
  organizationId: string,
  draft: AdaptiveCourseDraft,
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

      for (const variant of lesson.variants ?? []) {
        await addLessonVariant(trx, lessonRow.id, variant.role, variant);
      }
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

    if (draft.path) await setCoursePath(trx, stored.id, draft.path);
    return { courseId: course.id, versionId: stored.id, version };
  });
}

/**
 * How a course version adapts to each learner: waiting for answers before the next lesson, and
 * whether a pre-assessment may skip lessons. Read once per process with the version.
 * @example setCoursePath(db, versionId, { waitForAnswer: true, preAssessment: false })
 */
export async function setCoursePath(
  db: Kysely<Database>,
  courseVersionId: string,
  options: CoursePath,
): Promise<void> {
  const path = { waitForAnswer: options.waitForAnswer, preAssessment: options.preAssessment };
  await db
    .insertInto('courseDeliveryOptions')
    .values({ courseVersionId, ...path })
    .onConflict((conflict) => conflict.column('courseVersionId').doUpdateSet(path))
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
  const texts = { title: text.title, body: text.body };
  await db
    .insertInto('lessonVariants')
    .values({ lessonId, role: role.trim().toLowerCase(), ...texts })
    .onConflict((conflict) => conflict.columns(['lessonId', 'role']).doUpdateSet(texts))
    .execute();
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
  const { path, variants } = await loadAdaptation(db, versionId, lessons.map((l) => l.id));

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
    ...(path ? { path } : {}),
    lessons: lessons.map((lesson) => ({
      dbId: lesson.id,
      id: lesson.key,
      position: lesson.position,
      title: lesson.title,
      body: lesson.body,
      mediaUrl: lesson.mediaUrl ?? undefined,
      ...(lesson.summary === null ? {} : { summary: lesson.summary }),
      ...(lesson.smsBody === null ? {} : { smsBody: lesson.smsBody }),
      ...(variants.has(lesson.id) ? { variants: variants.get(lesson.id) } : {}),
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

/**
 * The path a version was published with, and its role variants by lesson id.
 * Limitation: variants come back in the alphabetical order of their roles, not as written.
 */
async function loadAdaptation(db: Kysely<Database>, versionId: string, lessonIds: string[]) {
  const options = await db
    .selectFrom('courseDeliveryOptions')
    .select(['waitForAnswer', 'preAssessment'])
    .where('courseVersionId', '=', versionId)
    .executeTakeFirst();
  const rows =
    lessonIds.length === 0
      ? []
      : await db
          .selectFrom('lessonVariants')
          .selectAll()
          .where('lessonId', 'in', lessonIds)
          .execute();

  // Sorted here, not in SQL: a server's collation may order roles unlike the embedded one.
  const variants = new Map<string, LessonVariantText[]>();
  for (const { lessonId, role, title, body } of rows.sort((a, b) => compare(a.role, b.role))) {
    variants.set(lessonId, [...(variants.get(lessonId) ?? []), { role, title, body }]);
  }
  return { path: options, variants };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A published version as a draft again, to export it or edit it into the next version. */
export function draftOfVersion(version: CourseVersion): AdaptiveCourseDraft {
  return {
    title: version.title,
    description: version.description,
    language: version.language,
    sourceName: version.sourceName,
    kind: version.kind,
    ...(version.path ? { path: version.path } : {}),
    lessons: version.lessons.map(({ dbId: _lessonId, questions, ...lesson }) => ({
      ...lesson,
      questions: questions.map(({ dbId: _questionId, ...question }) => question),
    })),
  };
}
