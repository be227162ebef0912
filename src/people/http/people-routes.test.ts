import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishCourse } from '../../courses/course-repository.ts';
import { readingCourse } from '../../../test/support/course-fixtures.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { createScimApp } from '../scim/scim-app.ts';
import { createPeopleRoutes } from './people-routes.ts';

describe(`people REST routes on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let server: Hono<{ Variables: { actor?: string } }>;
  let versionId: string;
  let organizationId: string;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    organizationId = (
      await createOrganization(runtime.context.db, { name: 'Rest Co', slug: 'rest-co' })
    ).id;
    versionId = (await publishCourse(runtime.context.db, organizationId, readingCourse(2)))
      .versionId;
    server = new Hono<{ Variables: { actor?: string } }>();
    // The lead's authentication would set who is calling; the audit trail records it.
    server.use('/api/*', async (c, next) => {
      const actor = c.req.header('x-test-admin');
      if (actor) c.set('actor', `admin:${actor}`);
      await next();
    });
    server.route('/api/v1/organizations/:org', createPeopleRoutes(runtime.context));
    server.route('/scim/v2/:org', createScimApp(runtime.context));
  });
  afterAll(() => runtime.close());

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const isText = typeof body === 'string';
    const response = await server.request(
      `https://inflow.test/api/v1/organizations/rest-co${path}`,
      {
        method,
        headers: { 'Content-Type': isText ? 'text/csv' : 'application/json', ...headers },
        ...(body === undefined ? {} : { body: isText ? body : JSON.stringify(body) }),
      },
    );
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : null,
    };
  };

  const roster = [
    'employee id,email,name,timezone,department,hire date',
    'E1,ana@rest.example,Ana,Europe/Lisbon,Sales,2026-02-20',
    'E2,bo@rest.example,Bo,Europe/Lisbon,Finance,2020-01-06',
  ].join('\n');

  describe('import', () => {
    it('previews a CSV sent as text/csv without importing it', async () => {
      const reply = await call('POST', '/people/import?dryRun&fileName=staff.csv', roster);

      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ dryRun: true, applied: false, records: 2, errors: [] });
      expect(reply.body.creates).toEqual([
        { line: 2, email: 'ana@rest.example', fullName: 'Ana', employeeId: 'E1' },
        { line: 3, email: 'bo@rest.example', fullName: 'Bo', employeeId: 'E2' },
      ]);
    });

    it('answers 422 with the report when a row is bad, and imports nobody', async () => {
      const reply = await call('POST', '/people/import', `${roster}\nE3,cy@,Cy,UTC,Ops,`);
      const learners = await runtime.context.db.selectFrom('learners').select('id').execute();

      expect(reply.status).toBe(422);
      expect(reply.body.error.code).toBe('unprocessable');
      expect(reply.body.error.details.errors).toMatchObject([{ kind: 'invalid-email', line: 4 }]);
      expect(learners).toEqual([]);
    });

    it('reads a Windows-1252 upload by its bytes and says so in the report', async () => {
      // "Zoë" with ë as Windows-1252 writes it (0xEB), which is not UTF-8.
      const bytes = new Uint8Array([
        ...Buffer.from('email,name,timezone\nzoe@rest.example,Zo'),
        0xeb,
        ...Buffer.from(',UTC\n'),
      ]);
      const response = await server.request(
        'https://inflow.test/api/v1/organizations/rest-co/people/import?dryRun',
        { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: bytes },
      );
      const report = await response.json();

      expect(report.creates).toMatchObject([{ fullName: 'Zoë' }]);
      expect(report.warnings).toEqual([
        {
          line: null,
          message:
            'the file is not UTF-8; read as Windows-1252 (Western European); ' +
            'check names with accents',
        },
      ]);
    });

    it('names the API fields that give a person without a zone one', async () => {
      const reply = await call('POST', '/people/import?dryRun', 'email,name\nzed@rest.example,Zed');

      expect(reply.body.errors).toMatchObject([
        {
          kind: 'missing-value',
          line: 2,
          column: 'timezone',
          reason:
            'no time zone for this person: add a timezone column, give their location a zone ' +
            'in the mapping (locationTimezones), or set a default time zone (defaultTimezone)',
        },
      ]);
    });

    it('imports from a JSON body, recording the caller in the audit trail', async () => {
      const reply = await call(
        'POST',
        '/people/import',
        { csv: roster, fileName: 'staff.csv' },
        { 'x-test-admin': 'hr@rest.example' },
      );
      const ana = await runtime.context.db
        .selectFrom('learners')
        .select('id')
        .where('email', '=', 'ana@rest.example')
        .executeTakeFirstOrThrow();
      const audit = await call('GET', `/people/learners/${ana.id}/audit`);

      expect(reply.body).toMatchObject({ applied: true });
      expect(audit.body.events).toMatchObject([
        { actor: 'admin:hr@rest.example:staff.csv', action: 'created' },
      ]);
    });

    it('refuses import settings with a zone that is not IANA', async () => {
      const reply = await call('PUT', '/people/import-settings', { defaultTimezone: 'EST' });

      expect(reply.status).toBe(400);
      expect(reply.body.error.details.issues).toMatchObject([{ path: 'body.defaultTimezone' }]);
    });

    it('saves import settings and shows them with the presets', async () => {
      await call('PUT', '/people/import-settings', {
        defaultTimezone: 'Europe/Lisbon',
        defaultCountry: 'pt',
        csvMapping: { preset: 'bamboohr', locationTimezones: { Porto: 'Europe/Lisbon' } },
      });

      const reply = await call('GET', '/people/import-settings');

      expect(reply.body).toMatchObject({
        defaultTimezone: 'Europe/Lisbon',
        defaultCountry: 'PT',
        csvMapping: { preset: 'bamboohr', locationTimezones: { Porto: 'Europe/Lisbon' } },
      });
      expect(Object.keys(reply.body.presets)).toEqual([
        'bamboohr',
        'workday',
        'entra',
        'hibob',
        'personio',
      ]);
    });
  });

  describe('cohorts and automatic enrolment', () => {
    it('previews who a rule matches', async () => {
      const reply = await call('POST', '/people/cohorts/preview', { rule: 'daysSinceHire le 30' });

      expect(reply.body).toMatchObject({ total: 1, learners: [{ email: 'ana@rest.example' }] });
    });

    it('says what is wrong with a rule', async () => {
      const reply = await call('POST', '/people/cohorts/preview', {
        rule: 'department equals "x"',
      });

      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toContain('expected an operator');
    });

    it('creates a rule cohort, refuses its name twice, and enrols by rule', async () => {
      const cohort = await call('POST', '/people/cohorts', {
        name: 'Sales',
        rule: 'department eq "Sales"',
      });
      const again = await call('POST', '/people/cohorts', { name: 'Sales', rule: 'department pr' });
      const rule = await call('POST', '/people/auto-enrolment-rules', {
        name: 'Sales course',
        cohortId: cohort.body.cohortId,
        courseVersionId: versionId,
        sendTime: '09:00',
        days: 'weekdays',
        enrolCurrentMembers: true,
      });
      const enrolments = await runtime.context.db
        .selectFrom('enrolments')
        .select('learnerId')
        .execute();

      expect(cohort).toMatchObject({ status: 201, body: { members: 1 } });
      expect(again.status).toBe(409);
      expect(rule.status).toBe(201);
      expect(enrolments).toHaveLength(1);
    });

    it('explains every problem of a bad automatic enrolment rule', async () => {
      const reply = await call('POST', '/people/auto-enrolment-rules', {
        name: 'Broken',
        cohortId: '7d0c1a52-0000-4000-8000-000000000001',
        courseVersionId: versionId,
        sendTime: '9am',
        days: 'weekdays',
      });

      expect(reply.status).toBe(400);
      expect(reply.body.error.details.problems).toEqual([
        'sendTime "9am" must be a 24-hour time "HH:MM", such as "09:00"',
        'no cohort 7d0c1a52-0000-4000-8000-000000000001 in this organization',
      ]);
    });

    it('deactivates a rule, and says 404 for one that does not exist', async () => {
      const { body } = await call('GET', '/people/auto-enrolment-rules');
      const id = body.rules[0].id as string;

      expect((await call('POST', `/people/auto-enrolment-rules/${id}/deactivate`)).status).toBe(
        204,
      );
      expect((await call('POST', '/people/auto-enrolment-rules/nope/deactivate')).status).toBe(404);
    });
  });

  describe("a learner's privacy and channels", () => {
    const bo = async () =>
      (
        await runtime.context.db
          .selectFrom('learners')
          .select('id')
          .where('email', '=', 'bo@rest.example')
          .executeTakeFirstOrThrow()
      ).id;

    it('links a Slack id and records consent through one request', async () => {
      const reply = await call('PUT', `/people/learners/${await bo()}/channels/slack`, {
        address: 'U0BOBOBO',
        consent: { status: 'granted', source: 'Slack onboarding DM' },
      });

      expect(reply.status).toBe(200);
      expect(reply.body.channels).toContainEqual({
        channel: 'slack',
        address: 'U0BOBOBO',
        consent: {
          status: 'granted',
          source: 'Slack onboarding DM',
          recordedAt: '2026-03-02T00:00:00.000Z',
        },
      });
    });

    it('exports the learner as a JSON download', async () => {
      const reply = await call('GET', `/people/learners/${await bo()}/export`);

      expect(reply.headers.get('Content-Disposition')).toContain('attachment; filename="learner-');
      expect(reply.body).toMatchObject({ learner: { email: 'bo@rest.example' } });
    });

    it('erases only with confirmation, then the learner is gone', async () => {
      const id = await bo();
      const unconfirmed = await call('POST', `/people/learners/${id}/erase`, {});
      const erased = await call('POST', `/people/learners/${id}/erase`, { confirm: true });
      const after = await call('GET', `/people/learners/${id}/export`);

      expect(unconfirmed.status).toBe(400);
      expect(erased).toMatchObject({ status: 200, body: { learnerId: id } });
      expect(after.status).toBe(404);
    });
  });

  it('rotates the SCIM token and gives the base URL the identity provider needs', async () => {
    const reply = await call('POST', '/people/scim-token');
    const scim = await server.request(`${reply.body.scimBaseUrl}/Users`, {
      headers: { Authorization: `Bearer ${reply.body.token}` },
    });

    expect(reply.status).toBe(201);
    expect(reply.body.scimBaseUrl).toBe('https://inflow.test/scim/v2/rest-co');
    expect(reply.body.token).toMatch(/^inflow_scim_[\w-]{43}$/);
    expect(scim.status).toBe(200);
  });

  it('says 404 for an organization that does not exist', async () => {
    const response = await server.request(
      'https://inflow.test/api/v1/organizations/nobody/people/sync',
      {
        method: 'POST',
      },
    );

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
