/**
 * Grading of a first answer and the words that go with it: the chosen option's own feedback,
 * and when it was wrong, the right answer and the course's explanation.
 */
import type { Question, QuestionOption } from '../courses/model.ts';
import { choiceWords } from './answer-hints.ts';
import { translate } from './catalog.ts';
import type { GradeOutcome, RecordedAnswer } from './engine-types.ts';
import { foldToWords } from './text-folding.ts';

export interface GradedAnswer {
  outcome: GradeOutcome;
  /** One message; its paragraphs are separated by blank lines. */
  text: string;
}

export function gradeAnswer(
  question: Question,
  answer: RecordedAnswer,
  locale: string,
): GradedAnswer {
  switch (answer.kind) {
    case 'rating':
      return {
        outcome: 'recorded',
        text: translate(locale, 'feedback.confidenceRecorded', { rating: answer.rating }),
      };
    case 'free_text':
      if (question.kind === 'cloze') return gradeTypedAnswer(question, answer.text, locale);
      return { outcome: 'recorded', text: translate(locale, 'feedback.reflectionThanks') };
    case 'option':
      if (question.kind === 'acknowledgement') return acknowledge(question, answer, locale);
      return gradeOption(question, answer.optionKey, locale);
  }
}

function acknowledge(
  question: Question,
  answer: { optionKey: string },
  locale: string,
): GradedAnswer {
  const chosen = question.options.find((option) => option.key === answer.optionKey);
  return {
    outcome: 'recorded',
    text: sentences(translate(locale, 'feedback.acknowledged'), chosen?.feedback ?? ''),
  };
}

/**
 * A cloze is right when the typed words match an accepted answer once case, accents and
 * punctuation are set aside; one slip of the thumb is forgiven in words of six letters or more.
 * Numbers must match exactly: "15" is not "16".
 */
function gradeTypedAnswer(question: Question, typed: string, locale: string): GradedAnswer {
  const accepted = question.options.filter((option) => option.correct);
  const match = accepted.find((option) => isCloseEnough(typed, option.text));

  if (match) {
    return {
      outcome: 'correct',
      text: sentences(translate(locale, 'feedback.correct'), match.feedback),
    };
  }
  const answer = accepted.map((option) => option.text).join(' / ');
  const paragraphs = [
    translate(locale, 'feedback.incorrect'),
    answer === '' ? '' : translate(locale, 'feedback.clozeRightAnswer', { answer }),
    question.explanation.trim(),
  ];
  return { outcome: 'incorrect', text: paragraphs.filter((p) => p !== '').join('\n\n') };
}

function isCloseEnough(typed: string, expected: string): boolean {
  const given = foldToWords(typed);
  const wanted = foldToWords(expected);
  if (given === wanted) return true;
  if (/\d/.test(wanted) || wanted.length < 6) return false;
  return editDistanceAtMostOne(given, wanted);
}

function editDistanceAtMostOne(left: string, right: string): boolean {
  if (Math.abs(left.length - right.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < left.length && j < right.length) {
    if (left[i] === right[j]) {
      i += 1;
      j += 1;
      continue;
    }
    edits += 1;
    if (edits > 1) return false;
    if (left.length > right.length) i += 1;
    else if (right.length > left.length) j += 1;
    else {
      i += 1;
      j += 1;
    }
  }
  return edits + (left.length - i) + (right.length - j) <= 1;
}

function gradeOption(question: Question, optionKey: string, locale: string): GradedAnswer {
  const chosen = question.options.find((option) => option.key === optionKey);
  if (!chosen) {
    throw new Error(`Question ${question.id} has no option "${optionKey}" to grade.`);
  }

  if (chosen.correct) {
    return {
      outcome: 'correct',
      text: sentences(translate(locale, 'feedback.correct'), chosen.feedback),
    };
  }

  const right = question.options.find((option) => option.correct);
  const paragraphs = [
    sentences(translate(locale, 'feedback.incorrect'), chosen.feedback),
    right ? rightAnswerSentence(question, right, locale) : '',
    question.explanation.trim(),
  ];
  return { outcome: 'incorrect', text: paragraphs.filter((p) => p !== '').join('\n\n') };
}

function rightAnswerSentence(question: Question, right: QuestionOption, locale: string): string {
  if (question.kind === 'true_false') {
    return translate(locale, 'feedback.rightAnswerTrueFalse', {
      answer: answerLabel(question, { kind: 'option', optionKey: right.key }, locale),
    });
  }
  return translate(locale, 'feedback.rightAnswer', {
    key: right.key.toUpperCase(),
    text: right.text,
  });
}

/** How an answer is named back to the learner: "B", "True", "4". */
export function answerLabel(question: Question, answer: RecordedAnswer, locale: string): string {
  switch (answer.kind) {
    case 'rating':
      return String(answer.rating);
    case 'free_text':
      return answer.text;
    case 'option': {
      if (question.kind !== 'true_false') return answer.optionKey.toUpperCase();
      const index = question.options.findIndex((option) => option.key === answer.optionKey);
      return choiceWords(question, locale)[index] ?? answer.optionKey.toUpperCase();
    }
  }
}

/** Whether two answers are the same, so a repeat is recognised however it was typed. */
export function isSameAnswer(first: RecordedAnswer, second: RecordedAnswer): boolean {
  if (first.kind === 'option' && second.kind === 'option') {
    return first.optionKey === second.optionKey;
  }
  if (first.kind === 'rating' && second.kind === 'rating') return first.rating === second.rating;
  if (first.kind === 'free_text' && second.kind === 'free_text') {
    return squash(first.text) === squash(second.text);
  }
  return false;
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

function sentences(...parts: string[]): string {
  return parts
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(' ');
}
