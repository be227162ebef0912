import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageUnderTest } from '../../../test/support/test-runtime.ts';
import { processChannelEvents } from '../channel-events.ts';
import type { OutboundMessage } from '../../conversation/outbound-message.ts';
import { recordInbound } from './service-window.ts';
import { saveTemplate } from './template-registry.ts';
import {
  startWhatsAppKit,
  TEST_CREDENTIALS,
  type WhatsAppKit,
} from './testing/whatsapp-test-kit.ts';
import { templateButton, textMessage } from './testing/whatsapp-webhook-bodies.ts';
import { RESUME_PAYLOAD } from './whatsapp-inbound.ts';

const HOUR = 3_600_000;
const LESSON: OutboundMessage = {
  text: 'Lesson 1 of 2: Spills\n\nReport a spill within 30 minutes.',
};
const QUESTION: OutboundMessage = {
  text: 'A spill that hurt nobody need not be reported.\n\nReply True or False.',
  buttons: [
    { label: 'True', payload: 'ans:1:l1-q2:a' },
    { label: 'False', payload: 'ans:1:l1-q2:b' },
  ],
};

describe(`the 24-hour window and re-engagement templates (${storageUnderTest})`, () => {
  let kit: WhatsAppKit;
  let sequence = 0;
  const send = (phone: string, message: OutboundMessage, key = `key-${(sequence += 1)}`) =>
    kit.channel.send({ to: phone, message, idempotencyKey: key });
  const waId = (phone: string) => phone.slice(1);
  const requestsTo = (phone: string) =>
    kit.fake.requests.filter(
      (request) => (request.body as { to?: string } | undefined)?.to === waId(phone),
    );
  const learnerWrites = async (phone: string, text: string) => {
    await kit.fake.learnerSends(
      waId(phone),
      textMessage(kit.fake.nextMessageId(), kit.fake.timestamp(), text),
    );
    await kit.channel.whenIdle();
  };
  const tapsContinue = async (phone: string, templateId: string) => {
    await kit.fake.learnerSends(
      waId(phone),
      templateButton(kit.fake.nextMessageId(), kit.fake.timestamp(), RESUME_PAYLOAD, 'Continue', {
        from: kit.fake.business.displayPhoneNumber,
        id: templateId,
      }),
    );
    await kit.channel.whenIdle();
  };
  /** Our record says the learner wrote an hour ago; the fake Meta never saw it. */
  const recordedAMessageAnHourAgo = (phone: string) =>
    recordInbound(
      kit.runtime.context.db,
      {
        organizationId: kit.organization.id,
        businessNumberId: TEST_CREDENTIALS.phoneNumberId,
        waId: waId(phone),
      },
      new Date(kit.runtime.clock.now().getTime() - HOUR),
    );
  const heldStatuses = async (phone: string) =>
    (
      await kit.runtime.context.db
        .selectFrom('whatsappMessages')
        .select('status')
        .where('waId', '=', waId(phone))
        .orderBy('id')
        .execute()
    ).map((row) => row.status);

  beforeAll(async () => {
    kit = await startWhatsAppKit();
    kit.runtime.clock.set('2026-03-02T09:00:00Z');
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('refuses to send outside the window without a re-engagement template', async () => {
    const phone = '+31600000001';
    await kit.addLearner({ email: 'nora@example.com', phone });

    const outcome = await send(phone, LESSON);

    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'outside_window', retryable: false },
    });
    expect(outcome.ok ? '' : outcome.error.reason).toContain('/whatsapp/templates/');
    expect(requestsTo(phone)).toEqual([]);
  });

  describe('with re-engagement templates registered', () => {
    beforeAll(async () => {
      const usage = {
        purpose: 're_engagement' as const,
        category: 'utility' as const,
        bodyParameters: [
          { source: 'learner_first_name' as const },
          { source: 'message_preview' as const },
        ],
        quickReplyButtons: 1,
      };
      const now = kit.runtime.clock.now();
      await saveTemplate(
        kit.runtime.context.db,
        kit.organization.id,
        { name: 'lesson_ready', language: 'en_US', ...usage },
        now,
      );
      await saveTemplate(
        kit.runtime.context.db,
        kit.organization.id,
        { name: 'leccion_lista', language: 'es', ...usage },
        now,
      );
    });

    it('sends free-form while the learner wrote less than 24 hours ago', async () => {
      const phone = '+31600000002';
      await kit.addLearner({ email: 'ana@example.com', fullName: 'Ana Silva', phone });
      await learnerWrites(phone, 'hi');
      kit.runtime.clock.advance(23 * HOUR);

      const outcome = await send(phone, LESSON);

      expect(outcome).toEqual({
        ok: true,
        value: { providerMessageId: kit.fake.lastSentTo(waId(phone)).wamid },
      });
      expect(kit.fake.lastSentTo(waId(phone)).body).toMatchObject({ type: 'text' });
    });

    it('judges the window as the message leaves: 30 s before it closes is too late', async () => {
      const phone = '+31600000003';
      await kit.addLearner({ email: 'bo@example.com', fullName: 'Bo Chen', phone });
      await learnerWrites(phone, 'hi');
      kit.runtime.clock.advance(24 * HOUR - 30_000);

      await send(phone, LESSON);

      expect(kit.fake.lastSentTo(waId(phone)).body).toMatchObject({ type: 'template' });
    });

    it('sends the template outside the window and the held lesson on reply', async () => {
      const phone = '+31600000004';
      await kit.addLearner({ email: 'ben@example.com', fullName: 'Ben Okafor', phone });

      const lesson = await send(phone, LESSON);
      const question = await send(phone, QUESTION);

      const template = kit.fake.lastSentTo(waId(phone));
      expect(template.body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: waId(phone),
        type: 'template',
        template: {
          name: 'lesson_ready',
          language: { code: 'en_US' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Ben' },
                { type: 'text', text: 'Lesson 1 of 2: Spills' },
              ],
            },
            {
              type: 'button',
              sub_type: 'quick_reply',
              index: '0',
              parameters: [{ type: 'payload', payload: RESUME_PAYLOAD }],
            },
          ],
        },
      });
      // The lesson's delivery is known by the template; the question waits behind it.
      expect(lesson).toEqual({ ok: true, value: { providerMessageId: template.wamid } });
      expect(question.ok && question.value.providerMessageId).toMatch(/^held:/);
      expect(kit.fake.sentTo(waId(phone))).toHaveLength(1);

      kit.runtime.clock.advance(2 * HOUR);
      const eventsBefore = kit.events.length;
      await tapsContinue(phone, template.wamid);

      expect(kit.events.length).toBe(eventsBefore);
      expect(kit.fake.sentTo(waId(phone)).map((message) => message.body.type)).toEqual([
        'template',
        'text',
        'interactive',
      ]);
      expect(await heldStatuses(phone)).toEqual(['sent', 'sent']);
    });

    it('reports statuses of a released message under the id its delivery knows', async () => {
      const phone = '+31600000004';
      const released = kit.fake.lastSentTo(waId(phone));

      await kit.fake.deliverStatus({
        id: released.wamid,
        status: 'read',
        timestamp: kit.fake.timestamp(),
        recipientId: waId(phone),
      });

      const update = kit.events.at(-1);
      expect(update).toMatchObject({ kind: 'status', update: { status: 'read' } });
      expect(update?.kind === 'status' && update.update.providerMessageId).toMatch(/^held:/);
    });

    it('sends nothing twice for the same idempotency key', async () => {
      const phone = '+31600000002';
      await learnerWrites(phone, 'still here');
      const before = requestsTo(phone).length;

      const first = await send(phone, LESSON, 'lesson:repeat');
      const again = await send(phone, LESSON, 'lesson:repeat');

      expect(again).toEqual(first);
      expect(requestsTo(phone).length).toBe(before + 1);
    });

    it('uses the template in the learner’s language', async () => {
      const phone = '+5215512345678';
      await kit.addLearner({
        email: 'lucia@example.com',
        fullName: 'Lucía Pérez',
        phone,
        locale: 'es-MX',
      });

      await send(phone, LESSON);

      expect(kit.fake.lastSentTo(waId(phone)).body).toMatchObject({
        type: 'template',
        template: { name: 'leccion_lista', language: { code: 'es' } },
      });
    });

    it('gives a learner who says STOP while messages are held none of them', async () => {
      const phone = '+31600000005';
      await kit.addLearner({ email: 'cara@example.com', fullName: 'Cara Diaz', phone });
      await send(phone, LESSON);
      const eventsBefore = kit.events.length;

      await learnerWrites(phone, 'STOP');
      await processChannelEvents(
        kit.runtime.context,
        kit.organization.id,
        kit.events.slice(eventsBefore),
      );
      await learnerWrites(phone, 'ok');

      expect(kit.events.slice(eventsBefore)).toMatchObject([
        { kind: 'message', message: { text: 'STOP' } },
      ]);
      expect(kit.fake.sentTo(waId(phone)).map((message) => message.body.type)).toEqual([
        'template',
      ]);
      expect(await heldStatuses(phone)).toEqual(['cancelled']);
    });

    it('switches to the template when Meta refuses at once (131047)', async () => {
      const phone = '+31600000006';
      await kit.addLearner({ email: 'dan@example.com', fullName: 'Dan Ito', phone });
      await recordedAMessageAnHourAgo(phone);

      const outcome = await send(phone, LESSON);

      const template = kit.fake.lastSentTo(waId(phone));
      expect(template.body.type).toBe('template');
      expect(outcome).toEqual({ ok: true, value: { providerMessageId: template.wamid } });
      expect(await heldStatuses(phone)).toEqual(['held']);
    });

    it('holds a message again when its refusal (131047) comes in a status callback', async () => {
      const phone = '+31600000007';
      await kit.addLearner({ email: 'eve@example.com', fullName: 'Eve Kim', phone });
      await recordedAMessageAnHourAgo(phone);
      kit.fake.refuseOutsideWindow('async');
      const refused = await send(phone, LESSON);
      kit.fake.refuseOutsideWindow('sync');
      const eventsBefore = kit.events.length;

      await kit.fake.flushStatuses();
      await kit.channel.whenIdle();

      expect(kit.events.length).toBe(eventsBefore);
      const template = kit.fake.lastSentTo(waId(phone));
      expect(template.body.type).toBe('template');
      await tapsContinue(phone, template.wamid);
      const lesson = kit.fake.lastSentTo(waId(phone));
      expect(lesson.body).toMatchObject({ type: 'text', text: { body: LESSON.text } });
      await kit.fake.deliverStatus({
        id: lesson.wamid,
        status: 'delivered',
        timestamp: kit.fake.timestamp(),
        recipientId: waId(phone),
      });
      expect(kit.events.at(-1)).toMatchObject({
        kind: 'status',
        update: {
          status: 'delivered',
          providerMessageId: refused.ok ? refused.value.providerMessageId : '',
        },
      });

      const eventsAfter = kit.events.length;
      await kit.fake.deliverStatus({
        id: refused.ok ? refused.value.providerMessageId : '',
        status: 'failed',
        timestamp: kit.fake.timestamp(),
        recipientId: waId(phone),
        errors: [{ code: 131047, title: 'Re-engagement message', details: 'replayed' }],
      });
      await kit.channel.whenIdle();
      expect(kit.events.length).toBe(eventsAfter);
      expect(kit.fake.sentTo(waId(phone)).map((message) => message.body.type)).toEqual([
        'template',
        'text',
      ]);
    });

    it('fails the messages held behind a template that fails', async () => {
      const phone = '+31600000008';
      await kit.addLearner({ email: 'fay@example.com', fullName: 'Fay Moss', phone });
      const lesson = await send(phone, LESSON);
      const question = await send(phone, QUESTION);
      const eventsBefore = kit.events.length;

      await kit.fake.deliverStatus({
        id: kit.fake.lastSentTo(waId(phone)).wamid,
        status: 'failed',
        timestamp: kit.fake.timestamp(),
        recipientId: waId(phone),
        errors: [{ code: 131026, title: 'Message undeliverable', details: 'Not on WhatsApp' }],
      });

      const ids = [lesson, question].map(
        (outcome) => outcome.ok && outcome.value.providerMessageId,
      );
      expect(kit.events.slice(eventsBefore)).toMatchObject(
        ids.map((id) => ({
          kind: 'status',
          update: { providerMessageId: id, status: 'failed', errorCode: '131026' },
        })),
      );
      expect(await heldStatuses(phone)).toEqual(['failed', 'failed']);
    });
  });

  describe('provider refusals', () => {
    const phone = '+31600000009';
    beforeAll(async () => {
      await kit.addLearner({ email: 'gus@example.com', fullName: 'Gus Hale', phone });
      await learnerWrites(phone, 'hello');
    });

    it('passes a rate limit on as retryable, with the Retry-After Meta gave', async () => {
      kit.fake.failNextSend({
        code: 130429,
        httpStatus: 429,
        retryAfterSeconds: 12,
        details: 'Rate limit hit',
      });

      const outcome = await send(phone, LESSON);

      expect(outcome).toEqual({
        ok: false,
        error: expect.objectContaining({
          code: 'rate_limited',
          retryable: true,
          retryAfterSeconds: 12,
          providerCode: '130429',
        }),
      });
    });

    it('reports a number that is not on WhatsApp as unreachable, not to be retried', async () => {
      kit.fake.failNextSend({ code: 131026, details: 'Message Undeliverable.' });

      const outcome = await send(phone, LESSON);

      expect(outcome).toEqual({
        ok: false,
        error: expect.objectContaining({
          code: 'unreachable',
          retryable: false,
          providerCode: '131026',
        }),
      });
    });

    it('sends the same key again after a failure', async () => {
      kit.fake.failNextSend({ code: 131000, httpStatus: 500 });
      const failed = await send(phone, LESSON, 'lesson:after-failure');

      const retried = await send(phone, LESSON, 'lesson:after-failure');

      expect(failed).toMatchObject({ ok: false, error: { retryable: true } });
      expect(retried).toMatchObject({ ok: true });
    });
  });
});
