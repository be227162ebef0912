import { describe, expect, it } from 'vitest';
import type { Question } from '../courses/model.ts';
import {
  confidenceQuestion,
  contrasenaQuestion,
  lockScreenQuestion,
  passwordQuestion,
  reflectionQuestion,
} from './fixtures/questions.ts';
import { parseReply } from './reply-parser.ts';

const answer = (optionKey: string, tag: string | null = null) => ({
  kind: 'answer',
  optionKey,
  tag,
  questionId: null,
});

const unrecognised = (reason: string, given: string | null = null) => ({
  kind: 'unrecognised',
  reason,
  given,
  tag: null,
});

describe('parseReply for multiple choice in English', () => {
  it.each([
    'C',
    'c',
    'c)',
    '(c)',
    'C.',
    ' c ',
    '3',
    'option c',
    'Option C',
    'answer: c',
    'Answer C',
    'I think C',
    "I think it's C",
    'the answer is c',
    'c please',
    '15 characters',
    '15 CHARACTERS.',
    'c) 15 characters',
  ])('reads "%s" as option c', (text) => {
    expect(parseReply(text, { question: passwordQuestion })).toEqual(answer('c'));
  });

  it.each(['A or B', 'ab', 'a, b', 'a and b', 'B) 6 characters', '1 2', 'a b c'])(
    'never grades the ambiguous "%s"',
    (text) => {
      expect(parseReply(text, { question: passwordQuestion })).toEqual(
        unrecognised('several_answers'),
      );
    },
  );

  it.each([
    ['D', 'D'],
    ['d)', 'D'],
    ['4', '4'],
    ['0', '0'],
  ])('reports "%s" as no option %s', (text, given) => {
    expect(parseReply(text, { question: passwordQuestion })).toEqual(
      unrecognised('no_such_option', given),
    );
  });

  it.each(['not b', 'banana', 'I have no idea', '16 characters'])(
    'does not understand "%s"',
    (text) => {
      expect(parseReply(text, { question: passwordQuestion })).toEqual(
        unrecognised('not_understood'),
      );
    },
  );

  it.each(['', '   ', '?!'])('reads "%s" as empty', (text) => {
    expect(parseReply(text, { question: passwordQuestion })).toEqual(unrecognised('empty'));
  });

  it("refuses a number that is both a position and another option's text", () => {
    const counts: Question = {
      ...passwordQuestion,
      options: ['2', '4', '6'].map((text, index) => ({
        key: 'abc'[index] ?? '',
        text,
        correct: index === 0,
        feedback: '',
      })),
    };

    expect(parseReply('2', { question: counts })).toEqual(unrecognised('several_answers'));
    expect(parseReply('6', { question: counts })).toEqual(answer('c'));
  });
});

describe('parseReply for multiple choice in Spanish', () => {
  it.each([
    ['B', 'b'],
    ['la b', 'b'],
    ['La opción B', 'b'],
    ['creo que es la B', 'b'],
    ['Creo que la b', 'b'],
    ['respuesta: b', 'b'],
    ['opcion b', 'b'],
    ['2', 'b'],
    ['b gracias', 'b'],
    ['Reportarlo a Seguridad', 'b'],
    ['REPORTARLO A SEGURIDAD.', 'b'],
    ['reenviarlo a un compañero', 'c'],
    ['Reenviarlo a un companero', 'c'],
  ])('reads "%s" as option %s', (text, key) => {
    expect(parseReply(text, { question: contrasenaQuestion })).toEqual(answer(key));
  });

  it.each(['a o b', 'a y c', 'la a o la b'])('never grades the ambiguous "%s"', (text) => {
    expect(parseReply(text, { question: contrasenaQuestion })).toEqual(
      unrecognised('several_answers'),
    );
  });
});

describe('parseReply for true/false', () => {
  it.each([
    'true',
    'True',
    'T',
    't',
    'yes',
    'Y',
    'A',
    '1',
    'I think true',
    'verdadero',
    'Verdadero',
    'v',
    'sí',
    'Sí.',
    'si',
    'SI',
    'cierto',
    'creo que es verdadero',
  ])('reads "%s" as True', (text) => {
    expect(parseReply(text, { question: lockScreenQuestion })).toEqual(answer('a'));
  });

  it.each(['false', 'False', 'F', 'f', 'no', 'No.', 'n', 'B', '2', 'falso', 'FALSO', 'es falso'])(
    'reads "%s" as False',
    (text) => {
      expect(parseReply(text, { question: lockScreenQuestion })).toEqual(answer('b'));
    },
  );

  it.each(['true or false', 'verdadero y falso', 'yes no', 'tf'])(
    'never grades the ambiguous "%s"',
    (text) => {
      expect(parseReply(text, { question: lockScreenQuestion })).toEqual(
        unrecognised('several_answers'),
      );
    },
  );

  it.each(['maybe', 'depende'])('does not understand "%s"', (text) => {
    expect(parseReply(text, { question: lockScreenQuestion })).toEqual(
      unrecognised('not_understood'),
    );
  });
});

describe('parseReply for confidence', () => {
  const rating = (value: number, tag: string | null = null) => ({
    kind: 'rating',
    rating: value,
    tag,
    questionId: null,
  });

  it.each([
    ['4', 4],
    ['1', 1],
    ['5.', 5],
    ['4 out of 5', 4],
    ['4/5', 4],
    ['4 de 5', 4],
    ["I'd say 4", 4],
    ['creo que 3', 3],
  ])('reads "%s" as %i', (text, value) => {
    expect(parseReply(text, { question: confidenceQuestion })).toEqual(rating(value));
  });

  it('reads a tagged rating', () => {
    expect(parseReply('#7 4', { question: confidenceQuestion, openTags: ['7'] })).toEqual(
      rating(4, '7'),
    );
    expect(parseReply('7 2', { question: confidenceQuestion, openTags: ['7'] })).toEqual(
      rating(2, '7'),
    );
  });

  it.each(['0', '6', '10'])('reports "%s" as off the scale', (text) => {
    expect(parseReply(text, { question: confidenceQuestion })).toEqual(
      unrecognised('out_of_range', text),
    );
  });

  it.each(['3 or 4', '3-4', '3 o 4'])('never records the ambiguous "%s"', (text) => {
    expect(parseReply(text, { question: confidenceQuestion })).toEqual(
      unrecognised('several_answers'),
    );
  });

  it.each(['very', 'muy seguro'])('does not understand "%s"', (text) => {
    expect(parseReply(text, { question: confidenceQuestion })).toEqual(
      unrecognised('not_understood'),
    );
  });
});

describe('parseReply for reflection', () => {
  it.each([
    'I will hover over links before clicking.',
    'Voy a revisar el remitente antes de abrir nada.',
    '3 things: check, pause, report',
    'B',
  ])('keeps "%s" as typed', (text) => {
    expect(parseReply(text, { question: reflectionQuestion })).toEqual({
      kind: 'free_text',
      text,
      tag: null,
    });
  });

  it('drops the tag from a tagged reflection', () => {
    const parsed = parseReply('#9  I will report odd links', {
      question: reflectionQuestion,
      openTags: ['7', '9'],
    });
    expect(parsed).toEqual({ kind: 'free_text', text: 'I will report odd links', tag: '9' });
  });

  it('reads an empty reflection as empty', () => {
    expect(parseReply('  ', { question: reflectionQuestion })).toEqual(unrecognised('empty'));
  });
});

describe('parseReply for tags, commands and buttons', () => {
  it.each([
    ['7B', 'b'],
    ['7 b', 'b'],
    ['#7 B', 'b'],
    ['7: (c)', 'c'],
  ])('reads the tagged "%s"', (text, key) => {
    const parsed = parseReply(text, { question: passwordQuestion, openTags: ['7', '9'] });
    expect(parsed).toEqual(answer(key, '7'));
  });

  it.each([
    ['next', 'next'],
    ['siguiente', 'next'],
    ['help', 'help'],
    ['ayuda', 'help'],
    ['STOP', 'stop'],
    ['parar', 'stop'],
    ['start', 'start'],
    ['#7 help', 'help'],
  ])('reads "%s" as the %s command whatever the question', (text, command) => {
    for (const question of [passwordQuestion, reflectionQuestion, null]) {
      expect(parseReply(text, { question, openTags: ['7'] })).toEqual({ kind: 'command', command });
    }
  });

  it('reads a button payload for an option and for a rating', () => {
    expect(parseReply('ans:7:l2-q1:c', { question: passwordQuestion })).toEqual({
      kind: 'answer',
      optionKey: 'c',
      tag: '7',
      questionId: 'l2-q1',
    });
    expect(parseReply('ans:7:l2-q2:4', { question: confidenceQuestion })).toEqual({
      kind: 'rating',
      rating: 4,
      tag: '7',
      questionId: 'l2-q2',
    });
  });

  it('rejects a payload naming no option of the question', () => {
    expect(parseReply('ans:7:l2-q1:z', { question: passwordQuestion })).toMatchObject({
      kind: 'unrecognised',
      reason: 'no_such_option',
      given: 'Z',
    });
  });

  it('cannot read an answer without knowing the question', () => {
    expect(parseReply('B', {})).toEqual(unrecognised('no_question'));
  });
});
