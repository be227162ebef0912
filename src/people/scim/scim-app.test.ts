import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { SCHEMA } from './scim-schema.ts';
import {
  filterQuery,
  scimFixture,
  scimTestClient,
  type ScimTestClient,
} from './scim-test-client.ts';
import { rotateScimToken } from './scim-tokens.ts';

describe(`SCIM protocol on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let scim: ScimTestClient;
  beforeAll(async () => {
    runtime = await startTestRuntime();
    scim = await scimTestClient(runtime, 'protocol-co');
  });
  afterAll(() => runtime.close());

  const learnerCount = async () =>
    (
      await runtime.context.db
        .selectFrom('learners')
        .select('id')
        .where('organizationId', '=', scim.organizationId)
        .execute()
    ).length;

  const user = (userName: string, extra: Record<string, unknown> = {}) => ({
    schemas: [SCHEMA.user],
    userName,
    emails: [{ value: userName, type: 'work', primary: true }],
    ...extra,
  });

  describe('authentication', () => {
    it('answers 401 with a SCIM error and a Bearer challenge without a token', async () => {
      const reply = await scim.call('GET', '/Users', undefined, 'wrong');

      expect(reply.status).toBe(401);
      expect(reply.headers.get('WWW-Authenticate')).toBe('Bearer realm="Inflow SCIM"');
      expect(reply.headers.get('Content-Type')).toBe('application/scim+json; charset=utf-8');
      expect(reply.body).toEqual({
        schemas: [SCHEMA.error],
        status: '401',
        detail: 'a valid bearer token is required',
      });
    });

    it("refuses another organization's token", async () => {
      const other = await scimTestClient(runtime, 'other-co');

      expect((await scim.call('GET', '/Users', undefined, other.token)).status).toBe(401);
    });

    it('refuses the old token once rotated, and takes the new one', async () => {
      const client = await scimTestClient(runtime, 'rotating-co');
      const fresh = await rotateScimToken(
        runtime.context.db,
        client.organizationId,
        runtime.clock.now(),
      );

      expect((await client.call('GET', '/Users')).status).toBe(401);
      expect((await client.call('GET', '/Users', undefined, fresh)).status).toBe(200);
    });
  });

  describe('discovery', () => {
    it('announces patch and filtering, no bulk, no sort, and a bearer token', async () => {
      const reply = await scim.call('GET', '/ServiceProviderConfig');

      expect(reply.body).toMatchObject({
        patch: { supported: true },
        bulk: { supported: false },
        filter: { supported: true, maxResults: 200 },
        sort: { supported: false },
        etag: { supported: false },
        changePassword: { supported: false },
        authenticationSchemes: [{ type: 'oauthbearertoken' }],
      });
    });

    it('lists the User and Group resource types with their extensions', async () => {
      const reply = await scim.call('GET', '/ResourceTypes');

      expect(reply.body).toMatchObject({ totalResults: 2 });
      expect(reply.body.Resources).toMatchObject([
        {
          id: 'User',
          endpoint: '/Users',
          schema: SCHEMA.user,
          schemaExtensions: [
            { schema: SCHEMA.enterprise, required: false },
            { schema: SCHEMA.inflow, required: false },
          ],
        },
        { id: 'Group', endpoint: '/Groups', schema: SCHEMA.group },
      ]);
    });

    it('serves each schema, also by its URN, and in lower-case paths', async () => {
      const all = await scim.call('GET', '/schemas');
      const enterprise = await scim.call('GET', `/Schemas/${SCHEMA.enterprise}`);

      expect((all.body.Resources as { id: string }[]).map((schema) => schema.id)).toEqual([
        SCHEMA.user,
        SCHEMA.enterprise,
        SCHEMA.inflow,
        SCHEMA.group,
      ]);
      expect((enterprise.body.attributes as { name: string }[]).map((a) => a.name)).toEqual([
        'employeeNumber',
        'costCenter',
        'organization',
        'division',
        'department',
        'manager',
      ]);
    });

    it('says 501 for bulk, which it does not support', async () => {
      const reply = await scim.call('POST', '/Bulk', { schemas: [] });

      expect(reply.status).toBe(501);
      expect(reply.body).toMatchObject({ status: '501' });
    });
  });

  describe('pagination (pitfall SC-05)', () => {
    let client: ScimTestClient;
    beforeAll(async () => {
      client = await scimTestClient(runtime, 'two-users');
      // Users are listed oldest first, ties broken by id: a stable order across pages.
      await client.call('POST', '/Users', user('first@two.example'));
      runtime.clock.advance(1000);
      await client.call('POST', '/Users', user('second@two.example'));
    });
    const page = async (query: string) => {
      const { body } = await client.call('GET', `/Users${query}`);
      const resources = body.Resources as { userName: string }[];
      return { ...body, Resources: resources.map((resource) => resource.userName) };
    };

    it.each([
      [
        '?startIndex=101&count=100',
        { totalResults: 2, startIndex: 101, itemsPerPage: 0, Resources: [] },
      ],
      [
        '',
        {
          totalResults: 2,
          startIndex: 1,
          itemsPerPage: 2,
          Resources: ['first@two.example', 'second@two.example'],
        },
      ],
      [
        '?startIndex=2&count=1',
        { totalResults: 2, startIndex: 2, itemsPerPage: 1, Resources: ['second@two.example'] },
      ],
      ['?count=0', { totalResults: 2, startIndex: 1, itemsPerPage: 0, Resources: [] }],
      [
        '?startIndex=0&count=10',
        {
          totalResults: 2,
          startIndex: 1,
          itemsPerPage: 2,
          Resources: ['first@two.example', 'second@two.example'],
        },
      ],
    ])('GET /Users%s', async (query, expected) => {
      expect(await page(query)).toEqual({ schemas: [SCHEMA.listResponse], ...expected });
    });

    it('refuses a count that is not a number', async () => {
      const reply = await client.call('GET', '/Users?count=ten');

      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ scimType: 'invalidValue' });
    });
  });

  describe('bad requests change nothing and say why', () => {
    it.each([
      [
        'a filter that cannot be read',
        'GET',
        `/Users?${filterQuery('userName eq')}`,
        undefined,
        'invalidFilter',
        'expected a value',
      ],
      [
        'a filter on an unknown attribute',
        'GET',
        `/Users?${filterQuery('shoeSize eq "9"')}`,
        undefined,
        'invalidFilter',
        '"shoeSize" is not an attribute',
      ],
      [
        'an unknown attribute',
        'POST',
        '/Users',
        user('x@bad.example', { shoeSize: 9 }),
        'invalidSyntax',
        '"shoeSize" is not an attribute',
      ],
      [
        'a wrong type',
        'POST',
        '/Users',
        user('x@bad.example', { active: 'maybe' }),
        'invalidValue',
        '"active" must be true or false',
      ],
      [
        'a missing userName',
        'POST',
        '/Users',
        { schemas: [SCHEMA.user], emails: [{ value: 'x@bad.example' }] },
        'invalidValue',
        'userName is required',
      ],
      [
        'a user without any email',
        'POST',
        '/Users',
        { schemas: [SCHEMA.user], userName: 'bjensen' },
        'invalidValue',
        'a learner needs an email address',
      ],
      [
        'a bad time zone',
        'POST',
        '/Users',
        user('x@bad.example', { timezone: 'Mars/Olympus' }),
        'invalidValue',
        'timezone:',
      ],
      [
        'an unknown extension attribute',
        'POST',
        '/Users',
        user('x@bad.example', { [SCHEMA.enterprise]: { shoeSize: '9' } }),
        'invalidSyntax',
        'known: employeeNumber',
      ],
      ['a body that is not JSON', 'POST', '/Users', '{', 'invalidSyntax', 'not valid JSON'],
    ])('%s: 400 %s', async (_label, method, path, body, scimType, detail) => {
      const before = await learnerCount();

      const reply = await scim.call(method, path, body);

      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ schemas: [SCHEMA.error], status: '400', scimType });
      expect(reply.body.detail).toContain(detail);
      expect(await learnerCount()).toBe(before);
    });

    it('answers 409 uniqueness for a userName or email already taken', async () => {
      await scim.call('POST', '/Users', user('taken@co.example'));

      const sameUserName = await scim.call('POST', '/Users', user('TAKEN@co.example'));
      const sameEmail = await scim.call('POST', '/Users', {
        ...user('someone-else'),
        emails: [{ value: 'Taken@Co.Example', type: 'work' }],
      });

      expect(sameUserName).toMatchObject({ status: 409, body: { scimType: 'uniqueness' } });
      expect(sameEmail).toMatchObject({ status: 409, body: { scimType: 'uniqueness' } });
      expect(sameEmail.body.detail).toContain('is already used by another user');
    });

    it('answers 404 with a SCIM body for an unknown user or group', async () => {
      const missingUser = await scim.call('GET', '/Users/7d0c1a52-0000-4000-8000-000000000009');
      const notAnId = await scim.call('PATCH', '/Groups/not-an-id', {
        schemas: [SCHEMA.patchOp],
        Operations: [{ op: 'replace', path: 'displayName', value: 'x' }],
      });

      expect(missingUser).toMatchObject({ status: 404, body: { status: '404' } });
      expect(notAnId).toMatchObject({ status: 404, body: { status: '404' } });
    });
  });

  describe('groups replaced and deleted', () => {
    it('PUT replaces the name and the members; DELETE removes the group for good', async () => {
      const ann = String((await scim.call('POST', '/Users', user('ann@groups.example'))).body.id);
      const ben = String((await scim.call('POST', '/Users', user('ben@groups.example'))).body.id);
      const created = await scim.call('POST', '/Groups', {
        schemas: [SCHEMA.group],
        displayName: 'Night shift',
        members: [{ value: ann }],
      });
      const id = String(created.body.id);

      const replaced = await scim.call('PUT', `/Groups/${id}`, {
        schemas: [SCHEMA.group],
        displayName: 'Late shift',
        members: [{ value: ben }],
      });
      const deleted = await scim.call('DELETE', `/Groups/${id}`);
      const afterwards = await scim.call('GET', `/Groups/${id}`);
      const again = await scim.call('DELETE', `/Groups/${id}`);
      const cohorts = await runtime.context.db
        .selectFrom('cohorts')
        .select('id')
        .where('id', '=', id)
        .execute();

      expect(replaced).toMatchObject({ status: 200, body: { id, displayName: 'Late shift' } });
      expect((replaced.body.members as { value: string }[]).map((m) => m.value)).toEqual([ben]);
      expect(deleted.status).toBe(204);
      expect(afterwards).toMatchObject({ status: 404, body: { status: '404' } });
      expect(again.status).toBe(404);
      expect(cohorts).toEqual([]);
    });
  });

  describe('RFC 7643 example bodies', () => {
    it('refuses the enterprise user while its manager is not a user here', async () => {
      const reply = await scim.call('POST', '/Users', scimFixture('rfc7643-enterprise-user.json'));

      expect(reply).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } });
      expect(reply.body.detail).toContain('manager "26118915-6090-4610-87e4-49d8ca9f808d"');
    });

    it('creates the enterprise user, kept as sent and normalised for delivery', async () => {
      const body = scimFixture('rfc7643-enterprise-user.json') as Record<
        string,
        Record<string, unknown>
      >;
      delete body[SCHEMA.enterprise]?.manager;

      const reply = await scim.call('POST', '/Users', body);
      const learner = await runtime.context.db
        .selectFrom('learners')
        .selectAll()
        .where('id', '=', String(reply.body.id))
        .executeTakeFirstOrThrow();

      expect(reply.status).toBe(201);
      expect(reply.headers.get('Location')).toBe(
        `https://inflow.test/scim/v2/protocol-co/Users/${String(reply.body.id)}`,
      );
      expect(reply.body).toMatchObject({
        userName: 'bjensen@example.com',
        externalId: '701984',
        displayName: 'Babs Jensen',
        phoneNumbers: [
          { value: '555-555-5555', type: 'work' },
          { value: '555-555-4444', type: 'mobile' },
        ],
        [SCHEMA.enterprise]: { employeeNumber: '701984', department: 'Tour Operations' },
      });
      expect(reply.body).not.toHaveProperty('password');
      expect(learner).toMatchObject({
        fullName: 'Babs Jensen',
        email: 'bjensen@example.com',
        phone: '+15555554444',
        timezone: 'America/Los_Angeles',
        locale: 'en-US',
        title: 'Tour Guide',
        department: 'Tour Operations',
        division: 'Theme Park',
        costCenter: '4130',
        organizationName: 'Universal Studios',
        location: 'Hollywood',
        externalId: '701984',
        scimExternalId: '701984',
      });
      expect(JSON.stringify(learner)).not.toContain('t1meMa$heen');
    });

    it("reads Microsoft's reference body: mixed-case key, null sub-attributes", async () => {
      const reply = await scim.call('POST', '/Users', scimFixture('scimref-user-enterprise.json'));

      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({
        userName: 'enterprise',
        preferredLanguage: 'xh',
        emails: [
          { type: 'work', primary: true, value: 'anna33@mail.example' },
          { type: 'work', primary: false, value: 'anna33@example.com' },
        ],
        [SCHEMA.enterprise]: { department: 'some department' },
      });
      expect(reply.body.addresses).toEqual([
        {
          country: 'Bermuda',
          formatted: '9132 Jennifer Way Suite 040\nSouth Nancy, MI 55645',
          locality: 'West Mercedes',
          postalCode: '99265',
          region: 'Montana',
          streetAddress: '4939 Hess Fork',
          type: 'work',
          primary: false,
        },
        { formatted: '18522 Lisa Unions\nEast Gregory, CT 52311', type: 'other', primary: false },
      ]);
    });

    it('creates the RFC example group with its members resolved to users here', async () => {
      const babs = await scim.call(
        'GET',
        `/Users?${filterQuery('userName eq "bjensen@example.com"')}`,
      );
      const babsId = (babs.body.Resources as { id: string }[])[0]?.id as string;
      const body = scimFixture('rfc7643-group.json') as { members: { value: string }[] };
      body.members = [{ ...body.members[0], value: babsId } as { value: string }];

      const reply = await scim.call('POST', '/Groups', body);

      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({
        displayName: 'Tour Guides',
        members: [{ value: babsId, display: 'Babs Jensen', type: 'User' }],
      });
    });
  });
});
