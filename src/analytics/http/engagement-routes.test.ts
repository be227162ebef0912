import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { quizCourse } from '../../../test/support/course-fixtures.ts';
import {
  enrolledScenario,
  learner,
  silentSimulator,
  tickAndDrain,
} from '../../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { handleInbound } from '../../conversation/reply-service.ts';
import type { CourseDraft, Lesson } from '../../courses/model.ts';
import { createApp } from '../../server/app.ts';
import { ManualClock } from '../../shared/clock.ts';

/** A course of `count` lessons, each asking one multiple-choice question whose answer is "b". */
function letterCourse(count: number): CourseDraft {
  const lessons = Array.from({ length: count }, (_, index): Lesson => ({
    id: `l${index + 1}`,
    position: index + 1,
    title: `Lesson ${index + 1}`,
    body: `Paragraph number ${index + 1}.`,
    questions: [
      {
        id: `l${index + 1}-q1`,
        kind: 'multiple_choice',
        prompt: 'Which letter is right?',
        options: [
          { key: 'a', text: 'A', correct: false, feedback: 'No.' },
          { key: 'b', text: 'B', correct: true, feedback: 'Yes.' },
        ],
        explanation: 'It is B.',
      },
    ],
  }));
  return {
    title: 'Letters',
    description: 'Test course',
    language: 'en',
    sourceName: 'fixture',
    lessons,
  };
}

/** Weekdays of two weeks in New York, up to the Tuesday the figures are read on. */
const LESSON_DAYS = [
  '2026-03-02',
  '2026-03-03',
  '2026-03-04',
  '2026-03-05',
  '2026-03-06',
  '2026-03-09',
  '2026-03-10',
] as const;
const TUESDAY = '2026-03-10';
const THURSDAY = '2026-03-05';

describe(`engagement figures over HTTP, on ${storageUnderTest}`, { timeout: 180_000 }, () => {
  const clock = new ManualClock('2026-03-02T13:00:00Z');
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let app: ReturnType<typeof createApp>;
  let scenario: Awaited<ReturnType<typeof enrolledScenario>>;
  let other: Awaited<ReturnType<typeof enrolledScenario>>;
  let replies = 0;

  /** Answers every question the learner has open (lessons and reviews) with `letter`. */
  async function answerAll(learnerId: string, letter: 'a' | 'b'): Promise<void> {
    const open = await runtime.context.db
      .selectFrom('prompts')
      .select('tag')
      .where('learnerId', '=', learnerId)
      .where('status', '=', 'open')
      .execute();
    for (const prompt of open) {
      replies += 1;
      await handleInbound(runtime.context, {
        channel: 'simulator',
        sender: learnerId,
        text: `#${prompt.tag} ${letter}`,
        providerMessageId: `reply-${replies}`,
        receivedAt: clock.now(),
      });
    }
  }

  const get = async (path: string) => {
    const response = await app.request(`/api/v1/organizations${path}`);
    return { status: response.status, body: (await response.json()) as unknown };
  };

  beforeAll(async () => {
    runtime = await startTestRuntime({ clock, channels: [silentSimulator(clock)] });
    app = createApp(runtime.context);
    scenario = await enrolledScenario(
      runtime,
      letterCourse(8),
      [
        learner({ email: 'steady@example.com', department: 'Yard' }),
        learner({ email: 'gap@example.com', department: 'Yard' }),
        learner({ email: 'once@example.com', department: 'Office' }),
        learner({ email: 'idle@example.com', department: 'Office' }),
      ],
      { days: 'weekdays' },
    );
    other = await enrolledScenario(runtime, quizCourse(), [
      learner({ email: 'elsewhere@example.com' }),
    ]);
    const [steady, gap, once] = scenario.learnerIds as [string, string, string, string];

    // Lessons go at 09:00 New York time; replies come in at 20:00 New York time, which is
    // already the next day in UTC, so a streak counted on UTC dates would come out wrong.
    for (const day of LESSON_DAYS) {
      clock.set(`${day}T16:00:00Z`);
      await tickAndDrain(runtime);
      if (day === TUESDAY) break;

      clock.set(new Date(Date.parse(`${day}T16:00:00Z`) + 9 * 3_600_000));
      await answerAll(steady, 'b');
      if (day !== THURSDAY) await answerAll(gap, 'b');
      if (day === LESSON_DAYS[0]) await answerAll(once, 'a');
      await tickAndDrain(runtime);
    }
  });
  afterAll(() => runtime.close());

  it.each([
    ['answered Mon-Fri and Monday, Tuesday still open', 0, 6],
    ['answered every day but Thursday: only Friday and Monday count', 1, 2],
    ['answered the first Monday only', 2, 0],
    ['never answered', 3, 0],
  ])('streak of a learner who %s', async (_case, index, expected) => {
    const learnerId = scenario.learnerIds[index] as string;

    const { status, body } = await get(`/${scenario.org.id}/learners/${learnerId}/streak`);

    expect(status).toBe(200);
    expect(body).toEqual({ learnerId, streak: expected, today: TUESDAY });
  });

  it('ranks teams on completion and shows who has not started', async () => {
    const { status, body } = await get(
      `/${scenario.org.slug}/courses/${scenario.versionId}/leaderboard`,
    );

    // Friday's question closed the one Thursday left open, so Yard completed 6 and 5 of 8.
    expect(status).toBe(200);
    expect(body).toEqual([
      { team: 'Yard', starters: 2, notStarted: 0, completion: (6 / 8 + 5 / 8) / 2, accuracy: 1 },
      { team: 'Office', starters: 1, notStarted: 1, completion: 1 / 8, accuracy: 0 },
    ]);
  });

  it.each([
    ['a learner of another organization', () => `learners/${other.learnerIds[0]}/streak`, 404],
    [
      'a course version of another organization',
      () => `courses/${other.versionId}/leaderboard`,
      404,
    ],
    ['a learner id that is not a uuid', () => 'learners/not-a-uuid/streak', 400],
    ['a course version id that is not a uuid', () => 'courses/42/leaderboard', 400],
  ])('refuses %s', async (_case, path, expected) => {
    const { status, body } = await get(`/${scenario.org.id}/${path()}`);

    expect(status).toBe(expected);
    expect(body).toMatchObject({
      error: { code: expected === 404 ? 'not_found' : 'validation_failed' },
    });
  });

  it('says which id was not found', async () => {
    const learnerId = other.learnerIds[0] as string;

    const { body } = await get(`/${scenario.org.id}/learners/${learnerId}/streak`);

    expect(body).toMatchObject({
      error: { message: expect.stringContaining(`has no learner ${learnerId}`) },
    });
  });
});
