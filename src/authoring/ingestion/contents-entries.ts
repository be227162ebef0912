/**
 * Recognises a table of contents by its text, for every reader that meets one in a layout
 * (PDF pages, slide tables): the heading that opens it and the entries that point to a page,
 * "A1:2017 - Injection ……….….. 7" or "Introduction . . . . 3". A table of contents is
 * navigation; taught as content it fills a first lesson with titles and page numbers.
 */

// "Contents" in the languages the generator segments; "TOC" is how some documents label it.
const CONTENTS_NAMES = [
  'table of contents',
  'contents',
  'toc',
  'list of figures',
  'list of tables',
  'índice',
  'indice',
  'contenido',
  'tabla de contenido',
  'tabla de contenidos',
  'sommaire',
  'table des matières',
  'inhalt',
  'inhaltsverzeichnis',
  'sumário',
];
const CONTENTS_LABEL = /^toc\b[\s:–—-]*/iu;

// Dot leaders in any of the forms typesetters and word processors use: full stops, ellipsis
// characters, middle dots, spaced or not, mixed ("…….………..…").
const ENTRY = /^(.*?)\s*((?:[.…·‥․]\s*)+)\s*(\d{1,4}|[ivx]{1,6})\s*$/iu;
// Roman page numbers of front matter, i to xxxix.
const PAGE_NUMBER = /^(?:\d{1,4}|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3}))$/iu;
const MIN_LEADER_DOTS = 3;

/** "Table of Contents", "Contents", "TOC", "TOC Table of Contents", "Sommaire"... */
export function isContentsHeading(text: string): boolean {
  const tidy = text.replace(/\s+/g, ' ').trim().toLowerCase();
  return CONTENTS_NAMES.includes(tidy) || CONTENTS_NAMES.includes(tidy.replace(CONTENTS_LABEL, ''));
}

/** A page number as a table of contents prints it: 1 to 9999, or roman (front matter). */
export function isPageNumber(text: string): boolean {
  return PAGE_NUMBER.test(text.trim());
}

/**
 * An entry that leads with dots to a page number. The title must have a letter, so a row of
 * figures ("1 . . . 2") is not taken for one.
 *
 * @example isLeaderEntry('A1:2017 - Injection …….………..… 7') // true
 */
export function isLeaderEntry(text: string): boolean {
  const match = ENTRY.exec(text.replace(/\s+/g, ' ').trim());
  if (!match) return false;
  const [, title = '', leader = '', page = ''] = match;
  const marks = [...leader].filter((mark) => mark.trim() !== '');
  const dots = marks.reduce((sum, mark) => sum + (mark === '…' ? 3 : 1), 0);
  return /\p{L}/u.test(title) && isPageNumber(page) && marks.length >= 2 && dots >= MIN_LEADER_DOTS;
}

/**
 * An entry whose page number stands apart, after a tab or a wide gap: the cells of a layout
 * row, the last one a page number and the ones before it a title. Only trusted inside a block
 * a contents heading opened, since any table with a number column looks the same.
 */
export function isGapEntry(cells: readonly string[]): boolean {
  if (cells.length < 2) return false;
  const last = cells.at(-1) ?? '';
  const title = cells.slice(0, -1).join(' ');
  return isPageNumber(last) && /\p{L}/u.test(title);
}

/**
 * A table whose rows are nearly all contents entries, some with leaders, is a table of
 * contents. Without leaders a column of page numbers cannot be told from any other number
 * column ("Aisle A | 12"), so such a table is kept.
 */
// Limitation: a contents table without leaders, titles in one column and pages in the next,
// stays in the document.
export function isContentsTable(rows: readonly (readonly string[])[]): boolean {
  const filled = rows
    .map((cells) => cells.map((cell) => cell.trim()).filter((cell) => cell !== ''))
    .filter((cells) => cells.length > 0);
  const leaders = filled.filter((cells) => isLeaderEntry(cells.join(' '))).length;
  const gaps = filled.filter((cells) => isGapEntry(cells)).length;
  return leaders >= 2 && leaders + gaps >= filled.length * 0.8;
}
