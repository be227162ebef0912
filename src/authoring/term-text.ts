/**
 * Finding and replacing a term inside a sentence as a whole word, ignoring case and spacing:
 * "one" must not match inside "one-up" or "someone", and "1" must not match inside "1.5".
 */

const WORD_CHARACTER = /[\p{L}\p{N}]/u;
// A word joined by one of these to another word is part of a larger word ("one-up", "1.5").
const JOINER_BEFORE = /[-.,'’]/u;
const JOINER_AFTER = /[-.,]/u;

const squash = (value: string): string => value.toLowerCase().replace(/\s+/g, ' ').trim();
const escapeForPattern = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Scans instead of compiling a pattern per term: distractor checks test every term of a
 * document against many sentences, and compiling thousands of Unicode patterns is slow.
 */
export function containsTerm(text: string, term: string): boolean {
  const needle = squash(term);
  if (needle === '') return false;
  const haystack = squash(text);

  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    if (startsWord(haystack, at) && endsWord(haystack, at + needle.length)) return true;
  }
  return false;
}

function startsWord(text: string, at: number): boolean {
  const before = text.charAt(at - 1);
  if (before === '') return true;
  if (WORD_CHARACTER.test(before)) return false;
  return !(JOINER_BEFORE.test(before) && WORD_CHARACTER.test(text.charAt(at - 2)));
}

function endsWord(text: string, end: number): boolean {
  const after = text.charAt(end);
  if (after === '') return true;
  if (WORD_CHARACTER.test(after)) return false;
  return !(JOINER_AFTER.test(after) && WORD_CHARACTER.test(text.charAt(end + 1)));
}

/** The same whole-word rule as containsTerm, for every occurrence. */
export function replaceTerm(text: string, term: string, replacement: string): string {
  const words = term.trim().split(/\s+/).map(escapeForPattern).join('\\s+');
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}]|[\\p{L}\\p{N}][-.,'’])${words}(?![\\p{L}\\p{N}]|[-.,][\\p{L}\\p{N}])`,
    'giu',
  );
  return text.replace(pattern, () => replacement);
}

/** Plain, case-insensitive substring test, spacing ignored: the strictest notion of "stated". */
export function mentions(text: string, fragment: string): boolean {
  return squash(text).includes(squash(fragment));
}
