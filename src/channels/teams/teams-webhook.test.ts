import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { silentLogger } from '../../shared/logger.ts';
import type { Channel, WebhookRequest } from '../channel.ts';
import { teamsChannelFactory } from './teams-factory.ts';
import { FakeBotFramework, type FakeTeamsUser } from './testing/fake-bot-framework.ts';

const APP = { appId: '11111111-2222-3333-4444-555555555555', appPassword: 'fake-secret-webhook' };
const ANA: FakeTeamsUser = {
  id: '29:1FAKEuserID',
  aadObjectId: 'aad-ana-0001',
  name: 'Ana Silva',
  conversationId: 'a:1FAKEconversationID',
};

describe(`Teams messaging endpoint authentication (${storageUnderTest})`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let fake: FakeBotFramework;
  let channel: Channel;
  let organizationId: string;
  let webChatOnly: ReturnType<FakeBotFramework['addSigningKey']>;

  const request = (activity: Record<string, unknown>, authorization?: string): WebhookRequest => ({
    url: `https://inflow.example.com/webhooks/teams/${organizationId}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    rawBody: JSON.stringify(activity),
  });
  const storedReferences = async () =>
    (await runtime.context.db.selectFrom('teamsConversationReferences').selectAll().execute())
      .length;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    fake = await FakeBotFramework.start(APP);
    // Published before the first token is checked: the SDK caches the JWKS for a day.
    webChatOnly = fake.addSigningKey(['webchat']);
    organizationId = (await createOrganization(runtime.context.db, { name: 'Acme' })).id;
    channel = teamsChannelFactory.create(APP, {
      organizationId,
      db: runtime.context.db,
      logger: silentLogger,
      clock: runtime.clock,
      apiBaseUrls: { teamsLogin: fake.loginBaseUrl, teamsOpenIdMetadata: fake.openIdMetadataUrl },
    });
  });
  afterAll(async () => {
    await fake?.close();
    await runtime?.close();
  });

  it('accepts an activity signed by the Bot Connector for this bot and URL', async () => {
    const activity = fake.message(ANA, 'amer', 'hello');
    const token = fake.signToken({ serviceUrl: fake.serviceUrl('amer') });

    const result = await channel.receiveWebhook(request(activity, `Bearer ${token}`), now());

    expect(result).toMatchObject({
      ok: true,
      value: {
        response: { status: 200 },
        events: [
          {
            kind: 'message',
            message: { channel: 'teams', sender: ANA.aadObjectId, text: 'hello' },
          },
        ],
      },
    });
    expect(await storedReferences()).toBe(1);
  });

  it.each([
    ['no Authorization header', () => undefined, /no Bot Framework bearer token/],
    ['a scheme other than Bearer', () => `Basic ${btoa('a:b')}`, /no Bot Framework bearer/],
    [
      'a token signed by a key not in the JWKS',
      () => `Bearer ${signedWithStrangerKey()}`,
      /invalid signature/,
    ],
    [
      'a token for another bot (audience)',
      () => `Bearer ${sign({ audience: 'other-app' })}`,
      /Invalid AppId passed on token: other-app/,
    ],
    [
      'a token from another issuer',
      () => `Bearer ${sign({ issuer: 'https://evil.example' })}`,
      /No valid identity/,
    ],
    [
      'a token issued for another service URL',
      () => `Bearer ${sign({ serviceUrl: 'https://smba.example.net/emea/' })}`,
      /ServiceUrl claim do not match/,
    ],
    [
      'a stale token, expired ten minutes ago (beyond the five-minute skew)',
      () => `Bearer ${sign({ expiresIn: -600 })}`,
      /token has expired/,
    ],
    [
      'a token whose key is endorsed for Web Chat only, on a Teams activity',
      () => `Bearer ${sign({}, webChatOnly)}`,
      /Could not validate endorsement/,
    ],
  ])('answers 401 to %s and stores nothing', async (_label, authorization, reason) => {
    const before = await storedReferences();
    const activity = fake.message({ ...ANA, conversationId: 'a:other' }, 'amer', 'B');

    const result = await channel.receiveWebhook(request(activity, authorization()), now());

    expect(result).toMatchObject({ ok: false, error: { status: 401 } });
    expect(result.ok ? '' : result.error.reason).toMatch(reason);
    expect(await storedReferences()).toBe(before);
  });

  it('answers 400 to a body that is not an activity, before looking at any token', async () => {
    const notJson = await channel.receiveWebhook({ ...request({}), rawBody: '<xml/>' }, now());
    const noConversation = await channel.receiveWebhook(request({ type: 'message' }), now());

    expect(notJson).toMatchObject({ ok: false, error: { status: 400 } });
    expect(noConversation).toMatchObject({ ok: false, error: { status: 400 } });
  });

  it('refuses, as a single-tenant bot, an activity from another tenant', async () => {
    const singleTenant = teamsChannelFactory.create(
      { ...APP, tenantId: '99999999-0000-0000-0000-000000000009' },
      {
        organizationId,
        db: runtime.context.db,
        logger: silentLogger,
        clock: runtime.clock,
        apiBaseUrls: { teamsLogin: fake.loginBaseUrl, teamsOpenIdMetadata: fake.openIdMetadataUrl },
      },
    );
    const activity = fake.message({ ...ANA, conversationId: 'a:tenant' }, 'amer', 'B');
    const token = fake.signToken({ serviceUrl: fake.serviceUrl('amer') });

    const result = await singleTenant.receiveWebhook(request(activity, `Bearer ${token}`), now());

    expect(result).toMatchObject({ ok: false, error: { status: 403 } });
  });

  it('answers 405 to a GET', async () => {
    const result = await channel.receiveWebhook({ ...request({}), method: 'GET' }, now());

    expect(result).toMatchObject({ ok: false, error: { status: 405 } });
  });

  function now(): Date {
    return runtime.clock.now();
  }

  function sign(
    claims: { audience?: string; issuer?: string; serviceUrl?: string; expiresIn?: number },
    key?: { key: ReturnType<typeof generateKeyPairSync>['privateKey']; keyId: string },
  ): string {
    return fake.signToken({ serviceUrl: fake.serviceUrl('amer'), ...claims }, key ?? {});
  }

  function signedWithStrangerKey(): string {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return fake.signToken({ serviceUrl: fake.serviceUrl('amer') }, { key: privateKey });
  }
});
