/**
 * A lesson's summary in the document's own words: its best key sentences, in the order the
 * document gives them, never rewritten.
 */
import type { TermIndex } from './key-terms.ts';
import { isStatement, rankKeySentences } from './key-sentences.ts';
import type { LessonSentence } from './key-sentences.ts';

const SUMMARY_SENTENCES = 2;

export function summarizeLesson(
  sentences: readonly LessonSentence[],
  terms: TermIndex,
  count = SUMMARY_SENTENCES,
): string {
  const ranked = rankKeySentences(sentences, terms);
  const pool = ranked.length > 0 ? ranked : sentences.filter((s) => isStatement(s.text));
  const chosen = new Set(pool.slice(0, count));
  const fallback = chosen.size > 0 ? [] : sentences.slice(0, 1);
  return [...sentences.filter((sentence) => chosen.has(sentence)), ...fallback]
    .map((sentence) => sentence.text)
    .join(' ');
}
