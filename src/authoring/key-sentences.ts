/**
 * Picks the sentences of a lesson that make good questions: statements of a readable length
 * that stand on their own and carry at least one key term, best first.
 */
import type { BlockKind } from './document-model.ts';
import { findTerms } from './key-terms.ts';
import type { TermIndex } from './key-terms.ts';
import { countWords } from './sentences.ts';

export interface LessonSentence {
  text: string;
  line: number;
  /** The heading of the section the sentence comes from; empty before the first heading. */
  heading: string;
  kind: BlockKind;
  /** Where the sentence is in its source: "line 12", "page 3", "slide 2 (speaker notes)". */
  where: string;
}

const MIN_WORDS = 6;
const MAX_WORDS = 45;
const IDEAL_WORDS = 18;

// Sentences that state a rule or a definition make the most useful questions.
const FACT_WORDS = `is are means must should never always only requires? es son significa debe
  deben nunca siempre solo`;
const STATES_A_FACT = new RegExp(`\\b(${FACT_WORDS.split(/\s+/).join('|')})\\b`, 'iu');
// Sentences opening with a pronoun lean on the sentence before; out of context they confuse.
const LEANS_ON_CONTEXT = /^(this|these|that|those|it|they|esto|este|esta|estos|estas|ello)\b/iu;
const ADDRESS = /https?:|www\.|@|\.(?:com|org|gov|net|io)\b/iu;

/** A sentence a learner could judge true or false: a statement, not a fragment or question. */
export function isStatement(sentence: string): boolean {
  const words = countWords(sentence);
  return (
    words >= MIN_WORDS &&
    words <= MAX_WORDS &&
    /^[\p{Lu}\p{N}"“«]/u.test(sentence) &&
    /[.!…"”»)]$/u.test(sentence) &&
    !/[?¿]/u.test(sentence) &&
    !ADDRESS.test(sentence)
  );
}

export function rankKeySentences(
  sentences: readonly LessonSentence[],
  terms: TermIndex,
): LessonSentence[] {
  const scored = sentences
    .filter((sentence) => isStatement(sentence.text))
    .map((sentence, position) => ({ sentence, position, score: scoreSentence(sentence, terms) }))
    .filter((entry) => entry.score > 0);

  scored.sort((left, right) => right.score - left.score || left.position - right.position);
  return scored.map((entry) => entry.sentence);
}

function scoreSentence(sentence: LessonSentence, terms: TermIndex): number {
  const found = findTerms(sentence.text, terms);
  if (found.length === 0) return 0;

  const termValue = found.reduce((sum, term) => sum + (term.kind === 'word' ? 1 : 2), 0);
  const lengthPenalty = Math.abs(countWords(sentence.text) - IDEAL_WORDS) / 10;
  const factBonus = STATES_A_FACT.test(sentence.text) ? 2 : 0;
  const contextPenalty = LEANS_ON_CONTEXT.test(sentence.text) ? 1.5 : 0;
  // A table row reads as a list entry; prose says the same more naturally when there is some.
  const rowPenalty = sentence.kind === 'table_row' ? 1 : 0;
  const penalties = lengthPenalty + contextPenalty + rowPenalty;

  return Math.max(0.1, 1 + Math.min(termValue, 5) + factBonus - penalties);
}

export function sourceRefFor(sentence: LessonSentence): string {
  const { where } = sentence;
  return sentence.heading === '' ? where : `${where}, section "${sentence.heading}"`;
}
