import { afterEach, describe, expect, it } from 'vitest';

import { readingCourse } from '../../../test/support/course-fixtures.ts';
import {
  startDeliveryScenario,
  type DeliveryScenarioOptions,
} from '../../../test/support/delivery-scenario.ts';
import { learner } from '../../../test/support/scenario.ts';
import { storageUnderTest } from '../../../test/support/test-runtime.ts';
import { claimDueLessons } from '../due-lessons.ts';
import { Dispatcher } from './dispatcher.ts';

type Scenario = Awaited<ReturnType<typeof startDeliveryScenario>>;

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

/** When each learner's lesson went, in order. */
const lessonsSentAt = async (s: Scenario) =>
  (
    await s.context.db
      .selectFrom('deliveries')
      .select('sentAt')
      .where('kind', '=', 'lesson')
      .where('status', '=', 'sent')
      .execute()
  )
    .map((row) => (row.sentAt as Date).toISOString())
    .sort();

/** The earliest instant a queued delivery may be tried again, if any is queued. */
const nextAttemptAt = async (s: Scenario) => {
  const row = await s.context.db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.min('nextAttemptAt').as('next'))
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return row?.next ? new Date(row.next) : undefined;
};

describe(`rate limits shared by two workers on one database, on ${storageUnderTest}`, () => {
  it.each<{ limit: string; options: Partial<DeliveryScenarioOptions>; expected: string[] }>([
    {
      limit: "the organization's maxSendsPerMinute of 2",
      options: { settings: { maxSendsPerMinute: 2 } },
      expected: ['13:00:00', '13:00:30', '13:01:00', '13:01:30'],
    },
    {
      limit: "the organization's email account at one send every 2 seconds",
      options: { dispatcher: { providerRatePerSecond: { email: 0.5 } } },
      expected: ['13:00:00', '13:00:02', '13:00:04', '13:00:06'],
    },
  ])('keeps both workers together under $limit', async ({ options, expected }) => {
    scenario = await startDeliveryScenario({
      start: '2026-06-15T12:00:00Z',
      // Two lessons: no course-complete message competes with the lessons for the rate.
      course: readingCourse(2),
      learners: [1, 2, 3, 4].map((n) => learner({ email: `w${n}@example.com` })),
      ...options,
      // One delivery per claim, so both workers hold some of the four at the same moment.
      dispatcher: { ...options.dispatcher, batchSize: 1, lanes: 1 },
    });
    const first = scenario.dispatcher;
    const second = new Dispatcher(scenario.context, first.options);

    scenario.clock.set('2026-06-15T13:00:00Z');
    expect(await claimDueLessons(scenario.context, scenario.clock.now())).toHaveLength(4);
    const [fromFirst, fromSecond] = await Promise.all([
      first.dispatchReady(),
      second.dispatchReady(),
    ]);
    // Both workers had lessons in hand at 13:00, and only one lesson went between them.
    expect(fromFirst.claimed).toBeGreaterThan(0);
    expect(fromSecond.claimed).toBeGreaterThan(0);
    expect(fromFirst.outcomes.sent + fromSecond.outcomes.sent).toBe(1);

    const end = new Date('2026-06-15T13:02:00Z');
    let next = await nextAttemptAt(scenario);
    while (next && next <= end) {
      scenario.clock.set(next);
      await Promise.all([first.dispatchReady(), second.dispatchReady()]);
      next = await nextAttemptAt(scenario);
    }

    expect(await lessonsSentAt(scenario)).toEqual(
      expected.map((time) => `2026-06-15T${time}.000Z`),
    );
    expect(scenario.provider.visibleMessages()).toHaveLength(4);
  });
});
