import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolledScenario, learner } from '../../../test/support/scenario.ts';
import { quizCourse } from '../../../test/support/course-fixtures.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { loadCourseVersion } from '../../courses/course-repository.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { buildDocx } from '../fixtures/office-fixtures.ts';
import { buildImageOnlyPdf } from '../fixtures/pdf-fixtures.ts';
import { createAuthoringRoutes } from './authoring-routes.ts';

const HANDBOOK = [
  { text: 'Visitors', style: 'Heading1' },
  {
    text:
      'Every visitor signs in at Reception and wears a visitor badge. Hosts collect their ' +
      'visitors from Reception and walk them out again at the end of the visit.',
  },
  { text: 'Deliveries', style: 'Heading1' },
  {
    text:
      'Couriers leave parcels at the Goods In desk and never take them to desks. The Goods In ' +
      'team logs every parcel and calls the addressee within 2 hours.',
  },
];

describe(`authoring REST routes on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let app: Hono;
  const base = (org: string) => `/api/v1/organizations/${org}/authoring`;
  const count = async (table: 'authoringUploads' | 'courseDrafts') =>
    Number(
      (
        await runtime.context.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    runtime = await startTestRuntime();
    await createOrganization(runtime.context.db, { name: 'Acme', slug: 'acme' });
    app = new Hono();
    // Mounted exactly as the server is asked to mount it.
    app.route(
      '/api/v1/organizations/:org',
      createAuthoringRoutes({
        db: runtime.context.db,
        logger: runtime.context.logger,
        maxUploadBytes: 200_000,
      }),
    );
  });
  afterAll(() => runtime.close());

  async function upload(name: string, bytes: Uint8Array, org = 'acme') {
    const form = new FormData();
    form.set('file', new File([Buffer.from(bytes)], name));
    return app.request(`${base(org)}/uploads`, { method: 'POST', body: form });
  }

  it('uploads a document, generates a draft, serves it and its course file, publishes it', async () => {
    const uploaded = await upload('visitors.docx', await buildDocx(HANDBOOK, 'Visitor handbook'));
    expect(uploaded.status).toBe(201);
    const file = (await uploaded.json()) as { id: string; format: string; title: string };
    expect(file).toMatchObject({ format: 'docx', title: 'Visitor handbook' });

    const generated = await app.request(`${base('acme')}/drafts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        uploadIds: [file.id],
        options: { smsSegments: 2, audience: 'front desk staff' },
      }),
    });
    expect(generated.status).toBe(201);
    const draft = (await generated.json()) as {
      id: string;
      status: string;
      summary: { lessons: unknown[]; gates: Array<{ passed: boolean }> };
      generation: { generator: string };
    };
    expect(draft.status).toBe('ready');
    expect(draft.generation.generator).toBe('offline');
    expect(draft.summary.gates.every((gate) => gate.passed)).toBe(true);

    const fetched = await app.request(`${base('acme')}/drafts/${draft.id}`);
    expect(fetched.status).toBe(200);
    expect(
      ((await fetched.json()) as { draft: { description: string } }).draft.description,
    ).toMatch(/^For front desk staff:/);

    const yaml = await app.request(`${base('acme')}/drafts/${draft.id}/course-file`);
    expect(yaml.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(await yaml.text()).toMatch(/^format: inflow-course\/1$/m);

    const published = await app.request(`${base('acme')}/drafts/${draft.id}/publish`, {
      method: 'POST',
    });
    expect(published.status).toBe(201);
    expect(await published.json()).toMatchObject({ version: 1, reviewStatus: 'ready' });
  });

  it('an edited course file becomes the next version; the enrolled learner keeps theirs', async () => {
    const { org, versionId } = await enrolledScenario(runtime, quizCourse(), [
      learner({ email: 'ana@example.com' }),
    ]);
    const exported = await app.request(
      `${base(org.slug)}/course-versions/${versionId}/course-file`,
    );
    const edited = (await exported.text()).replace('title: Spills', 'title: Spills and leaks');
    const v1 = await loadCourseVersion(runtime.context.db, versionId);

    const imported = await app.request(`${base(org.slug)}/drafts/import?courseId=${v1?.courseId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: edited,
    });
    expect(imported.status).toBe(201);
    const draft = (await imported.json()) as { id: string };
    // The test fixture's questions do not cite its text, so it is accepted as it is.
    const published = await app.request(`${base(org.slug)}/drafts/${draft.id}/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ acceptReview: true }),
    });
    const next = (await published.json()) as {
      courseId: string;
      versionId: string;
      version: number;
    };

    expect(next).toMatchObject({ courseId: v1?.courseId, version: 2 });
    expect((await loadCourseVersion(runtime.context.db, next.versionId))?.lessons[0]?.title).toBe(
      'Spills and leaks',
    );
    expect((await loadCourseVersion(runtime.context.db, versionId))?.lessons[0]?.title).toBe(
      'Spills',
    );
    const enrolment = await runtime.context.db
      .selectFrom('enrolments')
      .select('courseVersionId')
      .where('organizationId', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(enrolment.courseVersionId).toBe(versionId);
  });

  it('publishes a draft that fails a quality gate only with acceptReview', async () => {
    // One lesson far over the length bound, without questions: two gates fail.
    const body = Array.from({ length: 400 }, () => 'Forklifts stop at every crossing.').join(' ');
    const imported = await app.request(`${base('acme')}/drafts/import`, {
      method: 'POST',
      body: `format: inflow-course/1\ntitle: Long\nlanguage: en\nlessons:\n  - id: l1\n` +
        `    title: One\n    body: ${body}\n`,
    });
    const draft = (await imported.json()) as { id: string; status: string };
    const publish = (payload: unknown) =>
      app.request(`${base('acme')}/drafts/${draft.id}/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });

    const refused = await publish({});
    const accepted = await publish({ acceptReview: true });

    expect(draft.status).toBe('needs_review');
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      error: {
        code: 'unprocessable',
        message: expect.stringContaining(
          '(lesson_length, questions_fit_kind) and was not published',
        ),
        details: {
          failedGates: [
            { gate: 'lesson_length', problems: [expect.objectContaining({ lessonId: 'l1' })] },
            { gate: 'questions_fit_kind', problems: expect.any(Array) },
          ],
        },
      },
    });
    expect(accepted.status).toBe(201);
    expect(await accepted.json()).toMatchObject({ version: 1, reviewStatus: 'needs_review' });
  });

  it('refuses unusable documents with the file and the reason, storing nothing', async () => {
    const before = await count('authoringUploads');

    const scan = await upload('scan.pdf', await buildImageOnlyPdf());
    expect(scan.status).toBe(422);
    expect(await scan.json()).toEqual({
      error: {
        code: 'unprocessable',
        message: expect.stringMatching(/^scan\.pdf: it has no text layer/),
      },
    });

    const big = await upload('big.txt', new Uint8Array(300_000).fill(65));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { message: string } }).error.message).toBe(
      'big.txt: 300000 bytes is over the 200000-byte limit',
    );

    const sheet = await upload('sheet.xlsx', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2]));
    expect(sheet.status).toBe(422);
    expect(await count('authoringUploads')).toBe(before);
  });

  it("answers an invalid course file with every problem's line and field, storing no draft", async () => {
    const before = await count('courseDrafts');
    const response = await app.request(`${base('acme')}/drafts/import`, {
      method: 'POST',
      body: 'format: inflow-course/1\ntitle: T\nlanguage: en\nlessons:\n  - id: l1\n    title: One\n',
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: {
        code: 'unprocessable',
        message: 'The course file has errors; see details.issues (line, field)',
        details: { issues: [{ line: 5, field: 'lessons[0].body', message: 'is required' }] },
      },
    });
    expect(await count('courseDrafts')).toBe(before);
  });

  it('answers 404 for an unknown organization or draft, and 400 for a bad request', async () => {
    expect((await upload('a.txt', new Uint8Array([65]), 'nobody')).status).toBe(404);
    expect(
      (await app.request(`${base('acme')}/drafts/00000000-0000-4000-8000-000000000000`)).status,
    ).toBe(404);
    const bad = await app.request(`${base('acme')}/drafts`, {
      method: 'POST',
      body: JSON.stringify({ uploadIds: ['not-a-uuid'] }),
    });
    expect(bad.status).toBe(400);
  });
});
