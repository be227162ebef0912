import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../shared/clock.ts';
import { runSimulation } from '../demo/simulation.ts';
import { readingCourse } from '../../test/support/course-fixtures.ts';
import { enrolledScenario, learner, silentSimulator } from '../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../test/support/test-runtime.ts';

/**
 * One lesson a day at 09:00 local, from Friday 6 March to Monday 6 April 2026: the run
 * crosses the US spring-forward (8 March), the EU one (29 March) and the end of Australian
 * daylight saving (5 April).
 */
describe(`daily lessons across three timezones and their DST changes, on ${storageUnderTest}`, () => {
  const clock = new ManualClock('2026-03-06T00:00:00Z');
  const simulator = silentSimulator(clock);
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let sendsByZone: Map<string, Date[]>;

  beforeAll(async () => {
    runtime = await startTestRuntime({ clock, channels: [simulator] });
    const zones = ['America/New_York', 'Europe/London', 'Australia/Sydney'];
    const { org } = await enrolledScenario(
      runtime,
      readingCourse(32),
      zones.map((timezone) =>
        learner({ email: `${timezone.split('/')[1]?.toLowerCase()}@example.com`, timezone }),
      ),
    );

    await runSimulation({
      context: runtime.context,
      clock,
      simulator,
      organizationId: org.id,
      until: new Date('2026-04-10T00:00:00Z'),
    });

    const rows = await runtime.context.db
      .selectFrom('deliveries')
      .innerJoin('learners', 'learners.id', 'deliveries.learnerId')
      .select(['learners.timezone', 'deliveries.scheduledFor', 'deliveries.status'])
      .where('deliveries.kind', '=', 'lesson')
      .orderBy('deliveries.scheduledFor')
      .execute();
    sendsByZone = new Map(
      zones.map((zone) => [
        zone,
        rows
          .filter((row) => row.timezone === zone && row.status === 'sent')
          .map((row) => row.scheduledFor),
      ]),
    );
  });
  afterAll(() => runtime.close());

  it.each([['America/New_York'], ['Europe/London'], ['Australia/Sydney']])(
    'sends every lesson at 09:00 local on consecutive days in %s',
    (zone) => {
      const sends = sendsByZone.get(zone) ?? [];
      expect(sends).toHaveLength(32);

      const local = sends.map((instant) => DateTime.fromJSDate(instant, { zone }));
      expect(new Set(local.map((time) => time.toFormat('HH:mm')))).toEqual(new Set(['09:00']));
      const days = local.map((time) => time.toISODate());
      expect(new Set(days).size).toBe(32);
      for (let index = 1; index < local.length; index += 1) {
        expect(local[index]?.diff(local[index - 1] as DateTime, 'days').days).toBe(1);
      }
    },
  );

  it.each([
    ['America/New_York', '2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z'],
    ['Europe/London', '2026-03-28T09:00:00.000Z', '2026-03-29T08:00:00.000Z'],
    ['Australia/Sydney', '2026-04-03T22:00:00.000Z', '2026-04-04T23:00:00.000Z'],
  ])(
    'moves the UTC instant by the hour on the day the offset changes in %s',
    (zone, before, after) => {
      const sends = (sendsByZone.get(zone) ?? []).map((instant) => instant.toISOString());
      const index = sends.indexOf(before);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(sends[index + 1]).toBe(after);
    },
  );
});
