import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.ts';
import { SimulatorChannel, type AnswerKey } from './simulator-channel.ts';

const KEY: AnswerKey = { kind: 'multiple_choice', optionKeys: ['a', 'b', 'c'], correctKey: 'b' };
const BUTTONS = ['a', 'b', 'c'].map((key) => ({
  label: key.toUpperCase(),
  payload: `ans:1:q:${key}`,
}));

function simulatorWith(seed: string, settings: { replyRate: number; accuracy: number }) {
  const clock = new ManualClock('2026-03-02T14:00:00Z');
  const simulator = new SimulatorChannel({
    population: { seed, medianReplyMinutes: 30, ...settings },
    answerKey: () => KEY,
    now: () => clock.now(),
  });
  return { simulator, clock };
}

async function askEveryone(simulator: SimulatorChannel, learners: number) {
  for (let index = 0; index < learners; index += 1) {
    await simulator.send({
      to: `learner-${index}`,
      message: { text: 'Which one? Reply A, B or C.', buttons: BUTTONS },
      idempotencyKey: `question-${index}`,
      question: { questionId: 'q', kind: 'multiple_choice' },
    });
  }
  return simulator.takeRepliesDue(new Date('2026-03-10T00:00:00Z'));
}

describe('the simulated learner population', () => {
  it('replies the same way for the same seed, with message ids unique to each run', async () => {
    const first = await askEveryone(
      simulatorWith('seed-1', { replyRate: 0.8, accuracy: 0.7 }).simulator,
      40,
    );
    const second = await askEveryone(
      simulatorWith('seed-1', { replyRate: 0.8, accuracy: 0.7 }).simulator,
      40,
    );

    const content = (replies: typeof first) =>
      replies.map(({ sender, text, payload, receivedAt }) => ({
        sender,
        text,
        payload,
        receivedAt,
      }));
    expect(content(second)).toEqual(content(first));
    const ids = new Set([...first, ...second].map((reply) => reply.providerMessageId));
    expect(ids.size).toBe(first.length + second.length);
  });

  it('answers at about its reply rate and accuracy', async () => {
    const replies = await askEveryone(
      simulatorWith('rates', { replyRate: 0.8, accuracy: 0.7 }).simulator,
      400,
    );
    expect(replies.length / 400).toBeGreaterThan(0.65);
    expect(replies.length / 400).toBeLessThan(0.9);

    const chose = (reply: (typeof replies)[number]) =>
      reply.payload?.slice(-1) ?? reply.text?.match(/[abc]/i)?.[0]?.toLowerCase();
    const correct = replies.filter((reply) => chose(reply) === 'b').length;
    expect(correct / replies.length).toBeGreaterThan(0.55);
    expect(correct / replies.length).toBeLessThan(0.85);
  });

  it('never answers when its reply rate is zero, and shows a retried send once', async () => {
    const { simulator } = simulatorWith('quiet', { replyRate: 0, accuracy: 1 });
    expect(await askEveryone(simulator, 20)).toEqual([]);
    await simulator.send({ to: 'learner-0', message: { text: 'again' }, idempotencyKey: 'k' });
    await simulator.send({ to: 'learner-0', message: { text: 'again' }, idempotencyKey: 'k' });
    expect(simulator.transcript.filter((entry) => entry.text === 'again')).toHaveLength(1);
  });

  it('rejects a webhook body without a sender or message id', async () => {
    const { simulator } = simulatorWith('hooks', { replyRate: 0, accuracy: 0 });
    const now = new Date('2026-03-02T15:00:00Z');
    const receive = (rawBody: string, method = 'POST') =>
      simulator.receiveWebhook({ url: '/', method, headers: {}, rawBody }, now);

    expect(await receive('not json')).toEqual({
      ok: false,
      error: { status: 400, reason: 'simulator webhook body is not JSON' },
    });
    expect(await receive('{"text":"B"}')).toMatchObject({ ok: false, error: { status: 400 } });
    expect(await receive('{"from":"x","id":"1"}')).toMatchObject({ ok: false });
    expect(await receive('{}', 'GET')).toMatchObject({ ok: false, error: { status: 405 } });
    expect(await receive('{"from":"x","id":"1","text":"B"}')).toMatchObject({
      ok: true,
      value: {
        response: { status: 200 },
        events: [{ kind: 'message', message: { sender: 'x', text: 'B', receivedAt: now } }],
      },
    });
  });
});
