import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishCourse } from '../courses/course-repository.ts';
import { enrolLearners } from '../delivery/enrolment-service.ts';
import { ManualClock } from '../shared/clock.ts';
import { quizCourse } from '../../test/support/course-fixtures.ts';
import {
  enrolledScenario,
  learner,
  silentSimulator,
  tickAndDrain,
} from '../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../test/support/test-runtime.ts';
import { handleInbound } from './reply-service.ts';

describe(`two courses open for one learner on one channel, on ${storageUnderTest}`, () => {
  const clock = new ManualClock('2026-03-02T13:00:00Z');
  const simulator = silentSimulator(clock);
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let learnerId: string;
  let enrolmentIds: Map<string, string>;
  let sequence = 0;

  const reply = (text: string) =>
    handleInbound(runtime.context, {
      channel: 'simulator',
      sender: learnerId,
      text,
      providerMessageId: `m${(sequence += 1)}`,
      receivedAt: clock.now(),
    });
  const lastSent = () => simulator.transcript.at(-1)?.text ?? '';

  beforeAll(async () => {
    runtime = await startTestRuntime({ clock, channels: [simulator] });
    const first = await enrolledScenario(runtime, quizCourse(), [
      learner({ email: 'two@example.com' }),
    ]);
    learnerId = first.learnerIds[0] as string;
    const second = await publishCourse(runtime.context.db, first.org.id, {
      ...quizCourse(),
      title: 'Second course',
    });
    await enrolLearners(runtime.context, {
      organizationId: first.org.id,
      courseVersionId: second.versionId,
      learnerIds: [learnerId],
      channel: 'simulator',
      sendTime: '09:00',
      days: 'daily',
    });
    clock.set('2026-03-02T14:00:01Z');
    await tickAndDrain(runtime);

    const rows = await runtime.context.db
      .selectFrom('prompts')
      .innerJoin('enrolments', 'enrolments.id', 'prompts.enrolmentId')
      .select(['prompts.tag', 'enrolments.id'])
      .execute();
    enrolmentIds = new Map(rows.map((row) => [String(row.tag), row.id]));
  });
  afterAll(() => runtime.close());

  it('shows each question with its own tag', () => {
    const questions = simulator.transcript.filter((entry) => entry.text.includes('Question'));
    expect(questions.map((entry) => entry.text.match(/Question (\d+)/)?.[1]).sort()).toEqual([
      '1',
      '2',
    ]);
    expect([...enrolmentIds.keys()].sort()).toEqual(['1', '2']);
  });

  it('asks which question an untagged answer is for, and grades nothing', async () => {
    expect(await reply('B')).toBe('which_question');
    expect(lastSent()).toMatch(/Which question are you answering\?/);
    const graded = await runtime.context.db.selectFrom('responses').selectAll().execute();
    expect(graded).toHaveLength(0);
  });

  it('routes each tagged answer to the enrolment whose question carries the tag', async () => {
    expect(await reply('2B')).toBe('graded');
    expect(await reply('1 a')).toBe('graded');

    const responses = await runtime.context.db
      .selectFrom('responses')
      .select(['enrolmentId', 'optionKey', 'correct'])
      .execute();
    expect(responses).toEqual(
      expect.arrayContaining([
        { enrolmentId: enrolmentIds.get('2'), optionKey: 'b', correct: true },
        { enrolmentId: enrolmentIds.get('1'), optionKey: 'a', correct: false },
      ]),
    );
    expect(responses).toHaveLength(2);
  });

  it('does not hand a closed question tag to the next question at once', async () => {
    const tags = await runtime.context.db
      .selectFrom('prompts')
      .select(['tag', 'status'])
      .orderBy('tag')
      .execute();
    expect(tags).toEqual([
      { tag: 1, status: 'closed' },
      { tag: 2, status: 'closed' },
      { tag: 3, status: 'open' },
      { tag: 4, status: 'open' },
    ]);

    // A late repeat of "2B" finds question 2 closed and grades nothing.
    expect(await reply('2B')).toBe('which_question');
    expect(lastSent()).toContain('Question 2 is not open right now.');
    expect(await runtime.context.db.selectFrom('responses').selectAll().execute()).toHaveLength(2);
  });
});
