/**
 * Grading of a first answer and the words that go with it: the chosen option's own feedback,
 * and when it was wrong, the right answer and the course's explanation.
 */
import type { Question, QuestionOption } from '../courses/model.ts';
import { choiceWords } from './answer-hints.ts';
import { translate } from './catalog.ts';
import type { GradeOutcome, RecordedAnswer } from './engine-types.ts';

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
      return { outcome: 'recorded', text: translate(locale, 'feedback.reflectionThanks') };
    case 'option':
      return gradeOption(question, answer.optionKey, locale);
  }
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
