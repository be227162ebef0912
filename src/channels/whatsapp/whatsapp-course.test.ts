import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobHandlers } from '../../app/job-handlers.ts';
import { startRuntime, type Runtime } from '../../app/runtime.ts';
import { publishCourse } from '../../courses/course-repository.ts';
import { enrolLearners } from '../../delivery/enrolment-service.ts';
import { createApp } from '../../server/app.ts';
import { ManualClock } from '../../shared/clock.ts';
import { silentLogger } from '../../shared/logger.ts';
import { learner, tickAndDrain } from '../../../test/support/scenario.ts';
import { storageUnderTest, testSchemaName } from '../../../test/support/test-runtime.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { upsertLearners } from '../../people/learner-repository.ts';
import type { Channel } from '../channel.ts';
import { FakeGraphApi } from './testing/fake-graph-api.ts';
import { whatsappCourse } from './testing/whatsapp-course.ts';
import { APPROVED_TEMPLATES, TEST_CREDENTIALS } from './testing/whatsapp-test-kit.ts';
import { templateButton, textMessage } from './testing/whatsapp-webhook-bodies.ts';
import { whatsappTemplateRoutes } from './template-routes.ts';
import type { WhatsAppChannel } from './whatsapp-channel.ts';
import { whatsappFactory } from './whatsapp-factory.ts';
import { RESUME_PAYLOAD } from './whatsapp-inbound.ts';

const ANA = '447700900101';
const BEN = '447700900102';

/**
 * A whole course over WhatsApp against the fake Cloud API: the app's webhook route receives
 * what the fake learners send, the worker applies it, and the adapter answers through the
 * fake. Ana wrote the morning before her first lesson; Ben never wrote, so his lesson waits
 * behind the re-engagement template until he taps it.
 */
describe(`a course over WhatsApp, end to end (${storageUnderTest})`, () => {
  const clock = new ManualClock('2026-03-02T07:00:00Z');
  let runtime: Runtime;
  let fake: FakeGraphApi;
  let app: ReturnType<typeof createApp>;
  let channel: WhatsAppChannel | undefined;
  let organizationId = '';

  const drain = async () => {
    await channel?.whenIdle();
    await runtime.context.jobs.drain(createJobHandlers(runtime.context));
  };
  /** Each question's first answer by a learner; reviews may ask a question again later. */
  const firstAnswers = async (learnerId: string) => {
    const rows = await runtime.context.db
      .selectFrom('responses')
      .innerJoin('questions', 'questions.id', 'responses.questionId')
      .select(['questions.key', 'responses.correct', 'responses.answer'])
      .where('responses.learnerId', '=', learnerId)
      .orderBy('responses.receivedAt')
      .execute();
    const first: Record<string, { correct: boolean | null; answer: string }> = {};
    for (const row of rows) first[row.key] ??= { correct: row.correct, answer: row.answer };
    return first;
  };
  /**
   * A typed answer as the learner is told to write it: with several questions open the
   * engine shows their numbers and asks for the number first.
   */
  const asTheQuestionAsks = (waId: string, text: string) => {
    const last = fake.sentTo(waId).at(-1)?.body as { text?: { body?: string } } | undefined;
    const tag = /Start your reply with (\d+)/.exec(last?.text?.body ?? '')?.[1];
    return tag ? `${tag} ${text}` : text;
  };
  /** Taps "b" on every question sent to the learner from the given one on, as they come. */
  const answerEveryQuestion = async (waId: string, from: number) => {
    for (let index = from; index < fake.questionsTo(waId).length; index += 1) {
      await fake.tapAnswer(waId, 'b', fake.questionsTo(waId)[index]);
      await drain();
    }
  };

  beforeAll(async () => {
    fake = await new FakeGraphApi({
      accessToken: TEST_CREDENTIALS.accessToken,
      appSecret: TEST_CREDENTIALS.appSecret,
      now: () => clock.now(),
      templates: APPROVED_TEMPLATES,
    }).start();
    runtime = await startRuntime({
      databaseUrl: process.env.TEST_DATABASE_URL,
      dataDir: 'memory://',
      schema: process.env.TEST_DATABASE_URL ? testSchemaName() : undefined,
      logger: silentLogger,
      clock,
      channels: [],
      // The organization's WhatsApp adapter, built by the factory as the credential
      // registry builds it, pointed at the fake.
      registry: {
        kinds: () => ['whatsapp'],
        forOrganization: async (orgId: string, kind: string): Promise<Channel | undefined> => {
          if (kind !== 'whatsapp' || orgId !== organizationId) return undefined;
          channel ??= whatsappFactory.create(TEST_CREDENTIALS, {
            organizationId: orgId,
            db: runtime.context.db,
            logger: silentLogger,
            clock,
            apiBaseUrls: { whatsapp: fake.url },
          }) as WhatsAppChannel;
          return channel;
        },
      },
    });
    app = createApp(runtime.context);
    app.route('/api/v1/organizations/:org', whatsappTemplateRoutes(runtime.context));
    fake.connect(async (body, headers) => {
      const response = await app.request('/webhooks/whatsapp/acme', {
        method: 'POST',
        headers,
        body,
      });
      return { status: response.status, text: await response.text() };
    });

    const organization = await createOrganization(runtime.context.db, {
      name: 'Acme Logistics',
      slug: 'acme',
    });
    organizationId = organization.id;
  });
  afterAll(async () => {
    await channel?.whenIdle();
    await fake?.stop();
    await runtime?.close();
  });

  it("answers Meta's verification GET through the webhook route, unsigned (WA-02)", async () => {
    const query =
      'hub.mode=subscribe&hub.verify_token=fake-verify-token-01&hub.challenge=1158201444';

    const verified = await app.request(`/webhooks/whatsapp/acme?${query}`);
    const wrongToken = await app.request(
      `/webhooks/whatsapp/acme?${query.replace('fake-verify-token-01', 'guess')}`,
    );
    const unsignedPost = await app.request('/webhooks/whatsapp/acme', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"object":"whatsapp_business_account","entry":[]}',
    });

    expect(verified.status).toBe(200);
    expect(verified.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await verified.text()).toBe('1158201444');
    expect(wrongToken.status).toBe(403);
    expect(unsignedPost.status).toBe(401);
  });

  it('runs the course for a learner inside the window and one outside it', async () => {
    const registered = await app.request(
      '/api/v1/organizations/acme/whatsapp/templates/' + 'lesson_ready/en_US',
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          purpose: 're_engagement',
          quickReplyButtons: 1,
          bodyParameters: [{ source: 'learner_first_name' }, { source: 'message_preview' }],
        }),
      },
    );
    expect(registered.status).toBe(201);

    const { db } = runtime.context;
    const { learnerIds } = await upsertLearners(
      db,
      organizationId,
      [
        learner({
          email: 'ana@example.com',
          fullName: 'Ana Silva',
          phone: `+${ANA}`,
          timezone: 'Europe/London',
          preferredChannel: 'whatsapp',
        }),
        learner({
          email: 'ben@example.com',
          fullName: 'Ben Okafor',
          phone: `+${BEN}`,
          timezone: 'Europe/London',
          preferredChannel: 'whatsapp',
        }),
      ],
      clock.now(),
    );
    const [anaId, benId] = learnerIds as [string, string];
    const published = await publishCourse(db, organizationId, whatsappCourse());
    await enrolLearners(runtime.context, {
      organizationId,
      courseVersionId: published.versionId,
      learnerIds,
      channel: 'whatsapp',
      sendTime: '09:00',
      days: 'daily',
    });

    // 08:00 Monday: Ana says hello, which opens her window.
    clock.set('2026-03-02T08:00:00Z');
    const hello = await fake.learnerSends(
      ANA,
      textMessage(fake.nextMessageId(), fake.timestamp(), 'Hello!'),
    );
    expect(hello.status).toBe(200);
    await drain();

    // 09:00: lesson 1. Ana gets it free-form; Ben gets the template instead.
    clock.set('2026-03-02T09:00:00Z');
    await tickAndDrain(runtime);
    expect(fake.sentTo(ANA).some((message) => message.body.type === 'text')).toBe(true);
    expect(fake.sentTo(BEN).map((message) => message.body.type)).toEqual(['template']);

    clock.set('2026-03-02T09:02:00Z');
    expect(await fake.tapAnswer(ANA, 'b')).toBe('list_reply');
    await drain();
    expect(await fake.tapAnswer(ANA, 'b')).toBe('button_reply');
    await drain();

    // 10:00: Ben taps the template's button; his held lesson and question follow.
    clock.set('2026-03-02T10:00:00Z');
    const template = fake.lastSentTo(BEN);
    await fake.learnerSends(
      BEN,
      templateButton(fake.nextMessageId(), fake.timestamp(), RESUME_PAYLOAD, 'Continue', {
        from: fake.business.displayPhoneNumber,
        id: template.wamid,
      }),
    );
    await drain();
    expect(fake.sentTo(BEN).map((message) => message.body.type)).toEqual([
      'template',
      'text',
      'interactive',
    ]);
    expect(await fake.tapAnswer(BEN, 'a')).toBe('list_reply');
    await drain();
    await fake.tapAnswer(BEN, 'b');
    await drain();

    // 09:00 Tuesday: both wrote within 24 hours, so lesson 2 goes free-form to both, with
    // whatever review question the engine adds after a wrong answer.
    clock.set('2026-03-03T09:00:00Z');
    const askedBefore = new Map([ANA, BEN].map((waId) => [waId, fake.questionsTo(waId).length]));
    await tickAndDrain(runtime);
    for (const waId of [ANA, BEN]) {
      clock.advance(60_000);
      await answerEveryQuestion(waId, askedBefore.get(waId) ?? 0);
      const reflection = asTheQuestionAsks(waId, 'I will check the floor before my break.');
      await fake.learnerSends(
        waId,
        textMessage(fake.nextMessageId(), fake.timestamp(), reflection),
      );
      await drain();
    }

    expect(await firstAnswers(anaId)).toEqual({
      'l1-q1': { correct: true, answer: 'b' },
      'l1-q2': { correct: true, answer: 'b' },
      'l2-q1': { correct: true, answer: 'b' },
      'l2-q2': { correct: null, answer: expect.stringContaining('check the floor') },
    });
    expect(await firstAnswers(benId)).toMatchObject({
      'l1-q1': { correct: false, answer: 'a' },
      'l1-q2': { correct: true },
      'l2-q1': { correct: true },
      'l2-q2': { correct: null },
    });
    const enrolments = await db
      .selectFrom('enrolments')
      .select('status')
      .where('organizationId', '=', organizationId)
      .execute();
    expect(enrolments.map((row) => row.status)).toEqual(['completed', 'completed']);
    expect(fake.accepted.filter((message) => message.body.type === 'template')).toHaveLength(1);
  });
});
