/**
 * Reads what a learner typed (or which button they tapped) as an answer to one question.
 * Text that could mean two answers ("A or B", "ab") is never graded: it comes back as
 * unrecognised with a reason the engine turns into a plain "reply A, B or C".
 */
import type { Question } from '../courses/model.ts';
import { CONFIDENCE_SCALE } from '../courses/model.ts';
import { isAnswerPayload, readAnswerPayload } from './button-payload.ts';
import { readCommand, type ReplyCommand } from './reply-commands.ts';
import { splitQuestionTag } from './reply-tag.ts';
import { foldCase, foldToWords, wordsOf } from './text-folding.ts';

export type ConfidenceRating = (typeof CONFIDENCE_SCALE)[number];

export type ExpectedQuestion = Pick<Question, 'kind' | 'options'>;

export interface ReplyExpectation {
  /** The question the reply is read against; absent when it is not known yet. */
  question?: ExpectedQuestion | null;
  /** Tags of the learner's open prompts on this channel, so "7 b" reads as question 7. */
  openTags?: readonly string[];
}

export const UNRECOGNISED_REASONS = [
  'empty',
  'several_answers',
  'no_such_option',
  'out_of_range',
  'not_understood',
  'no_question',
] as const;
export type UnrecognisedReason = (typeof UNRECOGNISED_REASONS)[number];

/** tag: the question tag the reply started with; questionId: set only by a button payload. */
export type ParsedReply =
  | { kind: 'answer'; optionKey: string; tag: string | null; questionId: string | null }
  | { kind: 'rating'; rating: ConfidenceRating; tag: string | null; questionId: string | null }
  | { kind: 'free_text'; text: string; tag: string | null }
  | { kind: 'command'; command: ReplyCommand }
  | { kind: 'unrecognised'; reason: UnrecognisedReason; given: string | null; tag: string | null };

/**
 * @example parseReply('I think B', { question }) // { kind: 'answer', optionKey: 'b', ... }
 * @example parseReply('#7 4', { question: confidence }) // { kind: 'rating', rating: 4, tag: '7' }
 */
export function parseReply(text: string, expected: ReplyExpectation = {}): ParsedReply {
  const question = expected.question ?? null;
  if (isAnswerPayload(text)) return parseButtonPayload(text, question);

  const { tag, rest } = splitQuestionTag(text, expected.openTags);
  const command = readCommand(rest);
  if (command) return { kind: 'command', command };

  if (!question) return unrecognised('no_question', null, tag);
  switch (question.kind) {
    case 'multiple_choice':
    case 'true_false':
      return readChoice(rest, question, tag);
    case 'confidence':
    case 'rating':
      return readRating(rest, tag);
    case 'acknowledgement':
      return readAcknowledgement(rest, question, tag);
    case 'reflection':
    case 'cloze':
      return rest === ''
        ? unrecognised('empty', null, tag)
        : { kind: 'free_text', text: rest, tag };
  }
}

function parseButtonPayload(text: string, question: ExpectedQuestion | null): ParsedReply {
  const payload = readAnswerPayload(text);
  if (!payload.ok) return unrecognised('not_understood', null, null);

  const { tag, questionId, value } = payload.value;
  if (!question) return unrecognised('no_question', null, tag);

  if (question.kind === 'confidence' || question.kind === 'rating') {
    const rating = asRating(value);
    if (rating === null) return unrecognised('out_of_range', value, tag);
    return { kind: 'rating', rating, tag, questionId };
  }
  if (question.options.some((option) => option.key === value)) {
    return { kind: 'answer', optionKey: value, tag, questionId };
  }
  return unrecognised('no_such_option', value.toUpperCase(), tag);
}

const LEAD_INS = [
  'i think the answer is',
  'i think it is',
  'i think it s',
  'i think its',
  'i think',
  'i believe',
  'i would say',
  'i d say',
  'i choose',
  'i pick',
  'i go with',
  'going with',
  'my answer is',
  'the answer is',
  'answer is',
  'answer',
  'option',
  'letter',
  'it is',
  'it s',
  'creo que es la',
  'creo que es',
  'creo que',
  'mi respuesta es',
  'la respuesta es',
  'respuesta',
  'la opcion',
  'opcion',
  'elijo la',
  'elijo',
  'es la',
  'la letra',
  'letra',
  'la',
  'es',
];

const SIGN_OFFS = ['please', 'thanks', 'thank you', 'gracias', 'por favor'];

/**
 * Words that join or decorate answers ("a or b", "la a o la b", "verdadero y falso"); dropped
 * only between other words, since a lone "y" means yes.
 */
const CONNECTORS = ['or', 'and', 'the', 'maybe', 'o', 'u', 'y', 'la'];

const TRUE_WORDS = ['true', 't', 'yes', 'y', 'verdadero', 'v', 'si', 'cierto'];
const FALSE_WORDS = ['false', 'f', 'no', 'n', 'falso'];

function readChoice(text: string, question: ExpectedQuestion, tag: string | null): ParsedReply {
  const folded = foldToWords(text);
  if (folded === '') return unrecognised('empty', null, tag);

  const core = stripSignOffs(stripLeadIns(folded));
  const words = withoutConnectors(wordsOf(core));
  const keys = new Set<string>();

  for (const typed of [folded, core]) optionsWithText(typed, question).forEach((k) => keys.add(k));

  const wordKeys = words.map((word) => keyForWord(word, question));
  if (wordKeys.every((key) => key !== null)) wordKeys.forEach((key) => keys.add(key));

  // "B 30 days" or "b) 30 days": the letter and its own text.
  const [first, ...others] = wordsOf(core);
  const firstKey = keyForWord(first ?? '', question);
  const textKeys = optionsWithText(others.join(' '), question);
  if (firstKey !== null && textKeys.length > 0) [firstKey, ...textKeys].forEach((k) => keys.add(k));

  const [only, ...more] = [...keys];
  if (only !== undefined && more.length === 0) {
    return { kind: 'answer', optionKey: only, tag, questionId: null };
  }
  if (only !== undefined) return unrecognised('several_answers', null, tag);
  return explainNoChoice(words, question, tag);
}

function explainNoChoice(
  words: readonly string[],
  question: ExpectedQuestion,
  tag: string | null,
): ParsedReply {
  const [word, ...others] = words;
  if (word === undefined) return unrecognised('not_understood', null, tag);

  const everyLetterIsAKey = [...word].every((letter) => keyForWord(letter, question) !== null);
  if (others.length === 0 && word.length > 1 && everyLetterIsAKey) {
    return unrecognised('several_answers', null, tag);
  }

  if (others.length === 0 && /^(\p{L}|\d+)$/u.test(word)) {
    return unrecognised('no_such_option', word.toUpperCase(), tag);
  }
  return unrecognised('not_understood', null, tag);
}

/** The option a single typed word names: its letter, its position, or true/false words. */
function keyForWord(word: string, question: ExpectedQuestion): string | null {
  const byKey = question.options.find((option) => option.key.toLowerCase() === word);
  if (byKey) return byKey.key;

  if (/^\d+$/.test(word)) return question.options[Number(word) - 1]?.key ?? null;

  if (question.kind !== 'true_false') return null;
  if (TRUE_WORDS.includes(word)) return question.options[0]?.key ?? null;
  if (FALSE_WORDS.includes(word)) return question.options[1]?.key ?? null;
  return null;
}

function optionsWithText(folded: string, question: ExpectedQuestion): string[] {
  if (folded === '') return [];
  return question.options
    .filter((option) => foldToWords(option.text) === folded)
    .map((option) => option.key);
}

function readRating(text: string, tag: string | null): ParsedReply {
  const folded = foldToWords(text);
  if (folded === '') return unrecognised('empty', null, tag);

  const core = stripSignOffs(stripLeadIns(folded));
  const outOfFive =
    /^(\d+) (?:out of|of|de) 5$/.exec(core) ?? /^(\d+)\s*\/\s*5$/.exec(foldCase(text));
  const number = outOfFive?.[1] ?? (/^\d+$/.test(core) ? core : null);

  if (number !== null) {
    const rating = asRating(number);
    return rating === null
      ? unrecognised('out_of_range', number, tag)
      : { kind: 'rating', rating, tag, questionId: null };
  }

  const words = withoutConnectors(wordsOf(core));
  if (words.length > 1 && words.every((word) => /^\d+$/.test(word))) {
    return unrecognised('several_answers', null, tag);
  }
  return unrecognised('not_understood', null, tag);
}

// Ways people say "read it": an announcement asks for nothing more than one of these.
const ACKNOWLEDGEMENTS = [
  'ok',
  'okay',
  'k',
  'kk',
  'yes',
  'y',
  'yep',
  'got it',
  'done',
  'read',
  'seen',
  'ack',
  'acknowledged',
  'understood',
  'noted',
  'confirm',
  'confirmed',
  'si',
  'vale',
  'listo',
  'leido',
  'entendido',
  'de acuerdo',
  'recibido',
  'visto',
];
const THUMBS_UP = /^\s*(\u{1F44D}[\u{1F3FB}-\u{1F3FF}]?|\u{2705}|\u{2714}\u{FE0F}?)\s*$/u;

/** "OK", "got it", "👍", the option letter or the option's own text all confirm. */
function readAcknowledgement(
  text: string,
  question: ExpectedQuestion,
  tag: string | null,
): ParsedReply {
  const [option] = question.options;
  if (!option) return unrecognised('not_understood', null, tag);
  if (THUMBS_UP.test(text)) return { kind: 'answer', optionKey: option.key, tag, questionId: null };

  const folded = foldToWords(text);
  if (folded === '') return unrecognised('empty', null, tag);
  const core = stripSignOffs(stripLeadIns(folded));
  const named = [option.key.toLowerCase(), foldToWords(option.text)];
  if (ACKNOWLEDGEMENTS.includes(core) || named.includes(core)) {
    return { kind: 'answer', optionKey: option.key, tag, questionId: null };
  }
  return unrecognised('not_understood', null, tag);
}

function withoutConnectors(words: readonly string[]): string[] {
  return words.length > 1 ? words.filter((word) => !CONNECTORS.includes(word)) : [...words];
}

function asRating(value: string): ConfidenceRating | null {
  return CONFIDENCE_SCALE.find((rating) => String(rating) === value) ?? null;
}

/** Drops "i think", "answer:", "la opción" and the like, as often as they repeat. */
function stripLeadIns(folded: string): string {
  let text = folded;
  for (;;) {
    const leadIn = LEAD_INS.find((phrase) => text.startsWith(`${phrase} `));
    if (!leadIn) return text;
    text = text.slice(leadIn.length + 1);
  }
}

function stripSignOffs(folded: string): string {
  const signOff = SIGN_OFFS.find((phrase) => folded.endsWith(` ${phrase}`));
  return signOff ? folded.slice(0, -(signOff.length + 1)) : folded;
}

function unrecognised(
  reason: UnrecognisedReason,
  given: string | null,
  tag: string | null,
): ParsedReply {
  return { kind: 'unrecognised', reason, given, tag };
}
