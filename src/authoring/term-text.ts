/**
 * Finding and replacing a term inside a sentence as a whole word, ignoring case: "one" must
 * not match inside "one-up" or "someone", and "1" must not match inside "1.5".
 */

const escapeForPattern = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function termPattern(term: string): RegExp {
  const words = term.trim().split(/\s+/).map(escapeForPattern).join('\\s+');
  return new RegExp(
    `(?<![\\p{L}\\p{N}]|[\\p{L}\\p{N}][-.,'’])${words}(?![\\p{L}\\p{N}]|[-.,][\\p{L}\\p{N}])`,
    'giu',
  );
}

export function containsTerm(text: string, term: string): boolean {
  if (term.trim() === '') return false;
  return termPattern(term).test(text);
}

export function replaceTerm(text: string, term: string, replacement: string): string {
  return text.replace(termPattern(term), replacement);
}

/** Plain, case-insensitive substring test, spacing ignored: the strictest notion of "stated". */
export function mentions(text: string, fragment: string): boolean {
  const squash = (value: string): string => value.toLowerCase().replace(/\s+/g, ' ').trim();
  return squash(text).includes(squash(fragment));
}
