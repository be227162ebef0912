/**
 * Wrong options for a blanked term, drawn from terms of the same kind elsewhere in the same
 * document: numbers for numbers, names for names, words for words. A distractor is never the
 * answer in other clothes (other case, spacing, plural, spelled-out number, a part of it) and
 * never a word already visible in the sentence, where it would give itself away.
 */
import { seededShuffle } from './deterministic-order.ts';
import { normaliseTerm, numericValue } from './key-terms.ts';
import type { Term, TermIndex } from './key-terms.ts';
import { containsTerm } from './term-text.ts';

export function pickDistractors(
  answer: Term,
  sentence: string,
  index: TermIndex,
  count: number,
  seed: string,
): string[] {
  const fair = index.pools[answer.kind].filter((candidate) =>
    isFairDistractor(candidate.text, answer, sentence),
  );
  const sameShape = fair.filter((candidate) => candidate.shape === answer.shape);
  const otherShape = fair.filter((candidate) => candidate.shape !== answer.shape);
  // Words of another shape ("running" for "runs") would break the grammar of the sentence.
  const fallback = answer.kind === 'word' ? [] : seededShuffle(otherShape, seed);
  const ordered = [...seededShuffle(sameShape, seed), ...fallback];

  const chosen: string[] = [];
  for (const candidate of ordered) {
    if (chosen.length >= count) break;
    if (chosen.some((text) => areVariants(text, candidate.text, answer.kind))) continue;
    chosen.push(candidate.text);
  }
  return chosen;
}

export function isFairDistractor(candidate: string, answer: Term, sentence: string): boolean {
  if (areVariants(candidate, answer.text, answer.kind)) return false;
  if (containsTerm(sentence, candidate)) return false;

  if (answer.kind !== 'number') return true;
  const value = numericValue(answer.text);
  return value === undefined || value !== numericValue(candidate);
}

/**
 * "Password" and "passwords", "GSA" and "GSA IT", "security" and "cybersecurity": too close
 * to tell apart in a quiz. Numbers only clash whole, so "15" may still distract from "1".
 */
function areVariants(left: string, right: string, kind: Term['kind']): boolean {
  const a = normaliseTerm(left);
  const b = normaliseTerm(right);
  if (a === b || stem(a) === stem(b)) return true;
  return kind === 'number' ? false : a.includes(b) || b.includes(a);
}

function stem(word: string): string {
  return word.replace(/(es|s)$/u, '');
}
