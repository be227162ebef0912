import { describe, expect, it } from 'vitest';
import { decideReply } from './engine.ts';
import type { OpenPrompt, ReplyInput } from './engine-types.ts';
import {
  RECEIVED_AT,
  SENT_AT,
  confidenceQuestion,
  lockScreenQuestion,
  openPrompt,
  passwordQuestion,
} from './fixtures/questions.ts';

function reply(
  prompts: OpenPrompt[],
  text: string | null,
  locale = 'en',
  buttonPayload: string | null = null,
): ReplyInput {
  return {
    locale,
    openPrompts: prompts,
    inbound: { text, buttonPayload, receivedAt: RECEIVED_AT },
  };
}

const textsOf = (decision: { replies: { text: string }[] }) => decision.replies.map((r) => r.text);

// Two courses open on one channel: a password course (tag 7) and a clean-desk course (tag 9).
const passwords = openPrompt(passwordQuestion, {
  promptId: 'prompt-passwords',
  enrolmentId: 'enrolment-passwords',
  tag: '7',
});
const cleanDesk = openPrompt(lockScreenQuestion, {
  promptId: 'prompt-clean-desk',
  enrolmentId: 'enrolment-clean-desk',
  tag: '9',
  sentAt: new Date(SENT_AT.getTime() + 60_000),
});
const bothOpen = [passwords, cleanDesk];

describe('decideReply routes by question tag with two enrolments open', () => {
  it.each([
    ['7C', 'prompt-passwords', 'enrolment-passwords', 'correct'],
    ['7 a', 'prompt-passwords', 'enrolment-passwords', 'incorrect'],
    ['#7 B', 'prompt-passwords', 'enrolment-passwords', 'incorrect'],
    ['9 false', 'prompt-clean-desk', 'enrolment-clean-desk', 'correct'],
    ['#9 sí', 'prompt-clean-desk', 'enrolment-clean-desk', 'incorrect'],
    ['9B', 'prompt-clean-desk', 'enrolment-clean-desk', 'correct'],
  ])('sends "%s" to %s', (text, promptId, enrolmentId, outcome) => {
    expect(decideReply(reply(bothOpen, text))).toMatchObject({
      kind: 'graded',
      promptId,
      enrolmentId,
      grade: { outcome },
    });
  });

  it('routes a button tap by the tag in its payload', () => {
    const decision = decideReply(reply(bothOpen, null, 'en', 'ans:9:l3-q1:b'));

    expect(decision).toMatchObject({ kind: 'graded', promptId: 'prompt-clean-desk' });
  });

  it.each([
    ['ans:9:l2-q1:b', 'the tag now belongs to another question'],
    ['ans:4:l2-q1:b', 'the tag is no longer open'],
  ])('does not record the stale button %s (%s)', (payload) => {
    const decision = decideReply(reply(bothOpen, null, 'en', payload));

    expect(decision).toEqual({
      kind: 'stale_button',
      replies: [{ text: 'That question is closed now, so this answer was not recorded.' }],
    });
  });

  it.each([
    [
      'en',
      'Which question are you answering? Start your reply with its number, like 7A or 9 True.',
    ],
    [
      'es',
      '¿Qué pregunta estás respondiendo? Empieza tu respuesta con su número, ' +
        'por ejemplo 7A o 9 Verdadero.',
    ],
  ])('asks which question an untagged answer is for, in %s', (locale, question) => {
    const decision = decideReply(reply(bothOpen, 'C', locale));

    expect(decision).toEqual({
      kind: 'which_question',
      unknownTag: null,
      replies: [{ text: question }],
    });
  });

  it('says so when the tag is not open, then asks which question', () => {
    const decision = decideReply(reply(bothOpen, '5B'));

    expect(decision).toMatchObject({ kind: 'which_question', unknownTag: '5' });
    expect(textsOf(decision)[0]).toMatch(/^Question 5 is not open right now\. Which question/);
  });

  it('gives examples only for questions still waiting for an answer, oldest first', () => {
    const answered = { ...passwords, answer: { kind: 'option' as const, optionKey: 'c' } };
    const rating = openPrompt(confidenceQuestion, {
      promptId: 'prompt-rating',
      tag: '12',
      sentAt: new Date(SENT_AT.getTime() + 120_000),
    });
    const decision = decideReply(reply([answered, cleanDesk, rating], 'hello'));

    expect(textsOf(decision)[0]).toContain('like 9 True or 12 4.');
  });

  it('says nothing is waiting when every open prompt is answered', () => {
    const answer = { kind: 'option' as const, optionKey: 'b' };
    const decision = decideReply(
      reply(
        [
          { ...passwords, answer },
          { ...cleanDesk, answer },
        ],
        'thanks',
      ),
    );

    expect(decision.kind).toBe('nothing_open');
  });
});

describe('decideReply for commands', () => {
  it.each([
    ['help', 'help', 'none', 'Answer a question by replying'],
    ['STOP', 'stop', 'opt_out', 'You will not get any more lessons.'],
    ['Stop. Thank you', 'stop_intent', 'pause', 'Your lessons are paused.'],
    ['start', 'start', 'opt_in', 'Welcome back!'],
  ])('handles "%s" even with several questions open', (text, command, effect, opening) => {
    const decision = decideReply(reply(bothOpen, text));

    expect(decision).toMatchObject({ kind: 'command', command, effect });
    expect(textsOf(decision)[0]?.startsWith(opening)).toBe(true);
  });

  it('asks delivery for the next lesson and says nothing itself', () => {
    expect(decideReply(reply([passwords], 'siguiente', 'es'))).toEqual({
      kind: 'command',
      command: 'next',
      effect: 'advance',
      replies: [],
    });
  });

  it('confirms opting out in Spanish, keeping the carrier keyword START', () => {
    const decision = decideReply(reply([], 'parar', 'es'));

    expect(decision).toMatchObject({ kind: 'command', effect: 'opt_out' });
    expect(textsOf(decision)).toEqual([
      'Ya no recibirás más lecciones. Responde START si quieres continuar.',
    ]);
  });

  it('answers help when nothing is open', () => {
    expect(decideReply(reply([], 'ayuda', 'es'))).toMatchObject({
      kind: 'command',
      command: 'help',
    });
  });
});

describe('decideReply when it cannot read the answer', () => {
  it.each([
    ['banana', 'en', "Sorry, I didn't understand that. Reply A, B or C."],
    ['banana', 'es', 'Perdona, no entendí tu mensaje. Responde A, B o C.'],
    ['a or b', 'en', 'Please choose just one answer. Reply A, B or C.'],
    ['a o b', 'es', 'Elige solo una respuesta. Responde A, B o C.'],
    ['D', 'en', 'There is no option D. Reply A, B or C.'],
    ['', 'en', "I didn't receive an answer. Reply A, B or C."],
  ])('answers "%s" in %s with what to type', (text, locale, message) => {
    const decision = decideReply(reply([openPrompt(passwordQuestion)], text, locale));

    expect(decision).toMatchObject({ kind: 'not_understood', promptId: 'prompt-l2-q1' });
    expect(textsOf(decision)).toEqual([message]);
  });

  it('asks again when a channel drops a button payload and sends no text', () => {
    const decision = decideReply(reply([openPrompt(lockScreenQuestion)], null, 'en', 'B'));

    expect(textsOf(decision)).toEqual(["I didn't receive an answer. Reply True or False."]);
  });

  it('explains the confidence scale when the rating is off it', () => {
    const decision = decideReply(reply([openPrompt(confidenceQuestion)], '7'));

    expect(decision).toMatchObject({ kind: 'not_understood', reason: 'out_of_range' });
    expect(textsOf(decision)[0]).toBe(
      '7 is not on the scale. How confident are you? Reply 1-5 (1 = not at all, 5 = completely).',
    );
  });

  it('uses the tag in the hint when several questions are open', () => {
    const decision = decideReply(reply(bothOpen, '7 banana'));

    expect(textsOf(decision)).toEqual(["Sorry, I didn't understand that. Reply 7A, 7B or 7C."]);
  });

  it('says nothing is open when there is no prompt at all', () => {
    const decision = decideReply(reply([], 'B'));

    expect(decision.kind).toBe('nothing_open');
    expect(textsOf(decision)[0]).toContain('Reply HELP');
  });
});
