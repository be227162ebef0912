import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../channels/channel.ts';
import { applyPendingReviews } from '../delivery/reviews/review-recording.ts';
import { ManualClock } from '../shared/clock.ts';
import { quizCourse } from '../../test/support/course-fixtures.ts';
import {
  enrolledScenario,
  learner,
  silentSimulator,
  tickAndDrain,
} from '../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../test/support/test-runtime.ts';
import { claimInboundMessage, releaseInboundClaim, settleInboundClaim } from './inbound-claims.ts';
import { handleInbound } from './reply-service.ts';

const FIRST_QUESTION = 'Within how many minutes do you report a spill?';
const SECOND_QUESTION = 'A spill that hurt nobody need not be reported.';

// The job queue handles many channel events at once, on several workers: replies of one
// learner, and copies of one provider message, reach the engine at the same moment.
describe(`replies that arrive at the same moment, on ${storageUnderTest}`, () => {
  const clock = new ManualClock('2026-03-02T13:00:00Z');
  const simulator = silentSimulator(clock);
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let learnerIds: string[];

  const reply = (learnerId: string, text: string, providerMessageId: string) =>
    handleInbound(runtime.context, {
      channel: 'simulator',
      sender: learnerId,
      text,
      providerMessageId,
      receivedAt: clock.now(),
    } satisfies InboundMessage);
  const sentTo = (learnerId: string) =>
    simulator.transcript.filter((entry) => entry.to === learnerId).map((entry) => entry.text);
  const responsesOf = (learnerId: string) =>
    runtime.context.db
      .selectFrom('responses')
      .select(['optionKey', 'correct'])
      .where('learnerId', '=', learnerId)
      .execute();
  const reviewsOf = async (learnerId: string) => {
    await applyPendingReviews(runtime.context);
    return runtime.context.db
      .selectFrom('reviewLogs')
      .select('id')
      .where('learnerId', '=', learnerId)
      .execute();
  };

  beforeAll(async () => {
    runtime = await startTestRuntime({ clock, channels: [simulator] });
    const people = ['changed', 'same', 'copies', 'flood'].map((name) =>
      learner({ email: `${name}@example.com` }),
    );
    ({ learnerIds } = await enrolledScenario(runtime, quizCourse(), people));
    clock.set('2026-03-02T14:00:01Z'); // 09:00 in New York
    await tickAndDrain(runtime);
  });
  afterAll(() => runtime.close());

  it('keeps the first of two different answers and tells the learner so', async () => {
    const id = learnerIds[0] as string;

    const outcomes = await Promise.all([reply(id, 'b', 'changed-1'), reply(id, 'a', 'changed-2')]);

    expect(outcomes.sort()).toEqual(['first_answer_kept', 'graded']);
    const responses = await responsesOf(id);
    expect(responses).toHaveLength(1);
    expect(await reviewsOf(id)).toHaveLength(1);
    const sent = sentTo(id);
    const kept = responses[0]?.optionKey?.toUpperCase();
    expect(sent.filter((text) => text.includes(`You already answered ${kept}`))).toHaveLength(1);
    expect(sent.filter((text) => text.includes(SECOND_QUESTION))).toHaveLength(1);
  });

  it('records one answer when the same answer comes twice under two message ids', async () => {
    const id = learnerIds[1] as string;

    const outcomes = await Promise.all([reply(id, 'B', 'same-1'), reply(id, 'b)', 'same-2')]);

    expect(outcomes).toContain('graded');
    expect(outcomes.filter((outcome) => outcome === 'graded')).toHaveLength(1);
    expect(await responsesOf(id)).toEqual([{ optionKey: 'b', correct: true }]);
    expect(sentTo(id).filter((text) => text.includes('Correct!'))).toHaveLength(1);
    expect(sentTo(id).filter((text) => text.includes(SECOND_QUESTION))).toHaveLength(1);
  });

  it('pitfall SMS-06: handles a message id once, whatever text its copies carry', async () => {
    const id = learnerIds[2] as string;
    const sentBefore = sentTo(id).length;

    const outcomes = await Promise.all([reply(id, 'c', 'copy-1'), reply(id, 'a', 'copy-1')]);

    expect(outcomes.sort()).toEqual(['duplicate_message', 'graded']);
    expect(await responsesOf(id)).toHaveLength(1);
    expect(await reviewsOf(id)).toHaveLength(1);
    // One feedback and one next question: nothing was sent for the copy.
    expect(sentTo(id)).toHaveLength(sentBefore + 2);
  });

  it('grades one of many overlapping copies of a message and ignores the rest', async () => {
    const id = learnerIds[3] as string;

    const copies = Array.from({ length: 6 }, () => reply(id, 'b', 'flood-1'));
    const outcomes = await Promise.all(copies);

    expect(outcomes.filter((outcome) => outcome === 'graded')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'duplicate_message')).toHaveLength(5);
    expect(await responsesOf(id)).toHaveLength(1);
    expect(sentTo(id).filter((text) => text.includes(FIRST_QUESTION))).toHaveLength(1);
  });
});

describe(`claims on inbound provider messages, on ${storageUnderTest}`, () => {
  const clock = new ManualClock('2026-03-02T13:00:00Z');
  const simulator = silentSimulator(clock);
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let owner: { id: string; organizationId: string };

  const message = (providerMessageId: string): InboundMessage => ({
    channel: 'simulator',
    sender: owner.id,
    text: 'b',
    providerMessageId,
    receivedAt: clock.now(),
  });
  const claim = (providerMessageId: string, at = clock.now()) =>
    claimInboundMessage(runtime.context.db, owner, message(providerMessageId), at);

  beforeAll(async () => {
    runtime = await startTestRuntime({ clock, channels: [simulator] });
    const { org, learnerIds } = await enrolledScenario(runtime, quizCourse(), [
      learner({ email: 'claims@example.com' }),
    ]);
    owner = { id: learnerIds[0] as string, organizationId: org.id };
  });
  afterAll(() => runtime.close());

  it('gives a message id to one claimant only', async () => {
    expect(await claim('one')).toBeDefined();
    expect(await claim('one')).toBeUndefined();
  });

  it('lets a released claim, whose handling failed, be taken again', async () => {
    const first = await claim('failed');
    await releaseInboundClaim(runtime.context.db, first as string);

    expect(await claim('failed')).toBeDefined();
  });

  it('lets a retry take over a claim left in hand by a worker that died', async () => {
    expect(await claim('abandoned')).toBeDefined();
    expect(await claim('abandoned', new Date(clock.now().getTime() + 30_000))).toBeUndefined();

    expect(await claim('abandoned', new Date(clock.now().getTime() + 61_000))).toBeDefined();
  });

  it('never hands out a settled message again, however late the copy', async () => {
    const first = await claim('settled');
    await settleInboundClaim(runtime.context.db, first as string, 'graded');

    expect(await claim('settled', new Date(clock.now().getTime() + 86_400_000))).toBeUndefined();
  });
});
