/**
 * Drops a PDF's table of contents (and lists of figures or tables) from its pages before they
 * become the document model. A contents block opens with a contents heading followed by
 * entries, and runs while lines are entries: leader entries ("Injection ……… 7"), entries with
 * the page number set apart, or a short line whose entry wraps onto the next line. Leader
 * entries are also dropped without a heading wherever a page holds several of them, and a
 * block cut by a page break goes on at the top of the next page when that starts with one.
 */
import { isContentsHeading, isGapEntry, isLeaderEntry } from './contents-entries.ts';
import type { PageLine } from './pdf-layout.ts';

interface ContentsPage {
  lines: PageLine[];
}

// A page with this many leader entries holds a table of contents even without its heading.
const MIN_LEADER_ENTRIES = 3;
// A wrapped entry's first line is a title, not a sentence.
const MAX_WRAPPED_TITLE_WORDS = 14;

const textOf = (line: PageLine): string => line.cells.join(' ').replace(/\s+/g, ' ').trim();

const isEntry = (line: PageLine): boolean =>
  isLeaderEntry(textOf(line)) || isGapEntry(line.cells.map((cell) => cell.trim()));

/**
 * @example dropContents(pages) // the same pages without their table of contents lines
 */
export function dropContents<Page extends ContentsPage>(pages: readonly Page[]): Page[] {
  let inContents = false;

  return pages.map((page) => {
    const { lines } = page;
    const leaders = lines.filter((line) => isLeaderEntry(textOf(line))).length;
    const kept: PageLine[] = [];
    // Only leaders carry a contents block over a page break: a table of numbers at the top of
    // the next page is content.
    const first = lines[0];
    inContents &&= first !== undefined && isLeaderEntry(textOf(first));

    lines.forEach((line, index) => {
      const text = textOf(line);
      if (isContentsHeading(text) && opensContents(lines, index)) {
        inContents = true;
        return;
      }
      if (inContents && (isEntry(line) || isWrappedEntryStart(line, lines[index + 1]))) return;
      inContents = false;
      if (leaders >= MIN_LEADER_ENTRIES && isLeaderEntry(text)) return;
      kept.push(line);
    });
    return { ...page, lines: kept };
  });
}

// Limitation: a contents heading alone at the foot of a page, its entries on the next, stays.
/**
 * A contents heading is one only when entries follow it: two of the next three lines, other
 * contents headings aside (a first entry may wrap).
 */
function opensContents(lines: readonly PageLine[], index: number): boolean {
  const following = lines.slice(index + 1).filter((line) => !isContentsHeading(textOf(line)));
  return following.slice(0, 3).filter(isEntry).length >= 2;
}

function isWrappedEntryStart(line: PageLine, next: PageLine | undefined): boolean {
  const text = textOf(line);
  return (
    next !== undefined &&
    isEntry(next) &&
    text.split(' ').length <= MAX_WRAPPED_TITLE_WORDS &&
    !/[.!?]$/.test(text)
  );
}
