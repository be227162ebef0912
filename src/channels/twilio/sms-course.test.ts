import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quizCourse } from '../../../test/support/course-fixtures.ts';
import { learner, tickAndDrain } from '../../../test/support/scenario.ts';
import { storageUnderTest, testSchemaName } from '../../../test/support/test-runtime.ts';
import { createJobHandlers } from '../../app/job-handlers.ts';
import { startRuntime, type Runtime } from '../../app/runtime.ts';
import { publishCourse } from '../../courses/course-repository.ts';
import { enrolLearners } from '../../delivery/enrolment-service.ts';
import { upsertLearners } from '../../people/learner-repository.ts';
import { createApp } from '../../server/app.ts';
import { ManualClock } from '../../shared/clock.ts';
import { silentLogger } from '../../shared/logger.ts';
import { createChannelSetup } from '../credentials/channel-setup.ts';
import { FakeTwilio } from './testing/fake-twilio.ts';

const PUBLIC = 'https://inflow.example.com';
const KEY = randomBytes(32).toString('base64');
const ACCOUNT_SID = `AC${'5e'.repeat(16)}`;
const AUTH_TOKEN = 'e2e-auth-token-0123456789abcdef';
const ANA = '+14155550134';
const BEN = '+14155550177';
const DAY = 24 * 60 * 60 * 1000;

/**
 * A whole course over SMS: credentials go in through the REST API, the credential registry
 * builds the Twilio adapter, lessons go out through the fake Twilio, and the learners'
 * texts and the status callbacks come back through the app's webhook route, signed.
 */
describe(`a course over SMS through Twilio, end to end (${storageUnderTest})`, () => {
  const clock = new ManualClock('2026-03-02T13:00:00Z');
  let runtime: Runtime;
  let fake: FakeTwilio;
  let app: ReturnType<typeof createApp>;
  let organizationId = '';
  let ids: { ana: string; ben: string };
  const inboundUrl = `${PUBLIC}/webhooks/sms/acme`;
  const options = { credentialsKey: KEY, publicBaseUrl: PUBLIC };

  const drain = () => runtime.context.jobs.drain(createJobHandlers(runtime.context));
  const text = async (from: string, body: string) => {
    const response = await fake.sendInbound(inboundUrl, { from, body });
    expect(response.status).toBe(200);
    await drain();
  };
  const lastBodyTo = (number: string) => fake.messagesTo(number).at(-1)?.body ?? '';
  const responses = async (learnerId: string) =>
    runtime.context.db
      .selectFrom('responses')
      .innerJoin('questions', 'questions.id', 'responses.questionId')
      .select(['questions.key', 'responses.correct'])
      .where('responses.learnerId', '=', learnerId)
      .orderBy('responses.receivedAt')
      .execute();
  const enrolmentStatus = async (learnerId: string) =>
    (
      await runtime.context.db
        .selectFrom('enrolments')
        .select('status')
        .where('learnerId', '=', learnerId)
        .executeTakeFirstOrThrow()
    ).status;
  const deliveryOf = (providerMessageId: string) =>
    runtime.context.db
      .selectFrom('deliveries')
      .select(['status', 'errorCode', 'statusHistory'])
      .where('providerMessageId', '=', providerMessageId)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    fake = await new FakeTwilio(
      { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      { transport: async (url, init) => app.request(url, init) },
    ).start();
    const apiBaseUrls = { twilio: fake.baseUrl };
    runtime = await startRuntime({
      databaseUrl: process.env.TEST_DATABASE_URL,
      dataDir: 'memory://',
      schema: process.env.TEST_DATABASE_URL ? testSchemaName() : undefined,
      logger: silentLogger,
      clock,
      channels: [],
      registryFor: (storage) => createChannelSetup(storage, { ...options, apiBaseUrls }).registry,
    });
    app = createApp(runtime.context, { ...options, apiBaseUrls });

    const created = await app.request('/api/v1/organizations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Acme Logistics', slug: 'acme' }),
    });
    organizationId = ((await created.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await fake?.stop();
    await runtime?.close();
  });

  it('sets up credentials, checks them, and runs the course with graded answers', async () => {
    const saved = await app.request('/api/v1/organizations/acme/channels/sms', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        from: '+15005550006',
      }),
    });
    const checked = await app.request('/api/v1/organizations/acme/channels/sms/check', {
      method: 'POST',
    });
    expect(saved.status).toBe(200);
    expect(await checked.json()).toMatchObject({ ok: true });

    const { db } = runtime.context;
    const { learnerIds } = await upsertLearners(
      db,
      organizationId,
      [
        learner({ email: 'ana@example.com', phone: ANA, preferredChannel: 'sms' }),
        learner({ email: 'ben@example.com', phone: BEN, preferredChannel: 'sms' }),
      ],
      clock.now(),
    );
    ids = { ana: learnerIds[0] as string, ben: learnerIds[1] as string };
    const published = await publishCourse(db, organizationId, quizCourse());
    await enrolLearners(runtime.context, {
      organizationId,
      courseVersionId: published.versionId,
      learnerIds,
      channel: 'sms',
      sendTime: '09:00',
      days: 'daily',
    });

    // 09:00 in New York: lesson 1 and its first question, by SMS, with no buttons.
    clock.set('2026-03-02T14:00:01Z');
    await tickAndDrain(runtime);
    const toAna = fake.messagesTo(ANA);
    expect(toAna[0]?.body).toContain('Lesson 1 of 2: Spills');
    expect(lastBodyTo(ANA)).toContain('Within how many minutes do you report a spill?');
    expect(lastBodyTo(ANA)).toMatch(/Reply A, B or C/);
    expect(
      toAna.every(
        (message) => message.statusCallback === `${PUBLIC}/webhooks/sms/${organizationId}`,
      ),
    ).toBe(true);

    // Ana answers right, Ben wrong; each gets feedback and the true/false question.
    await text(ANA, 'B');
    await text(BEN, 'a');
    expect(fake.messagesTo(ANA).some((message) => message.body.includes('Correct!'))).toBe(true);
    expect(fake.messagesTo(BEN).some((message) => message.body.includes('Not quite.'))).toBe(true);
    expect(lastBodyTo(ANA)).toContain('A spill that hurt nobody need not be reported.');
    await text(ANA, 'false');
    await text(BEN, 'False');

    // Next morning: lesson 2, a reflection.
    clock.advance(DAY);
    await tickAndDrain(runtime);
    expect(fake.messagesTo(ANA).some((message) => message.body.includes('Lesson 2 of 2'))).toBe(
      true,
    );
    await text(ANA, 'I report every near miss to my lead the same day.');
    // Ben missed a question, so a spaced-repetition review is open beside the reflection and
    // the questions carry tags: he starts his reply with the reflection's.
    const reflectionTag = fake.messagesTo(BEN).map((message) => message.body)
      .filter((body) => body.includes('near miss'))
      .map((body) => body.match(/Question (\d+)/)?.[1]).at(-1);
    await text(BEN, `${reflectionTag ? `${reflectionTag} ` : ''}Near misses teach us for free.`);

    expect(await responses(ids.ana)).toEqual([
      { key: 'l1-q1', correct: true },
      { key: 'l1-q2', correct: true },
      { key: 'l2-q1', correct: null },
    ]);
    expect((await responses(ids.ben)).map((row) => row.correct)).toEqual([false, true, null]);
    expect(await enrolmentStatus(ids.ana)).toBe('completed');
    expect(await enrolmentStatus(ids.ben)).toBe('completed');
    expect(lastBodyTo(ANA)).toContain('You have finished Spill safety');
  });

  it('applies status callbacks that come late, twice or out of order, keeping codes', async () => {
    const [anaFirst] = fake.messagesTo(ANA);
    const [benFirst] = fake.messagesTo(BEN);
    const anaSid = anaFirst?.sid as string;
    const benSid = benFirst?.sid as string;

    for (const status of ['delivered', 'sent', 'delivered', 'queued']) {
      expect((await fake.sendStatus(anaSid, status)).status).toBe(200);
    }
    await fake.sendStatus(benSid, 'undelivered', { errorCode: '30003' });
    await fake.sendStatus(benSid, 'sent');
    await drain();

    const ana = await deliveryOf(anaSid);
    expect(ana.status).toBe('delivered');
    expect(ana.statusHistory.filter((change) => change.status === 'delivered')).toHaveLength(1);
    expect(await deliveryOf(benSid)).toMatchObject({ status: 'failed', errorCode: '30003' });
  });

  it('pitfall SMS-06: a twice-delivered answer is graded once and answered once', async () => {
    clock.advance(DAY);
    const newcomer = '+14155550199';
    const { db } = runtime.context;
    const { learnerIds } = await upsertLearners(
      db,
      organizationId,
      [learner({ email: 'cy@example.com', phone: newcomer, preferredChannel: 'sms' })],
      clock.now(),
    );
    const published = await publishCourse(db, organizationId, quizCourse());
    await enrolLearners(runtime.context, {
      organizationId,
      courseVersionId: published.versionId,
      learnerIds,
      channel: 'sms',
      sendTime: '09:00',
      days: 'daily',
    });
    clock.set('2026-03-05T14:00:01Z');
    await tickAndDrain(runtime);
    const sentBefore = fake.messagesTo(newcomer).length;

    const sid = 'SM00000000000000000000000000000002';
    const [first, second] = await Promise.all([
      fake.sendInbound(inboundUrl, { from: newcomer, body: 'B', sid }),
      fake.sendInbound(inboundUrl, { from: newcomer, body: 'B', sid }),
    ]);
    await drain();

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await responses(learnerIds[0] as string)).toEqual([{ key: 'l1-q1', correct: true }]);
    const feedback = fake
      .messagesTo(newcomer)
      .slice(sentBefore)
      .filter((m) => m.body.includes('Correct!'));
    expect(feedback).toHaveLength(1);
  });
});
