import { describe, expect, it } from 'vitest';
import {
  confidenceQuestion,
  contrasenaQuestion,
  lockScreenQuestion,
  passwordLesson,
  passwordQuestion,
  reflectionQuestion,
} from './fixtures/questions.ts';
import { renderCourseComplete, renderLesson, renderQuestion } from './render.ts';

describe('renderLesson', () => {
  it('opens with the header and keeps a short lesson in one message', () => {
    expect(renderLesson(passwordLesson, { locale: 'en', lessonCount: 5 })).toEqual([
      {
        text: [
          'Lesson 2 of 5: Strong passwords',
          'A long password is harder to guess than a short clever one.',
          'Use a passphrase of four or more unrelated words.\nWrite nothing down.',
          'Never reuse a work password on another site.',
        ].join('\n\n'),
      },
    ]);
  });

  it('writes the header in the learner locale, falling back from es-MX to es', () => {
    const [first] = renderLesson(passwordLesson, { locale: 'es-MX', lessonCount: 5 });
    expect(first?.text.split('\n\n')[0]).toBe('Lección 2 de 5: Strong passwords');
  });

  it('splits at paragraph boundaries under the maximum length', () => {
    const messages = renderLesson(passwordLesson, { locale: 'en', lessonCount: 5, maxLength: 120 });

    expect(messages.map((message) => message.text)).toEqual([
      'Lesson 2 of 5: Strong passwords\n\n' +
        'A long password is harder to guess than a short clever one.',
      'Use a passphrase of four or more unrelated words.\nWrite nothing down.\n\n' +
        'Never reuse a work password on another site.',
    ]);
  });

  it('attaches the lesson media to the first message only', () => {
    const lesson = { ...passwordLesson, mediaUrl: 'https://example.com/lock.png' };
    const messages = renderLesson(lesson, { locale: 'en', lessonCount: 5, maxLength: 120 });

    expect(messages.map((message) => message.mediaUrl)).toEqual([
      'https://example.com/lock.png',
      undefined,
    ]);
  });
});

describe('renderQuestion', () => {
  it('shows a multiple choice question without a tag, with buttons that still carry it', () => {
    expect(renderQuestion(passwordQuestion, { locale: 'en', tag: '3', showTag: false })).toEqual({
      text: [
        'How long should a new password be at least?',
        'A) 6 characters\nB) 12 characters\nC) 15 characters',
        'Reply A, B or C.',
      ].join('\n\n'),
      buttons: [
        { label: 'A', payload: 'ans:3:l2-q1:a' },
        { label: 'B', payload: 'ans:3:l2-q1:b' },
        { label: 'C', payload: 'ans:3:l2-q1:c' },
      ],
    });
  });

  it('shows the tag in the prompt and in the hint when asked to', () => {
    const message = renderQuestion(passwordQuestion, { locale: 'en', tag: '7', showTag: true });

    expect(message.text.split('\n\n')).toEqual([
      'Question 7: How long should a new password be at least?',
      'A) 6 characters\nB) 12 characters\nC) 15 characters',
      'Reply 7A, 7B or 7C.',
    ]);
    expect(message.buttons?.map((button) => button.payload)).toEqual([
      'ans:7:l2-q1:a',
      'ans:7:l2-q1:b',
      'ans:7:l2-q1:c',
    ]);
  });

  it('renders a tagged question in Spanish', () => {
    const message = renderQuestion(contrasenaQuestion, { locale: 'es', tag: '9', showTag: true });

    expect(message.text.split('\n\n')).toEqual([
      'Pregunta 9: ¿Qué haces si recibes un correo sospechoso?',
      'A) Abrir el adjunto\nB) Reportarlo a Seguridad\nC) Reenviarlo a un compañero',
      'Responde 9A, 9B o 9C.',
    ]);
  });

  it('asks true/false with words, not letters, in the learner locale', () => {
    const untagged = renderQuestion(lockScreenQuestion, { locale: 'es', tag: '2', showTag: false });
    const tagged = renderQuestion(lockScreenQuestion, { locale: 'en', tag: '2', showTag: true });

    expect(untagged).toEqual({
      text: `${lockScreenQuestion.prompt}\n\nResponde Verdadero o Falso.`,
      buttons: [
        { label: 'Verdadero', payload: 'ans:2:l3-q1:a' },
        { label: 'Falso', payload: 'ans:2:l3-q1:b' },
      ],
    });
    expect(tagged.text).toBe(
      `Question 2: ${lockScreenQuestion.prompt}\n\nReply 2 True or 2 False.`,
    );
  });

  it('offers the 1-5 scale for a confidence question', () => {
    const message = renderQuestion(confidenceQuestion, { locale: 'en', tag: '4', showTag: false });

    expect(message.text).toBe(
      `${confidenceQuestion.prompt}\n\n` +
        'How confident are you? Reply 1-5 (1 = not at all, 5 = completely).',
    );
    expect(message.buttons?.map((button) => [button.label, button.payload])).toEqual([
      ['1', 'ans:4:l2-q2:1'],
      ['2', 'ans:4:l2-q2:2'],
      ['3', 'ans:4:l2-q2:3'],
      ['4', 'ans:4:l2-q2:4'],
      ['5', 'ans:4:l2-q2:5'],
    ]);
  });

  it('asks for free text on a reflection, with no buttons', () => {
    const message = renderQuestion(reflectionQuestion, { locale: 'es', tag: '5', showTag: true });

    expect(message).toEqual({
      text:
        `Pregunta 5: ${reflectionQuestion.prompt}\n\n` +
        'Empieza tu respuesta con 5 y luego escribe unas frases.',
    });
  });
});

describe('renderCourseComplete', () => {
  it('names the course in the learner locale', () => {
    expect(renderCourseComplete('es', 'Seguridad básica').text).toBe(
      'Terminaste Seguridad básica. ¡Buen trabajo!',
    );
  });
});
