/**
 * Turns one block of inline Markdown into plain text: images go, links keep their text,
 * emphasis and code markers go, HTML entities are decoded, whitespace is collapsed.
 */

// Backslash escapes are parked in private-use characters so emphasis rules cannot see them.
const ESCAPE_BASE = 0xe000;
const ESCAPABLE = '\\`*_{}[]()#+-.!|>~';

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  copy: '©',
  reg: '®',
};

// Limitation: link targets with parentheses nested two deep are cut at the inner one.
const BALANCED_TARGET = String.raw`\((?:[^()]|\([^()]*\))*\)`;
const ATTRIBUTES = String.raw`(?:\{[^}]*\})?`;

const INLINE_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [new RegExp(String.raw`!\[[^\]]*\]${BALANCED_TARGET}${ATTRIBUTES}`, 'g'), ' '],
  [/!\[[^\]]*\]\[[^\]]*\]/g, ' '],
  [/\[\^[^\]]+\]/g, ''],
  [new RegExp(String.raw`\[([^\]]*)\]${BALANCED_TARGET}${ATTRIBUTES}`, 'g'), '$1'],
  [/\[([^\]]+)\]\[[^\]]*\]/g, '$1'],
  [/\{[:.#][^}]*\}/g, ' '],
  [/`+([^`]*?)`+/g, '$1'],
  [/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2'],
  [/~~(?=\S)([\s\S]*?\S)~~/g, '$1'],
  [/(^|[^\p{L}\p{N}*])\*(?=\S)([^*]*?\S)\*(?![\p{L}\p{N}*])/gu, '$1$2'],
  [/(^|[^\p{L}\p{N}_])_(?=\S)([^_]*?\S)_(?![\p{L}\p{N}_])/gu, '$1$2'],
  [/\*\*|__/g, ''],
  [/\(\s*\)|\[\s*\]/g, ' '],
];

export function cleanInlineMarkdown(markdown: string): string {
  let text = markdown.replace(/\\(.)/g, (whole, character: string) => {
    const position = ESCAPABLE.indexOf(character);
    return position < 0 ? whole : String.fromCharCode(ESCAPE_BASE + position);
  });

  for (const [pattern, replacement] of INLINE_RULES) {
    text = text.replace(pattern, replacement);
  }

  text = text.replace(/[\ue000-\ue0ff]/g, (parked) =>
    ESCAPABLE.charAt(parked.charCodeAt(0) - ESCAPE_BASE),
  );
  return tidyWhitespace(decodeHtmlEntities(text));
}

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#')) {
      const hex = entity.charAt(1).toLowerCase() === 'x';
      const code = Number.parseInt(entity.slice(hex ? 2 : 1), hex ? 16 : 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000
        ? String.fromCodePoint(code)
        : whole;
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/** Removing markup leaves doubled spaces and spaces before punctuation behind. */
export function tidyWhitespace(text: string): string {
  return text
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/ ([.,;:!?)\]])/g, '$1')
    .replace(/([([¿¡]) /g, '$1')
    .trim();
}
