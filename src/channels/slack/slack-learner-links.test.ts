import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learner } from '../../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { findLearnerByAddress, upsertLearners } from '../../people/learner-repository.ts';
import { createApp } from '../../server/app.ts';
import { silentLogger } from '../../shared/logger.ts';
import { StaticChannelRegistry } from '../channel-registry.ts';
import { SlackChannel } from './slack-channel.ts';
import { slackRoutes } from './slack-routes.ts';
import { FakeSlackApi } from './testing/fake-slack-api.ts';

const SECRET = '5f1c0e9a7b3d2c4e6f8a0b1c2d3e4f5a';
const TOKEN = 'xoxb-1111-2222-fakebottoken';
const LINKS = '/api/v1/organizations/acme/slack/learner-links';

describe(`linking learners to Slack users by email (${storageUnderTest})`, () => {
  let fake: FakeSlackApi;
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let app: ReturnType<typeof createApp>;
  let organizationId = '';
  const slackIds = async () =>
    (
      await runtime.context.db
        .selectFrom('learners')
        .select(['email', 'channelIds'])
        .where('organizationId', '=', organizationId)
        .orderBy('email')
        .execute()
    ).map((row) => [row.email, row.channelIds.slack ?? null]);

  beforeAll(async () => {
    fake = await new FakeSlackApi({
      botToken: TOKEN,
      signingSecret: SECRET,
      now: () => new Date(),
    }).start();
    fake.addUser({ id: 'U0000ANA', email: 'ana@example.com', name: 'Ana' });
    fake.addUser({ id: 'U0000CARA', email: 'cara@example.com', name: 'Cara' });
    const slack = new SlackChannel(
      { botToken: TOKEN, signingSecret: SECRET },
      { organizationId: 'any', logger: silentLogger, apiBaseUrls: { slack: fake.url } },
    );
    runtime = await startTestRuntime({ channels: [slack] });
    app = createApp(runtime.context);
    app.route('/api/v1/organizations/:org', slackRoutes(runtime.context));

    const organization = await createOrganization(runtime.context.db, {
      name: 'Acme',
      slug: 'acme',
    });
    organizationId = organization.id;
    await upsertLearners(
      runtime.context.db,
      organizationId,
      ['ana', 'ben', 'cara'].map((name) =>
        learner({ email: `${name}@example.com`, preferredChannel: 'slack' }),
      ),
      new Date(),
    );
  });
  afterAll(async () => {
    await runtime?.close();
    await fake?.stop();
  });

  it('stops at a rate limit, saying how long to wait, and continues on the next run', async () => {
    // Slack lets the first lookup through and limits the second.
    fake.rateLimitNext('users.lookupByEmail', 20, 1);

    const limited = await app.request(LINKS, { method: 'POST' });

    expect(limited.status).toBe(200);
    expect(await limited.json()).toMatchObject({
      linked: 1,
      notFound: 0,
      remaining: 2,
      retryAfterSeconds: 20,
    });
    expect(await slackIds()).toEqual([
      ['ana@example.com', 'U0000ANA'],
      ['ben@example.com', null],
      ['cara@example.com', null],
    ]);

    const resumed = await app.request(LINKS, { method: 'POST' });
    expect(await resumed.json()).toEqual({ linked: 1, notFound: 1, remaining: 0 });
    expect(await slackIds()).toEqual([
      ['ana@example.com', 'U0000ANA'],
      ['ben@example.com', null],
      ['cara@example.com', 'U0000CARA'],
    ]);
  });

  it('makes a linked learner findable by the Slack id replies come from', async () => {
    const found = await findLearnerByAddress(
      runtime.context.db,
      organizationId,
      'slack',
      'U0000CARA',
    );

    expect(found?.email).toBe('cara@example.com');
  });

  it('looks up only learners not linked yet', async () => {
    fake.calls.length = 0;

    const again = await app.request(LINKS, { method: 'POST' });

    expect(await again.json()).toEqual({ linked: 0, notFound: 1, remaining: 0 });
    expect(fake.calls.map((call) => call.args.email)).toEqual(['ben@example.com']);
  });

  it('answers 422 when the organization has no Slack channel', async () => {
    const withoutSlack = createApp({ ...runtime.context, channels: new StaticChannelRegistry([]) });
    withoutSlack.route(
      '/api/v1/organizations/:org',
      slackRoutes({ ...runtime.context, channels: new StaticChannelRegistry([]) }),
    );

    const response = await withoutSlack.request(LINKS, { method: 'POST' });

    expect(response.status).toBe(422);
  });
});
