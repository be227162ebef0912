import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readingCourse } from '../../../test/support/course-fixtures.ts';
import { startDeliveryScenario } from '../../../test/support/delivery-scenario.ts';
import { learner } from '../../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import type { EngineContext } from '../../app/context.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { API_PREFIX, createApp } from '../../server/app.ts';
import type { ErrorBody } from '../../server/testing/api-client.ts';
import { DEFAULT_DELIVERY_SETTINGS, type DeliverySettings } from '../delivery-settings.ts';

const CHOSEN: DeliverySettings = {
  quietHours: { start: '22:00', end: '06:30' },
  sendWindowMinutes: 90,
  maxSendsPerMinute: 600,
  reminderCount: 2,
  reminderIntervalHours: 12,
  dailyReviewCap: 3,
  maxLessonsPerDay: 2,
  fallbackChannels: ['sms', 'email'],
  sendTimeOptimization: true,
  holidays: ['2026-12-24', '2026-12-25'],
};

/** The settings endpoint of one organization, called in-process through the whole app. */
function settingsApi(context: EngineContext, org: string) {
  const app = createApp(context);
  const url = `${API_PREFIX}/organizations/${org}/delivery/settings`;
  const call = async <T>(method: string, body?: unknown) => {
    const response = await app.request(url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  return {
    get: () => call<DeliverySettings>('GET'),
    put: (body: unknown) => call<DeliverySettings & ErrorBody>('PUT', body),
    patch: (body: unknown) => call<DeliverySettings & ErrorBody>('PATCH', body),
  };
}

describe(`delivery settings over HTTP, on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let api: ReturnType<typeof settingsApi>;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    await createOrganization(runtime.context.db, { name: 'Settings Co', slug: 'settings-co' });
    api = settingsApi(runtime.context, 'settings-co');
  });
  afterAll(() => runtime.close());

  it('answers the defaults for an organization that never set anything', async () => {
    const { status, body } = await api.get();

    expect(status).toBe(200);
    expect(body).toEqual(DEFAULT_DELIVERY_SETTINGS);
  });

  it('replaces every setting and the holidays, and reads them back', async () => {
    const saved = await api.put(CHOSEN);
    const read = await api.get();

    expect(saved).toEqual({ status: 200, body: CHOSEN });
    expect(read.body).toEqual(CHOSEN);
  });

  it('replaces the holiday list rather than adding to it', async () => {
    await api.put(CHOSEN);
    await api.put({ ...CHOSEN, holidays: ['2026-12-25', '2027-01-01'], quietHours: null });

    expect((await api.get()).body).toMatchObject({
      holidays: ['2026-12-25', '2027-01-01'],
      quietHours: null,
    });
  });

  it('changes only the fields a PATCH gives', async () => {
    await api.put(CHOSEN);
    const patched = await api.patch({ maxSendsPerMinute: null, fallbackChannels: ['web'] });

    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ ...CHOSEN, maxSendsPerMinute: null, fallbackChannels: ['web'] });
  });

  it.each([
    ['quiet hours not "HH:MM"', { quietHours: { start: '9pm', end: '07:00' } }, 'quietHours.start'],
    [
      'quiet hours that start when they end',
      { quietHours: { start: '22:00', end: '22:00' } },
      'quietHours',
    ],
    ['an unknown channel kind', { fallbackChannels: ['sms', 'pigeon'] }, 'fallbackChannels.1'],
    ['a channel listed twice', { fallbackChannels: ['sms', 'sms'] }, 'fallbackChannels'],
    ['a holiday that does not exist', { holidays: ['2026-02-30'] }, 'holidays.0'],
    ['a holiday written another way', { holidays: ['25/12/2026'] }, 'holidays.0'],
    ['a send window of zero', { sendWindowMinutes: 0 }, 'sendWindowMinutes'],
    ['a send window over a day', { sendWindowMinutes: 1441 }, 'sendWindowMinutes'],
    ['a rate limit of zero', { maxSendsPerMinute: 0 }, 'maxSendsPerMinute'],
    ['a fractional daily cap', { maxLessonsPerDay: 1.5 }, 'maxLessonsPerDay'],
    ['a text where a number goes', { reminderCount: '2' }, 'reminderCount'],
  ])('refuses %s with a 400 naming the field, and keeps the settings', async (_, change, field) => {
    await api.put(CHOSEN);

    const put = await api.put({ ...CHOSEN, ...change });
    const patch = await api.patch(change);

    for (const refused of [put, patch]) {
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('validation_failed');
      expect(refused.body.error.details?.issues?.map((issue) => issue.path)).toEqual([
        `body.${field}`,
      ]);
    }
    expect((await api.get()).body).toEqual(CHOSEN);
  });

  it('refuses a PUT that leaves a setting out, naming it', async () => {
    const { dailyReviewCap: _left, ...partial } = CHOSEN;

    const refused = await api.put(partial);

    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('body.dailyReviewCap');
  });

  it('refuses a setting it does not know, saying which', async () => {
    const refused = await api.patch({ quietHour: { start: '22:00', end: '06:00' } });

    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.error.details)).toContain('quietHour');
  });

  it('answers 404 for an organization that does not exist', async () => {
    const { status } = await settingsApi(runtime.context, 'nobody').get();

    expect(status).toBe(404);
  });
});

describe(`delivery settings set over HTTP apply to sends, on ${storageUnderTest}`, () => {
  it('holds a 09:00 lesson until quiet hours set over the API end at 11:00', async () => {
    // 09:00 in New York is 13:00 UTC in June; the default quiet hours would not hold it.
    const scenario = await startDeliveryScenario({
      start: '2026-06-15T10:00:00Z',
      course: readingCourse(2),
      learners: [learner({ email: 'ana@example.com' })],
    });
    try {
      const api = settingsApi(scenario.context, scenario.org.id);
      const changed = await api.patch({ quietHours: { start: '08:00', end: '11:00' } });
      expect(changed.status).toBe(200);

      await scenario.runUntil('2026-06-15T14:59:00Z', 15 * 60_000);
      const duringQuietHours = scenario.provider.visibleMessages().length;
      await scenario.runUntil('2026-06-15T15:30:00Z', 15 * 60_000);
      const lesson = await scenario.context.db
        .selectFrom('deliveries')
        .select(['status', 'sentAt'])
        .where('kind', '=', 'lesson')
        .executeTakeFirstOrThrow();

      expect(duringQuietHours).toBe(0);
      expect(lesson.status).toBe('sent');
      expect(lesson.sentAt?.toISOString()).toBe('2026-06-15T15:00:00.000Z');
    } finally {
      await scenario.close();
    }
  });
});
