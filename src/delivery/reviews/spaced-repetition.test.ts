import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rating } from 'ts-fsrs';

import { quizCourse } from '../../../test/support/course-fixtures.ts';
import {
  enrolledScenario,
  learner,
  silentSimulator,
  tickAndDrain,
} from '../../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { buildAnswerPayload } from '../../conversation/button-payload.ts';
import { handleInbound } from '../../conversation/reply-service.ts';
import { ManualClock } from '../../shared/clock.ts';
import { DEFAULT_DELIVERY_SETTINGS, saveDeliverySettings } from '../delivery-settings.ts';
import { createReviewScheduler, newCard, reviewCard } from './review-scheduler.ts';

const zone = 'America/New_York';
const local = (instant: Date) =>
  DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');

/**
 * One learner in New York, a daily 09:00 course of two lessons, at most one review a day.
 * Both questions of lesson 1 are answered wrong; they must come back as reviews on the local
 * days ts-fsrs gives, one a day, and after the course ends as retention checks.
 */
describe(
  `spaced repetition from answers to reviews, on ${storageUnderTest}`,
  { timeout: 120_000 },
  () => {
    const clock = new ManualClock('2026-03-02T13:00:00Z');
    const simulator = silentSimulator(clock);
    let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
    let learnerId: string;
    let sequence = 0;

    const reply = async (body: { text?: string; payload?: string }) => {
      sequence += 1;
      await handleInbound(runtime.context, {
        channel: 'simulator',
        sender: learnerId,
        providerMessageId: `in-${sequence}`,
        receivedAt: clock.now(),
        ...body,
      });
    };
    /** Ticks on every full hour up to `until`, as the once-a-minute tick would at those times. */
    const hourly = async (until: string) => {
      for (;;) {
        const nextHour = (Math.floor(clock.now().getTime() / 3_600_000) + 1) * 3_600_000;
        if (nextHour > new Date(until).getTime()) return;
        clock.set(new Date(nextHour));
        await tickAndDrain(runtime);
      }
    };
    const reviews = () =>
      runtime.context.db
        .selectFrom('deliveries')
        .innerJoin('questions', 'questions.id', 'deliveries.questionId')
        .select(['questions.key', 'deliveries.sentAt', 'deliveries.status', 'deliveries.promptId'])
        .where('deliveries.kind', '=', 'review')
        .orderBy('deliveries.createdAt')
        .execute();
    const answerReview = async (promptId: string | null, value: string) => {
      const prompt = await runtime.context.db
        .selectFrom('prompts')
        .innerJoin('questions', 'questions.id', 'prompts.questionId')
        .select(['prompts.tag', 'questions.key'])
        .where('prompts.id', '=', promptId as string)
        .executeTakeFirstOrThrow();
      await reply({
        payload: buildAnswerPayload({ tag: String(prompt.tag), questionId: prompt.key, value }),
      });
    };

    let wrongAnswerAt: Date;
    beforeAll(async () => {
      runtime = await startTestRuntime({ clock, channels: [simulator] });
      const scenario = await enrolledScenario(runtime, quizCourse(), [
        learner({ email: 'ny@example.com', timezone: zone }),
      ]);
      learnerId = scenario.learnerIds[0] as string;
      await saveDeliverySettings(runtime.context.db, scenario.org.id, {
        ...DEFAULT_DELIVERY_SETTINGS,
        dailyReviewCap: 1,
        reminderCount: 0,
      });

      clock.set('2026-03-02T14:00:01Z');
      await tickAndDrain(runtime);
      clock.set('2026-03-02T14:10:00Z');
      wrongAnswerAt = clock.now();
      await reply({ text: 'a' });
      clock.set('2026-03-02T14:12:00Z');
      await reply({ text: 'a' });
    });
    afterAll(() => runtime.close());

    it('brings nothing back on the day of the answer', async () => {
      await hourly('2026-03-03T04:00:00Z');

      expect(await reviews()).toEqual([]);
      const logs = await runtime.context.db
        .selectFrom('reviewLogs')
        .select(['phase', 'recalled'])
        .execute();
      expect(logs).toEqual([
        { phase: 'lesson', recalled: false },
        { phase: 'lesson', recalled: false },
      ]);
    });

    it('brings a missed question back at the send time of the day ts-fsrs gives', async () => {
      await hourly('2026-03-03T16:00:00Z');

      const scheduler = createReviewScheduler();
      const expectedDue = reviewCard(scheduler, newCard(wrongAnswerAt), Rating.Again, wrongAnswerAt)
        .card.due;
      const [first, ...others] = await reviews();
      expect(first?.key).toBe('l1-q1');
      expect(local(first?.sentAt as Date)).toBe(
        `${DateTime.fromJSDate(expectedDue, { zone }).toISODate()} 09:00`,
      );
      // The second missed question waits: one review a day.
      expect(others.map((review) => review.status)).toEqual(['queued']);
    });

    it('sends the capped review the next day, as a retention check after the course', async () => {
      const [first] = await reviews();
      clock.set('2026-03-03T16:30:00Z');
      await answerReview(first?.promptId ?? null, 'b');
      const reflection = await runtime.context.db
        .selectFrom('prompts')
        .select('tag')
        .where('status', '=', 'open')
        .where('round', '=', 0)
        .executeTakeFirstOrThrow();
      clock.set('2026-03-03T16:35:00Z');
      await reply({ text: `${reflection.tag} I saw a spill near the dock last week.` });
      const enrolment = await runtime.context.db
        .selectFrom('enrolments')
        .select('status')
        .executeTakeFirstOrThrow();
      expect(enrolment.status).toBe('completed');

      await hourly('2026-03-04T16:00:00Z');
      const [, second] = await reviews();
      expect(second?.key).toBe('l1-q2');
      expect(local(second?.sentAt as Date)).toBe('2026-03-04 09:00');
      const text = simulator.transcript.at(-1)?.text ?? '';
      expect(text.startsWith('A quick check on Spill safety')).toBe(true);

      await answerReview(second?.promptId ?? null, 'b');
      await tickAndDrain(runtime);
      const logs = await runtime.context.db
        .selectFrom('reviewLogs')
        .select(['phase', 'recalled', 'predictedRecall'])
        .orderBy('id')
        .execute();
      expect(logs.map((log) => [log.phase, log.recalled])).toEqual([
        ['lesson', false],
        ['lesson', false],
        ['review', true],
        ['retention', true],
      ]);
      for (const log of logs.slice(2)) {
        expect(log.predictedRecall).toBeGreaterThan(0);
        expect(log.predictedRecall).toBeLessThan(1);
      }
    });
  },
);

describe(`reviews keep to the cadence days, on ${storageUnderTest}`, { timeout: 120_000 }, () => {
  it('brings a question missed on Friday back on Monday in a weekdays cadence', async () => {
    // Friday 2026-03-06 in New York; the Sunday between is the spring-forward day.
    const clock = new ManualClock('2026-03-06T13:00:00Z');
    const simulator = silentSimulator(clock);
    const runtime = await startTestRuntime({ clock, channels: [simulator] });
    try {
      const scenario = await enrolledScenario(
        runtime,
        quizCourse(),
        [learner({ email: 'fri@example.com', timezone: zone })],
        { days: 'weekdays' },
      );
      await saveDeliverySettings(runtime.context.db, scenario.org.id, {
        ...DEFAULT_DELIVERY_SETTINGS,
        reminderCount: 0,
      });
      clock.set('2026-03-06T14:00:01Z');
      await tickAndDrain(runtime);
      clock.set('2026-03-06T14:10:00Z');
      await handleInbound(runtime.context, {
        channel: 'simulator',
        sender: scenario.learnerIds[0] as string,
        providerMessageId: 'fri-1',
        receivedAt: clock.now(),
        text: 'a',
      });

      for (let hour = 15; clock.now() < new Date('2026-03-09T15:00:00Z'); hour += 1) {
        clock.set(new Date(Date.UTC(2026, 2, 6, hour)));
        await tickAndDrain(runtime);
      }

      const sent = await runtime.context.db
        .selectFrom('deliveries')
        .select(['kind', 'sentAt'])
        .where('kind', 'in', ['review', 'lesson'])
        .where('sentAt', 'is not', null)
        .orderBy('sentAt')
        .execute();
      expect(sent.map((row) => `${local(row.sentAt as Date)} ${row.kind}`).sort()).toEqual([
        '2026-03-06 09:00 lesson',
        '2026-03-09 09:00 lesson',
        '2026-03-09 09:00 review',
      ]);
    } finally {
      await runtime.close();
    }
  });
});
