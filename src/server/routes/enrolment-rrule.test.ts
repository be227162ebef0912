import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readingCourse } from '../../../test/support/course-fixtures.ts';
import { learner, silentSimulator } from '../../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { publishCourse } from '../../courses/course-repository.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { upsertLearners } from '../../people/learner-repository.ts';
import { ManualClock } from '../../shared/clock.ts';
import { API_PREFIX, createApp } from '../app.ts';
import { apiClient } from '../testing/api-client.ts';

type Answer = {
  enrolled?: number;
  error?: { message: string; details?: { issues?: { path: string; message: string }[] } };
};

/** Learners of Berlin; 2026-03-02 is a Monday. */
describe(`enrolling with an RRULE a person typed, on ${storageUnderTest}`, () => {
  const clock = new ManualClock('2026-03-01T00:00:00Z');
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let api: ReturnType<typeof apiClient>;
  let url: string;
  let versionId: string;
  const ids: Record<'accepted' | 'refused', string> = { accepted: '', refused: '' };

  beforeAll(async () => {
    runtime = await startTestRuntime({ clock, channels: [silentSimulator(clock)] });
    const { db } = runtime.context;
    const org = await createOrganization(db, { name: 'Rules Co' });
    const people = {
      accepted: learner({ email: 'accepted@example.com', timezone: 'Europe/Berlin' }),
      refused: learner({ email: 'refused@example.com', timezone: 'Europe/Berlin' }),
    };
    await upsertLearners(db, org.id, Object.values(people), clock.now());
    for (const [person, input] of Object.entries(people)) {
      const row = await db
        .selectFrom('learners')
        .select('id')
        .where('email', '=', input.email)
        .executeTakeFirstOrThrow();
      ids[person as keyof typeof ids] = row.id;
    }
    versionId = (await publishCourse(db, org.id, readingCourse(3))).versionId;
    api = apiClient(createApp(runtime.context));
    url = `${API_PREFIX}/organizations/${org.id}/enrolments`;
  });
  afterAll(() => runtime.close());

  const enrol = (person: keyof typeof ids, rule: string, startsOn = '2026-03-02') =>
    api.post<Answer>(url, {
      courseVersionId: versionId,
      learnerIds: [ids[person]],
      cadence: { kind: 'rrule', rule },
      startsOn,
    });

  const enrolmentOf = async (person: keyof typeof ids) => {
    const page = await api.get<{ items: Record<string, unknown>[] }>(`${url}?limit=500`);
    return page.body.items.find((item) => item.learnerId === ids[person]);
  };

  it.each([
    // Each of these hung the request at 100% CPU.
    ['FREQ=WEEKLY;INTERVAL=-1', 'INTERVAL must be a whole number from 1 to 366, got "-1"'],
    ['FREQ=WEEKLY;INTERVAL=abc', 'INTERVAL must be a whole number from 1 to 366, got "ABC"'],
    ['FREQ=WEEKLY;INTERVAL=0', 'INTERVAL must be a whole number from 1 to 366, got "0"'],
    // Each of these was a 500 from a TypeError inside the rrule package.
    ['FREQ=WEEKLY;BYDAY=XX', 'BYDAY items must be weekday codes MO, TU, WE, TH, FR, SA or SU'],
    ['freq=weekly;byday=xx', 'got "XX"'],
    ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=abc', 'BYSETPOS must be positions from 1 to 366'],
    // Parts that never meet from this start date.
    ['FREQ=DAILY;INTERVAL=7;BYDAY=TU', 'gives no two dates within three years from 2026-03-02'],
  ])('answers 400 on body.cadence.rule for %s', { timeout: 10_000 }, async (rule, why) => {
    const refused = await enrol('refused', rule);

    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toContain('body.cadence.rule');
    expect(refused.body.error?.details?.issues).toEqual([
      { path: 'body.cadence.rule', message: expect.stringContaining(why) },
    ]);
    expect(await enrolmentOf('refused')).toBeUndefined();
  });

  it('enrols with a lower-case rule and stores it as the engine reads it', async () => {
    const response = await enrol('accepted', 'rrule:freq=weekly;interval=2;byday=th');

    expect(response.status).toBe(200);
    expect(response.body.enrolled).toBe(1);
    expect(await enrolmentOf('accepted')).toMatchObject({
      cadence: { kind: 'rrule', rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH' },
      nextSendAt: '2026-03-05T08:00:00.000Z',
    });
  });
});
