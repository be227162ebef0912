import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { SCHEMA } from './scim-schema.ts';
import { scimTestClient, type ScimTestClient } from './scim-test-client.ts';

const user = (name: string, mobile?: string) => ({
  schemas: [SCHEMA.user],
  userName: `${name}@idp.example`,
  name: { givenName: name, familyName: 'Test' },
  emails: [{ primary: true, value: `${name}@idp.example`, type: 'work' }],
  timezone: 'America/Chicago',
  active: true,
  ...(mobile === undefined ? {} : { phoneNumbers: [{ value: mobile, type: 'mobile' }] }),
});

const replacePhone = (mobile: string) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [{ op: 'replace', path: 'phoneNumbers', value: [{ value: mobile, type: 'mobile' }] }],
});

const TAKEN = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
  status: '409',
  scimType: 'uniqueness',
  detail:
    'phoneNumbers: phone number +14155550100 already belongs to ana@idp.example; two ' +
    'people cannot share a number, because their SMS and WhatsApp replies could not be ' +
    'told apart; give each user their own mobile number in the identity provider',
};

describe(`SCIM refuses a phone number another user has, on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let idp: ScimTestClient;
  let boId: string;
  beforeAll(async () => {
    runtime = await startTestRuntime();
    idp = await scimTestClient(runtime, 'phone-idp');
    await idp.call('POST', '/Users', user('ana', '+1 415 555 0100'));
    boId = String((await idp.call('POST', '/Users', user('bo', '+1 415 555 0199'))).body.id);
  });
  afterAll(() => runtime.close());

  const phoneOf = async (id: string) =>
    (
      await runtime.context.db
        .selectFrom('learners')
        .select('phone')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).phone;

  it('answers a create with 409 uniqueness (RFC 7644 §3.3) and creates nobody', async () => {
    const reply = await idp.call('POST', '/Users', user('cy', '(415) 555-0100'));
    const found = await idp.call('GET', '/Users?filter=userName%20eq%20%22cy@idp.example%22');

    expect(reply.status).toBe(409);
    expect(reply.body).toEqual(TAKEN);
    expect(found.body).toMatchObject({ totalResults: 0 });
  });

  it('answers a replace with 409 and keeps the number the user had', async () => {
    const reply = await idp.call('PUT', `/Users/${boId}`, user('bo', '+14155550100'));

    expect(reply).toMatchObject({ status: 409, body: TAKEN });
    expect(await phoneOf(boId)).toBe('+14155550199');
  });

  it('answers a patch with 409 and keeps the number the user had', async () => {
    const reply = await idp.call('PATCH', `/Users/${boId}`, replacePhone('+1 415-555-0100'));

    expect(reply).toMatchObject({ status: 409, body: TAKEN });
    expect(await phoneOf(boId)).toBe('+14155550199');
  });

  it('gives a number once its holder has been erased', async () => {
    const dee = await idp.call('POST', '/Users', user('dee', '+1 415 555 0142'));
    await idp.call('DELETE', `/Users/${String(dee.body.id)}`);

    const reply = await idp.call('PATCH', `/Users/${boId}`, replacePhone('+1 415 555 0142'));

    expect(reply.status).toBe(200);
    expect(await phoneOf(boId)).toBe('+14155550142');
  });

  it('still deactivates users who shared a number before the rule', async () => {
    const { db } = runtime.context;
    // Written directly: stored before imports, SCIM and the API refused shared numbers.
    await db
      .updateTable('learners')
      .set({ phone: '+14155550100' })
      .where('id', '=', boId)
      .execute();

    const reply = await idp.call('PATCH', `/Users/${boId}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value: { active: false } }],
    });

    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ active: false });
  });
});
