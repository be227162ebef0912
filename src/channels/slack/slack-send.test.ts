import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import { SlackChannel } from './slack-channel.ts';
import { slackFactory } from './slack-factory.ts';
import { directChannelOf, FakeSlackApi } from './testing/fake-slack-api.ts';

const SECRET = '5f1c0e9a7b3d2c4e6f8a0b1c2d3e4f5a';
const TOKEN = 'xoxb-1111-2222-fakebottoken';
const ANA = 'U0000ANA';
const QUESTION = {
  text: 'Within how many minutes do you report a spill?\n\nA) 10\nB) 30\n\nTap A or B.',
  buttons: [
    { label: 'A', payload: 'ans:1:l1-q1:a' },
    { label: 'B', payload: 'ans:1:l1-q1:b' },
  ],
};

describe('sending on Slack', () => {
  let fake: FakeSlackApi;
  let slack: SlackChannel;
  const dependencies = () => ({
    organizationId: 'org-1',
    logger: silentLogger,
    apiBaseUrls: { slack: fake.url },
  });
  const send = (to: string, key: string, message: { text: string } = QUESTION) =>
    slack.send({ to, message, idempotencyKey: key });

  beforeAll(async () => {
    fake = await new FakeSlackApi({
      botToken: TOKEN,
      signingSecret: SECRET,
      now: () => new Date('2026-03-02T09:00:00Z'),
    }).start();
    fake.addUser({ id: ANA, email: 'ana@example.com', name: 'Ana Silva' });
  });
  beforeEach(() => {
    slack = new SlackChannel({ botToken: TOKEN, signingSecret: SECRET }, dependencies());
    fake.calls.length = 0;
  });
  afterAll(async () => {
    await fake?.stop();
  });

  it('opens the direct message, then posts the question with a button per answer', async () => {
    const outcome = await send(ANA, 'question:1');

    expect(fake.calls.map((call) => call.method)).toEqual([
      'conversations.open',
      'chat.postMessage',
    ]);
    expect(fake.calls[0]).toMatchObject({ authorization: `Bearer ${TOKEN}`, args: { users: ANA } });
    expect(fake.calls[1]!.args).toMatchObject({
      channel: directChannelOf(ANA),
      text: QUESTION.text,
      unfurl_links: 'false',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: QUESTION.text } },
        {
          type: 'actions',
          block_id: 'answers-0',
          elements: [
            {
              type: 'button',
              action_id: 'answer-0',
              value: 'ans:1:l1-q1:a',
              text: { type: 'plain_text', text: 'A', emoji: true },
            },
            {
              type: 'button',
              action_id: 'answer-1',
              value: 'ans:1:l1-q1:b',
              text: { type: 'plain_text', text: 'B', emoji: true },
            },
          ],
        },
      ],
    });
    const posted = fake.messagesTo(ANA).at(-1);
    expect(outcome).toEqual({
      ok: true,
      value: { providerMessageId: `${directChannelOf(ANA)}:${posted?.ts}` },
    });
  });

  it('opens the direct message channel once per learner', async () => {
    await send(ANA, 'lesson:1', { text: 'Lesson 1' });
    await send(ANA, 'lesson:2', { text: 'Lesson 2' });

    expect(fake.calls.map((call) => call.method)).toEqual([
      'conversations.open',
      'chat.postMessage',
      'chat.postMessage',
    ]);
  });

  it('passes a 429 on at once with its Retry-After, without retrying by itself', async () => {
    fake.rateLimitNext('chat.postMessage', 30);

    const outcome = await send(ANA, 'question:429');

    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'rate_limited',
        retryable: true,
        retryAfterSeconds: 30,
        providerCode: '429',
        reason: 'Slack answered 429: retry after 30 s',
      },
    });
    expect(fake.calls.filter((call) => call.method === 'chat.postMessage')).toHaveLength(1);
  });

  it('reports a Slack user who is not in the workspace as unreachable', async () => {
    const outcome = await send('U0000GONE', 'question:gone');

    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'unreachable', retryable: false, providerCode: 'user_not_found' },
    });
  });

  it('reports a revoked token as a configuration problem, not to be retried', async () => {
    slack = new SlackChannel({ botToken: 'xoxb-revoked', signingSecret: SECRET }, dependencies());

    const outcome = await send(ANA, 'question:auth');

    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'not_configured', retryable: false, providerCode: 'invalid_auth' },
    });
  });

  it('reports Slack being unreachable as retryable', async () => {
    slack = new SlackChannel(
      { botToken: TOKEN, signingSecret: SECRET },
      {
        organizationId: 'org-1',
        logger: silentLogger,
        apiBaseUrls: { slack: 'http://127.0.0.1:9/api/' },
      },
    );

    const outcome = await send(ANA, 'question:down');

    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'provider_error', retryable: true },
    });
  });

  it('finds a Slack user by email, and nobody for an unknown email', async () => {
    expect(await slack.findUserIdByEmail('ana@example.com')).toEqual({ ok: true, value: ANA });
    expect(await slack.findUserIdByEmail('nobody@example.com')).toEqual({ ok: true, value: null });
  });

  describe('checking credentials', () => {
    const credentials = { botToken: TOKEN, signingSecret: SECRET };
    // The check talks to Slack only; it is given no database.
    const withoutStorage = () => ({
      ...dependencies(),
      db: undefined as never,
      clock: { now: () => new Date() },
    });

    it('names the workspace and the bot when auth.test succeeds', async () => {
      const checked = await slackFactory.check(credentials, withoutStorage());

      expect(checked).toEqual({ ok: true, value: 'Slack workspace "Acme" as @inflow (U0000BOT)' });
    });

    it('says why a token is refused', async () => {
      const checked = await slackFactory.check(
        { ...credentials, botToken: 'xoxb-wrong' },
        withoutStorage(),
      );

      expect(checked).toEqual({
        ok: false,
        error: 'Slack invalid_auth: the bot token is not valid',
      });
    });

    it('validates saved credentials with the schema', () => {
      const parsed = slackFactory.credentialsSchema.safeParse({
        botToken: 'xoxp-user-token',
        signingSecret: 'not hex',
      });

      expect(parsed.success).toBe(false);
      expect(slackFactory.secretFields).toEqual(['botToken', 'signingSecret']);
    });
  });
});
