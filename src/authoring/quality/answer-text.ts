/**
 * Comparing answers as a reviewer would: two options are the same answer when they differ
 * only in case, punctuation, articles, plural endings or spelling of a number, and one is a
 * paraphrase of the other when nearly all their content words are shared.
 */
import { isStopWord } from '../stop-words.ts';

const NUMBER_WORDS: Record<string, string> = {
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  uno: '1',
  una: '1',
  dos: '2',
  tres: '3',
  cuatro: '4',
  cinco: '5',
  seis: '6',
  siete: '7',
  ocho: '8',
  nueve: '9',
  diez: '10',
};
// Share of content words two options must have in common to count as a paraphrase.
const PARAPHRASE_OVERLAP = 0.75;

export function normaliseAnswer(text: string): string {
  return contentWords(text).join(' ');
}

export function contentWords(text: string): string[] {
  const words =
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+%?/gu) ?? [];
  const content = words.filter((word) => !isStopWord(word) || /\d/.test(word));
  return (content.length > 0 ? content : words).map(stemWord);
}

function stemWord(word: string): string {
  const number = NUMBER_WORDS[word];
  if (number) return number;
  return word.length > 3
    ? word.replace(/(ies|es|s)$/u, (ending) => (ending === 'ies' ? 'y' : ''))
    : word;
}

/** Equal, a variant, or a paraphrase: a reviewer would call them the same answer. */
export function isSameOrParaphrase(left: string, right: string): boolean {
  const a = contentWords(left);
  const b = contentWords(right);
  if (a.length === 0 || b.length === 0)
    return left.trim().toLowerCase() === right.trim().toLowerCase();
  if (a.join(' ') === b.join(' ')) return true;

  const setA = new Set(a);
  const setB = new Set(b);
  const shared = [...setA].filter((word) => setB.has(word)).length;
  const smaller = Math.min(setA.size, setB.size);
  // "GSA IT" inside "GSA IT Service Desk": one answer contains the other whole.
  if (shared === smaller && !a.some((word) => /^\d/.test(word))) return true;
  return shared / Math.max(setA.size, setB.size) >= PARAPHRASE_OVERLAP;
}

/** Share of the answer's content words that the sentence contains. */
export function coverage(answer: string, sentence: string): number {
  const wanted = contentWords(answer);
  if (wanted.length === 0) return 0;
  const present = new Set(contentWords(sentence));
  return wanted.filter((word) => present.has(word)).length / wanted.length;
}
