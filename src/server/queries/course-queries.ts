/**
 * Course reads the API needs that the course repository does not offer yet.
 * Limitation: these belong in src/courses/course-repository.ts; they live here until moved.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface CourseSummary {
  id: string;
  title: string;
  createdAt: Date;
  latestVersion: { id: string; version: number; title: string; language: string;
    sourceName: string; publishedAt: Date };
}

export async function listCoursesWithLatestVersion(
  db: Kysely<Database>,
  organizationId: string,
): Promise<CourseSummary[]> {
  const rows = await db.selectFrom('courseVersions')
    .innerJoin('courses', 'courses.id', 'courseVersions.courseId')
    .distinctOn('courseVersions.courseId')
    .select([
      'courses.id as courseId', 'courses.title as courseTitle', 'courses.createdAt',
      'courseVersions.id', 'courseVersions.version', 'courseVersions.title',
      'courseVersions.language', 'courseVersions.sourceName', 'courseVersions.publishedAt',
    ])
    .where('courses.organizationId', '=', organizationId)
    .orderBy('courseVersions.courseId')
    .orderBy('courseVersions.version', 'desc')
    .execute();

  return rows
    .map((row) => ({
      id: row.courseId,
      title: row.courseTitle,
      createdAt: row.createdAt,
      latestVersion: { id: row.id, version: row.version, title: row.title,
        language: row.language, sourceName: row.sourceName, publishedAt: row.publishedAt },
    }))
    .sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
}

/** The organization that owns a course version, or undefined when there is no such version. */
export async function organizationOfCourseVersion(
  db: Kysely<Database>,
  versionId: string,
): Promise<string | undefined> {
  const row = await db.selectFrom('courseVersions')
    .innerJoin('courses', 'courses.id', 'courseVersions.courseId')
    .select('courses.organizationId')
    .where('courseVersions.id', '=', versionId)
    .executeTakeFirst();
  return row?.organizationId;
}
