/**
 * Course drafts waiting for review: generated from uploads or imported from a course file,
 * each with its quality report and generation record. A draft is stored only once it exists
 * whole; publishing it makes an immutable course version.
 */
import type { Kysely } from 'kysely';
import type { CourseDraft } from '../../courses/model.ts';
import type { Database } from '../../db/schema.ts';
import type { GenerationRecord } from '../author-course.ts';
import type { QualityReport } from '../quality/quality-gates.ts';

export interface StoredDraft {
  id: string;
  organizationId: string;
  courseId: string | null;
  draft: CourseDraft;
  quality: QualityReport;
  generation: GenerationRecord | { generator: 'import' };
  warnings: string[];
  createdAt: Date;
}

export interface NewDraft {
  organizationId: string;
  courseId?: string;
  draft: CourseDraft;
  quality: QualityReport;
  generation: StoredDraft['generation'];
  warnings: readonly string[];
}

export async function saveDraft(db: Kysely<Database>, input: NewDraft): Promise<StoredDraft> {
  const row = await db
    .insertInto('courseDrafts')
    .values({
      organizationId: input.organizationId,
      courseId: input.courseId ?? null,
      title: input.draft.title,
      kind: input.draft.kind ?? 'training',
      reviewStatus: input.quality.status,
      draft: JSON.stringify(input.draft),
      qualityReport: JSON.stringify(input.quality),
      generation: JSON.stringify(input.generation),
      warnings: JSON.stringify(input.warnings),
    })
    .returning(['id', 'createdAt'])
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    organizationId: input.organizationId,
    courseId: input.courseId ?? null,
    draft: input.draft,
    quality: input.quality,
    generation: input.generation,
    warnings: [...input.warnings],
    createdAt: row.createdAt,
  };
}

export async function findDraft(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<StoredDraft | undefined> {
  const row = await db
    .selectFrom('courseDrafts')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    organizationId: row.organizationId,
    courseId: row.courseId,
    draft: row.draft as CourseDraft,
    quality: row.qualityReport as QualityReport,
    generation: row.generation as StoredDraft['generation'],
    warnings: row.warnings as string[],
    createdAt: row.createdAt,
  };
}
