import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { ERASED_NAME } from '../privacy/learner-erasure.ts';
import { SCHEMA } from './scim-schema.ts';
import {
  filterQuery,
  scimFixture,
  scimTestClient,
  type ScimTestClient,
} from './scim-test-client.ts';

describe(`provisioning sequences replayed on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(() => runtime.close());

  const learner = (id: string) =>
    runtime.context.db
      .selectFrom('learners')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const members = async (cohortId: string) =>
    (
      await runtime.context.db
        .selectFrom('cohortMembers')
        .select('learnerId')
        .where('cohortId', '=', cohortId)
        .execute()
    ).map((row) => row.learnerId);

  describe('as Okta sends it', () => {
    let okta: ScimTestClient;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      okta = await scimTestClient(runtime, 'okta-co');
    });

    it('1. looks the user up by userName, finds nobody, and creates them', async () => {
      const lookup = await okta.call(
        'GET',
        `/Users?${filterQuery('userName eq "dana.lee@okta.example"')}&startIndex=1&count=100`,
      );
      const created = await okta.call('POST', '/Users', scimFixture('okta-create-user.json'));
      ids.user = String(created.body.id);

      expect(lookup.body).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ userName: 'dana.lee@okta.example', active: true });
      expect(await learner(ids.user)).toMatchObject({
        fullName: 'Dana Lee',
        email: 'dana.lee@okta.example',
        userName: 'dana.lee@okta.example',
        scimExternalId: '00ujl29u0le5T6Aj10h7',
        locale: 'en-US',
        status: 'active',
      });
      expect(JSON.stringify(await learner(ids.user))).not.toContain('1mz050nq');
    });

    it('2. finds the user by userName in any case, as the next sync does', async () => {
      const lookup = await okta.call(
        'GET',
        `/Users?${filterQuery('userName eq "DANA.LEE@okta.example"')}`,
      );

      expect(lookup.body).toMatchObject({ totalResults: 1 });
      expect((lookup.body.Resources as { id: string }[])[0]?.id).toBe(ids.user);
    });

    it('3. updates the profile with a full PUT', async () => {
      const replaced = await okta.call(
        'PUT',
        `/Users/${ids.user}`,
        scimFixture('okta-replace-user.json', { userId: ids.user as string }),
      );

      expect(replaced.status).toBe(200);
      expect(await learner(ids.user as string)).toMatchObject({
        fullName: 'Dana Lee-Park',
        title: 'Account Executive',
        timezone: 'America/Chicago',
        department: 'Sales',
        externalId: 'E-1001',
      });
    });

    it('4. pushes a group and adds the user to it', async () => {
      const group = await okta.call('POST', '/Groups', scimFixture('okta-create-group.json'));
      ids.group = String(group.body.id);
      const added = await okta.call(
        'PATCH',
        `/Groups/${ids.group}`,
        scimFixture('okta-group-add-member.json', { userId: ids.user as string }),
      );
      const user = await okta.call('GET', `/Users/${ids.user}`);

      expect(group.status).toBe(201);
      expect(added.status).toBe(204);
      expect(await members(ids.group)).toEqual([ids.user]);
      expect(user.body.groups).toMatchObject([{ value: ids.group, display: 'Sales EMEA' }]);
    });

    it('5. sets the manager', async () => {
      const manager = await okta.call('POST', '/Users', scimFixture('okta-manager-user.json'));
      ids.manager = String(manager.body.id);

      const patched = await okta.call(
        'PATCH',
        `/Users/${ids.user}`,
        scimFixture('okta-set-manager.json', { managerId: ids.manager }),
      );

      expect(patched.body[SCHEMA.enterprise]).toMatchObject({
        manager: { value: ids.manager, displayName: 'Maria Ortiz' },
      });
      expect(await learner(ids.user as string)).toMatchObject({
        managerId: ids.manager,
        managerEmail: 'maria.ortiz@okta.example',
      });
    });

    it('6. renames the group, repeating its id as Okta does', async () => {
      const renamed = await okta.call(
        'PATCH',
        `/Groups/${ids.group}`,
        scimFixture('okta-group-rename.json', { groupId: ids.group as string }),
      );
      const group = await okta.call('GET', `/Groups/${ids.group}`);

      expect(renamed.status).toBe(204);
      expect(group.body).toMatchObject({ displayName: 'Sales Europe' });
    });

    it('7. deactivates and reactivates the user', async () => {
      const off = await okta.call(
        'PATCH',
        `/Users/${ids.user}`,
        scimFixture('okta-deactivate-user.json'),
      );
      const statusOff = (await learner(ids.user as string)).status;
      const on = await okta.call(
        'PATCH',
        `/Users/${ids.user}`,
        scimFixture('okta-reactivate-user.json'),
      );

      expect(off.body.active).toBe(false);
      expect(statusOff).toBe('inactive');
      expect(on.body.active).toBe(true);
      expect((await learner(ids.user as string)).status).toBe('active');
    });

    it('8. removes the user from the group', async () => {
      const removed = await okta.call(
        'PATCH',
        `/Groups/${ids.group}`,
        scimFixture('okta-group-remove-member.json', { userId: ids.user as string }),
      );

      expect(removed.status).toBe(204);
      expect(await members(ids.group as string)).toEqual([]);
    });

    it('9. deletes the user: erased, gone from SCIM, the manager link cleared', async () => {
      const deleted = await okta.call('DELETE', `/Users/${ids.manager}`);
      const after = await okta.call('GET', `/Users/${ids.manager}`);

      expect(deleted.status).toBe(204);
      expect(after.status).toBe(404);
      expect(await learner(ids.manager as string)).toMatchObject({
        fullName: ERASED_NAME,
        status: 'offboarded',
        userName: null,
      });
      expect(await learner(ids.user as string)).toMatchObject({
        managerId: null,
        managerEmail: null,
      });
    });
  });

  describe('as Entra ID sends it', () => {
    let entra: ScimTestClient;
    const ids: Record<string, string> = {};
    const userName = 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee';
    const workEmail = 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com';
    beforeAll(async () => {
      entra = await scimTestClient(runtime, 'entra-co');
    });

    it('1. queries by userName, finds nobody, and creates the user', async () => {
      const lookup = await entra.call('GET', `/Users?${filterQuery(`userName eq "${userName}"`)}`);
      const created = await entra.call('POST', '/Users', scimFixture('entra-create-user.json'));
      ids.user = String(created.body.id);

      expect(lookup.body).toMatchObject({ totalResults: 0, Resources: [] });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        userName,
        externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
        active: true,
        name: {
          formatted: 'givenName familyName',
          familyName: 'familyName',
          givenName: 'givenName',
        },
        // Returned as sent; the learner's copy is lower-cased for matching.
        emails: [
          {
            primary: true,
            type: 'work',
            value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com',
          },
        ],
      });
      expect(await learner(ids.user)).toMatchObject({
        email: 'test_user_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com',
        fullName: 'givenName familyName',
      });
    });

    it('2. finds the user by externalId and by the work email filter', async () => {
      const byExternalId = await entra.call(
        'GET',
        `/Users?${filterQuery('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`,
      );
      const byEmail = await entra.call(
        'GET',
        `/Users?${filterQuery(`emails[type eq "work"].value eq "${workEmail.toLowerCase()}"`)}`,
      );

      expect(byExternalId.body).toMatchObject({ totalResults: 1 });
      expect(byEmail.body).toMatchObject({ totalResults: 1 });
    });

    it('3. replaces the work email and family name through filtered paths', async () => {
      const patched = await entra.call(
        'PATCH',
        `/Users/${ids.user}`,
        scimFixture('entra-patch-user-multivalued.json'),
      );

      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        name: { familyName: 'updatedFamilyName', givenName: 'givenName' },
        emails: [{ value: 'updatedEmail@microsoft.com', type: 'work', primary: true }],
      });
      expect((await learner(ids.user as string)).email).toBe('updatedemail@microsoft.com');
    });

    it('4. replaces several attributes in one path-less operation (flag on)', async () => {
      const patched = await entra.call(
        'PATCH',
        `/Users/${ids.user}`,
        scimFixture('entra-replace-attributes.json'),
      );

      expect(patched.body).toMatchObject({
        displayName: 'Bjfe',
        name: { givenName: 'Kkom', familyName: 'Unua' },
        emails: [{ value: 'TestMhvaes@test.microsoft.com', type: 'work' }],
        [SCHEMA.enterprise]: { employeeNumber: 'Aklq' },
      });
      expect(await learner(ids.user as string)).toMatchObject({
        fullName: 'Bjfe',
        externalId: 'Aklq',
        email: 'testmhvaes@test.microsoft.com',
      });
    });

    it('5. creates a group, finds it by name without members, adds the user', async () => {
      const group = await entra.call('POST', '/Groups', scimFixture('entra-create-group.json'));
      ids.group = String(group.body.id);
      const lookup = await entra.call(
        'GET',
        `/Groups?excludedAttributes=members&${filterQuery('displayName eq "displayName"')}`,
      );
      const added = await entra.call(
        'PATCH',
        `/Groups/${ids.group}`,
        scimFixture('entra-group-add-member.json', { userId: ids.user as string }),
      );

      expect(group.body).toMatchObject({
        externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
        members: [],
      });
      expect(lookup.body).toMatchObject({ totalResults: 1 });
      expect((lookup.body.Resources as Record<string, unknown>[])[0]).not.toHaveProperty('members');
      expect(added.status).toBe(204);
      expect(await members(ids.group)).toEqual([ids.user]);
    });

    it('6. checks membership by filter, then removes the member by value list', async () => {
      const check = await entra.call(
        'GET',
        `/Groups?${filterQuery(`id eq "${ids.group}" and members[value eq "${ids.user}"]`)}`,
      );
      const removed = await entra.call(
        'PATCH',
        `/Groups/${ids.group}`,
        scimFixture('entra-group-remove-member.json', { userId: ids.user as string }),
      );

      expect(check.body).toMatchObject({ totalResults: 1 });
      expect(removed.status).toBe(204);
      expect(await members(ids.group as string)).toEqual([]);
    });

    it('7. sets the manager from a bare id', async () => {
      const managerBody = scimFixture('entra-create-user.json') as Record<string, unknown>;
      managerBody.userName = 'manager@testuser.com';
      managerBody.externalId = 'mgr-1';
      managerBody.emails = [{ primary: true, type: 'work', value: 'manager@testuser.com' }];
      const manager = await entra.call('POST', '/Users', managerBody);
      ids.manager = String(manager.body.id);

      await entra.call(
        'PATCH',
        `/Users/${ids.user}`,
        scimFixture('entra-set-manager.json', { managerId: ids.manager }),
      );

      expect((await learner(ids.user as string)).managerId).toBe(ids.manager);
    });

    it('8. disables with "False", re-enables with "True", disables with false', async () => {
      const path = `/Users/${ids.user}`;
      const states: unknown[] = [];
      for (const fixture of [
        'entra-disable-user-legacy.json',
        'entra-enable-user-legacy.json',
        'entra-disable-user.json',
      ]) {
        const reply = await entra.call('PATCH', path, scimFixture(fixture));
        states.push([reply.status, reply.body.active, (await learner(ids.user as string)).status]);
      }

      expect(states).toEqual([
        [200, false, 'inactive'],
        [200, true, 'active'],
        [200, false, 'inactive'],
      ]);
    });

    it('9. still returns the disabled user, and deletes them for good', async () => {
      const disabled = await entra.call('GET', `/Users/${ids.user}`);
      const deleted = await entra.call('DELETE', `/Users/${ids.user}`);
      const again = await entra.call('DELETE', `/Users/${ids.user}`);

      expect(disabled).toMatchObject({ status: 200, body: { active: false } });
      expect(deleted.status).toBe(204);
      expect(again.status).toBe(404);
    });
  });
});
