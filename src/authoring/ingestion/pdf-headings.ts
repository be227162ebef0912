/**
 * Finds the headings of a PDF page and joins each into one line. A heading set larger than
 * the body text often wraps ("Insufficient" over "Logging & Monitoring"), and many layouts
 * put a label beside it in another size ("A10" over ":2017", left of the title). Lines join
 * when every piece of the next line hangs on the heading above: the same size, under a piece
 * it overlaps; beside a piece at the same height (a side label); or, with no letters, under a
 * piece it overlaps (":2017" under "A10"). The pieces are then read column by column, so the
 * label comes first ("A10:2017 Insufficient Logging & Monitoring").
 */
import { isLeaderEntry } from './contents-entries.ts';
import { joinRuns } from './pdf-layout.ts';
import type { PageLine, TextRun } from './pdf-layout.ts';
import { joinLines } from './text-repair.ts';

/** Bulleted lines are list items whatever their size. */
export const BULLET = /^([•●▪◦‣∙○■□➢►✓✔\-–*]|[\uE000-\uF8FF])\s*/u;

const HEADING_RATIO = 1.18;
const HEADING_MAX_WORDS = 15;
// A heading may wrap over many short lines (a slide title, two words a line), but more words
// than this in a large font are slide text, not a heading.
const MAX_JOINED_WORDS = 24;
// Within a line, a gap wider than this share of the font size parts two pieces (a label and
// its title); a word space is about a quarter.
const PIECE_GAP = 0.6;
// A wrapped heading's next baseline is at most this many font sizes lower.
const WRAP_LEADING = 1.6;
const SAME_SIZE = 0.5;

interface Piece {
  runs: TextRun[];
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
}

const textOf = (line: PageLine): string => line.cells.join(' ').replace(/\s+/g, ' ').trim();

/**
 * Most of its letters set larger than the body (a body line with a large side note is not a
 * heading), short, not a list item, not a contents entry.
 */
export function isHeadingMaterial(line: PageLine, bodySize: number): boolean {
  const text = textOf(line);
  return (
    dominantSize(piecesOf(line), line.size) >= bodySize * HEADING_RATIO &&
    text !== '' &&
    text.split(' ').length <= HEADING_MAX_WORDS &&
    !BULLET.test(text) &&
    !isLeaderEntry(text)
  );
}

/**
 * The page's lines with every heading as one line marked `heading`, in reading order.
 *
 * @example joinWrappedHeadings(page.lines, 9.5, new Set()) // [..., { cells: ['A10:2017 ...'] }]
 */
export function joinWrappedHeadings(
  lines: readonly PageLine[],
  bodySize: number,
  hyphenated: ReadonlySet<string>,
): PageLine[] {
  const joined: PageLine[] = [];
  let block: PageLine[] = [];
  const flush = (): void => {
    if (block.length > 0) joined.push(toHeadingLine(block, hyphenated));
    block = [];
  };

  lines.forEach((line, index) => {
    const previous = lines[index - 1];
    if (!isHeadingMaterial(line, bodySize)) {
      flush();
      joined.push(line);
      return;
    }
    const words = [...block, line].map(textOf).join(' ').split(' ').length;
    if (block.length > 0 && words <= MAX_JOINED_WORDS && hangsOn(block, line)) {
      block.push(line);
      return;
    }
    flush();
    // A row of cells next to another row of cells is a table row, not a heading.
    const inTable =
      line.cells.length > 1 &&
      ((lines[index + 1]?.cells.length ?? 0) > 1 || (previous?.cells.length ?? 0) > 1);
    if (/\p{L}/u.test(textOf(line)) && !inTable) block = [line];
    else joined.push(line);
  });
  flush();
  return joined;
}

// Limitation: lines join only when they follow each other in reading order; a heading whose
// lines the column reader sends to different columns stays in pieces.
function hangsOn(block: readonly PageLine[], line: PageLine): boolean {
  const above = block.flatMap(piecesOf);
  return piecesOf(line).every((piece) => above.some((other) => attaches(piece, other)));
}

function attaches(piece: Piece, other: Piece): boolean {
  const overlapsAcross = piece.x < other.right && other.x < piece.right;
  const drop = other.y - piece.y;
  const sameSize = Math.abs(piece.size - other.size) <= SAME_SIZE;

  if (overlapsAcross && sameSize) return drop > 0 && drop <= WRAP_LEADING * piece.size;
  if (!overlapsAcross) return overlapsVertically(piece, other);
  const letterless = !/\p{L}/u.test(piece.text);
  return letterless && drop > 0 && drop <= WRAP_LEADING * other.size;
}

/** Glyph boxes from descender to ascender, roughly a quarter below and most of a size above. */
function overlapsVertically(a: Piece, b: Piece): boolean {
  const box = (piece: Piece): [number, number] => [
    piece.y - 0.25 * piece.size,
    piece.y + 0.85 * piece.size,
  ];
  const [aBottom, aTop] = box(a);
  const [bBottom, bTop] = box(b);
  return aBottom < bTop && bBottom < aTop;
}

/** Runs of one line split where the size changes or a gap is wider than a word space. */
function piecesOf(line: PageLine): Piece[] {
  const groups: TextRun[][] = [];
  for (const run of line.runs) {
    const group = groups.at(-1);
    const last = group?.at(-1);
    const smaller = Math.min(run.size, last?.size ?? run.size);
    const apart =
      last === undefined ||
      Math.abs(run.size - last.size) > SAME_SIZE ||
      run.x - (last.x + last.width) > PIECE_GAP * smaller;
    if (group && !apart) group.push(run);
    else groups.push([run]);
  }
  return groups.map((runs) => {
    const first = runs[0] as TextRun;
    const last = runs.at(-1) as TextRun;
    return {
      runs,
      text: joinRuns(runs),
      x: first.x,
      right: last.x + last.width,
      y: Math.max(...runs.map((run) => run.y)),
      size: Math.max(...runs.map((run) => run.size)),
    };
  });
}

function toHeadingLine(block: readonly PageLine[], hyphenated: ReadonlySet<string>): PageLine {
  const pieces = block.flatMap(piecesOf).filter((piece) => piece.text !== '');
  const text = columnsOf(pieces)
    .map((column) =>
      column.reduce((joined, piece) => joinPiece(joined, piece.text, hyphenated), ''),
    )
    .join(' ');
  const first = block[0] as PageLine;
  return {
    cells: [text],
    x: Math.min(...block.map((line) => line.x)),
    right: Math.max(...block.map((line) => line.right)),
    y: Math.max(...pieces.map((piece) => piece.y), first.y),
    size: dominantSize(pieces, first.size),
    runs: block.flatMap((line) => line.runs),
    heading: true,
  };
}

/** Pieces that overlap across share a column; columns left to right, each top to bottom. */
function columnsOf(pieces: readonly Piece[]): Piece[][] {
  const columns: Array<{ right: number; pieces: Piece[] }> = [];
  for (const piece of [...pieces].sort((a, b) => a.x - b.x)) {
    const column = columns.at(-1);
    if (column && piece.x < column.right) {
      column.pieces.push(piece);
      column.right = Math.max(column.right, piece.right);
    } else {
      columns.push({ right: piece.right, pieces: [piece] });
    }
  }
  return columns.map((column) =>
    column.pieces.sort((a, b) =>
      Math.abs(a.y - b.y) > 0.3 * Math.min(a.size, b.size) ? b.y - a.y : a.x - b.x,
    ),
  );
}

/** ":2017" closes up to "A10"; words join with a space, a hyphen broken word is mended. */
function joinPiece(joined: string, next: string, hyphenated: ReadonlySet<string>): string {
  if (joined === '') return next;
  if (/^[:;,.)\]]/u.test(next)) return `${joined}${next}`;
  return joinLines(joined, next, hyphenated);
}

/** The size most of the heading's letters are set in: the title's, not its label's. */
function dominantSize(pieces: readonly Piece[], fallback: number): number {
  const letters = new Map<number, number>();
  for (const piece of pieces) {
    const count = piece.text.match(/\p{L}/gu)?.length ?? 0;
    letters.set(piece.size, (letters.get(piece.size) ?? 0) + count);
  }
  let best = fallback;
  let most = 0;
  for (const [size, count] of letters) {
    if (count > most) [best, most] = [size, count];
  }
  return best;
}
