/**
 * Rewrites the invisible UCS-2 triggers that text pasted from a word processor or an LLM
 * carries: curly quotes, long dashes, ellipses, non-breaking and zero-width spaces, and
 * decomposed accents (e + U+0301). One of them switches a whole SMS to UCS-2 and can double
 * its cost; the replacements read the same to a person.
 */

const REPLACEMENTS: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2033': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u00A0': ' ',
  '\u2007': ' ',
  '\u202F': ' ',
  '\u200B': '',
  '\u200D': '',
  '\uFEFF': '',
  '\u2022': '-',
};

// An alternation, not a character class: a class holding U+200D reads as one joined sequence.
const PATTERN = new RegExp(Object.keys(REPLACEMENTS).join('|'), 'gu');

/**
 * NFC first, so "e" + U+0301 becomes "é" (in GSM-7); then typographic punctuation becomes
 * its plain equivalent. Anything else (emoji, other scripts) is kept as written.
 * @example gsmFriendlyText('today\u2019s') // "today's"
 */
export function gsmFriendlyText(text: string): string {
  return text.normalize('NFC').replace(PATTERN, (character) => REPLACEMENTS[character] ?? '');
}
