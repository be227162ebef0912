/**
 * Question texts end with how to answer by typing ("Reply A, B or C."), which is right in a
 * chat and wrong where answers are buttons and forms: an email reply or a typed line on a web
 * page reaches no one. Where answers are links or forms, that last paragraph gives way to an
 * instruction that fits.
 */
// Limitation: these instructions, like all page and email chrome, are in English only.
import type { QuestionKind } from '../../courses/model.ts';

/** Kinds of question answered in words rather than with a button. */
export function isFreeTextKind(kind: string): boolean {
  return kind === 'reflection' || kind === 'cloze';
}

/** renderQuestion (src/conversation/render.ts) puts the typing hint in the last paragraph. */
export function withoutTypingHint(text: string): string {
  const paragraphs = text.split(/\r?\n\s*\r?\n/);
  return paragraphs.length > 1 ? paragraphs.slice(0, -1).join('\n\n') : text;
}

/** Where the answer is given: behind a link in an email, or in a form on the same page. */
export type AnswerPlace = 'link' | 'form';

export function answerInstruction(kind: QuestionKind, hasButtons: boolean, place: AnswerPlace) {
  if (!hasButtons) {
    return place === 'link' ? 'Write your answer on the answer page.' : 'Write your answer below.';
  }
  if (kind === 'confidence') return 'Choose how sure you are: 1 = not at all, 5 = completely.';
  if (kind === 'rating') return 'Choose a rating: 1 = lowest, 5 = highest.';
  if (kind === 'acknowledgement') return 'Confirm that you have read this.';
  return 'Choose your answer.';
}

/** The question's text with the instruction that fits answering by link or form. */
export function questionTextForLinks(
  text: string,
  question: { kind: QuestionKind; hasButtons: boolean; place: AnswerPlace },
): string {
  const instruction = answerInstruction(question.kind, question.hasButtons, question.place);
  return `${withoutTypingHint(text)}\n\n${instruction}`;
}
