import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { API_PREFIX, createApp } from '../../server/app.ts';
import { apiClient, type ErrorBody } from '../../server/testing/api-client.ts';

type Issues = { error: { details: { issues: { path: string; message: string }[] } } };

describe(`GET /delivery/schedule-preview checks like an enrolment, on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(createApp(runtime.context));
  });
  afterAll(() => runtime.close());

  const preview = (query: Record<string, string>) => {
    const params = new URLSearchParams({
      tz: 'Europe/Berlin',
      at: '09:00',
      from: '2026-03-02T00:00:00Z',
      ...query,
    });
    return api.get<ErrorBody & Issues>(`${API_PREFIX}/delivery/schedule-preview?${params}`);
  };

  it.each([
    ['FREQ=WEEKLY;INTERVAL=-1', 'INTERVAL must be a whole number from 1 to 366, got "-1"'],
    ['FREQ=WEEKLY;INTERVAL=abc', 'INTERVAL must be a whole number from 1 to 366, got "ABC"'],
    ['FREQ=WEEKLY;INTERVAL=0', 'INTERVAL must be a whole number from 1 to 366, got "0"'],
    ['freq=weekly;byday=xx', 'BYDAY items must be weekday codes'],
    ['FREQ=WEEKLY;BYDAY=XX', 'BYDAY items must be weekday codes'],
    ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=abc', 'BYSETPOS must be positions from 1 to 366'],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'gives no two dates within three years'],
  ])('answers 400 naming days for %s, without hanging', { timeout: 10_000 }, async (days, why) => {
    const response = await preview({ days });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.message).toBe('Invalid request: check query.days');
    expect(response.body.error.details.issues).toEqual([
      { path: 'query.days', message: expect.stringContaining(`days: RRULE "${days}"`) },
    ]);
    expect(response.body.error.details.issues[0]?.message).toContain(why);
  });

  it.each([
    ['tz', { tz: 'EST' }, "tz: 'EST' is an abbreviation, not a place"],
    ['tz', { tz: '+05:30' }, "tz: '+05:30'"],
    ['from', { from: 'next monday' }, 'from: "next monday" must be an ISO-8601 instant'],
    ['from', { from: '2026-02-30T00:00:00Z' }, 'must be an ISO-8601 instant with an offset'],
    ['at', { at: '25:00' }, 'at: "25:00" must be a 24-hour time HH:MM'],
    ['count', { count: '0' }, 'count: "0" must be a whole number from 1 to 366'],
  ])('answers 400 naming the %s parameter', async (name, query, message) => {
    const response = await preview(query);

    expect(response.status).toBe(400);
    expect(response.body.error.details.issues).toEqual([
      { path: `query.${name}`, message: expect.stringContaining(message) },
    ]);
  });

  it('lists every parameter at fault at once', async () => {
    const response = await preview({ tz: 'EST', from: 'soon', count: '-1' });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'Invalid request: check query.tz, query.from, query.count',
    );
  });

  it('previews a lower-case rule as the enrolment API reads it', async () => {
    const response = await preview({ days: 'freq=weekly;byday=mo', count: '2' });

    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      { utc: '2026-03-02T08:00:00Z', local: '2026-03-02T09:00:00+01:00' },
      { utc: '2026-03-09T08:00:00Z', local: '2026-03-09T09:00:00+01:00' },
    ]);
  });
});
