import type { Kysely } from 'kysely';

import { loadCourseVersion, type CourseVersion } from '../../courses/course-repository.ts';
import type { Database } from '../../db/schema.ts';

export interface LessonVariant {
  title: string;
  body: string;
}

/** A course version as the dispatcher needs it, with its role variants and path options. */
export interface CachedCourse {
  version: CourseVersion;
  /** lesson id → lower-case role → the lesson's text for that role. */
  variants: Map<string, Map<string, LessonVariant>>;
  waitForAnswer: boolean;
  preAssessment: boolean;
}

/**
 * Published course versions never change (the database refuses updates), so each is read once
 * per process and kept. Path options and variants are added with the version and kept too.
 * Limitation: variants or options added after a version's first send are seen after a restart.
 */
export class CourseCache {
  private readonly entries = new Map<string, Promise<CachedCourse>>();

  constructor(private readonly db: Kysely<Database>) {}

  /** Inside a transaction, pass it: the embedded database runs one statement at a time. */
  get(versionId: string, db: Kysely<Database> = this.db): Promise<CachedCourse> {
    let entry = this.entries.get(versionId);
    if (!entry) {
      entry = this.load(versionId, db);
      this.entries.set(versionId, entry);
      entry.catch(() => this.entries.delete(versionId));
    }
    return entry;
  }

  forget(): void {
    this.entries.clear();
  }

  private async load(versionId: string, db: Kysely<Database>): Promise<CachedCourse> {
    const version = await loadCourseVersion(db, versionId);
    if (!version) throw new Error(`Course version ${versionId} is missing`);

    // The version comes with its role variants and path: indexed here for the dispatcher.
    const variants = new Map<string, Map<string, LessonVariant>>();
    for (const lesson of version.lessons) {
      const byRole = new Map<string, LessonVariant>();
      for (const variant of lesson.variants ?? []) {
        byRole.set(variant.role.trim().toLowerCase(), { title: variant.title, body: variant.body });
      }
      if (byRole.size > 0) variants.set(lesson.dbId, byRole);
    }

    return {
      version,
      variants,
      waitForAnswer: version.path?.waitForAnswer ?? false,
      preAssessment: version.path?.preAssessment ?? false,
    };
  }
}
