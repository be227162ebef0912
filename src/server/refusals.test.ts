import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../test/support/test-runtime.ts';
import { createApp } from './app.ts';
import { apiClient, type ErrorBody } from './testing/api-client.ts';
import { COLD_CHAIN_GUIDE, GOOD_ROSTER } from './testing/fixtures.ts';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/** Every refusal has the one error body, a status that says why, and a message to act on. */
describe(`requests the API refuses (${storageUnderTest})`, () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let otherOrganizationsVersion: string;
  const acme = '/api/v1/organizations/acme';

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(createApp(runtime.context));
    await api.post('/api/v1/organizations', { name: 'Acme', slug: 'acme' });
    await api.post('/api/v1/organizations', { name: 'Globex', slug: 'globex' });
    await api.postRaw(`${acme}/learners/import`, GOOD_ROSTER, { 'content-type': 'text/csv' });
    await api.post(`${acme}/cohorts`, { kind: 'rule', name: 'Everyone', rule: {} });
    const published = await api.post<{ versionId: string }>(
      '/api/v1/organizations/globex/courses',
      { sourceName: 'cold-chain.md', format: 'markdown', content: COLD_CHAIN_GUIDE });
    otherOrganizationsVersion = published.body.versionId;
  });
  afterAll(async () => {
    await runtime?.close();
  });

  describe('404 for what does not exist', () => {
    const missing = randomUUID();
    it.each([
      ['an unknown organization', '/api/v1/organizations/initech', 'initech'],
      ['a resource of an unknown organization', '/api/v1/organizations/initech/learners',
        'initech'],
      ['an unknown cohort', `${acme}/cohorts/${missing}/members`, missing],
      ['the report of an unknown course version', `${acme}/course-versions/${missing}/report`,
        missing],
      ['a path nothing is served at', '/api/v1/widgets', '/api/v1/widgets'],
    ])('%s', async (_case, path, named) => {
      const response = await api.get<ErrorBody>(path);

      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
      expect(response.body.error.message).toContain(named);
    });

    it("hides another organization's course version as if it did not exist", async () => {
      const response = await api.get<ErrorBody>(
        `${acme}/course-versions/${otherOrganizationsVersion}`);
      const own = await api.get(
        `/api/v1/organizations/globex/course-versions/${otherOrganizationsVersion}`);

      expect(response.status).toBe(404);
      expect(own.status).toBe(200);
    });
  });

  describe('400 naming the path of every invalid field', () => {
    const someId = randomUUID();
    it.each([
      ['a missing name', 'POST', '/api/v1/organizations', {}, ['body.name']],
      ['a slug with spaces', 'POST', '/api/v1/organizations', { name: 'X', slug: 'Not A Slug' },
        ['body.slug']],
      ['a page too large', 'GET', `${acme}/learners?limit=1000`, undefined, ['query.limit']],
      ['an id that is not a UUID', 'GET', `${acme}/cohorts/42/members`, undefined,
        ['params.cohortId']],
      ['a bad email and an abbreviated timezone', 'POST', `${acme}/learners`,
        { fullName: 'Ana', email: 'ana-at-example', timezone: 'EST' },
        ['body.email', 'body.timezone']],
      ['a phone that cannot be read', 'POST', `${acme}/learners`,
        { fullName: 'Ana', email: 'ana@example.com', timezone: 'UTC', phone: '12' },
        ['body.phone']],
      ['an unknown timezone in a cohort rule', 'POST', `${acme}/cohorts`,
        { kind: 'rule', name: 'Night', rule: { timezone: ['Europe/London', 'Moon/Base'] } },
        ['body.rule.timezone.1']],
      ['a static cohort listing a non-UUID', 'POST', `${acme}/cohorts`,
        { kind: 'static', name: 'Few', learnerIds: ['seven'] }, ['body.learnerIds.0']],
      ['an enrolment naming both a cohort and learners', 'POST', `${acme}/enrolments`,
        { courseVersionId: someId, cohortId: someId, learnerIds: [someId] }, ['body.cohortId']],
      ['an enrolment at "9am"', 'POST', `${acme}/enrolments`,
        { courseVersionId: someId, learnerIds: [someId], sendTime: '9am' }, ['body.sendTime']],
      ['a course in an unsupported format', 'POST', `${acme}/courses`,
        { sourceName: 'a.pdf', format: 'pdf', content: 'text' }, ['body.format']],
      ['an abbreviated default timezone for an import', 'POST',
        `${acme}/learners/import?defaultTimezone=PST`, 'name,email\n', ['query.defaultTimezone']],
    ])('%s', async (_case, method, path, body, paths) => {
      const response = method === 'GET' ? await api.get<ErrorBody>(path)
        : typeof body === 'string'
          ? await api.postRaw<ErrorBody>(path, body, { 'content-type': 'text/csv' })
          : await api.post<ErrorBody>(path, body);

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(response.body.error.details?.issues?.map((issue) => issue.path)).toEqual(paths);
    });

    it('answers malformed JSON with 400, not a crash', async () => {
      const response = await api.postRaw<ErrorBody>('/api/v1/organizations', '{"name": "Ac',
        { 'content-type': 'application/json' });

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('malformed_request');
    });
  });

  it.each([
    ['JSON sent as text/plain', '/api/v1/organizations', '{"name":"Initech"}', 'text/plain'],
    ['a roster sent as JSON', `${acme}/learners/import`, '{"rows":[]}', 'application/json'],
  ])('answers %s with 415', async (_case, path, body, contentType) => {
    const response = await api.postRaw<ErrorBody>(path, body, { 'content-type': contentType });

    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('unsupported_media_type');
  });

  it.each([
    ['a slug already taken', '/api/v1/organizations', { name: 'Acme Two', slug: 'acme' }],
    ['a cohort name already used', `${acme}/cohorts`, { kind: 'rule', name: 'Everyone',
      rule: { department: ['Receiving'] } }],
  ])('answers %s with 409', async (_case, path, body) => {
    const response = await api.post<ErrorBody>(path, body);

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('conflict');
  });

  it('answers 422 listing the ids that are not learners of the organization', async () => {
    const stranger = randomUUID();
    const response = await api.post<ErrorBody & { error: { details: { unknown: string[] } } }>(
      `${acme}/cohorts`, { kind: 'static', name: 'Strangers', learnerIds: [stranger] });

    expect(response.status).toBe(422);
    expect(response.body.error.details.unknown).toEqual([stranger]);
    const cohorts = await api.get<{ items: unknown[] }>(`${acme}/cohorts`);
    expect(cohorts.body.items).toHaveLength(1);
  });

  it('answers 422 when enrolling on a channel this server has not configured', async () => {
    const ownVersion = await api.post<{ versionId: string }>(`${acme}/courses`,
      { sourceName: 'cold-chain.md', format: 'markdown', content: COLD_CHAIN_GUIDE });
    const cohorts = await api.get<{ items: { id: string }[] }>(`${acme}/cohorts`);

    const response = await api.post<ErrorBody>(`${acme}/enrolments`, {
      courseVersionId: ownVersion.body.versionId, cohortId: cohorts.body.items[0]?.id,
      channel: 'whatsapp',
    });

    expect(response.status).toBe(422);
    expect(response.body.error.message).toContain('"whatsapp" is not configured');
  });

  it("answers 422 when learners' preferred channel is not configured and none is given", async () => {
    const ownVersion = await api.post<{ versionId: string }>(`${acme}/courses`,
      { sourceName: 'cold-chain.md', format: 'markdown', content: COLD_CHAIN_GUIDE });
    const cohorts = await api.get<{ items: { id: string }[] }>(`${acme}/cohorts`);

    const response = await api.post<ErrorBody>(`${acme}/enrolments`, {
      courseVersionId: ownVersion.body.versionId, cohortId: cohorts.body.items[0]?.id,
    });
    const enrolments = await api.get<{ items: unknown[] }>(`${acme}/enrolments`);

    expect(response.status).toBe(422);
    expect(response.body.error.message).toMatch(/\d+ prefer "simulator"/);
    expect(enrolments.body.items).toEqual([]);
  });

  it.each([
    ['enrolments', 'active, paused, completed, withdrawn'],
    ['learners', 'active, inactive, offboarded'],
  ])('answers 400 naming the statuses when %s are listed with ?status=bogus', async (list,
    allowed) => {
    // Regression: an unknown status was ignored, and the whole list came back as if filtered.
    const response = await api.get<ErrorBody & { error: { details: { issues: unknown[] } } }>(
      `${acme}/${list}?status=bogus`);

    expect(response.status).toBe(400);
    expect(response.body.error.details.issues).toEqual([
      { path: 'query.status', message: `must be one of ${allowed}` },
    ]);
  });

  it('lists only the learners of the status asked for', async () => {
    await runtime.context.db.updateTable('learners').set({ status: 'inactive' })
      .where('email', '=', 'kofi.mensah@example.com').execute();

    const active = await api.get<{ items: { email: string }[]; total: number }>(
      `${acme}/learners?status=active`);
    const inactive = await api.get<{ items: { email: string }[]; total: number }>(
      `${acme}/learners?status=inactive`);

    expect(active.body.items.map((learner) => learner.email)).toEqual([
      'ines.moreau@example.com', 'lena.vogt@example.com']);
    expect(active.body.total).toBe(2);
    expect(inactive.body.items.map((learner) => learner.email)).toEqual([
      'kofi.mensah@example.com']);
  });

  it.each([
    ['DELETE', '/api/v1/organizations', 'GET, HEAD, POST'],
    ['PUT', `${acme}/learners`, 'GET, HEAD, POST'],
    ['POST', `${acme}/course-versions/${randomUUID()}`, 'GET, HEAD'],
  ])('answers %s %s with 405 and an Allow header', async (method, path, allow) => {
    const response = await api.request<ErrorBody>(path, { method });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(response.body.error).toMatchObject({ code: 'method_not_allowed',
      message: expect.stringContaining(`does not take ${method}; it takes ${allow}`) });
  });

  it('answers 422 listing the failed gates when a generated course needs review', async () => {
    const repeated = Array.from({ length: 300 }, () => 'Forklifts stop at every crossing.');
    const course = { sourceName: 'crossings.md', format: 'markdown',
      content: `# Crossings\n\n${repeated.join(' ')}\n` };

    const refused = await api.post<ErrorBody & { error: { details: { failedGates:
      { gate: string }[] } } }>(`${acme}/courses`, course);
    const courses = await api.get<{ items: { title: string }[] }>(`${acme}/courses`);
    const accepted = await api.post(`${acme}/courses`, { ...course, acceptReview: true });

    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain('and was not published');
    expect(refused.body.error.details.failedGates.map((gate) => gate.gate))
      .toContain('questions_fit_kind');
    expect(courses.body.items.map((item) => item.title)).not.toContain('Crossings');
    expect(accepted).toMatchObject({ status: 201, body: { reviewStatus: 'needs_review' } });
  });

  it('answers 413 to a body over the limit before reading it whole', async () => {
    const response = await api.postRaw<ErrorBody>('/webhooks/sms', 'x'.repeat(1_100_000),
      { 'content-type': 'text/plain' });

    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
  });
});

describe(`text PostgreSQL cannot store (${storageUnderTest})`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(createApp(runtime.context));
  });
  afterAll(() => runtime.close());

  it('answers 400, not 500, to a NUL character in any text', async () => {
    const response = await api.post<ErrorBody>('/api/v1/organizations', { name: 'Nul\u0000Org' });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('NUL character');
    expect((await api.get('/health')).status).toBe(200);
  });
});
