import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../channels/channel.ts';
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

const FORMS = [
  'B',
  'b',
  'b)',
  '(b)',
  'B.',
  '2',
  'option b',
  'answer: b',
  'I think B',
  '30 minutes',
] as const;

describe(`replies through the conversation engine, on ${storageUnderTest}`, () => {
  const clock = new ManualClock('2026-03-02T13:00:00Z');
  const simulator = silentSimulator(clock);
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let learnerIds: string[];
  let sequence = 0;

  const reply = (learnerId: string, text: string, id = `msg-${(sequence += 1)}`) =>
    handleInbound(runtime.context, {
      channel: 'simulator',
      sender: learnerId,
      text,
      providerMessageId: id,
      receivedAt: clock.now(),
    } satisfies InboundMessage);
  const sentTo = (learnerId: string) =>
    simulator.transcript.filter((entry) => entry.to === learnerId).map((entry) => entry.text);
  const responsesOf = (learnerId: string) =>
    runtime.context.db
      .selectFrom('responses')
      .selectAll()
      .where('learnerId', '=', learnerId)
      .execute();

  beforeAll(async () => {
    runtime = await startTestRuntime({ clock, channels: [simulator] });
    const people = [
      ...FORMS.map((_, index) => learner({ email: `form${index}@example.com` })),
      learner({ email: 'dup@example.com' }),
      learner({ email: 'stop@example.com' }),
      learner({ email: 'wrong@example.com' }),
      learner({ email: 'payload@example.com' }),
    ];
    ({ learnerIds } = await enrolledScenario(runtime, quizCourse(), people));
    clock.set('2026-03-02T14:00:01Z'); // 09:00 in New York
    await tickAndDrain(runtime);
  });
  afterAll(() => runtime.close());

  it.each(FORMS.map((form, index) => [form, index]))(
    'grades the reply "%s" as the right option B',
    async (form, index) => {
      const id = learnerIds[index as number] as string;
      expect(await reply(id, form as string)).toBe('graded');

      const [response] = await responsesOf(id);
      expect(response).toMatchObject({ optionKey: 'b', correct: true });
      expect(sentTo(id).some((text) => text.includes('Yes: within 30 minutes.'))).toBe(true);
      // The next question of the lesson follows the feedback.
      expect(sentTo(id).at(-1)).toContain('A spill that hurt nobody need not be reported.');
    },
  );

  it('grades a button payload and explains the right answer after a wrong one', async () => {
    const id = learnerIds[FORMS.length + 2] as string;
    expect(await reply(id, 'a')).toBe('graded');
    const [response] = await responsesOf(id);
    expect(response).toMatchObject({ optionKey: 'a', correct: false });
    expect(sentTo(id).join('\n')).toContain('30 minutes');

    const buttonLearner = learnerIds[FORMS.length + 3] as string;
    const question = simulator.transcript.filter((entry) => entry.to === buttonLearner).at(-1);
    expect(question?.text).toContain('Within how many minutes');
    const outcome = await handleInbound(runtime.context, {
      channel: 'simulator',
      sender: buttonLearner,
      payload: 'ans:1:l1-q1:b',
      providerMessageId: 'button-1',
      receivedAt: clock.now(),
    });
    expect(outcome).toBe('graded');
    expect(await responsesOf(buttonLearner)).toMatchObject([{ optionKey: 'b', correct: true }]);
  });

  it('treats a redelivered message and a repeated answer idempotently', async () => {
    const id = learnerIds[FORMS.length] as string;
    expect(await reply(id, 'b', 'same-id')).toBe('graded');
    const sentAfterFirst = sentTo(id).length;

    expect(await reply(id, 'b', 'same-id')).toBe('duplicate_message');
    expect(sentTo(id)).toHaveLength(sentAfterFirst);
    expect(await responsesOf(id)).toHaveLength(1);
  });

  it('ignores a reply from an unknown sender without touching any state', async () => {
    const count = async () => {
      const db = runtime.context.db;
      const [responses, events, inbound] = await Promise.all([
        db
          .selectFrom('responses')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .execute(),
        db
          .selectFrom('learningEvents')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .execute(),
        db
          .selectFrom('inboundMessages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .execute(),
      ]);
      return [responses, events, inbound].map((rows) => Number(rows[0]?.n));
    };
    const before = await count();
    const transcriptBefore = simulator.transcript.length;

    expect(await reply('00000000-0000-4000-8000-000000000000', 'B')).toBe('unknown_sender');
    expect(await reply('not-a-learner', 'STOP')).toBe('unknown_sender');

    expect(await count()).toEqual(before);
    expect(simulator.transcript).toHaveLength(transcriptBefore);
  });

  it('stops every further message on the channel after STOP', async () => {
    const id = learnerIds[FORMS.length + 1] as string;
    expect(await reply(id, 'STOP')).toBe('command');
    expect(sentTo(id).at(-1)).toContain('Reply START');
    const sentBeforeNextDay = sentTo(id).length;

    clock.set('2026-03-03T14:00:01Z');
    await tickAndDrain(runtime);

    expect(sentTo(id)).toHaveLength(sentBeforeNextDay);
    const refused = await runtime.context.db
      .selectFrom('deliveries')
      .select('errorCode')
      .where('learnerId', '=', id)
      .where('kind', '=', 'lesson')
      .where('status', '=', 'failed')
      .execute();
    expect(refused).toEqual([{ errorCode: 'opted_out' }]);
  });

  it('welcomes the learner back on START after STOP, on the channel just opted into', async () => {
    const id = learnerIds[FORMS.length + 1] as string;

    expect(await reply(id, 'START')).toBe('command');

    expect(sentTo(id).at(-1)).toBe('Welcome back! Your lessons will continue.');
  });
});

describe(`repeated answers to the last question of a lesson, on ${storageUnderTest}`, () => {
  const clock = new ManualClock('2026-03-02T13:00:00Z');
  const simulator = silentSimulator(clock);
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let learnerId: string;
  let sequence = 0;
  const reply = (text: string) =>
    handleInbound(runtime.context, {
      channel: 'simulator',
      sender: learnerId,
      text,
      providerMessageId: `r${(sequence += 1)}`,
      receivedAt: clock.now(),
    });

  beforeAll(async () => {
    runtime = await startTestRuntime({ clock, channels: [simulator] });
    ({
      learnerIds: [learnerId = ''],
    } = await enrolledScenario(runtime, quizCourse(), [learner({ email: 'repeat@example.com' })]));
    clock.set('2026-03-02T14:00:01Z');
    await tickAndDrain(runtime);
    expect(await reply('b')).toBe('graded');
    expect(await reply('false')).toBe('graded');
  });
  afterAll(() => runtime.close());

  it('says "already recorded" once for a repeated answer, then stays quiet', async () => {
    const before = simulator.transcript.length;
    expect(await reply('False')).toBe('duplicate');
    expect(simulator.transcript.slice(before).map((entry) => entry.text)).toEqual([
      'Got it, your answer is already recorded.',
    ]);

    expect(await reply('f')).toBe('duplicate');
    expect(simulator.transcript).toHaveLength(before + 1);
  });

  it('keeps the first answer when a different one comes later', async () => {
    expect(await reply('true')).toBe('first_answer_kept');
    expect(simulator.transcript.at(-1)?.text).toMatch(/first answer is the one that counts/);
    const responses = await runtime.context.db
      .selectFrom('responses')
      .select(['optionKey', 'correct'])
      .orderBy('receivedAt')
      .execute();
    expect(responses).toEqual([
      { optionKey: 'b', correct: true },
      { optionKey: 'b', correct: true },
    ]);
  });
});
