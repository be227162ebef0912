import { describe, expect, it } from 'vitest';
import { decideReply } from './engine.ts';
import type { OpenPrompt, ReplyInput } from './engine-types.ts';
import {
  RECEIVED_AT,
  confidenceQuestion,
  contrasenaQuestion,
  lockScreenQuestion,
  openPrompt,
  passwordQuestion,
  reflectionQuestion,
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

describe('decideReply grades a first answer', () => {
  it('grades a right multiple choice answer with its feedback and the time taken', () => {
    const decision = decideReply(reply([openPrompt(passwordQuestion)], 'I think C'));

    expect(decision).toEqual({
      kind: 'graded',
      promptId: 'prompt-l2-q1',
      enrolmentId: 'enrolment-1',
      grade: {
        outcome: 'correct',
        answer: { kind: 'option', optionKey: 'c' },
        answeredAt: RECEIVED_AT,
        secondsToAnswer: 150,
      },
      replies: [{ text: 'Correct! Yes, length beats symbols.' }],
    });
  });

  it('answers a wrong choice with its feedback, the right answer and the explanation', () => {
    const decision = decideReply(reply([openPrompt(passwordQuestion)], 'a'));

    expect(decision).toMatchObject({ kind: 'graded', grade: { outcome: 'incorrect' } });
    expect(textsOf(decision)).toEqual([
      'Not quite. Six is cracked in minutes.\n\n' +
        'The right answer was C: 15 characters\n\n' +
        'The policy sets 15 characters because length slows guessing the most.',
    ]);
  });

  it('speaks Spanish to an es-MX learner', () => {
    const decision = decideReply(reply([openPrompt(contrasenaQuestion)], 'la a', 'es-MX'));

    expect(textsOf(decision)).toEqual([
      'No es correcto. Nunca abras adjuntos dudosos.\n\n' +
        'La respuesta correcta era B: Reportarlo a Seguridad\n\n' +
        'El equipo de Seguridad revisa cada correo reportado.',
    ]);
  });

  it.each([
    ['no', 'en', 'correct', 'Correct! Right: lock it every time.'],
    ['falso', 'es', 'correct', '¡Correcto! Right: lock it every time.'],
  ])('grades the true/false reply "%s" in %s', (text, locale, outcome, feedback) => {
    const decision = decideReply(reply([openPrompt(lockScreenQuestion)], text, locale));

    expect(decision).toMatchObject({ kind: 'graded', grade: { outcome } });
    expect(textsOf(decision)).toEqual([feedback]);
  });

  it('names the right true/false answer as a word', () => {
    const decision = decideReply(reply([openPrompt(lockScreenQuestion)], 'verdadero', 'es'));

    expect(textsOf(decision)[0]).toContain('La respuesta correcta era Falso.');
  });

  it.each([
    ['en', 'Thanks, noted: 4 out of 5.'],
    ['es', 'Gracias, anotado: 4 de 5.'],
  ])('records a confidence rating in %s', (locale, thanks) => {
    const decision = decideReply(reply([openPrompt(confidenceQuestion)], '4', locale));

    expect(decision).toMatchObject({
      kind: 'graded',
      grade: { outcome: 'recorded', answer: { kind: 'rating', rating: 4 } },
    });
    expect(textsOf(decision)).toEqual([thanks]);
  });

  it.each([
    ['en', 'I will hover first.', 'Thanks for sharing your thoughts. Your reflection is saved.'],
    ['es', 'Revisaré el remitente.', 'Gracias por compartir tus ideas. Guardamos tu reflexión.'],
  ])('records a reflection in %s as typed', (locale, text, thanks) => {
    const decision = decideReply(reply([openPrompt(reflectionQuestion)], text, locale));

    expect(decision).toMatchObject({
      kind: 'graded',
      grade: { outcome: 'recorded', answer: { kind: 'free_text', text } },
    });
    expect(textsOf(decision)).toEqual([thanks]);
  });

  it('grades a button tap on its payload, not on the text the channel sends with it', () => {
    const decision = decideReply(reply([openPrompt(passwordQuestion)], 'A', 'en', 'ans:1:l2-q1:c'));

    expect(decision).toMatchObject({
      kind: 'graded',
      grade: { outcome: 'correct', answer: { kind: 'option', optionKey: 'c' } },
    });
  });

  it('grades a payload that arrives as the message text', () => {
    const decision = decideReply(reply([openPrompt(confidenceQuestion)], 'ans:1:l2-q2:2'));

    expect(decision).toMatchObject({ kind: 'graded', grade: { answer: { rating: 2 } } });
  });
});

describe('decideReply on a prompt already answered', () => {
  const answeredC = openPrompt(passwordQuestion, { answer: { kind: 'option', optionKey: 'c' } });

  it('acknowledges a repeated answer once and does not grade it again', () => {
    const decision = decideReply(reply([answeredC], 'C.'));

    expect(decision).toEqual({
      kind: 'duplicate',
      promptId: 'prompt-l2-q1',
      enrolmentId: 'enrolment-1',
      markDuplicateNoticeSent: true,
      replies: [{ text: 'Got it, your answer is already recorded.' }],
    });
  });

  it('stays silent on further repeats, such as a double tap', () => {
    const noticed = { ...answeredC, duplicateNoticeSent: true };
    const decision = decideReply(reply([noticed], null, 'en', 'ans:1:l2-q1:c'));

    expect(decision).toMatchObject({ kind: 'duplicate', markDuplicateNoticeSent: false });
    expect(decision.replies).toEqual([]);
  });

  it('keeps the first answer when a different one comes late', () => {
    const decision = decideReply(reply([answeredC], 'a'));

    expect(decision).toMatchObject({ kind: 'first_answer_kept', promptId: 'prompt-l2-q1' });
    expect(textsOf(decision)).toEqual([
      'You already answered C. Your first answer is the one that counts.',
    ]);
  });

  it('names a first true/false answer as a word in Spanish', () => {
    const answered = openPrompt(lockScreenQuestion, { answer: { kind: 'option', optionKey: 'b' } });
    const decision = decideReply(reply([answered], 'sí', 'es'));

    expect(textsOf(decision)).toEqual(['Ya respondiste Falso. Cuenta tu primera respuesta.']);
  });

  it('treats the same reflection, spaced or cased differently, as a repeat', () => {
    const answer = { kind: 'free_text' as const, text: 'I will hover first.' };
    const answered = openPrompt(reflectionQuestion, { answer });

    expect(decideReply(reply([answered], '  i will  hover first. ')).kind).toBe('duplicate');
    expect(textsOf(decideReply(reply([answered], 'Also report it.')))).toEqual([
      'You already sent a reflection for this question. We kept the first one.',
    ]);
  });

  it('keeps the first confidence rating', () => {
    const answered = openPrompt(confidenceQuestion, { answer: { kind: 'rating', rating: 2 } });

    expect(decideReply(reply([answered], '5'))).toMatchObject({ kind: 'first_answer_kept' });
    expect(decideReply(reply([answered], '2'))).toMatchObject({ kind: 'duplicate' });
  });

  it('answers small talk after the answer with what is waiting, not a grading hint', () => {
    const decision = decideReply(reply([answeredC], 'thanks!'));

    expect(decision.kind).toBe('nothing_open');
    expect(textsOf(decision)[0]).toMatch(/^There is no question waiting/);
  });
});
