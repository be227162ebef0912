import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/logger.ts';
import type { WebhookRequest } from '../channel.ts';
import { SlackChannel } from './slack-channel.ts';
import { FAKE_BOT_USER, FakeSlackApi } from './testing/fake-slack-api.ts';
import {
  blockActionsBody,
  directMessageBody,
  signed,
  urlVerificationBody,
  type ButtonClick,
} from './testing/slack-requests.ts';

const SECRET = '5f1c0e9a7b3d2c4e6f8a0b1c2d3e4f5a';
const TOKEN = 'xoxb-1111-2222-fakebottoken';
const NOW = 1767225600;
const LEARNER = 'U0000TEST';

const CLICK: ButtonClick = {
  user: LEARNER,
  channel: 'D0000TEST',
  messageTs: '1767225500.000100',
  actionId: 'answer-1',
  blockId: 'answers-0',
  label: 'B',
  value: 'ans:3:q-42:b',
  actionTs: '1767225599.123456',
};

describe('Slack requests to the app', () => {
  const logLines: string[] = [];
  let fake: FakeSlackApi;
  let slack: SlackChannel;
  const request = (
    rawBody: string,
    contentType = 'application/json',
    extra: Record<string, string> = {},
    timestamp = NOW,
  ): WebhookRequest => {
    const { headers } = signed(rawBody, timestamp, SECRET, contentType);
    return {
      url: 'https://inflow.example.com/webhooks/slack/acme',
      method: 'POST',
      headers: { ...headers, ...extra },
      rawBody,
    };
  };
  const receive = (webhook: WebhookRequest, now = NOW) =>
    slack.receiveWebhook(webhook, new Date(now * 1000));

  beforeAll(async () => {
    fake = await new FakeSlackApi({
      botToken: TOKEN,
      signingSecret: SECRET,
      now: () => new Date(NOW * 1000),
    }).start();
    const logger = createLogger({
      level: 'debug',
      destination: { write: (line: string) => logLines.push(line) },
    });
    slack = new SlackChannel(
      { botToken: TOKEN, signingSecret: SECRET, botUserId: FAKE_BOT_USER },
      { organizationId: 'org-1', logger, apiBaseUrls: { slack: fake.url } },
    );
  });
  afterAll(async () => {
    await fake?.stop();
  });

  describe('url_verification (SL-05)', () => {
    it('echoes the challenge as JSON when the request is signed', async () => {
      const result = await receive(request(urlVerificationBody('fake-challenge-7f3c9e')));

      expect(result).toEqual({
        ok: true,
        value: {
          events: [],
          response: {
            status: 200,
            contentType: 'application/json',
            body: '{"challenge":"fake-challenge-7f3c9e"}',
          },
        },
      });
    });

    it('answers 401 to a url_verification with a bad signature', async () => {
      const webhook = request(urlVerificationBody('fake-challenge-7f3c9e'));
      webhook.headers['x-slack-signature'] = `v0=${'0'.repeat(64)}`;

      expect(await receive(webhook)).toMatchObject({ ok: false, error: { status: 401 } });
    });
  });

  describe('direct messages (message.im)', () => {
    const message = (overrides: Partial<Parameters<typeof directMessageBody>[0]> = {}) =>
      directMessageBody({
        eventId: 'Ev0001',
        user: LEARNER,
        channel: 'D0000TEST',
        text: 'I will tell my lead',
        ts: '1767225590.000200',
        ...overrides,
      });

    it('reads a learner message as a reply', async () => {
      const result = await receive(request(message()));

      expect(result).toEqual({
        ok: true,
        value: {
          response: { status: 200, contentType: 'text/plain', body: '' },
          events: [
            {
              kind: 'message',
              message: {
                channel: 'slack',
                sender: LEARNER,
                text: 'I will tell my lead',
                providerMessageId: 'message:D0000TEST:1767225590.000200',
                receivedAt: new Date(1767225590000),
              },
            },
          ],
        },
      });
    });

    it.each([
      ['a message of our own bot', { user: FAKE_BOT_USER, botId: 'B0000BOT' }],
      ['a message of another app', { botId: 'B0000OTHER' }],
      ['an edit', { subtype: 'message_changed' }],
      ['a deletion', { subtype: 'message_deleted' }],
    ])('ignores %s', async (_case, overrides) => {
      const result = await receive(request(message(overrides)));

      expect(result).toMatchObject({ ok: true, value: { events: [], response: { status: 200 } } });
    });

    it('reads a retried delivery (X-Slack-Retry-Num) as the same reply', async () => {
      const first = await receive(request(message()));
      const retried = await receive(
        request(message(), 'application/json', {
          'x-slack-retry-num': '1',
          'x-slack-retry-reason': 'http_timeout',
        }),
      );

      expect(retried).toEqual(first);
    });
  });

  describe('button clicks (block_actions)', () => {
    const form = 'application/x-www-form-urlencoded';

    it('reads the button value, our payload, from the form-encoded payload', async () => {
      const result = await receive(request(blockActionsBody(CLICK), form));

      expect(result.ok && result.value.events).toEqual([
        {
          kind: 'message',
          message: {
            channel: 'slack',
            sender: LEARNER,
            payload: 'ans:3:q-42:b',
            providerMessageId: 'action:D0000TEST:1767225500.000100:answer-1',
            receivedAt: new Date(1767225599123),
          },
        },
      ]);
      expect(result.ok && result.value.response).toEqual({
        status: 200,
        contentType: 'text/plain',
        body: '',
      });
    });

    it('gives a double click on one button one reply id (SL-03)', async () => {
      const first = await receive(request(blockActionsBody(CLICK), form));
      const second = await receive(
        request(blockActionsBody({ ...CLICK, actionTs: '1767225600.223456' }), form),
      );

      const idOf = (result: typeof first) =>
        result.ok && result.value.events[0]?.kind === 'message'
          ? result.value.events[0].message.providerMessageId
          : undefined;
      expect(idOf(second)).toBe(idOf(first));
    });

    it('answers at once without calling Slack, however slow Slack is (SL-03)', async () => {
      fake.latencyMs = 5_000;
      const callsBefore = fake.calls.length;
      const started = performance.now();

      const result = await receive(request(blockActionsBody(CLICK), form));

      const elapsed = performance.now() - started;
      fake.latencyMs = 0;
      expect(result.ok).toBe(true);
      expect(elapsed).toBeLessThan(1_000);
      expect(fake.calls.length).toBe(callsBefore);
    });
  });

  describe('refusals', () => {
    it('answers 401 to a request signed more than five minutes ago', async () => {
      const result = await receive(
        request(blockActionsBody(CLICK), 'application/x-www-form-urlencoded', {}, NOW - 301),
      );

      expect(result).toMatchObject({ ok: false, error: { status: 401 } });
    });

    it('raises a clock-drift alert when stale requests keep coming (SL-02)', async () => {
      const stale = () =>
        receive(request(urlVerificationBody('x'), 'application/json', {}, NOW - 3_600));
      for (let attempt = 0; attempt < 5; attempt += 1) await stale();

      const alerts = logLines.filter((line) => line.includes("check this server's clock"));
      expect(alerts).toHaveLength(1);
      expect(JSON.parse(alerts[0]!)).toMatchObject({ level: 50, rejections: 5 });
    });

    it.each([
      ['a form without payload', 'token=x&team_id=T1', 'application/x-www-form-urlencoded'],
      ['broken JSON', '{"type":', 'application/json'],
      ['JSON without type', '{"event":{}}', 'application/json'],
      [
        'block_actions without a user',
        `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [] }))}`,
        'application/x-www-form-urlencoded',
      ],
    ])('answers 400 to %s', async (_case, body, contentType) => {
      expect(await receive(request(body, contentType))).toMatchObject({
        ok: false,
        error: { status: 400 },
      });
    });

    it('acknowledges payload types it does not use, without events', async () => {
      const body = JSON.stringify({
        type: 'app_rate_limited',
        team_id: 'T0000TEST',
        minute_rate_limited: 1767225600,
        api_app_id: 'A0000TEST',
      });

      expect(await receive(request(body))).toMatchObject({ ok: true, value: { events: [] } });
    });

    it('answers 405 to a GET', async () => {
      const result = await receive({ ...request(''), method: 'GET' });

      expect(result).toMatchObject({ ok: false, error: { status: 405 } });
    });
  });
});
