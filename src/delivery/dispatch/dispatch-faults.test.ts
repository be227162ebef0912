import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';

import { readingCourse } from '../../../test/support/course-fixtures.ts';
import { startDeliveryScenario } from '../../../test/support/delivery-scenario.ts';
import { learner } from '../../../test/support/scenario.ts';
import { storageUnderTest } from '../../../test/support/test-runtime.ts';
import { publishCourse } from '../../courses/course-repository.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { upsertLearners } from '../../people/learner-repository.ts';
import { enrolLearners } from '../enrolment-service.ts';

type Scenario = Awaited<ReturnType<typeof startDeliveryScenario>>;

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

const lessonRows = (s: Scenario) =>
  s.context.db
    .selectFrom('deliveries')
    .innerJoin('learners', 'learners.id', 'deliveries.learnerId')
    .select([
      'deliveries.id',
      'deliveries.idempotencyKey',
      'deliveries.status',
      'deliveries.sentAt',
      'deliveries.scheduledFor',
      'deliveries.attempts',
      'deliveries.errorCode',
      'deliveries.errorReason',
      'learners.timezone',
    ])
    .where('deliveries.kind', '=', 'lesson')
    .orderBy('deliveries.idempotencyKey')
    .execute();

const localTime = (instant: Date, zone: string) =>
  DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');

describe(
  `dispatch against a provider that fails for a while, on ${storageUnderTest}`,
  { timeout: 120_000 },
  () => {
    it('retries a 500 under the same key: two requests, one visible message', async () => {
      scenario = await startDeliveryScenario({
        start: '2026-06-15T12:00:00Z',
        course: readingCourse(2),
        learners: [learner({ email: 'ana@example.com' })],
      });
      scenario.provider.failNext({ status: 500 });

      scenario.clock.set('2026-06-15T13:00:00Z');
      await scenario.tick();
      const [afterFailure] = await lessonRows(scenario);
      expect(afterFailure).toMatchObject({
        status: 'queued',
        attempts: 1,
        errorCode: 'provider_error',
      });

      await scenario.runUntil('2026-06-15T13:05:00Z');
      const [delivered] = await lessonRows(scenario);
      expect(delivered).toMatchObject({ status: 'sent', attempts: 2 });
      expect(scenario.provider.requestsPerKey().get(delivered?.idempotencyKey ?? '')).toBe(2);
      expect(scenario.provider.visibleMessages()).toHaveLength(1);

      const attempts = await scenario.context.db
        .selectFrom('deliveryAttempts')
        .select(['outcome', 'attempt'])
        .orderBy('id')
        .execute();
      expect(attempts).toEqual([
        { outcome: 'retry', attempt: 1 },
        { outcome: 'sent', attempt: 2 },
      ]);
    });

    it('delivers each lesson once after 500s, a 429 and timeouts, in its window', async () => {
      scenario = await startDeliveryScenario({
        start: '2026-06-15T00:00:00Z',
        course: readingCourse(2),
        learners: ['Europe/Paris', 'America/New_York', 'Asia/Kolkata'].flatMap((timezone, zone) =>
          [1, 2].map((n) => learner({ email: `l${zone}${n}@example.com`, timezone })),
        ),
        settings: { sendWindowMinutes: 120 },
        channelTimeoutMs: 150,
      });
      scenario.provider.failNext(
        { status: 500 },
        { status: 503 },
        { status: 429, retryAfterSeconds: 600 },
        'hang',
        { status: 500 },
        'hang',
      );

      await scenario.runUntil('2026-06-15T18:00:00Z');

      const rows = await lessonRows(scenario);
      expect(rows).toHaveLength(6);
      for (const row of rows) {
        expect(row.status).toBe('sent');
        const sentAt = row.sentAt as Date;
        expect(sentAt.getTime() - row.scheduledFor.getTime()).toBeLessThanOrEqual(120 * 60_000);
        expect(localTime(sentAt, row.timezone).slice(11)).toMatch(/^(09|10|11):/);
      }
      const visible = scenario.provider.visibleMessages().map((request) => request.key);
      expect(visible.sort()).toEqual(rows.map((row) => row.idempotencyKey).sort());
      expect(scenario.provider.requests.length).toBeGreaterThan(6);

      const rateLimited = await scenario.context.db
        .selectFrom('deliveryAttempts')
        .select(['deliveryId', 'finishedAt', 'retryAfterSeconds'])
        .where('errorCode', '=', 'rate_limited')
        .executeTakeFirstOrThrow();
      expect(rateLimited.retryAfterSeconds).toBe(600);
      const next = await scenario.context.db
        .selectFrom('deliveryAttempts')
        .select('startedAt')
        .where('deliveryId', '=', rateLimited.deliveryId)
        .where('startedAt', '>', rateLimited.finishedAt)
        .orderBy('startedAt')
        .executeTakeFirstOrThrow();
      expect(next.startedAt.getTime() - rateLimited.finishedAt.getTime()).toBeGreaterThanOrEqual(
        600_000,
      );
    });

    it('holds a lesson an outage pushed past its window for the next day, one a day', async () => {
      scenario = await startDeliveryScenario({
        start: '2026-06-15T00:00:00Z',
        course: readingCourse(4),
        learners: [learner({ email: 'paris@example.com', timezone: 'Europe/Paris' })],
        settings: { sendWindowMinutes: 60 },
      });
      // Down all morning: the eight attempts inside the 09:00-10:00 window fail; the ninth
      // would come at 10:35, after the window, so the lesson waits for the next morning.
      scenario.provider.failNext(...Array.from({ length: 8 }, () => ({ status: 503 as const })));

      await scenario.runUntil('2026-06-18T20:00:00Z');

      const rows = await lessonRows(scenario);
      const sent = rows.map((row) => localTime(row.sentAt as Date, 'Europe/Paris'));
      expect(sent).toEqual(['2026-06-16 09:00', '2026-06-17 09:00', '2026-06-18 09:00']);
      expect(scenario.provider.visibleMessages()).toHaveLength(3);
    });

    it('dead-letters a delivery when retries run out, with the reason', async () => {
      scenario = await startDeliveryScenario({
        start: '2026-06-15T12:00:00Z',
        course: readingCourse(1),
        learners: [learner({ email: 'ana@example.com' })],
        dispatcher: { retry: { maxAttempts: 3, baseDelaySeconds: 10, maxDelaySeconds: 60 } },
      });
      scenario.provider.failNext({ status: 500 }, { status: 500 }, { status: 500 });

      scenario.clock.set('2026-06-15T13:00:00Z');
      await scenario.runUntil('2026-06-15T13:10:00Z');

      const [dead] = await lessonRows(scenario);
      expect(dead).toMatchObject({ status: 'dead', attempts: 3, errorCode: 'provider_error' });
      expect(dead?.errorReason).toBe('gave up after 3 attempts; last: provider answered 500');
      expect(scenario.provider.visibleMessages()).toHaveLength(0);
    });
  },
);

describe(`shared send rules in the outbox, on ${storageUnderTest}`, { timeout: 120_000 }, () => {
  it('never sends in quiet hours: a 06:00 lesson waits until they end at 07:00', async () => {
    scenario = await startDeliveryScenario({
      start: '2026-06-14T12:00:00Z',
      course: readingCourse(1),
      learners: [learner({ email: 'ny@example.com', timezone: 'America/New_York' })],
      sendTime: '06:00',
      settings: { quietHours: { start: '21:00', end: '07:00' } },
    });

    await scenario.runUntil('2026-06-15T12:00:00Z');

    const [row] = await lessonRows(scenario);
    expect(localTime(row?.sentAt as Date, 'America/New_York')).toBe('2026-06-15 07:00');
  });

  it('falls back to the next channel when the preferred one cannot reach the learner', async () => {
    scenario = await startDeliveryScenario({
      start: '2026-06-15T12:00:00Z',
      course: readingCourse(1),
      learners: [learner({ email: 'ana@example.com' })],
      settings: { fallbackChannels: ['email'] },
    });
    // The enrolment moves to SMS, which this organization never configured.
    await scenario.context.db.updateTable('enrolments').set({ channel: 'sms' }).execute();
    await scenario.context.db.updateTable('learners').set({ phone: '+14155550134' }).execute();

    scenario.clock.set('2026-06-15T13:00:00Z');
    await scenario.tick();

    const row = await scenario.context.db
      .selectFrom('deliveries')
      .select(['status', 'channel', 'preferredChannel', 'errorCode'])
      .where('kind', '=', 'lesson')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      status: 'sent',
      channel: 'email',
      preferredChannel: 'sms',
      errorCode: 'not_configured',
    });
    const lessons = scenario.provider.visibleMessages().filter((m) => m.key.startsWith('lesson:'));
    expect(lessons).toHaveLength(1);
  });

  it('spreads sends over time under the organization rate limit', async () => {
    scenario = await startDeliveryScenario({
      start: '2026-06-15T12:00:00Z',
      // Two lessons: no course-complete message competes with the lessons for the rate.
      course: readingCourse(2),
      learners: [1, 2, 3, 4].map((n) => learner({ email: `l${n}@example.com` })),
      settings: { maxSendsPerMinute: 2 },
    });

    scenario.clock.set('2026-06-15T13:00:00Z');
    await scenario.tick();
    expect(scenario.provider.visibleMessages()).toHaveLength(1);

    await scenario.runUntil('2026-06-15T13:02:00Z');
    const sentAt = (await lessonRows(scenario)).map((row) => (row.sentAt as Date).toISOString());
    expect(sentAt.sort()).toEqual([
      '2026-06-15T13:00:00.000Z',
      '2026-06-15T13:00:30.000Z',
      '2026-06-15T13:01:00.000Z',
      '2026-06-15T13:01:30.000Z',
    ]);
  });

  it("keeps each organization's provider account under its rate, apart from others'", async () => {
    scenario = await startDeliveryScenario({
      start: '2026-06-15T12:00:00Z',
      course: readingCourse(2),
      learners: [1, 2, 3].map((n) => learner({ email: `p${n}@example.com` })),
      dispatcher: { providerRatePerSecond: { email: 1 } },
    });
    // A second organization, with its own mail account, has lessons due at the same moment.
    const { db } = scenario.context;
    const other = await createOrganization(db, { name: 'Other Org' });
    const { learnerIds } = await upsertLearners(
      db,
      other.id,
      [1, 2, 3].map((n) => learner({ email: `q${n}@example.com` })),
      scenario.clock.now(),
    );
    const published = await publishCourse(db, other.id, readingCourse(2));
    await enrolLearners(scenario.context, {
      organizationId: other.id,
      courseVersionId: published.versionId,
      learnerIds,
      channel: 'email',
      sendTime: '09:00',
      days: 'daily',
    });

    scenario.clock.set('2026-06-15T13:00:00Z');
    await scenario.tick();
    await scenario.runUntil('2026-06-15T13:00:05Z');

    const sent = await db
      .selectFrom('deliveries')
      .select(['organizationId', 'sentAt'])
      .where('kind', '=', 'lesson')
      .where('status', '=', 'sent')
      .execute();
    const secondsOf = (organizationId: string) =>
      sent
        .filter((row) => row.organizationId === organizationId)
        .map((row) => (row.sentAt as Date).toISOString())
        .sort();
    const oneASecond = [
      '2026-06-15T13:00:00.000Z',
      '2026-06-15T13:00:01.000Z',
      '2026-06-15T13:00:02.000Z',
    ];
    expect(secondsOf(scenario.org.id)).toEqual(oneASecond);
    expect(secondsOf(other.id)).toEqual(oneASecond);
  });

  it('refuses a learner whose consent is revoked, and says why', async () => {
    scenario = await startDeliveryScenario({
      start: '2026-06-15T12:00:00Z',
      course: readingCourse(1),
      learners: [learner({ email: 'ana@example.com' })],
    });
    const [learnerId] = scenario.learnerIds;
    await scenario.context.db
      .insertInto('channelConsents')
      .values({
        learnerId: learnerId as string,
        channel: 'email',
        status: 'revoked',
        source: 'test',
        recordedAt: scenario.clock.now(),
      })
      .execute();

    scenario.clock.set('2026-06-15T13:00:00Z');
    await scenario.tick();

    const [row] = await lessonRows(scenario);
    expect(row).toMatchObject({ status: 'failed', errorCode: 'opted_out' });
    expect(scenario.provider.requests).toHaveLength(0);
  });
});
