import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readingCourse } from '../../../test/support/course-fixtures.ts';
import { learner, silentSimulator, tickAndDrain } from '../../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { publishCourse } from '../../courses/course-repository.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { upsertLearners } from '../../people/learner-repository.ts';
import { ManualClock } from '../../shared/clock.ts';
import { API_PREFIX, createApp } from '../app.ts';
import { apiClient, type ErrorBody } from '../testing/api-client.ts';

/** Learners of New York; 2026-03-02 is a Monday and clocks change there on 8 March. */
const PEOPLE = {
  tuesdays: learner({ email: 'tue@example.com' }),
  hired: learner({ email: 'hired@example.com', hireDate: '2026-03-09' }),
  noHireDate: learner({ email: 'nohire@example.com' }),
  fortnightly: learner({ email: 'fortnight@example.com' }),
  plain: learner({ email: 'plain@example.com' }),
  plainCadence: learner({ email: 'plain-cadence@example.com' }),
  refused: learner({ email: 'refused@example.com' }),
};
type Person = keyof typeof PEOPLE;

describe(`enrolment schedules over HTTP, on ${storageUnderTest}`, () => {
  const clock = new ManualClock('2026-03-02T00:00:00Z');
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let api: ReturnType<typeof apiClient>;
  let url: string;
  let versionId: string;
  const ids = {} as Record<Person, string>;

  beforeAll(async () => {
    runtime = await startTestRuntime({ clock, channels: [silentSimulator(clock)] });
    const { db } = runtime.context;
    const org = await createOrganization(db, { name: 'Schedules Co' });
    await upsertLearners(db, org.id, Object.values(PEOPLE), clock.now());
    for (const [person, input] of Object.entries(PEOPLE)) {
      const row = await db
        .selectFrom('learners')
        .select('id')
        .where('email', '=', input.email)
        .executeTakeFirstOrThrow();
      ids[person as Person] = row.id;
    }
    versionId = (await publishCourse(db, org.id, readingCourse(3))).versionId;
    api = apiClient(createApp(runtime.context));
    url = `${API_PREFIX}/organizations/${org.id}/enrolments`;
  });
  afterAll(() => runtime.close());

  const enrol = (person: Person, schedule: Record<string, unknown>) =>
    api.post<{ enrolled: number } & ErrorBody>(url, {
      courseVersionId: versionId,
      learnerIds: [ids[person]],
      ...schedule,
    });

  /** The learner's enrolment as the list endpoint shows it. */
  async function enrolmentOf(person: Person) {
    const page = await api.get<{ items: Record<string, unknown>[] }>(`${url}?limit=500`);
    return page.body.items.find((item) => item.learnerId === ids[person]);
  }

  it('sends on chosen ISO weekdays: a Tuesday first, then the Thursday', async () => {
    const response = await enrol('tuesdays', { cadence: { kind: 'days', days: [2, 4] } });
    const enrolment = await enrolmentOf('tuesdays');

    expect(response.body.enrolled).toBe(1);
    expect(enrolment).toMatchObject({
      cadence: { kind: 'days', days: [2, 4] },
      nextSendAt: '2026-03-03T14:00:00.000Z',
    });
    expect(new Date(String(enrolment?.nextSendAt)).getUTCDay()).toBe(2);

    clock.set('2026-03-03T14:00:00Z');
    await tickAndDrain(runtime);

    expect((await enrolmentOf('tuesdays'))?.nextSendAt).toBe('2026-03-05T14:00:00.000Z');
  });

  it('starts an onboarding cadence on each hire date, today for those with none', async () => {
    clock.set('2026-03-02T00:00:00Z');
    const response = await api.post<{ enrolled: number }>(url, {
      courseVersionId: versionId,
      learnerIds: [ids.hired, ids.noHireDate],
      cadence: { kind: 'onboarding', dayNumbers: [1, 7, 30] },
      startsOn: 'hire_date',
    });

    expect(response.body.enrolled).toBe(2);
    // 9 March is after the change to daylight time: 09:00 EDT is 13:00 UTC.
    expect(await enrolmentOf('hired')).toMatchObject({
      startsOn: '2026-03-09',
      nextSendAt: '2026-03-09T13:00:00.000Z',
    });
    expect(await enrolmentOf('noHireDate')).toMatchObject({
      startsOn: null,
      nextSendAt: '2026-03-02T14:00:00.000Z',
    });
  });

  it('follows an RRULE from a given start date, with its own send window', async () => {
    clock.set('2026-03-02T00:00:00Z');
    await enrol('fortnightly', {
      cadence: { kind: 'rrule', rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH' },
      startsOn: '2026-03-19',
      sendTime: '08:30',
      windowMinutes: 30,
    });

    expect(await enrolmentOf('fortnightly')).toMatchObject({
      cadence: { kind: 'rrule', rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH' },
      windowMinutes: 30,
      nextSendAt: '2026-03-19T12:30:00.000Z',
    });
  });

  it.each([
    ['the plain days field', 'plain', { days: 'weekdays' }],
    ['a weekdays cadence', 'plainCadence', { cadence: { kind: 'days', days: 'weekdays' } }],
  ] as const)('stores %s as days, as before cadences', async (_, person, schedule) => {
    clock.set('2026-03-07T00:00:00Z');
    await enrol(person, schedule);

    expect(await enrolmentOf(person)).toMatchObject({
      days: 'weekdays',
      cadence: null,
      nextSendAt: '2026-03-09T13:00:00.000Z',
    });
  });

  it.each([
    ['an RRULE it cannot read', { kind: 'rrule', rule: 'FREQ=SOMETIMES' }, 'cadence.rule'],
    ['an RRULE more often than daily', { kind: 'rrule', rule: 'FREQ=HOURLY' }, 'cadence.rule'],
    [
      'an RRULE with a start',
      { kind: 'rrule', rule: 'DTSTART:20260301\nFREQ=DAILY' },
      'cadence.rule',
    ],
    ['an RRULE that stops', { kind: 'rrule', rule: 'FREQ=DAILY;COUNT=2' }, 'cadence.rule'],
    ['weekday 8', { kind: 'days', days: [2, 8] }, 'cadence.days.1'],
    ['day numbers out of order', { kind: 'onboarding', dayNumbers: [7, 1] }, 'cadence.dayNumbers'],
    ['an unknown kind', { kind: 'monthly' }, 'cadence.kind'],
  ])('refuses %s with a 400 naming the field', async (_, cadence, field) => {
    const refused = await enrol('refused', { cadence });

    expect(refused.status).toBe(400);
    expect(refused.body.error.details?.issues?.map((issue) => issue.path)).toEqual([
      `body.${field}`,
    ]);
    expect(await enrolmentOf('refused')).toBeUndefined();
  });

  it('says why an RRULE is refused', async () => {
    const hourly = await enrol('refused', { cadence: { kind: 'rrule', rule: 'FREQ=HOURLY' } });
    const never = await enrol('refused', {
      cadence: { kind: 'rrule', rule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' },
    });

    expect(JSON.stringify(hourly.body.error.details)).toContain(
      'RRULE \\"FREQ=HOURLY\\" repeats more than once a day',
    );
    expect(never.status).toBe(400);
    expect(never.body.error.message).toContain('body.cadence.rule');
    expect(JSON.stringify(never.body.error.details)).toContain('gives no two dates');
    expect(await enrolmentOf('refused')).toBeUndefined();
  });

  it.each([
    ['both days and cadence', { days: 'daily', cadence: { kind: 'days', days: [1] } }, 'cadence'],
    ['a start date that does not exist', { startsOn: '2026-02-30' }, 'startsOn'],
    ['a send window of zero', { windowMinutes: 0 }, 'windowMinutes'],
  ])('refuses %s', async (_, schedule, field) => {
    const refused = await enrol('refused', schedule);

    expect(refused.status).toBe(400);
    expect(refused.body.error.details?.issues?.map((issue) => issue.path)).toEqual([
      `body.${field}`,
    ]);
  });
});
