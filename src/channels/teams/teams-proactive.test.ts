import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { silentLogger } from '../../shared/logger.ts';
import type { Channel, SendRequest, WebhookRequest } from '../channel.ts';
import { teamsChannelFactory } from './teams-factory.ts';
import { TM01 } from './fixtures/teams-pitfalls.ts';
import { FakeBotFramework, type FakeTeamsUser } from './testing/fake-bot-framework.ts';

const APP = { appId: TM01.storedReference.bot.id.slice(3), appPassword: 'fake-secret-proactive' };
const LEARNER: FakeTeamsUser = {
  id: TM01.storedReference.user.id,
  aadObjectId: 'aad-1fake-user',
  name: 'Ana Silva',
  conversationId: TM01.storedReference.conversation.id,
};
const LESSON: SendRequest = {
  to: LEARNER.aadObjectId,
  message: { text: 'Lesson 1 of 2: Spills\n\nReport a spill within 30 minutes.' },
  idempotencyKey: 'lesson:1',
};

describe(`Teams proactive messages (${storageUnderTest})`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let fake: FakeBotFramework;
  let organizationId: string;

  /** A fresh adapter on the same database: what a restarted worker builds. */
  const freshChannel = (appPassword = APP.appPassword) =>
    teamsChannelFactory.create(
      { ...APP, appPassword },
      {
        organizationId,
        db: runtime.context.db,
        logger: silentLogger,
        clock: runtime.clock,
        apiBaseUrls: { teamsLogin: fake.loginBaseUrl, teamsOpenIdMetadata: fake.openIdMetadataUrl },
      },
    );
  const deliver = (channel: Channel, activity: Record<string, unknown>) => {
    const token = fake.signToken({ serviceUrl: String(activity.serviceUrl) });
    const request: WebhookRequest = {
      url: 'https://inflow.example.com/webhooks/teams/acme',
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      rawBody: JSON.stringify(activity),
    };
    return channel.receiveWebhook(request, runtime.clock.now());
  };
  const storedServiceUrl = async () =>
    (
      await runtime.context.db
        .selectFrom('teamsConversationReferences')
        .select('serviceUrl')
        .where('conversationId', '=', LEARNER.conversationId)
        .executeTakeFirst()
    )?.serviceUrl;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    fake = await FakeBotFramework.start(APP);
    organizationId = (await createOrganization(runtime.context.db, { name: 'Acme' })).id;
  });
  afterAll(async () => {
    await fake?.close();
    await runtime?.close();
  });

  it('TM-01: reports a learner with no reference as not installed, no crash', async () => {
    const outcome = await freshChannel().send(LESSON);

    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'unreachable',
        reason: 'Teams app not installed for this learner: no chat with the bot to post into yet',
        retryable: false,
        providerCode: 'no_conversation_reference',
      },
    });
    expect(fake.posted).toHaveLength(0);
  });

  it('TM-01: stores the reference on install, moves it to a later service URL', async () => {
    const channel = freshChannel();
    const install = fake.installationUpdate(LEARNER, 'amer');

    await deliver(channel, { ...install, serviceUrl: TM01.storedReference.serviceUrl });
    const atInstall = await storedServiceUrl();
    runtime.clock.advance(60_000);
    const later = fake.message(LEARNER, 'emea', 'hi');
    await deliver(channel, { ...later, serviceUrl: TM01.laterInboundServiceUrl });

    expect(atInstall).toBe('https://smba.trafficmanager.net/amer/');
    expect(await storedServiceUrl()).toBe('https://smba.trafficmanager.net/emea/');
  });

  it('TM-01: after a restart, sends to the latest URL with no new message', async () => {
    fake.moveConversation(LEARNER.conversationId, 'amer');
    await deliver(freshChannel(), fake.installationUpdate(LEARNER, 'amer'));
    runtime.clock.advance(60_000);
    // Teams moves the conversation; the learner's next message arrives from the new region.
    fake.moveConversation(LEARNER.conversationId, 'emea');
    await deliver(freshChannel(), fake.message(LEARNER, 'emea', 'B'));

    const afterRestart = freshChannel();
    const outcome = await afterRestart.send(LESSON);

    expect(outcome).toEqual({ ok: true, value: { providerMessageId: '1:1' } });
    expect(fake.posted).toEqual([
      {
        region: 'emea',
        conversationId: LEARNER.conversationId,
        activity: expect.objectContaining({
          type: 'message',
          text: LESSON.message.text,
          conversation: expect.objectContaining({ id: LEARNER.conversationId }),
          recipient: expect.objectContaining({ id: LEARNER.id }),
        }),
      },
    ]);
    const post = fake.requests.find((request) => request.path.includes('/v3/conversations/'));
    expect(post?.path).toBe(
      `/emea/v3/conversations/${encodeURIComponent(LEARNER.conversationId)}/activities`,
    );
    expect(post?.authorization).toMatch(/^Bearer fake-access-/);
  });

  it('TM-01: an older activity never brings back an old service URL', async () => {
    const channel = freshChannel();
    const before = await storedServiceUrl();
    runtime.clock.advance(-10 * 60_000);

    await deliver(channel, fake.message(LEARNER, 'amer', 'late retry of an old message'));
    runtime.clock.advance(10 * 60_000);

    expect(await storedServiceUrl()).toBe(before);
  });

  it('finds the learner by Teams user id as well as by Entra object id', async () => {
    const outcome = await freshChannel().send({ ...LESSON, to: LEARNER.id, idempotencyKey: 'x' });

    expect(outcome.ok).toBe(true);
  });

  it('stops sending once the learner removes the app, saying it is not installed', async () => {
    const other: FakeTeamsUser = {
      ...LEARNER,
      id: '29:2other',
      aadObjectId: 'aad-other',
      conversationId: 'a:2other',
    };
    fake.moveConversation(other.conversationId, 'amer');
    await deliver(freshChannel(), fake.installationUpdate(other, 'amer'));
    const whileInstalled = await freshChannel().send({ ...LESSON, to: other.aadObjectId });
    runtime.clock.advance(60_000);

    await deliver(freshChannel(), fake.installationUpdate(other, 'amer', 'remove'));
    const afterRemoval = await freshChannel().send({ ...LESSON, to: other.aadObjectId });

    expect(whileInstalled.ok).toBe(true);
    expect(afterRemoval).toMatchObject({
      ok: false,
      error: { code: 'unreachable', providerCode: 'no_conversation_reference' },
    });
  });

  it('reuses one bot token for several sends', async () => {
    const channel = freshChannel();
    const tokensBefore = fake.tokenRequests().length;

    await channel.send({ ...LESSON, idempotencyKey: 'a' });
    await channel.send({ ...LESSON, idempotencyKey: 'b' });

    expect(fake.tokenRequests().length - tokensBefore).toBe(1);
  });

  it.each([
    [
      '429 with Retry-After',
      {
        status: 429,
        body: { error: { code: 'TooManyRequests' } },
        headers: { 'retry-after': '7' },
      },
      {
        code: 'rate_limited',
        retryable: true,
        retryAfterSeconds: 7,
        providerCode: 'TooManyRequests',
      },
    ],
    [
      '503',
      { status: 503, body: { error: { code: 'ServiceUnavailable' } } },
      { code: 'provider_error', retryable: true, providerCode: 'ServiceUnavailable' },
    ],
    [
      '403 BotNotInConversationRoster (the app was removed)',
      { status: 403, body: { error: { code: 'BotNotInConversationRoster' } } },
      { code: 'unreachable', retryable: false, providerCode: 'BotNotInConversationRoster' },
    ],
    [
      '403 ConversationBlockedByUser',
      { status: 403, body: { error: { code: 'ConversationBlockedByUser' } } },
      { code: 'opted_out', retryable: false, providerCode: 'ConversationBlockedByUser' },
    ],
    [
      '400 BadArgument',
      { status: 400, body: { error: { code: 'BadArgument' } } },
      { code: 'invalid_request', retryable: false, providerCode: 'BadArgument' },
    ],
  ])('maps a Bot Connector %s to a clear outcome, tried once', async (_label, answer, failure) => {
    const channel = freshChannel();
    await channel.send({ ...LESSON, idempotencyKey: 'warm-up' });
    const postsBefore = connectorPosts();
    fake.answerNextPostWith(answer);

    const outcome = await channel.send({ ...LESSON, idempotencyKey: 'y' });

    expect(outcome).toMatchObject({ ok: false, error: failure });
    // The SDK's own pipeline would retry 429/503 with real sleeps; our job queue retries.
    expect(connectorPosts() - postsBefore).toBe(1);
  });

  it('says the credentials are wrong when the token endpoint refuses the secret', async () => {
    const outcome = await freshChannel('wrong-secret').send({ ...LESSON, idempotencyKey: 'z' });

    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'not_configured', retryable: false, providerCode: 'invalid_client' },
    });
  });

  it('checks credentials by asking for a token, without sending anything', async () => {
    const dependencies = {
      organizationId,
      db: runtime.context.db,
      logger: silentLogger,
      clock: runtime.clock,
      apiBaseUrls: { teamsLogin: fake.loginBaseUrl },
    };
    const posts = connectorPosts();

    const good = await teamsChannelFactory.check(APP, dependencies);
    const bad = await teamsChannelFactory.check({ ...APP, appPassword: 'nope' }, dependencies);

    expect(good).toEqual({
      ok: true,
      value: `Microsoft issued a Bot Framework token for app ${APP.appId}`,
    });
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('invalid_client') });
    expect(connectorPosts()).toBe(posts);
  });

  function connectorPosts(): number {
    return fake.requests.filter((request) => request.path.includes('/v3/conversations/')).length;
  }
});
