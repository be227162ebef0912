import { randomUUID } from 'node:crypto';

import { afterEach, describe, expect, it } from 'vitest';

import {
  enrolledScenario,
  learner,
  silentSimulator,
  tickAndDrain,
} from '../../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { parseCourseFile } from '../../authoring/course-file/course-file.ts';
import { ADAPTIVE_COURSE_FILE } from '../../authoring/course-file/fixtures/adaptive-course-file.ts';
import type { AdaptiveCourseDraft } from '../../courses/course-repository.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { API_PREFIX, createApp } from '../../server/app.ts';
import { apiClient, type ErrorBody } from '../../server/testing/api-client.ts';
import { ManualClock } from '../../shared/clock.ts';

function courseOf(text: string): AdaptiveCourseDraft {
  const parsed = parseCourseFile(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

/** One learner enrolled in the course of `file`, before the first send at 14:00 UTC. */
async function start(file = ADAPTIVE_COURSE_FILE) {
  const clock = new ManualClock('2026-03-02T13:00:00Z');
  const simulator = silentSimulator(clock);
  runtime = await startTestRuntime({ clock, channels: [simulator] });
  const scenario = await enrolledScenario(runtime, courseOf(file), [
    learner({ email: 'ana@example.com' }),
  ]);
  const { db } = runtime.context;
  const enrolment = await db.selectFrom('enrolments').select('id').executeTakeFirstOrThrow();
  const api = apiClient(createApp(runtime.context));
  const url = (org: string, enrolmentId = enrolment.id) =>
    `${API_PREFIX}/organizations/${org}/enrolments/${enrolmentId}/pre-assessment`;

  return {
    ...scenario,
    db,
    clock,
    simulator,
    api,
    url,
    /** The pre-assessment of the learner's enrolment, through the HTTP API. */
    preAssess: (body: unknown) =>
      api.post<{ skippedLessons: number[] }>(url(scenario.org.id), body),
    enrolment: () =>
      db
        .selectFrom('enrolments')
        .selectAll()
        .where('id', '=', enrolment.id)
        .executeTakeFirstOrThrow(),
    knownLessons: () => db.selectFrom('knownLessons').selectAll().execute(),
    sentLessonTitles: async () =>
      (
        await db
          .selectFrom('deliveries')
          .innerJoin('lessons', 'lessons.id', 'deliveries.lessonId')
          .select('lessons.title')
          .where('deliveries.kind', '=', 'lesson')
          .orderBy('deliveries.createdAt')
          .execute()
      ).map((row) => row.title),
    sendAt: async (instant: string) => {
      clock.set(instant);
      await tickAndDrain(runtime as Runtime);
    },
  };
}

const bothRight = {
  answers: [
    { questionKey: 'l1-q1', correct: true },
    { questionKey: 'l1-q2', correct: true },
  ],
};

describe(`the pre-assessment endpoint, on ${storageUnderTest}`, { timeout: 120_000 }, () => {
  it('skips a lesson answered all right: the learner never receives it', async () => {
    const s = await start();

    const response = await s.preAssess(bothRight);
    expect(response).toMatchObject({ status: 200, body: { skippedLessons: [1] } });
    expect((await s.enrolment()).lessonsCompleted).toBe(1);

    await s.sendAt('2026-03-02T14:00:01Z');
    await s.sendAt('2026-03-03T14:00:01Z');
    expect(await s.sentLessonTitles()).toEqual(['Near misses']);
    expect(s.simulator.transcript.map((entry) => entry.text).join('\n')).not.toContain('Spills');
  });

  it('refuses bad answers with a clear message and records nothing', async () => {
    const s = await start();
    const before = await s.enrolment();

    const refusals: Array<[string, unknown, number, RegExp]> = [
      [
        'an unknown question key',
        { answers: [...bothRight.answers, { questionKey: 'l9-q9', correct: true }] },
        422,
        /no graded question "l9-q9"; its graded questions are "l1-q1", "l1-q2"$/,
      ],
      [
        'a question that is not graded',
        { answers: [{ questionKey: 'l2-q1', correct: true }] },
        422,
        /no graded question "l2-q1"/,
      ],
      [
        'a question answered twice',
        { answers: [...bothRight.answers, { questionKey: 'l1-q1', correct: false }] },
        422,
        /^Each question takes one answer; "l1-q1" got more than one$/,
      ],
      ['no answers', { answers: [] }, 400, /body\.answers/],
      [
        'an answer that is not true or false',
        { answers: [{ questionKey: 'l1-q1', correct: 'yes' }] },
        400,
        /body\.answers\.0\.correct/,
      ],
    ];
    for (const [what, body, status, message] of refusals) {
      const response = await s.api.post<ErrorBody>(s.url(s.org.id), body);
      expect({ what, status: response.status }).toEqual({ what, status });
      expect(response.body.error.message).toMatch(message);
    }

    expect(await s.knownLessons()).toEqual([]);
    expect(await s.enrolment()).toEqual(before);
    await s.sendAt('2026-03-02T14:00:01Z');
    expect(await s.sentLessonTitles()).toEqual(['Spills']);
  });

  it('refuses a course version published without pre_assessment', async () => {
    const s = await start(
      ADAPTIVE_COURSE_FILE.replace('pre_assessment: true', 'pre_assessment: false'),
    );

    const response = await s.api.post<ErrorBody>(s.url(s.org.id), bothRight);
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({
      code: 'unprocessable',
      message: expect.stringMatching(/does not take a pre-assessment/),
      details: { code: 'not_enabled' },
    });
    expect(await s.knownLessons()).toEqual([]);
  });

  it('answers 404 for an enrolment of another organization, or of none', async () => {
    const s = await start();
    const other = await createOrganization(s.db, { name: 'Other Org' });

    const foreign = await s.api.post<ErrorBody>(s.url(other.id), bothRight);
    const unknown = await s.api.post<ErrorBody>(s.url(s.org.id, randomUUID()), bothRight);
    expect([foreign.status, unknown.status]).toEqual([404, 404]);
    expect(foreign.body.error.message).toMatch(/^This organization has no enrolment /);
    expect(await s.knownLessons()).toEqual([]);
  });

  it('neither skips nor counts a lesson the learner was already sent', async () => {
    const s = await start();
    await s.sendAt('2026-03-02T14:00:01Z');

    const response = await s.preAssess(bothRight);
    expect(response).toMatchObject({ status: 200, body: { skippedLessons: [] } });
    expect((await s.enrolment()).lessonsCompleted).toBe(0);
  });
});
