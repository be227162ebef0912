import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { quizCourse } from '../../test/support/course-fixtures.ts';
import {
  enrolledScenario,
  learner,
  silentSimulator,
  tickAndDrain,
} from '../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../test/support/test-runtime.ts';
import { handleInbound } from '../conversation/reply-service.ts';
import { ManualClock } from '../shared/clock.ts';
import { recallCalibration } from './recall.ts';
import { currentStreak } from './streaks.ts';
import { teamLeaderboard } from './team-leaderboard.ts';

describe('streaks that tolerate days off', () => {
  const weekdays = [
    '2026-03-02',
    '2026-03-03',
    '2026-03-04',
    '2026-03-05',
    '2026-03-06',
    '2026-03-09',
    '2026-03-10',
  ];

  it.each([
    ['every scheduled day answered, weekend off', weekdays, '2026-03-10', 7],
    ['today not answered yet', weekdays.slice(0, 6), '2026-03-10', 6],
    [
      'a missed Friday breaks it',
      ['2026-03-02', '2026-03-03', '2026-03-09', '2026-03-10'],
      '2026-03-10',
      2,
    ],
    ['nothing answered', [], '2026-03-10', 0],
  ])('%s', (_case, answeredDays, today, expected) => {
    expect(currentStreak({ answeredDays, scheduledDays: weekdays, today })).toBe(expected);
  });
});

describe(
  `team leaderboard and recall figures, on ${storageUnderTest}`,
  { timeout: 120_000 },
  () => {
    const clock = new ManualClock('2026-03-02T13:00:00Z');
    const simulator = silentSimulator(clock);
    let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
    let scenario: Awaited<ReturnType<typeof enrolledScenario>>;

    beforeAll(async () => {
      runtime = await startTestRuntime({ clock, channels: [simulator] });
      scenario = await enrolledScenario(runtime, quizCourse(), [
        learner({ email: 'a1@example.com', department: 'Dock' }),
        learner({ email: 'a2@example.com', department: 'Dock' }),
        learner({ email: 'b1@example.com', department: 'Office' }),
        learner({ email: 'b2@example.com', department: 'Office' }),
        learner({ email: 'b3@example.com', department: 'Office' }),
      ]);
      clock.set('2026-03-02T14:00:01Z');
      await tickAndDrain(runtime);
      const answer = (index: number, text: string, id: string) =>
        handleInbound(runtime.context, {
          channel: 'simulator',
          sender: scenario.learnerIds[index] as string,
          text,
          providerMessageId: id,
          receivedAt: clock.now(),
        });
      // One Dock learner answers both questions right; the other never starts.
      await answer(0, 'b', 'd1');
      await answer(0, 'b', 'd2');
      // Two Office learners answer, one right and one wrong; the third never starts.
      await answer(2, 'b', 'o1');
      await answer(3, 'a', 'o2');
      clock.set('2026-03-02T15:00:00Z');
      await tickAndDrain(runtime);
    });
    afterAll(() => runtime.close());

    it('ranks teams on the people who started only', async () => {
      const board = await teamLeaderboard(runtime.context.db, scenario.org.id, scenario.versionId);

      expect(board).toEqual([
        { team: 'Dock', starters: 1, notStarted: 1, completion: 0.5, accuracy: 1 },
        { team: 'Office', starters: 2, notStarted: 1, completion: 0, accuracy: 0.5 },
      ]);
    });

    it('has no predicted recall before any review, only first answers', async () => {
      expect(await recallCalibration(runtime.context.db, scenario.org.id)).toEqual([]);
      const logs = await runtime.context.db.selectFrom('reviewLogs').select('phase').execute();
      expect(logs).toHaveLength(4);
    });
  },
);
