/**
 * The authoring REST surface as a Hono sub-app, to be mounted under an organization:
 *
 *   app.route('/api/v1/organizations/:org', createAuthoringRoutes({ db, logger, llm }));
 *
 * POST /authoring/uploads                  a document (multipart "file", or the raw body with
 *                                          ?name=policy.pdf); stored only if it can be used
 * POST /authoring/drafts                   { uploadIds, options?, offline? } → a generated draft
 * GET  /authoring/drafts/:draftId          the draft, its quality report and generation record
 * GET  /authoring/drafts/:draftId/course-file      the draft as a YAML course file
 * POST /authoring/drafts/import            a YAML course file (text body) → a draft
 * POST /authoring/drafts/:draftId/publish  { courseId?, acceptReview? } → a course, or its next
 *                                          version; a draft that fails a quality gate is
 *                                          refused (422) unless acceptReview is true
 * GET  /authoring/course-versions/:versionId/course-file   a published version as YAML
 *
 * Errors use the API's one shape: { error: { code, message, details? } }.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  draftOfVersion,
  loadCourseVersion,
  publishCourse,
} from '../../courses/course-repository.ts';
import { COURSE_KINDS } from '../../courses/model.ts';
import type { Database } from '../../db/schema.ts';
import { findOrganization, isUuid } from '../../organizations/organization-repository.ts';
import type { Organization } from '../../organizations/organization-repository.ts';
import type { Logger } from '../../shared/logger.ts';
import { authorCourse } from '../author-course.ts';
import { summarizeCourse } from '../authoring-summary.ts';
import { exportCourseFile, parseCourseFile } from '../course-file/course-file.ts';
import { reviewRefusal } from './review-refusal.ts';
import { blocksOf } from '../document-model.ts';
import { ingestDocument, MAX_SOURCE_BYTES } from '../ingestion/ingest-document.ts';
import type { LlmProvider } from '../llm/llm-provider.ts';
import { checkQuality } from '../quality/quality-gates.ts';
import { TONES } from '../question-wording.ts';
import { countWords } from '../sentences.ts';
import { findDraft, saveDraft } from '../storage/draft-repository.ts';
import type { StoredDraft } from '../storage/draft-repository.ts';
import { findUploads, saveUpload } from '../storage/upload-repository.ts';

export interface AuthoringRouteDeps {
  db: Kysely<Database>;
  logger: Logger;
  /** The configured language model; absent means every draft is generated offline. */
  llm?: LlmProvider;
  maxUploadBytes?: number;
}

type ErrorCode = 'validation_failed' | 'not_found' | 'payload_too_large' | 'unprocessable';
const STATUS = {
  validation_failed: 400,
  not_found: 404,
  payload_too_large: 413,
  unprocessable: 422,
} as const;

const OptionsSchema = z
  .strictObject({
    kind: z.enum(COURSE_KINDS).optional(),
    lessonCount: z.number().int().min(1).max(100).optional(),
    lessonMinutes: z.number().positive().max(60).optional(),
    questionsPerLesson: z.number().int().min(1).max(5).optional(),
    audience: z.string().max(200).optional(),
    role: z.string().max(200).optional(),
    tone: z.enum(TONES).optional(),
    outputLanguage: z.string().min(2).max(20).optional(),
    smsSegments: z.number().int().min(1).max(10).optional(),
  })
  .optional();

const GenerateSchema = z.strictObject({
  uploadIds: z.array(z.uuid()).min(1).max(20),
  options: OptionsSchema,
  offline: z.boolean().optional(),
});

const PublishSchema = z
  .strictObject({
    courseId: z.uuid().optional(),
    /** Publish a draft that fails a quality gate as it is; it stays marked for review. */
    acceptReview: z.boolean().optional(),
  })
  .optional();

export function createAuthoringRoutes(deps: AuthoringRouteDeps): Hono {
  const app = new Hono();
  const maxBytes = deps.maxUploadBytes ?? MAX_SOURCE_BYTES;

  app.post('/authoring/uploads', async (c) => {
    const organization = await organizationOf(c, deps.db);
    if (!organization) return orgNotFound(c);

    const file = await readUpload(c);
    if (!file.ok) return fail(c, 'validation_failed', file.error);
    const { name, bytes } = file.value;
    if (bytes.length > maxBytes) {
      return fail(
        c,
        'payload_too_large',
        `${name}: ${bytes.length} bytes is over the ${maxBytes}-byte limit`,
      );
    }
    const expect = c.req.query('expectLanguage');
    const ingested = await ingestDocument(name, bytes, {
      maxBytes,
      expectLanguages: expect ? expect.split(',') : undefined,
    });
    if (!ingested.ok) return fail(c, 'unprocessable', ingested.error);

    const stored = await saveUpload(deps.db, organization.id, ingested.value, bytes);
    deps.logger.info(
      { organizationId: organization.id, uploadId: stored.id, format: stored.format },
      'document uploaded',
    );
    return c.json(
      {
        id: stored.id,
        fileName: stored.fileName,
        format: stored.format,
        byteSize: stored.byteSize,
        language: ingested.value.language,
        title: stored.document.title,
        sections: stored.document.sections.length,
        words: countWords(
          blocksOf(stored.document)
            .map((block) => block.text)
            .join(' '),
        ),
        warnings: stored.warnings.map((warning) => warning.message),
      },
      201,
    );
  });

  app.post('/authoring/drafts', async (c) => {
    const organization = await organizationOf(c, deps.db);
    if (!organization) return orgNotFound(c);
    const body = GenerateSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return invalid(c, body.error);

    const uploads = await findUploads(deps.db, organization.id, body.data.uploadIds);
    const missing = body.data.uploadIds.filter((id) => !uploads.some((upload) => upload.id === id));
    if (missing.length > 0)
      return fail(c, 'not_found', `No upload ${missing.join(', ')} in this organization`);

    const authored = await authorCourse({
      sources: uploads.map((upload) => ({
        name: upload.fileName,
        content: '',
        format: upload.format,
        document: upload.document,
      })),
      options: body.data.options ?? {},
      llm: body.data.offline ? undefined : deps.llm,
    });
    if (!authored.ok) return fail(c, 'unprocessable', authored.error);

    const warnings = [
      ...uploads.flatMap((upload) =>
        upload.warnings
          .filter((w) => w.code === 'format_mismatch')
          .map((w) => `${upload.fileName}: ${w.message}`),
      ),
      ...authored.value.warnings,
    ];
    const stored = await saveDraft(deps.db, {
      organizationId: organization.id,
      draft: authored.value.draft,
      quality: authored.value.quality,
      generation: authored.value.generation,
      warnings,
    });
    return c.json(draftBody(stored), 201);
  });

  app.post('/authoring/drafts/import', async (c) => {
    const organization = await organizationOf(c, deps.db);
    if (!organization) return orgNotFound(c);
    const text = await c.req.text();
    if (text.trim() === '')
      return fail(c, 'validation_failed', 'The body must be a YAML course file');

    const parsed = parseCourseFile(text);
    if (!parsed.ok) {
      return fail(
        c,
        'unprocessable',
        'The course file has errors; see details.issues (line, field)',
        {
          issues: parsed.error,
        },
      );
    }
    const courseId = c.req.query('courseId');
    const stored = await saveDraft(deps.db, {
      organizationId: organization.id,
      courseId: courseId && isUuid(courseId) ? courseId : undefined,
      draft: parsed.value,
      quality: checkQuality(parsed.value),
      generation: { generator: 'import' },
      warnings: ['source locations are not checked for an imported course file'],
    });
    return c.json(draftBody(stored), 201);
  });

  app.get('/authoring/drafts/:draftId', async (c) => {
    const found = await draftOf(c, deps.db);
    if (!found.ok) return found.response;
    return c.json(draftBody(found.value));
  });

  app.get('/authoring/drafts/:draftId/course-file', async (c) => {
    const found = await draftOf(c, deps.db);
    if (!found.ok) return found.response;
    return yaml(c, exportCourseFile(found.value.draft));
  });

  app.post('/authoring/drafts/:draftId/publish', async (c) => {
    const found = await draftOf(c, deps.db);
    if (!found.ok) return found.response;
    const body = PublishSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return invalid(c, body.error);

    const { quality } = found.value;
    if (quality.status !== 'ready' && body.data?.acceptReview !== true) {
      const refusal = reviewRefusal(quality);
      return fail(c, 'unprocessable', refusal.message, refusal.details);
    }

    const courseId = body.data?.courseId ?? found.value.courseId ?? undefined;
    if (courseId) {
      const owned = await deps.db
        .selectFrom('courses')
        .select('id')
        .where('id', '=', courseId)
        .where('organizationId', '=', found.value.organizationId)
        .executeTakeFirst();
      if (!owned) return fail(c, 'not_found', `This organization has no course ${courseId}`);
    }
    const published = await publishCourse(
      deps.db,
      found.value.organizationId,
      found.value.draft,
      courseId,
      {
        reviewStatus: found.value.quality.status,
        qualityReport: found.value.quality,
        generation: found.value.generation,
      },
    );
    return c.json({ ...published, reviewStatus: found.value.quality.status }, 201);
  });

  app.get('/authoring/course-versions/:versionId/course-file', async (c) => {
    const organization = await organizationOf(c, deps.db);
    if (!organization) return orgNotFound(c);
    const versionId = c.req.param('versionId');
    const version = isUuid(versionId) ? await loadCourseVersion(deps.db, versionId) : undefined;
    const course = version
      ? await deps.db
          .selectFrom('courses')
          .select('organizationId')
          .where('id', '=', version.courseId)
          .executeTakeFirst()
      : undefined;
    if (!version || course?.organizationId !== organization.id) {
      return fail(c, 'not_found', `This organization has no course version ${versionId}`);
    }
    return yaml(c, exportCourseFile(draftOfVersion(version)));
  });

  return app;
}

async function organizationOf(c: Context, db: Kysely<Database>): Promise<Organization | undefined> {
  const org = c.req.param('org');
  return org ? findOrganization(db, org) : undefined;
}

function orgNotFound(c: Context): Response {
  return fail(c, 'not_found', `No organization has the id or slug "${c.req.param('org') ?? ''}"`);
}

async function draftOf(
  c: Context,
  db: Kysely<Database>,
): Promise<{ ok: true; value: StoredDraft } | { ok: false; response: Response }> {
  const organization = await organizationOf(c, db);
  if (!organization) return { ok: false, response: orgNotFound(c) };
  const id = c.req.param('draftId') ?? '';
  const draft = isUuid(id) ? await findDraft(db, organization.id, id) : undefined;
  if (!draft)
    return { ok: false, response: fail(c, 'not_found', `This organization has no draft ${id}`) };
  return { ok: true, value: draft };
}

function draftBody(stored: StoredDraft) {
  return {
    id: stored.id,
    status: stored.quality.status,
    courseId: stored.courseId,
    summary: summarizeCourse({
      draft: stored.draft,
      quality: stored.quality,
      generation:
        stored.generation.generator === 'import'
          ? {
              generator: 'offline',
              requests: 0,
              usage: { inputTokens: 0, outputTokens: 0 },
              estimatedCostUsd: 0,
            }
          : stored.generation,
      warnings: stored.warnings,
    }),
    draft: stored.draft,
    quality: stored.quality,
    generation: stored.generation,
    warnings: stored.warnings,
    createdAt: stored.createdAt.toISOString(),
  };
}

async function readUpload(
  c: Context,
): Promise<
  { ok: true; value: { name: string; bytes: Uint8Array } } | { ok: false; error: string }
> {
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.parseBody().catch(() => undefined);
    const file = form?.file;
    if (!(file instanceof File))
      return { ok: false, error: 'Send the document in a multipart field named "file"' };
    return {
      ok: true,
      value: { name: file.name || 'document', bytes: new Uint8Array(await file.arrayBuffer()) },
    };
  }
  const name = c.req.query('name');
  if (!name)
    return {
      ok: false,
      error: 'Name the document with ?name=policy.pdf, or send multipart "file"',
    };
  return { ok: true, value: { name, bytes: new Uint8Array(await c.req.arrayBuffer()) } };
}

function yaml(c: Context, text: string): Response {
  return c.body(text, 200, { 'content-type': 'application/yaml; charset=utf-8' });
}

function invalid(c: Context, error: z.ZodError): Response {
  const issues = error.issues.map((issue) => ({
    path: ['body', ...issue.path].join('.'),
    message: issue.message,
  }));
  return fail(
    c,
    'validation_failed',
    `Invalid request: check ${issues.map((i) => i.path).join(', ')}`,
    { issues },
  );
}

function fail(c: Context, code: ErrorCode, message: string, details?: unknown): Response {
  return c.json(
    { error: { code, message, ...(details === undefined ? {} : { details }) } },
    STATUS[code],
  );
}
