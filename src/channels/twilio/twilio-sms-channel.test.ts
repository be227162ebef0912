import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { silentLogger } from '../../shared/logger.ts';
import type { ChannelEvent, WebhookRequest } from '../channel.ts';
import type { ChannelDependencies } from '../channel-factory.ts';
import { FakeTwilio } from './testing/fake-twilio.ts';
import { signTwilioRequest } from './testing/twilio-signing.ts';
import { twilioCredentialsSchema } from './twilio-credentials.ts';
import { TwilioSmsChannel } from './twilio-sms-channel.ts';
import { EMPTY_TWIML } from './twilio-webhook.ts';

const ACCOUNT_SID = `AC${'1a'.repeat(16)}`;
const AUTH_TOKEN = 'f00dfeedf00dfeedf00dfeedf00dfeed';
const FROM = '+15005550006';
const LEARNER = '+14155550134';
const PUBLIC = 'https://inflow.example.com';
const NOW = new Date('2026-03-02T10:00:00Z');

describe(`TwilioSmsChannel (${storageUnderTest})`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let fake: FakeTwilio;
  let organizationId: string;
  let webhookUrl: string;

  const dependencies = (extra: Partial<ChannelDependencies> = {}): ChannelDependencies => ({
    organizationId,
    db: runtime.context.db,
    logger: silentLogger,
    clock: runtime.clock,
    apiBaseUrls: { twilio: fake.baseUrl },
    publicBaseUrl: PUBLIC,
    ...extra,
  });
  const channelWith = (settings: Record<string, unknown> = {}, extra = {}) =>
    new TwilioSmsChannel(
      twilioCredentialsSchema.parse({
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        from: FROM,
        ...settings,
      }),
      dependencies(extra),
    );
  let keySequence = 0;
  const nextKey = () => `test-key-${++keySequence}`;

  /** A webhook as the route hands it over, signed over `signedUrl` by the documented rule. */
  const webhook = (
    params: Record<string, string>,
    options: { signedUrl?: string; signature?: string | null; method?: string } = {},
  ): WebhookRequest => {
    const signature =
      options.signature === undefined
        ? signTwilioRequest(AUTH_TOKEN, options.signedUrl ?? webhookUrl, params)
        : options.signature;
    return {
      url: webhookUrl,
      method: options.method ?? 'POST',
      headers: signature === null ? {} : { 'x-twilio-signature': signature },
      rawBody: new URLSearchParams(params).toString(),
    };
  };
  const inbound = (overrides: Record<string, string> = {}) => ({
    AccountSid: ACCOUNT_SID,
    Body: 'B',
    From: LEARNER,
    MessageSid: `SM${'0'.repeat(31)}2`,
    NumMedia: '0',
    SmsStatus: 'received',
    To: FROM,
    ...overrides,
  });
  const statusOf = (sid: string, status: string, errorCode?: string) => ({
    AccountSid: ACCOUNT_SID,
    MessageSid: sid,
    MessageStatus: status,
    SmsSid: sid,
    SmsStatus: status,
    To: LEARNER,
    From: FROM,
    ...(errorCode ? { ErrorCode: errorCode } : {}),
  });
  const eventsOf = async (request: WebhookRequest, channel = channelWith()) => {
    const result = await channel.receiveWebhook(request, NOW);
    if (!result.ok) throw new Error(`rejected: ${result.error.reason}`);
    return result.value.events;
  };

  beforeAll(async () => {
    runtime = await startTestRuntime();
    fake = await new FakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).start();
    organizationId = (await createOrganization(runtime.context.db, { name: 'Acme' })).id;
    webhookUrl = `${PUBLIC}/webhooks/sms/${organizationId}`;
  });
  afterAll(async () => {
    await fake?.stop();
    await runtime?.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    fake.messages.length = 0;
    fake.optedOut.clear();
  });

  describe('send', () => {
    it('creates a Message through the SDK with the body, sender and status callback', async () => {
      const outcome = await channelWith().send({
        to: LEARNER,
        message: {
          text: 'Which is safer?\n\nA) Reuse\nB) Manager\n\nReply A or B.',
          buttons: [{ label: 'A', payload: 'ans:1:q1:a' }],
        },
        idempotencyKey: nextKey(),
      });

      expect(outcome).toEqual({ ok: true, value: { providerMessageId: fake.messages[0]?.sid } });
      expect(fake.requests).toEqual([
        {
          method: 'POST',
          path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
          authorized: true,
          form: {
            To: LEARNER,
            From: FROM,
            Body: 'Which is safer?\n\nA) Reuse\nB) Manager\n\nReply A or B.',
            StatusCallback: webhookUrl,
          },
        },
      ]);
    });

    it('sends from a Messaging Service when one is configured', async () => {
      const service = `MG${'2b'.repeat(16)}`;
      await channelWith({ from: undefined, messagingServiceSid: service }).send({
        to: LEARNER,
        message: { text: 'Hello' },
        idempotencyKey: nextKey(),
      });

      expect(fake.requests[0]?.form).toMatchObject({ MessagingServiceSid: service });
      expect(fake.requests[0]?.form.From).toBeUndefined();
    });

    it('sends nothing again for a retried send with the same idempotency key', async () => {
      const key = nextKey();
      const first = await channelWith().send({
        to: LEARNER,
        message: { text: 'Hi' },
        idempotencyKey: key,
      });
      const again = await channelWith().send({
        to: LEARNER,
        message: { text: 'Hi' },
        idempotencyKey: key,
      });

      expect(again).toEqual(first);
      expect(fake.messages).toHaveLength(1);
    });

    it('cuts a long lesson short with the link to its web page', async () => {
      const lessonLink = (deliveryId: string) => `${PUBLIC}/learn/${deliveryId}?t=signed`;
      const text = `Lesson 1 of 3: Phishing\n\n${'Check who sent it first. '.repeat(40)}`;

      await channelWith({ maxSegments: 2 }, { lessonLink }).send({
        to: LEARNER,
        message: { text },
        idempotencyKey: nextKey(),
        deliveryId: 'delivery-7',
      });

      expect(fake.messages).toHaveLength(1);
      expect(fake.messages[0]?.body).toMatch(
        /\.\.\.\nhttps:\/\/inflow\.example\.com\/learn\/delivery-7\?t=signed$/,
      );
    });

    it('sends a long lesson as ordered parts; a retry resends only the failed part', async () => {
      const key = nextKey();
      const text = 'Report the email to the security team at once. '.repeat(12);
      fake.letNextSendThrough();
      fake.failNextSend({ status: 503, code: 20500, message: 'Service unavailable' });

      const failed = await channelWith({ maxSegments: 1 }).send({
        to: LEARNER,
        message: { text },
        idempotencyKey: key,
      });
      const retried = await channelWith({ maxSegments: 1 }).send({
        to: LEARNER,
        message: { text },
        idempotencyKey: key,
      });

      expect(failed).toMatchObject({
        ok: false,
        error: { code: 'provider_error', retryable: true },
      });
      const bodies = fake.messages.map((message) => message.body);
      expect(bodies.length).toBeGreaterThan(2);
      bodies.forEach((body, index) => {
        expect(body.startsWith(`(${index + 1}/${bodies.length}) `)).toBe(true);
      });
      expect(new Set(bodies).size).toBe(bodies.length);
      expect(retried).toEqual({ ok: true, value: { providerMessageId: fake.messages[0]?.sid } });
    });

    it.each([
      [400, 21610, 'opted_out', false],
      [400, 21211, 'unreachable', false],
      [400, 21408, 'not_configured', false],
      [429, 20429, 'rate_limited', true],
      [500, 20500, 'provider_error', true],
      [400, 21999, 'invalid_request', false],
    ])(
      'maps HTTP %i with Twilio error %i to %s (retryable: %s)',
      async (status, code, failure, retryable) => {
        fake.failNextSend({ status, code, message: `Twilio says ${code} to ${LEARNER}` });

        const outcome = await channelWith().send({
          to: LEARNER,
          message: { text: 'Hi' },
          idempotencyKey: nextKey(),
        });

        expect(outcome).toMatchObject({
          ok: false,
          error: { code: failure, retryable, providerCode: String(code) },
        });
        // Twilio's own text can quote the phone number; the stored reason never does.
        expect(JSON.stringify(outcome)).not.toContain(LEARNER);
      },
    );

    it('says to retry later when Twilio answers 429', async () => {
      fake.failNextSend({ status: 429, code: 20429, message: 'Too Many Requests' });

      const outcome = await channelWith().send({
        to: LEARNER,
        message: { text: 'Hi' },
        idempotencyKey: nextKey(),
      });

      expect(outcome.ok ? 0 : outcome.error.retryAfterSeconds).toBeGreaterThan(0);
    });

    it('refuses a number that replied STOP to Twilio with opted_out (21610)', async () => {
      fake.optedOut.add(LEARNER);

      const outcome = await channelWith().send({
        to: LEARNER,
        message: { text: 'Hi' },
        idempotencyKey: nextKey(),
      });

      expect(outcome).toMatchObject({
        ok: false,
        error: { code: 'opted_out', providerCode: '21610' },
      });
    });

    it('reports wrong credentials as not configured, without retrying', async () => {
      const outcome = await channelWith({ authToken: 'not-the-right-token-at-all' }).send({
        to: LEARNER,
        message: { text: 'Hi' },
        idempotencyKey: nextKey(),
      });

      expect(outcome).toMatchObject({
        ok: false,
        error: { code: 'not_configured', retryable: false },
      });
    });

    it('retries when Twilio cannot be reached', async () => {
      const unreachable = new TwilioSmsChannel(
        twilioCredentialsSchema.parse({
          accountSid: ACCOUNT_SID,
          authToken: AUTH_TOKEN,
          from: FROM,
        }),
        dependencies({ apiBaseUrls: { twilio: 'http://127.0.0.1:9' } }),
      );

      const outcome = await unreachable.send({
        to: LEARNER,
        message: { text: 'Hi' },
        idempotencyKey: nextKey(),
      });

      expect(outcome).toMatchObject({
        ok: false,
        error: { code: 'provider_error', retryable: true },
      });
    });
  });

  describe('webhook signature (X-Twilio-Signature)', () => {
    it("reproduces the documentation's example vector", () => {
      const params = {
        CallSid: 'CA1234567890ABCDE',
        Caller: '+12349013030',
        Digits: '1234',
        From: '+12349013030',
        To: '+18005551212',
      };

      expect(
        signTwilioRequest('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params),
      ).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    });

    it('accepts a request signed over the public URL with the Auth Token', async () => {
      const result = await channelWith().receiveWebhook(
        webhook(inbound({ MessageSid: 'SMgood' })),
        NOW,
      );

      expect(result).toMatchObject({
        ok: true,
        value: { response: { status: 200, contentType: 'text/xml', body: EMPTY_TWIML } },
      });
    });

    it.each([
      ['a missing signature', { signature: null }, 401, 'no X-Twilio-Signature'],
      [
        'a signature from another token',
        { signature: signTwilioRequest('x'.repeat(32), `${PUBLIC}/x`, {}) },
        401,
        'does not match',
      ],
      [
        'a signature over a stale URL (the old host)',
        { signedUrl: `https://old-host.example.com/webhooks/sms/org` },
        401,
        'INFLOW_PUBLIC_URL',
      ],
      ['a GET', { method: 'GET' }, 405, 'POST'],
    ])('rejects %s', async (_label, options, status, reason) => {
      const result = await channelWith().receiveWebhook(
        webhook(inbound({ MessageSid: 'SMbad' }), options),
        NOW,
      );

      expect(result).toMatchObject({ ok: false, error: { status } });
      expect(result.ok ? '' : result.error.reason).toContain(reason);
    });

    it('rejects a body changed after signing', async () => {
      const request = webhook(inbound({ Body: 'A' }));
      const tampered = { ...request, rawBody: request.rawBody.replace('Body=A', 'Body=C') };

      const result = await channelWith().receiveWebhook(tampered, NOW);

      expect(result).toMatchObject({ ok: false, error: { status: 401 } });
    });

    it('rejects a signed webhook of another Twilio account with 403', async () => {
      const result = await channelWith().receiveWebhook(
        webhook(inbound({ AccountSid: `AC${'9'.repeat(32)}` })),
        NOW,
      );

      expect(result).toMatchObject({ ok: false, error: { status: 403 } });
    });

    it('rejects a signed body that is neither a message nor a status with 400', async () => {
      const result = await channelWith().receiveWebhook(webhook({ AccountSid: ACCOUNT_SID }), NOW);

      expect(result).toMatchObject({ ok: false, error: { status: 400 } });
    });
  });

  describe('incoming messages', () => {
    it("hands the learner's text to the engine as a reply", async () => {
      const events = await eventsOf(webhook(inbound({ MessageSid: 'SMreply1', Body: ' b ' })));

      expect(events).toEqual([
        {
          kind: 'message',
          message: {
            channel: 'sms',
            sender: LEARNER,
            text: ' b ',
            providerMessageId: 'SMreply1',
            receivedAt: NOW,
          },
        },
      ]);
    });

    it('pitfall SMS-06: a re-delivered message is claimed once; the copy gets TwiML', async () => {
      const request = webhook(inbound({ MessageSid: 'SM00000000000000000000000000000002' }));

      const [first, second] = await Promise.all([
        channelWith().receiveWebhook(request, NOW),
        channelWith().receiveWebhook(request, NOW),
      ]);

      const events = [first, second].map((result) => (result.ok ? result.value.events.length : -1));
      expect(events.sort()).toEqual([0, 1]);
      expect(
        [first, second].every((result) => result.ok && result.value.response.body === EMPTY_TWIML),
      ).toBe(true);
    });

    it.each([
      ['YES', 'START', 'START'],
      ['ARRET', 'STOP', 'STOP'],
      ['AIDE', 'HELP', 'HELP'],
    ])('passes "%s" on as %s when Twilio reports OptOutType %s', async (body, optOutType, text) => {
      const events = await eventsOf(
        webhook(inbound({ MessageSid: `SMkw${body}`, Body: body, OptOutType: optOutType })),
      );

      expect(events[0]).toMatchObject({ kind: 'message', message: { text } });
    });

    it('keeps "yes" as an answer when Twilio did not treat it as a keyword', async () => {
      const events = await eventsOf(webhook(inbound({ MessageSid: 'SMyes', Body: 'yes' })));

      expect(events[0]).toMatchObject({ message: { text: 'yes' } });
    });
  });

  describe('status callbacks', () => {
    it.each([
      ['sent', undefined, { status: 'sent' }],
      ['delivered', undefined, { status: 'delivered' }],
      ['read', undefined, { status: 'read' }],
      ['undelivered', '30003', { status: 'failed', errorCode: '30003' }],
      ['failed', '30007', { status: 'failed', errorCode: '30007' }],
      ['undelivered', '21610', { status: 'failed', errorCode: '21610', optedOut: true }],
    ])('maps "%s" (error %s)', async (status, errorCode, update) => {
      const events = await eventsOf(webhook(statusOf('SMstatus1', status, errorCode)));

      expect(events).toEqual([
        {
          kind: 'status',
          update: {
            channel: 'sms',
            providerMessageId: 'SMstatus1',
            at: NOW,
            ...update,
            ...(errorCode ? { errorReason: expect.any(String) } : {}),
          },
        },
      ]);
    });

    it.each(['queued', 'accepted', 'sending', 'scheduled', 'no-such-status'])(
      'acknowledges "%s" without an event',
      async (status) => {
        expect(await eventsOf(webhook(statusOf('SMstatus2', status)))).toEqual([]);
      },
    );

    it('reports a status of any part of a split message on the first part', async () => {
      const text = 'Report the email to the security team at once. '.repeat(12);
      const outcome = await channelWith({ maxSegments: 1 }).send({
        to: LEARNER,
        message: { text },
        idempotencyKey: nextKey(),
      });
      const lastPart = fake.messages.at(-1)?.sid as string;

      const events: ChannelEvent[] = await eventsOf(webhook(statusOf(lastPart, 'delivered')));

      expect(outcome.ok && outcome.value.providerMessageId).toBe(fake.messages[0]?.sid);
      expect(events[0]).toMatchObject({ update: { providerMessageId: fake.messages[0]?.sid } });
    });
  });
});
