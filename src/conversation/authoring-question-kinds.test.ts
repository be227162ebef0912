import { describe, expect, it } from 'vitest';
import { buildAnswerPayload } from './button-payload.ts';
import { decideReply } from './engine.ts';
import type { OpenPrompt, ReplyDecision } from './engine-types.ts';
import {
  RECEIVED_AT,
  acknowledgementQuestion,
  clozeQuestion,
  clozeWordQuestion,
  openPrompt,
  ratingQuestion,
} from './fixtures/questions.ts';
import { renderQuestion } from './render.ts';
import { parseReply } from './reply-parser.ts';

const decide = (prompt: OpenPrompt, text: string | null, locale = 'en', payload?: string) =>
  decideReply({
    locale,
    openPrompts: [prompt],
    inbound: { text, buttonPayload: payload ?? null, receivedAt: RECEIVED_AT },
  });

const outcomeOf = (decision: ReplyDecision) =>
  decision.kind === 'graded' ? decision.grade.outcome : decision.kind;
const textsOf = (decision: ReplyDecision) => decision.replies.map((reply) => reply.text);

describe('cloze questions are answered by typing the missing words', () => {
  it('renders the prompt and how to answer, without buttons', () => {
    expect(renderQuestion(clozeQuestion, { locale: 'en', tag: '2', showTag: false })).toEqual({
      text:
        'Fill in the blank: "Report a lost badge to Security within _____ hours."\n\n' +
        'Reply with the missing word or words.',
    });
    expect(renderQuestion(clozeQuestion, { locale: 'es', tag: '2', showTag: true }).text).toContain(
      'Empieza tu respuesta con 2 y luego la palabra que falta.',
    );
  });

  it.each([
    ['24', 'correct'],
    ['Twenty-four', 'correct'],
    ['twenty four', 'correct'],
    ['25', 'incorrect'],
    ['2', 'incorrect'],
  ])('grades "%s" as %s against the accepted answers', (typed, outcome) => {
    expect(outcomeOf(decide(openPrompt(clozeQuestion), typed))).toBe(outcome);
  });

  it('forgives case, accents, punctuation and one slip in a long word, not two', () => {
    expect(outcomeOf(decide(openPrompt(clozeWordQuestion), 'reception.'))).toBe('correct');
    expect(outcomeOf(decide(openPrompt(clozeWordQuestion), 'Recepton'))).toBe('correct');
    expect(outcomeOf(decide(openPrompt(clozeWordQuestion), 'Recpton'))).toBe('incorrect');
  });

  it('names the missing words and quotes the lesson when the answer is wrong', () => {
    expect(textsOf(decide(openPrompt(clozeQuestion), '48'))).toEqual([
      'Not quite.\n\nThe missing words were: 24 / twenty-four\n\n' +
        'From the lesson: "Report a lost badge to Security within 24 hours."',
    ]);
  });

  it('asks again when the reply is empty', () => {
    expect(parseReply('   ', { question: clozeQuestion })).toMatchObject({
      kind: 'unrecognised',
      reason: 'empty',
    });
  });
});

describe('acknowledgements confirm an announcement, never graded', () => {
  it('renders one button labelled with the option', () => {
    const rendered = renderQuestion(acknowledgementQuestion, {
      locale: 'en',
      tag: '4',
      showTag: false,
    });
    expect(rendered.text).toBe(
      'The new visitor policy applies from Monday.\n\nReply OK to confirm you have read this.',
    );
    expect(rendered.buttons?.map((button) => button.label)).toEqual(['Got it']);
  });

  it.each(['OK', 'ok!', 'Got it', 'got it thanks', '👍', 'a', 'Entendido', 'vale'])(
    'records "%s" as the acknowledgement',
    (typed) => {
      const decision = decide(openPrompt(acknowledgementQuestion), typed);
      expect(decision).toMatchObject({
        kind: 'graded',
        grade: { outcome: 'recorded', answer: { kind: 'option', optionKey: 'a' } },
      });
      expect(textsOf(decision)).toEqual(['Thanks for confirming.']);
    },
  );

  it('records a tap on the button', () => {
    const payload = buildAnswerPayload({ tag: '1', questionId: 'l5-q1', value: 'a' });
    const decision = decide(openPrompt(acknowledgementQuestion), null, 'es', payload);
    expect(outcomeOf(decision)).toBe('recorded');
    expect(textsOf(decision)).toEqual(['Gracias por confirmarlo.']);
  });

  it('does not take an unrelated reply for a confirmation', () => {
    const decision = decide(openPrompt(acknowledgementQuestion), 'what policy?');
    expect(decision.kind).toBe('not_understood');
    expect(textsOf(decision)[0]).toContain('Reply OK to confirm you have read this.');
  });
});

describe('survey ratings record a number from 1 to 5', () => {
  it('renders five buttons and a neutral scale hint', () => {
    const rendered = renderQuestion(ratingQuestion, { locale: 'en', tag: '3', showTag: false });
    expect(rendered.text).toBe(
      'How clear was the new visitor policy?\n\n' +
        'Reply with a number from 1 (lowest) to 5 (highest).',
    );
    expect(rendered.buttons?.map((button) => button.label)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('records "4 out of 5" as a rating, neither right nor wrong', () => {
    expect(decide(openPrompt(ratingQuestion), '4 out of 5')).toMatchObject({
      kind: 'graded',
      grade: { outcome: 'recorded', answer: { kind: 'rating', rating: 4 } },
    });
  });

  it('refuses a number off the scale', () => {
    expect(decide(openPrompt(ratingQuestion), '9')).toMatchObject({
      kind: 'not_understood',
      reason: 'out_of_range',
    });
  });
});
