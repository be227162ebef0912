/**
 * Finding and replacing a term inside a sentence as a whole word, ignoring case: "one" must
 * not match inside "one-up" or "someone", and "1" must not match inside "1.5".
 */

const escapeForPattern = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Distractor checks test every term of a document against many sentences; compiling each
// pattern once keeps a long handbook to milliseconds. The cache is dropped when it grows.
const MAX_CACHED_PATTERNS = 5000;
const compiled = new Map<string, RegExp>();

/** Global patterns carry state between calls, so callers get a fresh copy of the cached one. */
function termPattern(term: string, flags: 'iu' | 'giu'): RegExp {
  const key = `${flags}\u0000${term}`;
  let pattern = compiled.get(key);
  if (pattern === undefined) {
    const words = term.trim().split(/\s+/).map(escapeForPattern).join('\\s+');
    pattern = new RegExp(
      `(?<![\\p{L}\\p{N}]|[\\p{L}\\p{N}][-.,'’])${words}(?![\\p{L}\\p{N}]|[-.,][\\p{L}\\p{N}])`,
      flags,
    );
    if (compiled.size >= MAX_CACHED_PATTERNS) compiled.clear();
    compiled.set(key, pattern);
  }
  return flags === 'giu' ? new RegExp(pattern) : pattern;
}

export function containsTerm(text: string, term: string): boolean {
  if (term.trim() === '') return false;
  if (!text.toLowerCase().includes(term.trim().split(/\s+/)[0]?.toLowerCase() ?? '')) return false;
  return termPattern(term, 'iu').test(text);
}

export function replaceTerm(text: string, term: string, replacement: string): string {
  return text.replace(termPattern(term, 'giu'), replacement);
}

/** Plain, case-insensitive substring test, spacing ignored: the strictest notion of "stated". */
export function mentions(text: string, fragment: string): boolean {
  const squash = (value: string): string => value.toLowerCase().replace(/\s+/g, ' ').trim();
  return squash(text).includes(squash(fragment));
}
