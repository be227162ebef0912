import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageUnderTest } from '../../../test/support/test-runtime.ts';
import type { WebhookRequest } from '../channel.ts';
import { findConversation } from './service-window.ts';
import {
  startWhatsAppKit,
  TEST_CREDENTIALS,
  type WhatsAppKit,
} from './testing/whatsapp-test-kit.ts';
import {
  FAKE_BUSINESS,
  inboundWebhook,
  messagesWebhook,
  statusWebhook,
  textMessage,
} from './testing/whatsapp-webhook-bodies.ts';
import { signWhatsAppBody } from './whatsapp-signature.ts';

const URL_BASE = 'https://inflow.example.com/webhooks/whatsapp/acme';
const LEARNER = '31612345678';

/** Pitfall WA-04: the same answer in the three shapes WhatsApp uses, and a Flow reply. */
const WA_04_MESSAGES = [
  {
    from: LEARNER,
    id: 'wamid.A',
    timestamp: '1767225601',
    type: 'interactive',
    interactive: { type: 'button_reply', button_reply: { id: 'q-42:B', title: 'Lock the screen' } },
  },
  {
    from: LEARNER,
    id: 'wamid.B',
    timestamp: '1767225602',
    type: 'interactive',
    interactive: {
      type: 'list_reply',
      list_reply: { id: 'q-42:B', title: 'Lock the screen', description: 'Option B' },
    },
  },
  {
    from: LEARNER,
    id: 'wamid.C',
    timestamp: '1767225603',
    type: 'button',
    button: { payload: 'q-42:B', text: 'Lock the screen' },
    context: { from: '15550001111', id: 'wamid.TEMPLATE1' },
  },
  {
    from: LEARNER,
    id: 'wamid.D',
    timestamp: '1767225604',
    type: 'interactive',
    interactive: {
      type: 'nfm_reply',
      nfm_reply: { response_json: '{}', body: 'Sent', name: 'flow' },
    },
  },
];

const post = (rawBody: string, signature?: string): WebhookRequest => ({
  url: URL_BASE,
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }),
  },
  rawBody,
});
const signed = (rawBody: string) =>
  post(rawBody, signWhatsAppBody(rawBody, TEST_CREDENTIALS.appSecret));

describe(`WhatsApp webhooks (${storageUnderTest})`, () => {
  let kit: WhatsAppKit;
  const receive = (request: WebhookRequest) =>
    kit.channel.receiveWebhook(request, kit.runtime.clock.now());
  const windowOf = (waId: string) =>
    findConversation(kit.runtime.context.db, {
      organizationId: kit.organization.id,
      businessNumberId: TEST_CREDENTIALS.phoneNumberId,
      waId,
    });

  beforeAll(async () => {
    kit = await startWhatsAppKit();
    kit.runtime.clock.set('2026-01-01T00:05:00Z');
  });
  afterAll(async () => {
    await kit?.close();
  });

  describe('the verification GET (WA-02)', () => {
    const get = (query: string): WebhookRequest => ({
      url: `${URL_BASE}?${query}`,
      method: 'GET',
      headers: {},
      rawBody: '',
    });

    it('echoes hub.challenge exactly, as text/plain, without any signature', async () => {
      const result = await receive(
        get('hub.mode=subscribe&hub.verify_token=fake-verify-token-01&hub.challenge=1158201444'),
      );

      expect(result).toEqual({
        ok: true,
        value: {
          events: [],
          response: { status: 200, contentType: 'text/plain', body: '1158201444' },
        },
      });
    });

    it('answers 403 to a wrong verify token', async () => {
      const result = await receive(
        get('hub.mode=subscribe&hub.verify_token=guessed-token&hub.challenge=1158201444'),
      );

      expect(result).toMatchObject({ ok: false, error: { status: 403 } });
    });

    it.each([
      ['without hub.mode', 'hub.verify_token=fake-verify-token-01&hub.challenge=1'],
      ['without a challenge', 'hub.mode=subscribe&hub.verify_token=fake-verify-token-01'],
      [
        'with markup as challenge',
        'hub.mode=subscribe&hub.verify_token=fake-verify-token-01' + '&hub.challenge=%3Cscript%3E',
      ],
    ])('answers 400 to a GET %s', async (_case, query) => {
      expect(await receive(get(query))).toMatchObject({ ok: false, error: { status: 400 } });
    });

    it('still demands a signature on every POST, and a missing one changes nothing', async () => {
      const body = inboundWebhook(
        FAKE_BUSINESS,
        '447700900123',
        textMessage('wamid.UNSIGNED', 1767225000, 'hello'),
      );

      const unsigned = await receive(post(body));
      const forged = await receive(post(body, signWhatsAppBody(body, 'wrong-secret')));

      expect(unsigned).toMatchObject({ ok: false, error: { status: 401 } });
      expect(forged).toMatchObject({ ok: false, error: { status: 401 } });
      expect((await windowOf('447700900123')).lastInboundAt).toBeNull();
    });

    it('answers 405 to other methods', async () => {
      const result = await receive({ ...post('{}'), method: 'PUT' });

      expect(result).toMatchObject({ ok: false, error: { status: 405 } });
    });
  });

  describe('learner messages', () => {
    it('reads an answer from button_reply, list_reply and a template button (WA-04)', async () => {
      const body = messagesWebhook(FAKE_BUSINESS, {
        contacts: [{ profile: { name: 'Ana' }, wa_id: LEARNER }],
        messages: WA_04_MESSAGES,
      });

      const result = await receive(signed(body));

      expect(result.ok && result.value.response).toEqual({
        status: 200,
        contentType: 'text/plain',
        body: '',
      });
      const events = result.ok ? result.value.events : [];
      expect(events).toEqual(
        ['wamid.A', 'wamid.B', 'wamid.C'].map((id, index) => ({
          kind: 'message',
          message: {
            channel: 'whatsapp',
            sender: '+31612345678',
            payload: 'q-42:B',
            providerMessageId: id,
            receivedAt: new Date((1767225601 + index) * 1000),
          },
        })),
      );
    });

    it('passes a typed reply on as text', async () => {
      const body = inboundWebhook(FAKE_BUSINESS, LEARNER, textMessage('wamid.T', 1767225605, 'B'));

      const result = await receive(signed(body));

      expect(result.ok && result.value.events).toEqual([
        {
          kind: 'message',
          message: {
            channel: 'whatsapp',
            sender: '+31612345678',
            text: 'B',
            providerMessageId: 'wamid.T',
            receivedAt: new Date(1767225605 * 1000),
          },
        },
      ]);
    });

    it("opens the learner's window at the message's own time, never moving it back", async () => {
      const replayed = inboundWebhook(
        FAKE_BUSINESS,
        LEARNER,
        textMessage('wamid.OLD', 1767200000, 'old'),
      );

      await receive(signed(replayed));

      expect((await windowOf(LEARNER)).lastInboundAt).toEqual(new Date(1767225605 * 1000));
    });

    it('never opens a window later than now when the sender clock runs ahead', async () => {
      const future = inboundWebhook(
        FAKE_BUSINESS,
        '447700900124',
        textMessage('wamid.F', 1767225600 + 86_400, 'from the future'),
      );

      await receive(signed(future));

      expect((await windowOf('447700900124')).lastInboundAt).toEqual(kit.runtime.clock.now());
    });
  });

  describe('status callbacks', () => {
    it.each(['sent', 'delivered', 'read'] as const)('reports %s with its time', async (status) => {
      const body = statusWebhook(FAKE_BUSINESS, {
        id: 'wamid.OUT1',
        status,
        timestamp: 1767225700,
        recipientId: LEARNER,
      });

      const result = await receive(signed(body));

      expect(result.ok && result.value.events).toEqual([
        {
          kind: 'status',
          update: {
            channel: 'whatsapp',
            providerMessageId: 'wamid.OUT1',
            status,
            at: new Date(1767225700 * 1000),
          },
        },
      ]);
    });

    it('reports a failure with its error code and details', async () => {
      const body = statusWebhook(FAKE_BUSINESS, {
        id: 'wamid.OUT2',
        status: 'failed',
        timestamp: 1767225701,
        recipientId: LEARNER,
        errors: [
          { code: 131026, title: 'Message undeliverable', details: 'Message Undeliverable.' },
        ],
      });

      const result = await receive(signed(body));

      expect(result.ok && result.value.events).toEqual([
        {
          kind: 'status',
          update: {
            channel: 'whatsapp',
            providerMessageId: 'wamid.OUT2',
            status: 'failed',
            at: new Date(1767225701 * 1000),
            errorCode: '131026',
            errorReason: 'Message undeliverable: Message Undeliverable.',
          },
        },
      ]);
    });

    it('skips changes for another business number', async () => {
      const other = { ...FAKE_BUSINESS, phoneNumberId: '999999999999' };
      const body = statusWebhook(other, {
        id: 'wamid.X',
        status: 'sent',
        timestamp: 1767225702,
        recipientId: LEARNER,
      });

      const result = await receive(signed(body));

      expect(result).toMatchObject({ ok: true, value: { events: [] } });
    });
  });

  describe('bad bodies', () => {
    it.each([
      ['not JSON', 'object=whatsapp', 'not JSON'],
      ['JSON without entries', '{"object":"whatsapp_business_account"}', 'entry'],
      [
        'a message without a sender',
        messagesWebhook(FAKE_BUSINESS, {
          messages: [{ id: 'wamid.Z', timestamp: '1', type: 'text', text: { body: 'x' } }],
        }),
        'from',
      ],
    ])('answers 400 to a signed body that is %s', async (_case, body, reason) => {
      const result = await receive(signed(body));

      expect(result).toMatchObject({ ok: false, error: { status: 400 } });
      expect(result.ok ? '' : result.error.reason).toContain(reason);
    });

    it('acknowledges webhooks of other Meta products without events', async () => {
      const body = JSON.stringify({ object: 'page', entry: [] });

      expect(await receive(signed(body))).toMatchObject({ ok: true, value: { events: [] } });
    });
  });
});
