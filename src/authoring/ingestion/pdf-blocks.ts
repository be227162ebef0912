/**
 * Turns the ordered lines of every PDF page into the document model: headings set larger
 * than the body text are joined into one line each (pdf-headings.ts) and get levels by size;
 * running headers, footers and page numbers are dropped, and so is the table of contents
 * (pdf-contents.ts); bulleted and numbered lines start list items; other lines join into
 * paragraphs, with hyphenation undone (text-repair.ts), even across a page break; runs of
 * lines with several cells become table rows.
 */
import { DocumentBuilder } from '../document-builder.ts';
import type { ListPosition, ParsedDocument } from '../document-model.ts';
import { describeTable } from '../table-rows.ts';
import { dropContents } from './pdf-contents.ts';
import { BULLET, joinWrappedHeadings } from './pdf-headings.ts';
import type { PageLine } from './pdf-layout.ts';
import { dropPrivateUse, hyphenatedWordsIn, isSymbolBullet, joinLines } from './text-repair.ts';

export interface PdfPage {
  number: number;
  height: number;
  lines: PageLine[];
}

const MARGIN_SHARE = 0.1;
const REPEATED_ON_SHARE = 0.4;
// A gap between lines larger than this many line heights starts a new paragraph.
const PARAGRAPH_GAP = 1.6;
const NUMBERED = /^(\d{1,2})[.)]\s+(?=\S)/u;

interface Pending {
  kind: 'paragraph' | 'list_item';
  text: string;
  page: number;
  y: number;
  size: number;
  x: number;
  list?: ListPosition;
}

export function pagesToDocument(
  pages: readonly PdfPage[],
  metadataTitle: string | undefined,
  sourceName: string,
): ParsedDocument {
  const bodySize = mostCommonSize(pages);
  const hyphenated = hyphenatedWordsIn(pages.flatMap((page) => page.lines.map(textOfLine)));
  // Page numbers go first, as one read between a heading's lines would part them. Headings
  // are whole before running lines are counted: a label under a heading (":2017") repeats at
  // the top of many pages, but it belongs to the heading.
  const withHeadings = pages.map((page) => ({
    ...page,
    lines: joinWrappedHeadings(page.lines.filter(isNotPageNumber), bodySize, hyphenated),
  }));
  const kept = dropContents(dropRunningLines(withHeadings));
  const levels = headingLevels(kept);

  const builder = new DocumentBuilder();
  let order = 0;
  let pending: Pending | undefined;
  let table: { rows: string[][]; page: number } | undefined;
  let listCount = 0;
  let numbered: { id: string; last: number } | undefined;
  let firstHeading: string | undefined;

  const flushPending = (): void => {
    if (!pending) return;
    order += 1;
    builder.addBlock(pending.kind, pending.text, order, {
      location: { kind: 'page', page: pending.page },
      ...(pending.list ? { list: pending.list } : {}),
    });
    pending = undefined;
  };
  const flushTable = (): void => {
    if (!table) return;
    for (const row of describeTable(table.rows)) {
      order += 1;
      builder.addBlock('table_row', row, order, { location: { kind: 'page', page: table.page } });
    }
    table = undefined;
  };
  const startSection = (line: PageLine, page: number): void => {
    const text = textOfLine(line);
    builder.startSection(text, levels.get(roundSize(line.size)) ?? 2, order + 1);
    firstHeading ??= page === 1 ? text : undefined;
  };

  for (const page of kept) {
    page.lines.forEach((line, index) => {
      const text = textOfLine(line);
      if (text === '' || isSymbolBullet(text)) return;
      const previous = index > 0 ? page.lines[index - 1] : undefined;

      if (line.cells.length > 1 && (table || isTableStart(page.lines, index))) {
        flushPending();
        table ??= { rows: [], page: page.number };
        table.rows.push(line.cells.map((cell) => dropPrivateUse(cell).trim()));
        return;
      }
      flushTable();

      if (line.heading) {
        flushPending();
        startSection(line, page.number);
        return;
      }

      const bullet = BULLET.exec(text);
      const number = NUMBERED.exec(text);
      if (bullet || number) {
        flushPending();
        if (number) {
          const value = Number(number[1]);
          if (!numbered || value !== numbered.last + 1) {
            listCount += 1;
            numbered = { id: `pdf-list-${listCount}`, last: 0 };
          }
          numbered.last = value;
        }
        const itemText = text.slice((bullet ?? number)?.[0].length ?? 0).trim();
        pending = {
          kind: 'list_item',
          text: itemText,
          page: page.number,
          y: line.y,
          size: line.size,
          x: line.x,
          list: number
            ? { list: numbered?.id ?? 'pdf-list', number: Number(number[1]), depth: 1 }
            : { list: `pdf-bullets-${page.number}`, number: null, depth: 1 },
        };
        return;
      }

      if (pending && continuesBlock(pending, line, previous, page.number)) {
        pending.text = joinLines(pending.text, dropPrivateUse(text), hyphenated);
        pending.y = line.y;
        return;
      }
      flushPending();
      pending = {
        kind: 'paragraph',
        text: dropPrivateUse(text).trim(),
        page: page.number,
        y: line.y,
        size: line.size,
        x: line.x,
      };
    });
    flushTable();
  }
  flushPending();
  return builder.finish(metadataTitle ?? firstHeading, sourceName);
}

function textOfLine(line: PageLine): string {
  return line.cells.join(' ').replace(/\s+/g, ' ').trim();
}

const roundSize = (size: number): number => Math.round(size * 2) / 2;

/** A table starts with two rows in a row that both have several cells. */
function isTableStart(lines: readonly PageLine[], index: number): boolean {
  return (lines[index + 1]?.cells.length ?? 0) > 1;
}

function continuesBlock(
  pending: Pending,
  line: PageLine,
  previous: PageLine | undefined,
  page: number,
): boolean {
  const text = textOfLine(line);
  if (pending.page !== page) {
    // A sentence cut by the page break goes on at the top of the next page in lower case.
    return !/[.!?:]$/.test(pending.text) && /^\p{Ll}/u.test(text) && previous === undefined;
  }
  if (Math.abs(line.size - pending.size) > 1) return false;
  const gap = pending.y - line.y;
  if (gap <= 0 || gap > PARAGRAPH_GAP * Math.max(line.size, pending.size)) return false;
  // A list item goes on with lines indented under its text, not with a new left-aligned line.
  if (pending.kind === 'list_item') return line.x > pending.x + 0.5;
  return true;
}

/**
 * Lines in the top or bottom margin that repeat on many pages (the title of the document,
 * "Page 3 of 25") are not content.
 */
function dropRunningLines(pages: readonly PdfPage[]): PdfPage[] {
  const signature = (line: PageLine): string => textOfLine(line).replace(/\d+/g, '#').toLowerCase();
  const inMargin = (line: PageLine, height: number): boolean =>
    line.y > height * (1 - MARGIN_SHARE) || line.y < height * MARGIN_SHARE;

  const counts = new Map<string, number>();
  for (const page of pages) {
    const seen = new Set(page.lines.filter((line) => inMargin(line, page.height)).map(signature));
    for (const key of seen) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const repeated = (line: PageLine): boolean =>
    pages.length >= 3 && (counts.get(signature(line)) ?? 0) >= pages.length * REPEATED_ON_SHARE;

  return pages.map((page) => ({
    ...page,
    lines: page.lines.filter((line) => !(inMargin(line, page.height) && repeated(line))),
  }));
}

/** "7", "Page 7", "7 of 25", "7/25" alone on a line. */
function isNotPageNumber(line: PageLine): boolean {
  return !/^(page\s+)?\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i.test(textOfLine(line));
}

function mostCommonSize(pages: readonly PdfPage[]): number {
  const weights = new Map<number, number>();
  for (const line of pages.flatMap((page) => page.lines)) {
    const size = roundSize(line.size);
    weights.set(size, (weights.get(size) ?? 0) + textOfLine(line).length);
  }
  let best = 10;
  let bestWeight = -1;
  for (const [size, weight] of weights)
    if (weight > bestWeight) [best, bestWeight] = [size, weight];
  return best;
}

/** The largest heading size is level 1, the next level 2; smaller ones share level 3. */
function headingLevels(pages: readonly PdfPage[]): Map<number, number> {
  const sizes = new Set<number>();
  for (const line of pages.flatMap((page) => page.lines)) {
    if (line.heading) sizes.add(roundSize(line.size));
  }
  const ordered = [...sizes].sort((a, b) => b - a);
  return new Map(ordered.map((size, index) => [size, Math.min(index + 1, 3)]));
}
