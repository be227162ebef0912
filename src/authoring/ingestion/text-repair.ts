/**
 * Repairs text as PDF and Office text layers hand it over (pitfall DOC-01): ligature glyphs
 * (U+FB00-FB06) become their letters by Unicode NFKC, soft hyphens and zero-width marks go,
 * and a text layer that maps glyphs to NUL, control codes or U+FFFD is recognised as
 * unreliable instead of being passed on as broken words.
 */

const LIGATURES = /[\uFB00-\uFB06]/gu;
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/gu;
// NUL and other C0/C1 control codes (tab, line feed and carriage return excepted), and the
// replacement character: what a font without a usable ToUnicode map produces.
// eslint-disable-next-line no-control-regex -- matching control codes is the point here
const BROKEN_GLYPH = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/gu;
// Symbol fonts map bullets into the private use area (Wingdings U+F0A7, U+F0B7 ...).
const PRIVATE_USE = /[\uE000-\uF8FF]/gu;

/**
 * @example repairText('Scientiﬁc deﬁnition') // 'Scientific definition'
 */
export function repairText(text: string): string {
  return text
    .replace(LIGATURES, (ligature) => ligature.normalize('NFKC'))
    .replace(INVISIBLE, '')
    .replace(BROKEN_GLYPH, '')
    .replace(/\u00A0/gu, ' ');
}

/** True when glyphs were mapped to nothing usable, so the words on the page are broken. */
export function hasBrokenGlyphs(text: string): boolean {
  return new RegExp(BROKEN_GLYPH.source, 'u').test(text);
}

/** A bullet drawn from a symbol font: a private-use character standing alone. */
export function isSymbolBullet(text: string): boolean {
  return /^[\uE000-\uF8FF]$/u.test(text.trim());
}

/** Private-use characters left in running text carry no meaning for a reader. */
export function dropPrivateUse(text: string): string {
  return text.replace(PRIVATE_USE, ' ');
}

/**
 * Joins two lines of a paragraph, undoing a hyphen at the line end when it only broke a word:
 * "infor-" + "mation" → "information", but "Share-" + "Alike" → "Share-Alike". When the
 * document writes the hyphenated word elsewhere on one line ("real-world") and never closed
 * up, the hyphen is kept.
 */
export function joinLines(
  first: string,
  second: string,
  hyphenatedWords: ReadonlySet<string> = new Set(),
): string {
  const left = first.replace(/\s+$/u, '');
  const right = second.replace(/^\s+/u, '');
  if (left === '') return right;
  if (right === '') return left;

  if (/\p{L}-$/u.test(left)) {
    const head = /[\p{L}\p{N}-]+$/u.exec(left)?.[0] ?? '';
    const tail = /^[\p{L}\p{N}]+/u.exec(right)?.[0] ?? '';
    const keepsHyphen = hyphenatedWords.has(`${head}${tail}`.toLowerCase());
    return /^\p{Ll}/u.test(right) && !keepsHyphen ? left.slice(0, -1) + right : left + right;
  }
  if (/\p{L}\u00AD$/u.test(left)) return left.slice(0, -1) + right;
  return `${left} ${right}`;
}

/** Words written with an inner hyphen ("real-world"), lower-cased, to guide joinLines. */
export function hyphenatedWordsIn(lines: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const line of lines) {
    for (const match of line.matchAll(/\p{L}+(?:-\p{L}+)+/gu)) words.add(match[0].toLowerCase());
  }
  return words;
}
