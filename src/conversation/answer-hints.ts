/**
 * How-to-answer hints ("Reply A, B or C.", "Reply 7 True or 7 False.") and the example replies
 * used when the engine asks which question a reply is for. The same hint closes a rendered
 * question and every "I didn't understand" message, so the learner always sees one way to type.
 */
import type { Question } from '../courses/model.ts';
import { joinAlternatives, translate } from './catalog.ts';

export type HintedQuestion = Pick<Question, 'kind' | 'options'>;

/**
 * @example howToAnswer(question, 'en', '7') // 'Reply 7A, 7B or 7C.'
 */
export function howToAnswer(question: HintedQuestion, locale: string, tag?: string): string {
  switch (question.kind) {
    case 'multiple_choice':
    case 'true_false':
      return translate(locale, 'hint.choices', {
        choices: joinAlternatives(locale, choiceWords(question, locale, tag)),
      });
    case 'confidence':
      return tag === undefined
        ? translate(locale, 'hint.confidence')
        : translate(locale, 'hint.confidenceTagged', { tag });
    case 'reflection':
      return tag === undefined
        ? translate(locale, 'hint.reflection')
        : translate(locale, 'hint.reflectionTagged', { tag });
    case 'cloze':
      return tag === undefined
        ? translate(locale, 'hint.cloze')
        : translate(locale, 'hint.clozeTagged', { tag });
    case 'acknowledgement':
      return tag === undefined
        ? translate(locale, 'hint.acknowledgement')
        : translate(locale, 'hint.acknowledgementTagged', { tag });
    case 'rating':
      return tag === undefined
        ? translate(locale, 'hint.rating')
        : translate(locale, 'hint.ratingTagged', { tag });
  }
}

/** What a learner types for each option: "A", "7A", "True", "7 True". */
export function choiceWords(question: HintedQuestion, locale: string, tag?: string): string[] {
  if (question.kind === 'true_false') {
    const words = [translate(locale, 'word.true'), translate(locale, 'word.false')];
    return words.map((word) => (tag === undefined ? word : `${tag} ${word}`));
  }
  return question.options.map((option) => `${tag ?? ''}${option.key.toUpperCase()}`);
}

/** One reply that would answer this question under this tag: "7A", "7 True", "7 4". */
export function exampleReply(question: HintedQuestion, locale: string, tag: string): string {
  switch (question.kind) {
    case 'multiple_choice':
    case 'true_false':
      return choiceWords(question, locale, tag)[0] ?? tag;
    case 'confidence':
    case 'rating':
      return `${tag} 4`;
    case 'reflection':
    case 'cloze':
      return `${tag} ${translate(locale, 'word.yourAnswer')}`;
    case 'acknowledgement':
      return `${tag} ${translate(locale, 'word.ok')}`;
  }
}
