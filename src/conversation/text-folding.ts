/**
 * Folding of typed replies so that "Sí", "SI" and "si" compare equal, and "(b)", "b)" and
 * "B." all become "b". Folding is only for matching; the learner's own words are stored as typed.
 */

/** Lowercase, accents removed, whitespace collapsed: " Sí,  VERDADERO " -> "si, verdadero". */
export function foldCase(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** foldCase, then every run of punctuation becomes one space: "Answer: (B)." -> "answer b". */
export function foldToWords(text: string): string {
  return foldCase(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a folded text; an empty text has none. */
export function wordsOf(folded: string): string[] {
  return folded === '' ? [] : folded.split(' ');
}
