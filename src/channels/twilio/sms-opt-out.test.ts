import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingCourse } from '../../../test/support/course-fixtures.ts';
import { learner, tickAndDrain } from '../../../test/support/scenario.ts';
import { storageUnderTest, testSchemaName } from '../../../test/support/test-runtime.ts';
import { createJobHandlers } from '../../app/job-handlers.ts';
import { startRuntime, type Runtime } from '../../app/runtime.ts';
import { publishCourse } from '../../courses/course-repository.ts';
import { enrolLearners } from '../../delivery/enrolment-service.ts';
import { sendThroughOutbox } from '../../delivery/outbox.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { upsertLearners } from '../../people/learner-repository.ts';
import { createApp } from '../../server/app.ts';
import { ManualClock } from '../../shared/clock.ts';
import { silentLogger } from '../../shared/logger.ts';
import { createChannelSetup } from '../credentials/channel-setup.ts';
import { FakeTwilio } from './testing/fake-twilio.ts';

const PUBLIC = 'https://inflow.example.com';
const KEY = randomBytes(32).toString('base64');
const ACCOUNT_SID = `AC${'4f'.repeat(16)}`;
const AUTH_TOKEN = 'opt-out-auth-token-0123456789ab';
const DAY = 24 * 60 * 60 * 1000;
const PHONES = {
  ana: '+14155550101',
  ben: '+14155550102',
  cy: '+14155550103',
  dee: '+14155550104',
};

/**
 * "Nobody who opted out on a channel receives anything further on it", tried every way: a
 * STOP to us, a STOP only the carrier saw (Twilio answers 21610), a reply after STOP, a
 * message pushed straight at the outbox, and days of lessons falling due.
 */
describe(`SMS opt-out is final (${storageUnderTest})`, () => {
  const clock = new ManualClock('2026-03-02T13:00:00Z');
  let runtime: Runtime;
  let fake: FakeTwilio;
  let app: ReturnType<typeof createApp>;
  let organizationId = '';
  const learnerIds: Record<keyof typeof PHONES, string> = { ana: '', ben: '', cy: '', dee: '' };

  const drain = () => runtime.context.jobs.drain(createJobHandlers(runtime.context));
  const text = async (from: string, body: string) => {
    expect(
      (await fake.sendInbound(`${PUBLIC}/webhooks/sms/${organizationId}`, { from, body })).status,
    ).toBe(200);
    await drain();
  };
  /** Messages create requests for a number: every attempt, accepted or refused. */
  const attemptsTo = (number: string) =>
    fake.requests.filter((request) => request.form.To === number).length;
  const consent = async (learnerId: string) =>
    (
      await runtime.context.db
        .selectFrom('channelConsents')
        .select('status')
        .where('learnerId', '=', learnerId)
        .where('channel', '=', 'sms')
        .executeTakeFirst()
    )?.status;

  beforeAll(async () => {
    fake = await new FakeTwilio(
      { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      { transport: async (url, init) => app.request(url, init) },
    ).start();
    const options = {
      credentialsKey: KEY,
      publicBaseUrl: PUBLIC,
      apiBaseUrls: { twilio: fake.baseUrl },
    };
    runtime = await startRuntime({
      databaseUrl: process.env.TEST_DATABASE_URL,
      dataDir: 'memory://',
      schema: process.env.TEST_DATABASE_URL ? testSchemaName() : undefined,
      logger: silentLogger,
      clock,
      channels: [],
      registryFor: (storage) => createChannelSetup(storage, options).registry,
    });
    app = createApp(runtime.context, options);

    const { db } = runtime.context;
    organizationId = (await createOrganization(db, { name: 'Acme', slug: 'acme' })).id;
    const { store } = createChannelSetup(runtime.context, options);
    await store.save(
      organizationId,
      'sms',
      { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006' },
      clock.now(),
    );
    const names = Object.keys(PHONES) as (keyof typeof PHONES)[];
    const { learnerIds: ids } = await upsertLearners(
      db,
      organizationId,
      names.map((name) =>
        learner({ email: `${name}@example.com`, phone: PHONES[name], preferredChannel: 'sms' }),
      ),
      clock.now(),
    );
    names.forEach((name, index) => (learnerIds[name] = ids[index] as string));
    const published = await publishCourse(db, organizationId, readingCourse(6));
    await enrolLearners(runtime.context, {
      organizationId,
      courseVersionId: published.versionId,
      learnerIds: ids,
      channel: 'sms',
      sendTime: '09:00',
      days: 'daily',
    });
  });
  afterAll(async () => {
    await fake?.stop();
    await runtime?.close();
  });

  it('sends nothing more to anyone who opted out, however a message is tried', async () => {
    // Ben texted STOP to the carrier long ago and we never heard of it.
    fake.optedOut.add(PHONES.ben);

    clock.set('2026-03-02T14:00:01Z');
    await tickAndDrain(runtime);
    expect(fake.messagesTo(PHONES.ana)).toHaveLength(1);
    expect(fake.messagesTo(PHONES.ben)).toHaveLength(0);
    // The refusal with 21610 is as binding as a STOP sent to us.
    expect(await consent(learnerIds.ben)).toBe('revoked');

    // Ana replies STOP: Twilio blocks her number and answers her as carriers require.
    await text(PHONES.ana, 'Stop');
    expect(await consent(learnerIds.ana)).toBe('revoked');
    expect(fake.keywordReplies).toContainEqual({ to: PHONES.ana, kind: 'STOP' });
    const anaAttempts = attemptsTo(PHONES.ana);
    const benAttempts = attemptsTo(PHONES.ben);

    // Ana writes again after STOP: the engine may answer, but not by SMS.
    await text(PHONES.ana, 'B');
    // A message pushed straight at the outbox is refused before it reaches Twilio.
    const ana = await runtime.context.db
      .selectFrom('learners')
      .selectAll()
      .where('id', '=', learnerIds.ana)
      .executeTakeFirstOrThrow();
    const pushed = await sendThroughOutbox(runtime.context, {
      learner: ana,
      channel: 'sms',
      kind: 'system',
      idempotencyKey: 'opt-out-test:push',
      messages: [{ text: 'One more thing!' }],
    });
    // And lessons keep falling due for five more days.
    for (let day = 0; day < 5; day++) {
      clock.advance(DAY);
      await tickAndDrain(runtime);
    }

    expect(pushed.status).toBe('failed');
    expect(attemptsTo(PHONES.ana)).toBe(anaAttempts);
    expect(attemptsTo(PHONES.ben)).toBe(benAttempts);
    expect(fake.messagesTo(PHONES.ana)).toHaveLength(1);
    expect(fake.messagesTo(PHONES.ben)).toHaveLength(0);
    // Meanwhile the others got every lesson.
    expect(fake.messagesTo(PHONES.dee).filter((m) => m.body.startsWith('Lesson'))).toHaveLength(6);
  });

  it('pauses on a stop-like reply that is not a keyword, without opting out', async () => {
    const before = fake.messagesTo(PHONES.cy).length;

    await text(PHONES.cy, 'Stop. Thank you');
    const afterIntent = fake.messagesTo(PHONES.cy).length;
    clock.advance(DAY);
    await tickAndDrain(runtime);

    // One message asks whether to stop for good; no lesson comes while paused.
    expect(afterIntent).toBe(before + 1);
    expect(fake.messagesTo(PHONES.cy)).toHaveLength(afterIntent);
    expect(await consent(learnerIds.cy)).not.toBe('revoked');
  });

  it('lets a learner who opted out opt back in with START', async () => {
    await text(PHONES.ana, 'START');

    expect(await consent(learnerIds.ana)).toBe('granted');
    expect(fake.optedOut.has(PHONES.ana)).toBe(false);
    expect(fake.keywordReplies).toContainEqual({ to: PHONES.ana, kind: 'START' });
  });
});
